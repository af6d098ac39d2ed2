import assert from "node:assert/strict";
import { test } from "node:test";
import { createWordEmbedder } from "../../test/fixtures/word-embedder.js";
import { openStore } from "../store/index.js";
import type { Chunk, Question, SectionKind } from "../types.js";
import { createDenseRetriever, denseQueryText, prepareDenseRetriever } from "./dense.js";

const chunk = (index: number, text: string, section: SectionKind = "methods"): Chunk => ({
  index,
  text,
  start: index * 100,
  end: index * 100 + text.length,
  section,
  page: 1,
});
const chunks = [
  chunk(0, "Forest birds were recorded at dawn", "introduction"),
  chunk(1, "We trained the network with the Adam optimizer and a learning rate of 0.001"),
  chunk(2, "The dataset was split into training and test images"),
  chunk(3, "Smith J. Adam optimizer learning rate schedules. Journal of things.", "references"),
];
const question = (cq: number, text: string, query: string[] = []): Question => ({
  cq,
  label: `q${cq}`,
  category: "c",
  text,
  query,
  dlSpecific: true,
});
const optimizer = question(1, "Which optimizer and learning rate", ["adam"]);
const split = question(2, "How was the dataset split into training and test", []);

test("ranks chunks by similarity to the question, references left out by default", async () => {
  const store = openStore(":memory:");
  try {
    const embedder = createWordEmbedder();
    const retrieve = await prepareDenseRetriever({ db: store.db, embedder, chunks, questions: [optimizer, split] });
    const top = retrieve(optimizer, { k: 2 });
    assert.equal(top[0].index, 1);
    assert.ok(top.every((c) => c.section !== "references"));
    assert.ok(top[0].score > top[1].score && top[0].score <= 1.000001);
    assert.equal(retrieve(split, { k: 1 })[0].index, 2);
    assert.equal(retrieve(optimizer, { k: 4, onlySections: ["references"] })[0].index, 3);
    assert.equal(retrieve(optimizer).length, 3); // k defaults to 4; one chunk is a reference
    assert.deepEqual(retrieve(optimizer, { k: 0 }), []);
    // Retrieval itself is synchronous and returns whole chunks.
    assert.equal(top[0].text, chunks[1].text);
  } finally {
    store.close();
  }
});

test("vectors are cached in the store: a second paper run embeds nothing again", async () => {
  const store = openStore(":memory:");
  try {
    const embedder = createWordEmbedder();
    await prepareDenseRetriever({ db: store.db, embedder, chunks, questions: [optimizer] });
    assert.equal(embedder.calls.flat().length, 5); // 4 chunks + 1 question
    await prepareDenseRetriever({ db: store.db, embedder, chunks, questions: [optimizer, split] });
    assert.deepEqual(embedder.calls.slice(1), [[denseQueryText(split)]]);
  } finally {
    store.close();
  }
});

test("a question that was not prepared is refused rather than answered from nothing", async () => {
  const store = openStore(":memory:");
  try {
    const retrieve = await prepareDenseRetriever({
      db: store.db,
      embedder: createWordEmbedder(),
      chunks,
      questions: [optimizer],
    });
    assert.throws(() => retrieve(split), /not prepared for CQ2/);
    assert.throws(() => retrieve({ ...optimizer, text: "changed wording" }), /not prepared for CQ1/);
  } finally {
    store.close();
  }
});

test("minSimilarity drops weak matches, and an empty paper gives nothing", async () => {
  const store = openStore(":memory:");
  try {
    const embedder = createWordEmbedder();
    const strict = await prepareDenseRetriever({
      db: store.db,
      embedder,
      chunks,
      questions: [split],
      minSimilarity: 0.5,
    });
    assert.deepEqual(
      strict(split, { k: 4 }).map((c) => c.index),
      [2],
    );
    const empty = await prepareDenseRetriever({ db: store.db, embedder, chunks: [], questions: [split] });
    assert.deepEqual(empty(split), []);
  } finally {
    store.close();
  }
});

test("createDenseRetriever reads a stored paper's chunks", async () => {
  const store = openStore(":memory:");
  try {
    store.upsertDocument({
      id: "d1",
      path: "p.txt",
      title: "t",
      pageCount: 1,
      text: "x",
      pages: [{ page: 1, start: 0, end: 1 }],
      sections: [],
    });
    store.saveChunks("d1", "sections", chunks);
    const dense = createDenseRetriever({
      store,
      documentId: "d1",
      strategy: "sections",
      embedder: createWordEmbedder(),
    });
    const retrieve = await dense.prepare([optimizer]);
    assert.equal(retrieve(optimizer, { k: 1 })[0].index, 1);
  } finally {
    store.close();
  }
});
