// The served summary is kept incrementally (reviews update it in place, the queue order is scanned, not
// re-sorted): after any sequence of reviews, answers and prunes it must equal a from-scratch read.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { mulberry32 } from "../../../test/fixtures/prng.js";
import { openStore, type Store, type StoredAnswer } from "../../store/index.js";
import { addReview } from "../../store/reviews.js";
import { pruneRuns } from "../../store/runs.js";
import type { YesNo } from "../../types.js";
import { type Corpus, loadCorpus, reviewQueue } from "./corpus.js";
import { renderOverview } from "./overview.js";
import { type CorpusReader, createCorpusReader } from "./reader.js";
import { REPORT_LINKS } from "./report.js";
import { heatIndex } from "./report-data.js";

const CQS = [1, 2, 3, 4, 5, 21];

function answers(random: () => number, engine: string, nonDl: boolean): StoredAnswer[] {
  return CQS.map((cq) => {
    const reported: YesNo = random() < 0.5 ? "yes" : "no";
    // Few distinct confidences: ties in the queue order, and many summary cells alike (shared).
    const a: StoredAnswer = {
      cq,
      reported,
      answer: reported === "yes" ? `found ${cq}` : "not stated",
      values: {},
      confidence: [0.5, 0.65, 0.9][Math.floor(random() * 3)],
      evidence: [],
      engine,
      question: `Question ${cq}?`,
    };
    if (nonDl && engine === "extractive") a.flags = ["non-dl-paper"];
    return a;
  });
}

function paperId(i: number): string {
  return i.toString(16).padStart(64, "0");
}

function fill(store: Store, random: () => number, from: number, to: number, runs: [string, string][]): void {
  for (let i = from; i < to; i++) {
    const id = paperId(i);
    const text = `paper ${i}`;
    // Equal titles on purpose: the queue breaks their ties by CQ, then store order.
    store.upsertDocument({
      id,
      path: `/p/${String(i).padStart(3, "0")}.txt`,
      title: `Paper ${i % 4}`,
      pageCount: 1,
      text,
      pages: [{ page: 1, start: 0, end: text.length }],
      sections: [],
    });
    for (const [runKey, engine] of runs) store.saveAnswers(id, runKey, answers(random, engine, i % 3 === 0));
  }
}

/** Everything the served views take from the summary, as comparable text. */
function views(summary: Corpus<never> | ReturnType<CorpusReader["summary"]>, queue: string[]): string {
  return JSON.stringify({
    overview: String(renderOverview(summary, REPORT_LINKS, [], { offset: 0, limit: 5, href: (n) => `/?p=${n}` })),
    heat: heatIndex(summary, 0, 100),
    queue,
  });
}

function readerViews(reader: CorpusReader): string {
  const q = reader.queue(0, 10_000);
  const queue = q.items.map(({ paper, cell }) => `${paper.id.slice(-3)}#${cell.cq}:${cell.label}:${cell.gold ? 1 : 0}`);
  return views(reader.summary(), [...queue, `open ${q.open} of ${q.total}`]);
}

function corpusViews(corpus: Corpus): string {
  const all = reviewQueue(corpus);
  const queue = all.map(({ paper, cell }) => `${paper.id.slice(-3)}#${cell.cq}:${cell.label}:${cell.gold ? 1 : 0}`);
  return views(corpus, [...queue, `open ${all.filter((x) => !x.cell.gold).length} of ${all.length}`]);
}

describe("incremental summary and queue (issue 15, item 6)", () => {
  test("after reviews, new answers and a prune, the kept summary equals a from-scratch read", () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-incremental-"));
    const path = join(dir, "store.db");
    const store = openStore(path);
    const other = openStore(path);
    try {
      const random = mulberry32(15);
      store.startRun({ id: "x", runKey: "x".repeat(64), engine: "extractive", settings: {}, questionSetHash: "q" });
      store.startRun({
        id: "l",
        runKey: "l".repeat(64),
        engine: "llm",
        settings: { model: "m" },
        questionSetHash: "q",
      });
      fill(store, random, 0, 14, [
        ["x".repeat(64), "extractive"],
        ["l".repeat(64), "llm"],
      ]);
      const reader = createCorpusReader(store);
      assert.equal(readerViews(reader), corpusViews(loadCorpus(store)));
      const check = (when: string) => {
        const kept = readerViews(reader);
        assert.equal(kept, readerViews(createCorpusReader(store)), `${when}: kept vs fresh reader`);
        assert.equal(kept, corpusViews(loadCorpus(store)), `${when}: kept vs loadCorpus`);
      };
      // Reviews through this connection: the reader is told (as the server does), never re-reads.
      for (let step = 0; step < 60; step++) {
        const documentId = paperId(Math.floor(random() * 14));
        const cq = CQS[Math.floor(random() * CQS.length)];
        const roll = random();
        const review =
          roll < 0.4
            ? addReview(store, { documentId, cq, action: "accept", reported: "yes", reviewer: "r" })
            : roll < 0.8
              ? addReview(store, {
                  documentId,
                  cq,
                  action: "correct",
                  reported: random() < 0.5 ? "yes" : "no",
                  reviewer: "r",
                })
              : addReview(store, { documentId, cq, action: "note", reported: null, note: "n", reviewer: "r" });
        reader.reviewed(review);
        if (step % 6 === 5) check(`after review ${step}`);
      }
      check("after the reviews");
      // Another connection adds papers and a newer llm run, then prunes the superseded one.
      other.startRun({
        id: "l2",
        runKey: "m".repeat(64),
        engine: "llm",
        settings: { model: "m" },
        questionSetHash: "q",
      });
      fill(other, random, 14, 18, [["x".repeat(64), "extractive"]]);
      check("after new answers");
      for (let i = 0; i < 18; i++) other.saveAnswers(paperId(i), "m".repeat(64), answers(random, "llm", false));
      check("after a new run");
      assert.ok(pruneRuns(other).answers > 0, "the old llm run is pruned");
      check("after the prune");
      const review = addReview(store, {
        documentId: paperId(16),
        cq: 2,
        action: "accept",
        reported: "no",
        reviewer: "r",
      });
      reader.reviewed(review);
      check("a review after the prune");
    } finally {
      other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("summary cells alike are one shared object; a review replaces, never mutates, its cell", () => {
    const store = openStore(":memory:");
    try {
      store.startRun({ id: "x", runKey: "x".repeat(64), engine: "extractive", settings: {}, questionSetHash: "q" });
      fill(store, () => 0.1, 0, 3, [["x".repeat(64), "extractive"]]);
      const reader = createCorpusReader(store);
      const [a, b] = reader.summary().papers;
      assert.equal(a.cells[0], b.cells[0], "the same vote outcome is one object");
      const before = { ...b.cells[0] };
      reader.reviewed(addReview(store, { documentId: a.id, cq: 1, action: "correct", reported: "no", reviewer: "r" }));
      assert.equal(a.cells[0].label, "no");
      assert.deepEqual({ ...b.cells[0] }, before, "the other paper's cell is unchanged");
    } finally {
      store.close();
    }
  });
});
