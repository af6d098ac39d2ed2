import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { onePageDocument } from "../../test/fixtures/documents.js";
import type { Document, YesNo } from "../types.js";
import { MIGRATIONS, migrate, openStore, type Store, type StoredAnswer } from "./index.js";
import { type AnswerVote, createReadQueries } from "./read-model.js";
import { pruneRuns } from "./runs.js";
import { eachPaperVotes, refreshVotePacks } from "./vote-packs.js";

const RUN_A = "a".repeat(64);
const RUN_B = "b".repeat(64);
/** Doubles whose shortest text SQLite does not write back exactly, and some that it does. */
const CONFIDENCES = [0.1 + 0.2, 1 / 3, 2 / 3, 0.94, 1, 0, 5e-324, 1e-300, 0.1234567890123456, 0.5];

function doc(i: number): Document {
  const text = `Paper ${i}. We trained a network.`;
  return onePageDocument({ id: `${i}`.padStart(64, "0"), path: `/p/${i}.txt`, title: `Paper ${i}`, text });
}

function answer(
  cq: number,
  reported: YesNo,
  confidence: number,
  engine = "extractive",
  flags?: string[],
): StoredAnswer {
  return {
    cq,
    reported,
    answer: reported === "yes" ? "stated" : "not stated",
    values: {},
    confidence,
    evidence: [],
    engine,
    question: `Question ${cq}?`,
    ...(flags ? { flags } : {}),
  };
}

/** Every paper's votes as the packs give them. */
function fromPacks(store: Store, keep?: (runKey: string) => boolean): Map<string, AnswerVote[]> {
  const out = new Map<string, AnswerVote[]>();
  eachPaperVotes(store.db, (id, votes) => out.set(id, votes), keep);
  return out;
}

/** Every paper's votes read row by row from the answers (the reference). */
function fromRows(store: Store, keep: (runKey: string) => boolean = () => true): Map<string, AnswerVote[]> {
  const out = new Map<string, AnswerVote[]>();
  createReadQueries(store).eachAnswerVote((vote) => {
    if (!keep(vote.runKey)) return;
    const list = out.get(vote.documentId) ?? [];
    list.push(vote);
    out.set(vote.documentId, list);
  });
  return out;
}

function assertPacksMatchRows(store: Store, keep?: (runKey: string) => boolean): void {
  const packs = fromPacks(store, keep);
  const rows = fromRows(store, keep);
  assert.deepEqual([...packs.keys()], [...rows.keys()], "papers in id order");
  assert.deepEqual(packs, rows);
}

function staleCount(store: Store): number {
  return store.db.prepare("SELECT count(*) FROM vote_packs_stale").pluck().get() as number;
}

/** A store of three papers answered by two runs (one an LLM with a second engine name on one answer). */
function filledStore(): Store {
  const store = openStore(":memory:");
  store.startRun({ id: "r-a", runKey: RUN_A, engine: "extractive", settings: {}, questionSetHash: "q" });
  store.startRun({ id: "r-b", runKey: RUN_B, engine: "llm", settings: { model: "m" }, questionSetHash: "q" });
  for (let i = 0; i < 3; i++) {
    store.upsertDocument(doc(i));
    store.saveAnswers(
      doc(i).id,
      RUN_A,
      CONFIDENCES.map((c, k) =>
        answer(k + 1, k % 3 === 0 ? "no" : "yes", c, "extractive", k === 2 ? ["non-dl-paper"] : undefined),
      ),
    );
    if (i < 2)
      store.saveAnswers(
        doc(i).id,
        RUN_B,
        [1, 2, 3, 12].map((cq) =>
          answer(cq, cq % 2 === 0 ? "yes" : "no", 0.7, cq === 12 ? "llm\x1e:\x1fodd\u00e9" : "llm"),
        ),
      );
  }
  return store;
}

describe("vote packs", () => {
  test("give exactly the votes of the answers: doubles, engines, flags, order by paper, CQ and run key", () => {
    const store = filledStore();
    assert.equal(staleCount(store), 0, "saveAnswers packs what it wrote");
    assertPacksMatchRows(store);
    assertPacksMatchRows(store, (runKey) => runKey === RUN_B);
    const votes = fromPacks(store).get(doc(0).id) ?? [];
    assert.deepEqual(
      votes.filter((v) => v.runKey === RUN_A).map((v) => v.confidence),
      CONFIDENCES,
    );
    assert.equal(votes.find((v) => v.cq === 12 && v.runKey === RUN_B)?.engine, "llm\x1e:\x1fodd\u00e9");
    store.close();
  });

  test("follow re-answers, deletions and pruned runs; a stale pair is read from its answers until repacked", () => {
    const store = filledStore();
    // A re-answer of some CQs (an upsert) changes labels and confidences in place.
    store.saveAnswers(doc(1).id, RUN_A, [answer(2, "no", 0.25), answer(40, "yes", 0.5, "extractive", ["x"])]);
    assertPacksMatchRows(store);
    // Writes that bypass saveAnswers: the triggers mark the pairs stale, and reads stay exact.
    store.db.prepare("UPDATE answer_rows SET reported = 'no', confidence = 0.1 WHERE cq = 1").run();
    store.db.prepare("DELETE FROM answer_rows WHERE document_id = ? AND cq = 3").run(doc(0).id);
    store.deleteAnswers(doc(2).id, RUN_A);
    assert.ok(staleCount(store) > 0);
    assertPacksMatchRows(store);
    assert.equal(fromPacks(store).has(doc(2).id), false, "a paper without answers has no votes");
    // Repacked: nothing stale, the same votes.
    assert.ok(refreshVotePacks(store.db) > 0);
    assert.equal(staleCount(store), 0);
    assertPacksMatchRows(store);
    // A pruned run and a deleted paper leave no pack behind once repacked.
    store.startRun({ id: "r-b2", runKey: "c".repeat(64), engine: "llm", settings: {}, questionSetHash: "q" });
    store.saveAnswers(doc(0).id, "c".repeat(64), [answer(1, "yes", 0.9, "llm")]);
    pruneRuns(store);
    store.db.prepare("DELETE FROM documents WHERE id = ?").run(doc(1).id);
    assertPacksMatchRows(store);
    refreshVotePacks(store.db);
    assertPacksMatchRows(store);
    const packed = store.db.prepare("SELECT document_id, run_key FROM vote_packs ORDER BY 1, 2").raw(true).all();
    assert.deepEqual(packed, [
      [doc(0).id, RUN_A],
      [doc(0).id, "c".repeat(64)],
    ]);
    store.close();
  });

  test("a store of the previous schema gets every pack when it is migrated", () => {
    const db = new Database(":memory:");
    migrate(db, "old", MIGRATIONS.slice(0, MIGRATIONS.length - 1));
    db.prepare(`INSERT INTO documents (id, path, title, page_count, text, pages_json, sections_json, added_at)
      VALUES (?, '/p.txt', 'P', 1, 'text', '[]', '[]', '2026-01-01T00:00:00.000Z')`).run(doc(0).id);
    db.prepare("INSERT INTO questions (id, cq, text, hash) VALUES (1, 1, 'Q?', '')").run();
    const insert = db.prepare(`INSERT INTO answer_rows (document_id, cq, run_key, engine, reported, answer, values_json,
        confidence, evidence_json, flags_json, question_id, created_at)
      VALUES (?, ?, ?, ?, ?, '', '{}', ?, '[]', ?, 1, '2026-01-01T00:00:00.000Z')`);
    CONFIDENCES.forEach((c, k) => {
      insert.run(doc(0).id, k + 1, RUN_A, "extractive", "yes", c, k === 0 ? '["non-dl-paper"]' : null);
      insert.run(doc(0).id, k + 1, RUN_B, "orphan engine", "no", 1 - c, null);
    });
    migrate(db, "old");
    const store = { db } as unknown as Store;
    assert.equal(staleCount(store), 0);
    assertPacksMatchRows(store);
    db.close();
  });
});
