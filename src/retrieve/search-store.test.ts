import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { MIGRATIONS, migrate, openStore, SCHEMA_VERSION, type Store } from "../store/index.js";
import type { Chunk } from "../types.js";
import { refreshChunkIndex, searchStore } from "./search-store.js";

function addPaper(store: Store, id: string, texts: string[], strategy = "sections"): void {
  store.upsertDocument({
    id,
    path: `/${id}.pdf`,
    title: id,
    pageCount: 1,
    text: texts.join(" "),
    pages: [],
    sections: [],
  });
  store.saveChunks(id, strategy, chunks(texts));
}

function chunks(texts: string[]): Chunk[] {
  let at = 0;
  return texts.map((text, index) => {
    const chunk: Chunk = { index, text, start: at, end: at + text.length, section: "methods", page: 1 };
    at += text.length + 1;
    return chunk;
  });
}

const papersFor = (store: Store, term: string) =>
  searchStore(store, [term])
    .map((h) => h.documentId)
    .sort();

const indexed = (store: Store) => (store.db.prepare("SELECT count(*) AS n FROM chunks_fts").get() as { n: number }).n;

describe("searchStore: the store-wide index is built on use", () => {
  test("writing chunks does not index them; the first search does", () => {
    const store = openStore(":memory:");
    addPaper(store, "a", ["A random forest with 500 trees.", "Trained with the Adam optimizer."]);
    // The FTS5 table of an external-content index counts its content table's rows; its index is
    // what a MATCH reads, and that is empty until the refresh.
    assert.equal(
      (store.db.prepare("SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH 'adam'").get() as { n: number }).n,
      0,
    );
    assert.deepEqual(papersFor(store, "Adam"), ["a"]);
    assert.deepEqual(refreshChunkIndex(store), { added: 0, rebuilt: false });
    store.close();
  });

  test("finds the chunks of papers added after the last search", () => {
    const store = openStore(":memory:");
    addPaper(store, "a", ["Trained with the Adam optimizer."]);
    assert.deepEqual(papersFor(store, "Adam"), ["a"]);
    addPaper(store, "b", ["We used Adam with a learning rate of 0.001."]);
    addPaper(store, "c", ["A convolutional network in PyTorch."]);
    assert.deepEqual(papersFor(store, "Adam"), ["a", "b"]);
    assert.deepEqual(papersFor(store, "PyTorch"), ["c"]);
    assert.equal(indexed(store), 3);
    store.close();
  });

  test("does not return chunks that were replaced or whose paper was deleted", () => {
    const store = openStore(":memory:");
    addPaper(store, "a", ["Trained with the Adam optimizer."]);
    addPaper(store, "b", ["We used Adam and dropout."]);
    assert.deepEqual(papersFor(store, "Adam"), ["a", "b"]);
    // Re-chunking replaces a paper's chunks; deleting a paper cascades to its chunks.
    store.saveChunks("a", "sections", chunks(["Plain stochastic gradient descent."]));
    store.db.prepare("DELETE FROM documents WHERE id = ?").run("b");
    assert.deepEqual(papersFor(store, "Adam"), []);
    assert.deepEqual(papersFor(store, "stochastic"), ["a"]);
    assert.equal(indexed(store), 1);
    store.db.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    // A paper added after the rebuild is indexed incrementally again.
    addPaper(store, "d", ["Adam again."]);
    assert.deepEqual(refreshChunkIndex(store), { added: 1, rebuilt: false });
    assert.deepEqual(papersFor(store, "Adam"), ["d"]);
    store.close();
  });

  test("a read-only store is searched as it was last indexed", () => {
    const dir = mkdtempSync(join(tmpdir(), "ms-fts-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "s.db");
    const writer = openStore(path);
    addPaper(writer, "a", ["Trained with the Adam optimizer."]);
    assert.deepEqual(papersFor(writer, "Adam"), ["a"]);
    addPaper(writer, "b", ["Adam again."]);
    writer.close();
    const reader = openStore(path, { readonly: true });
    assert.deepEqual(papersFor(reader, "Adam"), ["a"]);
    reader.close();
  });
});

describe("migration of a store whose index was kept by triggers", () => {
  test("the existing index counts as complete: nothing is re-indexed, new chunks are", () => {
    const dir = mkdtempSync(join(tmpdir(), "ms-fts-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "old.db");
    // The step that introduced chunks_fts_state: the first one after which the table exists.
    const probe = new Database(":memory:");
    let step = 0;
    while (step < SCHEMA_VERSION && !hasTable(probe, "chunks_fts_state"))
      migrate(probe, "probe", MIGRATIONS.slice(0, ++step));
    probe.close();
    assert.ok(step > 0 && step <= SCHEMA_VERSION);
    const old = new Database(path);
    migrate(old, "old", MIGRATIONS.slice(0, step - 1));
    old
      .prepare(
        "INSERT INTO documents (id, path, title, page_count, text, pages_json, sections_json, added_at) VALUES ('a', '/a.pdf', 'a', 1, '', '[]', '[]', '2026-01-01')",
      )
      .run();
    old
      .prepare(
        `INSERT INTO chunks (document_id, strategy, idx, text, start, "end", section, page) VALUES ('a', 'sections', 0, 'Adam optimizer', 0, 14, 'methods', 1)`,
      )
      .run();
    old.close();
    const store = openStore(path);
    assert.equal(indexed(store), 1);
    assert.deepEqual(refreshChunkIndex(store), { added: 0, rebuilt: false });
    assert.deepEqual(papersFor(store, "Adam"), ["a"]);
    addPaper(store, "b", ["Adam again."]);
    assert.deepEqual(papersFor(store, "Adam"), ["a", "b"]);
    store.close();
  });
});

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(name) !== undefined;
}
