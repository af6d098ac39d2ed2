// The compact store (issue 15): questions stored once, quotes and chunk texts stored as offsets into
// the paper's text. Stores of the previous schema are written here with that schema's own statements.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { refreshChunkIndex, searchStore } from "../retrieve/search-store.js";
import type { Candidate, Chunk, Document, Evidence } from "../types.js";
import { COMPACT_SCHEMA_VERSION, MIGRATIONS, migrate, SCHEMA_VERSION } from "./migrations.js";
import { createReadQueries } from "./read-model.js";
import { listAllAnswers } from "./reviews.js";
import { openStore, type StoredAnswer } from "./store.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-compact-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const WORDS = ["We", "trained", "a", "convolutional", "network", "with", "Adam", "on", "ImageNet", "splits"];

/** A paper of `sentences` sentences; `astral` puts a character outside the BMP in its first sentence. */
function paper(n: number, sentences = 12, astral = false): Document {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const words = WORDS.map((w, j) => WORDS[(j * (n + 3) + i) % WORDS.length] ?? w).join(" ");
    parts.push(`${i === 0 && astral ? "𝑥 " : ""}${words} (paper ${n}, sentence ${i}).`);
  }
  const text = parts.join(" ");
  return {
    id: `doc${String(n).padStart(4, "0")}`,
    path: `/papers/${n}.txt`,
    title: `Paper ${n}`,
    pageCount: 1,
    text,
    pages: [{ page: 1, start: 0, end: text.length }],
    sections: [{ kind: "methods", heading: "Methods", start: 0, end: text.length }],
  };
}

/** Sentence spans of a paper made by {@link paper}. */
function spans(doc: Document): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const m of doc.text.matchAll(/\)\./g)) {
    out.push({ start, end: (m.index ?? 0) + 2 });
    start = (m.index ?? 0) + 3;
  }
  return out;
}

function chunksOf(doc: Document): Chunk[] {
  const s = spans(doc);
  const chunks: Chunk[] = [];
  for (let i = 0; i < s.length; i += 3) {
    const start = s[i]?.start ?? 0;
    const end = s[Math.min(i + 2, s.length - 1)]?.end ?? 0;
    chunks.push({ index: chunks.length, text: doc.text.slice(start, end), start, end, section: "methods", page: 1 });
  }
  // One chunk whose text is not its span (a cleaned k24 chunk, say): stored whole.
  chunks.push({ index: chunks.length, text: "Adam, cleaned.", start: 0, end: 5, section: "methods", page: 1 });
  return chunks;
}

/** 28 answers of a paper: yeses with evidence, noes with five candidates, and the odd shapes. */
function answersOf(doc: Document, cqs = 28): StoredAnswer[] {
  const s = spans(doc);
  const quote = (i: number): Evidence => {
    const span = s[i % s.length] ?? { start: 0, end: 1 };
    return { quote: doc.text.slice(span.start, span.end), page: 1, start: span.start, end: span.end };
  };
  return Array.from({ length: cqs }, (_, k): StoredAnswer => {
    const cq = k + 1;
    const question = `Is item ${cq} of the methodology reported in the paper, with its details and settings?`;
    const base = { cq, engine: "extractive", question, questionHash: cq === 28 ? undefined : `h${cq}`.repeat(16) };
    if (cq % 2 === 0) {
      const evidence: Evidence[] = [quote(cq)];
      if (cq === 2) evidence.push({ quote: "not in the text", page: 1, start: 0, end: 15 });
      if (cq === 4) evidence.push({ ...quote(cq + 1), section: "Methods" });
      return { ...base, reported: "yes", answer: `yes ${cq}`, values: { n: cq / 7 }, confidence: 0.9, evidence };
    }
    const candidates: Candidate[] = [0, 1, 2, 3, 4].map((i) => ({
      ...quote(cq + i),
      score: 1 / (i + 3),
      scale: i % 2 === 0 ? "probability" : "rule",
      reasons: i === 0 ? ["below-threshold"] : ["no-cue-match", "outside-methods"],
    }));
    if (cq === 3)
      candidates.push({ ...quote(1), quote: "a sentence elsewhere", score: 0.1, scale: "rule", reasons: [] });
    if (cq === 5) candidates[0] = { ...(candidates[0] as Candidate), section: "Results" };
    return {
      ...base,
      reported: "no",
      answer: "not reported",
      values: {},
      confidence: 0.2,
      evidence: [],
      candidates,
      ...(cq === 7 ? { flags: ["non-dl-paper"] } : {}),
    };
  });
}

// The previous schema's writes, as its statements were.
function writeOldStore(db: Database.Database, docs: Document[], runKey: string): void {
  migrate(db, "old", MIGRATIONS.slice(0, COMPACT_SCHEMA_VERSION - 1));
  const doc = db.prepare(`INSERT INTO documents (id, path, title, page_count, text, pages_json, sections_json, added_at)
    VALUES (@id, @path, @title, @pageCount, @text, @pages, @sections, '2026-01-01T00:00:00.000Z')`);
  const chunk = db.prepare(`INSERT INTO chunks (document_id, strategy, idx, text, start, "end", section, page)
    VALUES (?, 'sections', ?, ?, ?, ?, ?, ?)`);
  const answer = db.prepare(`INSERT INTO answers (document_id, run_key, cq, engine, reported, answer, values_json,
      confidence, evidence_json, flags_json, question, question_hash, created_at, candidates_json)
    VALUES (@document_id, @run_key, @cq, @engine, @reported, @answer, @values_json, @confidence, @evidence_json,
      @flags_json, @question, @question_hash, '2026-01-01T00:00:00.000Z', @candidates_json)`);
  db.transaction(() => {
    for (const d of docs) {
      doc.run({ ...d, pages: JSON.stringify(d.pages), sections: JSON.stringify(d.sections) });
      for (const c of chunksOf(d)) chunk.run(d.id, c.index, c.text, c.start, c.end, c.section, c.page);
      for (const a of answersOf(d)) {
        answer.run({
          document_id: d.id,
          run_key: runKey,
          cq: a.cq,
          engine: a.engine,
          reported: a.reported,
          answer: a.answer,
          values_json: JSON.stringify(a.values),
          confidence: a.confidence,
          evidence_json: JSON.stringify(a.evidence),
          flags_json: a.flags === undefined ? null : JSON.stringify(a.flags),
          question: a.question,
          question_hash: a.questionHash ?? null,
          candidates_json: a.candidates === undefined ? null : JSON.stringify(a.candidates),
        });
      }
    }
  })();
}

/** What a reader gets back: the answer in the store's key order, without the hash (not returned). */
function expected(a: StoredAnswer): StoredAnswer {
  const { cq, reported, answer, values, confidence, evidence, engine, question, flags, candidates } = a;
  return {
    cq,
    reported,
    answer,
    values,
    confidence,
    evidence,
    engine,
    question,
    ...(flags === undefined ? {} : { flags }),
    ...(candidates === undefined ? {} : { candidates }),
  };
}

function bytes(db: Database.Database): number {
  return db.prepare("SELECT sum(pgsize) FROM dbstat").pluck().get() as number;
}

describe("compact store", () => {
  test("a store of the previous schema migrates in place, every answer, quote and chunk identical", () => {
    const path = join(dir, "old.db");
    const docs = [paper(1), paper(2, 9, true)];
    const old = new Database(path);
    writeOldStore(old, docs, "run-a");
    old.close();

    const store = openStore(path);
    assert.equal(store.db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
    for (const d of docs) {
      // Byte-identical JSON: same values, same key order.
      assert.equal(JSON.stringify(store.getAnswers(d.id, "run-a")), JSON.stringify(answersOf(d).map(expected)));
      assert.deepEqual(store.getChunks(d.id, "sections"), chunksOf(d));
      assert.deepEqual(
        store.questionHashes(d.id, "run-a"),
        new Map(answersOf(d).map((a) => [a.cq, a.questionHash ?? null])),
      );
    }
    // Questions once; quotes that are slices stored as offsets; chunk texts that are slices not stored.
    assert.equal(store.db.prepare("SELECT count(*) FROM questions").pluck().get(), 28);
    const packed = store.db.prepare("SELECT candidates_json FROM answer_rows WHERE cq = 1").pluck().all() as string[];
    for (const json of packed) assert.ok(!json.includes("sentence"), json);
    assert.ok(
      (store.db.prepare("SELECT evidence_json FROM answer_rows WHERE cq = 2").pluck().get() as string).includes(
        "not in the text",
      ),
    );
    // Paper 2 has a character outside the BMP: SQLite's substr counts it as one, JavaScript as two, so
    // its chunks keep their text; paper 1's four span chunks store none (its odd one keeps its text).
    assert.equal(store.db.prepare("SELECT count(*) FROM chunk_rows WHERE text IS NULL").pluck().get(), 4);
    // The readers of the review server and the report give the same answers.
    const all = listAllAnswers(store).filter((a) => a.documentId === "doc0001");
    assert.equal(
      JSON.stringify(all.map(({ documentId: _, runKey: __, ...a }) => a)),
      JSON.stringify(answersOf(docs[0] as Document).map(expected)),
    );
    const cell = createReadQueries(store).paperAnswers("doc0002", 3)[0];
    assert.deepEqual(cell?.candidates, answersOf(docs[1] as Document)[2]?.candidates);
    // The full-text index built before the migration is still complete and searchable.
    refreshChunkIndex(store);
    store.db.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    assert.deepEqual(
      searchStore(store, ["ImageNet"], { k: 50 }).map((h) => h.text.includes("ImageNet")),
      new Array(searchStore(store, ["ImageNet"], { k: 50 }).length).fill(true),
    );
    store.close();
  });

  test("answers round-trip through the compact rows, also after the paper's text changes", () => {
    const store = openStore(":memory:");
    const doc = paper(3);
    store.upsertDocument(doc);
    store.saveChunks(doc.id, "sections", chunksOf(doc));
    store.saveAnswers(doc.id, "run-b", answersOf(doc));
    assert.equal(JSON.stringify(store.getAnswers(doc.id, "run-b")), JSON.stringify(answersOf(doc).map(expected)));
    assert.deepEqual(store.getChunks(doc.id, "sections"), chunksOf(doc));
    // Saving again reuses the question rows.
    store.saveAnswers(doc.id, "run-c", answersOf(doc));
    assert.equal(store.db.prepare("SELECT count(*) FROM questions").pluck().get(), 28);

    // A new reading of the same file: the stored quotes stay what they were, though no longer slices.
    store.upsertDocument({ ...doc, text: `Preface. ${doc.text}` });
    assert.equal(JSON.stringify(store.getAnswers(doc.id, "run-b")), JSON.stringify(answersOf(doc).map(expected)));
    store.close();
  });

  test("a synthetic store takes under 60% of the bytes the previous schema took", () => {
    const docs = Array.from({ length: 30 }, (_, i) => paper(i + 10, 40));
    const old = new Database(":memory:");
    writeOldStore(old, docs, "run-d");
    const store = openStore(":memory:");
    for (const d of docs) {
      store.transaction(() => {
        store.upsertDocument(d);
        store.saveChunks(d.id, "sections", chunksOf(d));
        store.saveAnswers(d.id, "run-d", answersOf(d));
      });
    }
    const ratio = bytes(store.db) / bytes(old);
    console.log(`# compact/old bytes: ${ratio.toFixed(3)} (${bytes(store.db)} / ${bytes(old)})`);
    assert.ok(ratio < 0.6, `ratio ${ratio}`);
    old.close();
    store.close();
  });
});
