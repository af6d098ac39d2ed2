import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { MethodscopeError } from "../errors.js";
import { refreshChunkIndex } from "../retrieve/search-store.js";
import type { Answer, Chunk, Document } from "../types.js";
import { MIGRATIONS, migrate, openStore, SCHEMA_VERSION, type StoredAnswer } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function makeDocument(id: string, text = "Methods. We trained a network.", path = `/papers/${id}.pdf`): Document {
  return {
    id,
    path,
    title: `Paper ${id}`,
    pageCount: 2,
    text,
    pages: [
      { page: 1, start: 0, end: 8 },
      { page: 2, start: 8, end: text.length },
    ],
    sections: [{ kind: "methods", heading: "Methods.", start: 0, end: text.length }],
  };
}

function makeChunks(texts: string[]): Chunk[] {
  let at = 0;
  return texts.map((text, index) => {
    const chunk: Chunk = { index, text, start: at, end: at + text.length, section: "methods", page: 1 };
    at += text.length + 1;
    return chunk;
  });
}

function makeAnswer(cq: number, overrides: Partial<StoredAnswer> = {}): StoredAnswer {
  return {
    cq,
    reported: "yes",
    answer: `answer ${cq}`,
    values: { learningRate: 0.1 + 0.2, tiny: 1e-7, big: 2 ** 53 - 1, negative: -2.5e-3, list: [1.5, 3] },
    confidence: 2 / 3,
    evidence: [{ quote: "learning rate of 0.001", page: 1, start: 10, end: 32 }],
    engine: "extractive",
    question: `Question ${cq}?`,
    ...overrides,
  };
}

function fixedClock(): () => Date {
  let t = Date.UTC(2024, 0, 1);
  return () => {
    t += 1000;
    return new Date(t);
  };
}

describe("openStore", () => {
  test("sets the schema version and the connection pragmas", () => {
    const store = openStore(join(dir, "pragmas.db"));
    try {
      assert.equal(store.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
      assert.equal(store.db.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(store.db.pragma("synchronous", { simple: true }), 1); // NORMAL
      assert.equal(store.db.pragma("foreign_keys", { simple: true }), 1);
      assert.equal(store.db.pragma("wal_autocheckpoint", { simple: true }), 10000);
      assert.ok((store.db.pragma("busy_timeout", { simple: true }) as number) > 0);
    } finally {
      store.close();
    }
  });

  test("keeps data across close and reopen of a file database", () => {
    const file = join(dir, "reopen.db");
    const first = openStore(file);
    first.upsertDocument(makeDocument("a"));
    first.saveChunks("a", "sections", makeChunks(["one", "two"]));
    first.saveAnswers("a", "rk", [makeAnswer(2), makeAnswer(1)]);
    first.close();
    first.close(); // closing twice is harmless

    const second = openStore(file);
    try {
      assert.deepEqual(second.getDocument("a"), makeDocument("a"));
      assert.deepEqual(second.getChunks("a", "sections"), makeChunks(["one", "two"]));
      assert.deepEqual(second.getAnswers("a", "rk"), [makeAnswer(1), makeAnswer(2)]);
    } finally {
      second.close();
    }
  });

  test("refuses a database written by a newer schema", () => {
    const file = join(dir, "newer.db");
    openStore(file).close();
    const raw = openStore(file);
    raw.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(
      () => openStore(file),
      (error: unknown) =>
        error instanceof MethodscopeError &&
        error.code === "store" &&
        error.message.includes(`schema version ${SCHEMA_VERSION + 1}`) &&
        error.message.includes("Upgrade methodscope"),
    );
  });

  test("refuses a file that is not a database with not-a-store, and leaves it as it is", () => {
    const file = join(dir, "garbage.db");
    const text = "this is not sqlite, just text that is long enough to have a header".repeat(20);
    writeFileSync(file, text);
    for (const readonly of [false, true]) {
      assert.throws(
        () => openStore(file, { readonly }),
        (error: unknown) => error instanceof MethodscopeError && error.code === "not-a-store",
      );
    }
    assert.equal(readFileSync(file, "utf8"), text);
  });

  test("refuses another program's SQLite database instead of migrating it", () => {
    const file = join(dir, "foreign.db");
    const raw = new Database(file);
    raw.exec("CREATE TABLE contacts (name TEXT)");
    raw.close();
    const before = readFileSync(file);
    for (const readonly of [false, true]) {
      assert.throws(
        () => openStore(file, { readonly }),
        (error: unknown) =>
          error instanceof MethodscopeError &&
          error.code === "not-a-store" &&
          /not a methodscope store/.test(error.message),
      );
    }
    assert.deepEqual(readFileSync(file), before);
  });

  test("a new store opened by several connections at once is migrated once", () => {
    const file = join(dir, "racing.db");
    const stores = [openStore(file), openStore(file), openStore(file)];
    for (const s of stores) assert.equal(s.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
    for (const s of stores) s.close();
  });

  test("runs each migration in its own transaction and stops at a failing one", () => {
    const store = openStore(":memory:");
    try {
      const steps = [
        ...Array.from({ length: SCHEMA_VERSION }, () => () => {}),
        (db: typeof store.db) => db.exec("CREATE TABLE extra (x INTEGER)"),
        (db: typeof store.db) => {
          db.exec("CREATE TABLE doomed (x INTEGER)");
          throw new Error("step fails");
        },
      ];
      assert.throws(() => migrate(store.db, "test", steps), /step fails/);
      assert.equal(store.db.pragma("user_version", { simple: true }), SCHEMA_VERSION + 1);
      const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      assert.ok(tables.includes("extra"));
      assert.ok(!tables.includes("doomed"));
    } finally {
      store.close();
    }
  });
});

describe("read-only open", () => {
  function storeWithPaper(name: string): string {
    const file = join(dir, name);
    const store = openStore(file);
    store.upsertDocument(makeDocument("a"));
    store.saveAnswers("a", "rk", [makeAnswer(1)]);
    store.close();
    return file;
  }

  const code = (expected: string, pattern?: RegExp) => (error: unknown) =>
    error instanceof MethodscopeError && error.code === expected && (pattern?.test(error.message) ?? true);

  test("reads a store and writes nothing to its file", () => {
    const file = storeWithPaper("ro.db");
    const before = { bytes: readFileSync(file), mtime: statSync(file).mtimeMs };
    const store = openStore(file, { readonly: true });
    try {
      assert.equal(store.readonly, true);
      assert.equal(store.getAnswers("a", "rk").length, 1);
      assert.equal(
        store.transaction(() => store.listDocuments().length),
        1,
      );
      assert.throws(() => store.upsertDocument(makeDocument("b")), code("store", /readonly/));
      assert.throws(() =>
        store.transaction(() => store.recordFailure({ path: "x", runKey: "rk", code: "x", message: "" })),
      );
    } finally {
      store.close();
    }
    assert.deepEqual(readFileSync(file), before.bytes);
    assert.equal(statSync(file).mtimeMs, before.mtime);
  });

  test("refuses a missing path, a folder, an empty file and an empty database, creating nothing", () => {
    assert.throws(() => openStore(join(dir, "absent.db"), { readonly: true }), code("not-found"));
    assert.equal(existsSync(join(dir, "absent.db")), false);
    assert.throws(() => openStore(dir, { readonly: true }), code("not-a-store", /folder/));
    const empty = join(dir, "zero.db");
    writeFileSync(empty, "");
    assert.throws(() => openStore(empty, { readonly: true }), code("not-a-store", /empty file/));
    assert.equal(statSync(empty).size, 0);
    assert.equal(existsSync(`${empty}-wal`), false);
    const blank = join(dir, "blank.db");
    new Database(blank).close();
    writeFileSync(blank, readFileSync(blank)); // an SQLite file with no tables (still 0 bytes here)
    assert.throws(() => openStore(blank, { readonly: true }), code("not-a-store"));
    assert.throws(() => openStore(":memory:", { readonly: true }), code("usage"));
  });

  test("a store of an old schema gets a message to upgrade it with a writing command", () => {
    const file = join(dir, "v1.db");
    const raw = new Database(file);
    migrate(raw, "v1", MIGRATIONS.slice(0, 1));
    raw.close();
    assert.throws(() => openStore(file, { readonly: true }), code("store", /older methodscope.*methodscope extract/));
    openStore(file).close(); // a writing open upgrades it…
    openStore(file, { readonly: true }).close(); // …and then it can be read
  });

  test("a store of a newer schema is refused read-only too", () => {
    const file = storeWithPaper("newer-ro.db");
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => openStore(file, { readonly: true }), code("store", /Upgrade methodscope/));
  });
});

describe("concurrent writers", () => {
  test("a transaction takes the write lock at its start, so another writer waits for it", () => {
    const file = join(dir, "immediate.db");
    const mine = openStore(file);
    const other = openStore(file, { busyTimeoutMs: 50 });
    try {
      mine.upsertDocument(makeDocument("x"));
      mine.transaction(() => {
        mine.getDocument("x"); // reads first: a deferred transaction would hold no write lock yet
        // The other connection (as another process would) must wait; in one thread it times out.
        assert.throws(
          () => other.upsertDocument(makeDocument("y")),
          (e: unknown) => {
            return e instanceof MethodscopeError && e.code === "store" && e.retryable;
          },
        );
        mine.upsertDocument(makeDocument("z")); // a deferred one would fail here: its snapshot is stale
      });
      assert.deepEqual(
        other.listDocuments().map((d) => d.id),
        ["x", "z"],
      );
      other.upsertDocument(makeDocument("y")); // and once it is committed, the other writer goes on
      assert.equal(mine.listDocuments().length, 3);
    } finally {
      mine.close();
      other.close();
    }
  });

  test("a transaction that cannot get the write lock is a retryable store error", () => {
    const file = join(dir, "busy.db");
    const mine = openStore(file);
    const other = openStore(file, { busyTimeoutMs: 50 });
    try {
      mine.transaction(() => {
        mine.upsertDocument(makeDocument("x"));
        assert.throws(
          () => other.transaction(() => other.listDocuments()),
          (e: unknown) =>
            e instanceof MethodscopeError && e.code === "store" && e.retryable && /locked/.test(e.message),
        );
      });
    } finally {
      mine.close();
      other.close();
    }
  });
});

describe("documents", () => {
  test("the same id twice is one document, with the latest path", () => {
    const store = openStore(":memory:", { now: fixedClock() });
    store.upsertDocument(makeDocument("h1", undefined, "/old/place.pdf"));
    store.upsertDocument(makeDocument("h2"));
    store.upsertDocument(makeDocument("h1", undefined, "/new/place.pdf"));
    assert.deepEqual(store.listDocuments(), [
      { id: "h1", path: "/new/place.pdf", title: "Paper h1", pageCount: 2 },
      { id: "h2", path: "/papers/h2.pdf", title: "Paper h2", pageCount: 2 },
    ]);
    assert.equal(store.getDocument("h1")?.path, "/new/place.pdf");
    assert.equal(store.getDocument("missing"), undefined);
    // The first time it was seen is kept.
    assert.equal(
      store.db.prepare("SELECT added_at FROM documents WHERE id = 'h1'").pluck().get(),
      "2024-01-01T00:00:01.000Z",
    );
    store.close();
  });

  test("re-saving a document keeps its chunks and answers unless its text changed", () => {
    const store = openStore(":memory:");
    store.upsertDocument(makeDocument("d"));
    store.saveChunks("d", "sections", makeChunks(["alpha"]));
    store.saveAnswers("d", "rk", [makeAnswer(1)]);
    store.upsertDocument(makeDocument("d", undefined, "/moved.pdf"));
    assert.ok(store.hasChunks("d", "sections"));
    assert.equal(store.getAnswers("d", "rk").length, 1);
    store.upsertDocument(makeDocument("d", "Different cleaned text."));
    assert.equal(store.hasChunks("d", "sections"), false);
    store.close();
  });
});

describe("chunks", () => {
  test("saveChunks replaces one document+strategy; the FTS index follows on refresh", () => {
    const store = openStore(":memory:");
    store.upsertDocument(makeDocument("d"));
    store.saveChunks("d", "sections", makeChunks(["dropout regularisation", "adam optimiser"]));
    store.saveChunks("d", "windows", makeChunks(["dropout windows"]));
    store.saveChunks("d", "sections", makeChunks(["batch size of 32"]));

    assert.deepEqual(store.getChunks("d", "sections"), makeChunks(["batch size of 32"]));
    assert.deepEqual(store.getChunks("d", "windows"), makeChunks(["dropout windows"]));
    assert.ok(store.hasChunks("d", "windows"));
    assert.equal(store.hasChunks("d", "other"), false);
    assert.deepEqual(store.getChunks("nope", "sections"), []);

    refreshChunkIndex(store); // the store-wide index is brought up to date on use (issue 15)
    const match = store.db.prepare(
      "SELECT c.strategy, c.text FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ?",
    );
    assert.deepEqual(match.all("dropout"), [{ strategy: "windows", text: "dropout windows" }]);
    assert.deepEqual(match.all("optimiser"), []);
    assert.deepEqual(match.all("batches"), [{ strategy: "sections", text: "batch size of 32" }]); // porter stemming
    store.db.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    store.close();
  });

  test("saving chunks of an unknown document is a store error", () => {
    const store = openStore(":memory:");
    assert.throws(
      () => store.saveChunks("ghost", "sections", makeChunks(["x"])),
      (error: unknown) =>
        error instanceof MethodscopeError && error.code === "store" && /not in the store/.test(error.message),
    );
    store.close();
  });
});

describe("answers", () => {
  test("upserts on (document, run key, cq) and returns them sorted by cq with exact numbers", () => {
    const store = openStore(":memory:");
    store.upsertDocument(makeDocument("d"));
    store.saveAnswers("d", "rk", [makeAnswer(3), makeAnswer(1, { flags: ["non-dl-paper"] })]);
    store.saveAnswers("d", "rk", [
      makeAnswer(3, { reported: "no", answer: "not reported", evidence: [] }),
      makeAnswer(2),
    ]);
    store.saveAnswers("d", "other", [makeAnswer(1)]);

    const got = store.getAnswers("d", "rk");
    assert.deepEqual(
      got.map((a) => a.cq),
      [1, 2, 3],
    );
    assert.deepEqual(got[0], makeAnswer(1, { flags: ["non-dl-paper"] }));
    assert.equal("flags" in got[1], false);
    assert.deepEqual(got[2], makeAnswer(3, { reported: "no", answer: "not reported", evidence: [] }));
    assert.equal(got[1].values.learningRate, 0.1 + 0.2);
    assert.equal(got[1].confidence, 2 / 3);
    assert.deepEqual(store.answeredCqs("d", "rk"), new Set([1, 2, 3]));
    assert.equal(store.db.prepare("SELECT count(*) FROM answers").pluck().get(), 4);

    store.deleteAnswers("d", "rk");
    assert.deepEqual(store.getAnswers("d", "rk"), []);
    assert.equal(store.answeredCqs("d", "other").size, 1);
    store.close();
  });

  test("a batch with one bad answer saves none of them", () => {
    const store = openStore(":memory:");
    store.upsertDocument(makeDocument("d"));
    const bad = makeAnswer(2, { reported: "maybe" as Answer["reported"] });
    assert.throws(() => store.saveAnswers("d", "rk", [makeAnswer(1), bad]), MethodscopeError);
    assert.deepEqual(store.getAnswers("d", "rk"), []);
    store.close();
  });

  test("store.transaction makes a paper's document, chunks and answers one unit", () => {
    const store = openStore(":memory:");
    assert.throws(() =>
      store.transaction(() => {
        store.upsertDocument(makeDocument("d"));
        store.saveChunks("d", "sections", makeChunks(["a"]));
        store.saveAnswers("d", "rk", [makeAnswer(1)]);
        throw new Error("engine crashed");
      }),
    );
    assert.deepEqual(store.listDocuments(), []);
    assert.equal(store.db.prepare("SELECT count(*) FROM chunks").pluck().get(), 0);
    assert.equal(
      store.transaction(() => 42),
      42,
    );
    store.close();
  });
});

describe("runs and failures", () => {
  test("startRun and finishRun record settings and manifest", () => {
    const store = openStore(":memory:", { now: fixedClock() });
    store.startRun({ id: "r1", runKey: "rk", engine: "extractive", settings: { k: 4 }, questionSetHash: "qh" });
    assert.deepEqual(store.getRun("r1"), {
      id: "r1",
      runKey: "rk",
      engine: "extractive",
      settings: { k: 4 },
      questionSetHash: "qh",
      startedAt: "2024-01-01T00:00:01.000Z",
    });
    store.finishRun("r1", { papers: 3, failed: 0 });
    const done = store.getRun("r1");
    assert.equal(done?.finishedAt, "2024-01-01T00:00:02.000Z");
    assert.deepEqual(done?.manifest, { papers: 3, failed: 0 });
    assert.throws(
      () => store.finishRun("r2", {}),
      (e: unknown) => e instanceof MethodscopeError && e.code === "store",
    );
    assert.throws(
      () => store.startRun({ id: "r1", runKey: "rk", engine: "x", settings: {}, questionSetHash: "qh" }),
      (e: unknown) => e instanceof MethodscopeError && e.code === "store",
    );
    store.close();
  });

  test("keeps only the latest failure per path and run key", () => {
    const store = openStore(":memory:", { now: fixedClock() });
    store.recordFailure({ path: "/a.pdf", runKey: "rk", code: "corrupt-pdf", message: "first" });
    store.recordFailure({ path: "/a.pdf", fileHash: "abc", runKey: "rk", code: "encrypted-pdf", message: "second" });
    store.recordFailure({ path: "/a.pdf", runKey: "rk2", code: "empty-file", message: "other run" });
    assert.deepEqual(store.listFailures("rk"), [
      {
        path: "/a.pdf",
        fileHash: "abc",
        runKey: "rk",
        code: "encrypted-pdf",
        message: "second",
        at: "2024-01-01T00:00:02.000Z",
      },
    ]);
    assert.equal(store.listFailures().length, 2);
    store.clearFailure("/a.pdf", "rk");
    assert.deepEqual(store.listFailures("rk"), []);
    assert.equal(store.listFailures().length, 1);
    store.close();
  });

  test("a stored paper clears its stale failures under its run key, by path and by file hash", () => {
    const store = openStore(":memory:", { now: fixedClock() });
    const fail = (path: string, fileHash: string | null, runKey: string) =>
      store.recordFailure({ path, fileHash, runKey, code: "timeout", message: "slow" });
    fail("/a.txt", "h", "rk");
    fail("/copy-of-a.txt", "h", "rk"); // the same paper under another path
    fail("/a.txt", "h", "other-engine"); // another run key keeps its failure
    fail("/b.txt", "other", "rk");
    // What extract does for a paper, in one transaction.
    store.transaction(() => {
      store.upsertDocument(makeDocument("h", undefined, "/a.txt"));
      store.saveAnswers("h", "rk", [makeAnswer(1)]);
      store.clearFailure("/a.txt", "rk");
    });
    const left = () => store.listFailures().map((f) => `${f.runKey} ${f.path}`);
    assert.deepEqual(left(), ["other-engine /a.txt", "rk /b.txt"]);
    // A reused paper (no new answers) clears by path, and by hash when it is given.
    fail("/a.txt", "h", "rk");
    fail("/again.txt", "h", "rk");
    store.clearFailure("/a.txt", "rk", "h");
    assert.deepEqual(left(), ["other-engine /a.txt", "rk /b.txt"]);
    store.close();
  });
});
