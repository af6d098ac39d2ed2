import assert from "node:assert/strict";
import { test } from "node:test";
import { createWordEmbedder } from "../../test/fixtures/word-embedder.js";
import { openStore } from "../store/index.js";
import type { Chunk, Document, Question, ScoredChunk } from "../types.js";
import type { Retriever } from "./bm25.js";
import { createHybridRetriever, createRetrieverFactory, fuseRankings } from "./hybrid.js";

const chunk = (index: number, text = `chunk ${index}`): Chunk => ({
  index,
  text,
  start: index,
  end: index + 1,
  section: "methods",
  page: 1,
});
const scored = (...indexes: number[]): ScoredChunk[] => indexes.map((i) => ({ ...chunk(i), score: 99 }));
const question: Question = {
  cq: 1,
  label: "q",
  category: "c",
  text: "which optimizer",
  query: ["adam"],
  dlSpecific: true,
};

test("reciprocal rank fusion adds 1/(k + rank) over the lists", () => {
  const fused = fuseRankings([scored(1, 2, 3), scored(3, 1)], 60);
  assert.deepEqual(
    fused.map((c) => c.index),
    [1, 3, 2],
  );
  assert.ok(Math.abs(fused[0].score - (1 / 61 + 1 / 62)) < 1e-12);
  assert.ok(Math.abs(fused[1].score - (1 / 63 + 1 / 61)) < 1e-12);
  assert.ok(Math.abs(fused[2].score - 1 / 62) < 1e-12);
  // Equal scores keep document order.
  assert.deepEqual(
    fuseRankings([scored(5), scored(4)]).map((c) => c.index),
    [4, 5],
  );
});

test("the hybrid retriever asks both retrievers deeper, with the same filters, and keeps k", () => {
  const seen: unknown[] = [];
  const fake =
    (order: number[]): Retriever =>
    (_q, options) => {
      seen.push(options);
      return scored(...order).slice(0, options?.k);
    };
  const retrieve = createHybridRetriever(fake([1, 2, 3, 4]), fake([4, 3, 9]), { rrfK: 1 });
  const top = retrieve(question, { k: 2, onlySections: ["methods"] });
  // 4: 1/5 + 1/2, 3: 1/4 + 1/3, then 1: 1/2 alone.
  assert.deepEqual(
    top.map((c) => c.index),
    [4, 3],
  );
  assert.deepEqual(seen, [
    { k: 50, onlySections: ["methods"] },
    { k: 50, onlySections: ["methods"] },
  ]);
  assert.deepEqual(retrieve(question, { k: 0 }), []);
});

test("the factory gives bm25, dense and hybrid retrievers with settings for the run key", async () => {
  const store = openStore(":memory:");
  try {
    const chunks = [
      chunk(0, "Birds sing at dawn in the forest"),
      chunk(1, "We used the Adam optimizer"),
      chunk(2, "Which model was used"),
    ];
    const input = { db: store.db, document: { id: "d" } as Document, chunks };
    const bm25 = createRetrieverFactory({ mode: "bm25" });
    assert.deepEqual(bm25.settings, { retrieval: "bm25" });
    assert.deepEqual(
      (await bm25.forPaper(input, [question]))(question).map((c) => c.index),
      [1],
    );
    const embedder = createWordEmbedder();
    const dense = createRetrieverFactory({ mode: "dense", embedder });
    assert.deepEqual(dense.settings, { retrieval: "dense", embedder: "test:words" });
    assert.equal((await dense.forPaper(input, [question]))(question).length, 3);
    const hybrid = createRetrieverFactory({ mode: "hybrid", embedder });
    assert.deepEqual(hybrid.settings, { retrieval: "hybrid", embedder: "test:words", rrfK: 60 });
    const fused = (await hybrid.forPaper(input, [question]))(question, { k: 2 });
    assert.equal(fused[0].index, 1);
    assert.throws(() => createRetrieverFactory({ mode: "dense" }), /needs an embedder/);
  } finally {
    store.close();
  }
});
