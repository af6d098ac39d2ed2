import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openStore } from "../store/index.js";
import type { Chunk, Document, Question, SectionKind } from "../types.js";
import { createBm25Retriever, createMemoryRetriever, searchStore } from "./index.js";

const PAPER: [SectionKind, string][] = [
  ["abstract", "We classify camera trap images of birds with a deep convolutional neural network."],
  ["methods", "The network was trained with the Adam optimizer at a learning rate of 0.001 for 50 epochs."],
  ["methods", "Images were split into training and test sets; we ran 5-fold cross-validation and report the F1-score."],
  ["methods", "Models were written in PyTorch with C++ extensions and trained on one NVIDIA V100 GPU."],
  ["results", "The learning curves show that the model converges; accuracy reached 92 percent."],
  ["discussion", "The rate of decline of bird species is a concern for conservation."],
  ["references", "Kingma and Ba. Adam: a method for stochastic optimization with an adaptive learning rate."],
];

function makeChunks(rows: [SectionKind, string][], firstIndex = 0): Chunk[] {
  let at = 0;
  return rows.map(([section, text], i) => {
    const chunk: Chunk = { index: firstIndex + i, text, start: at, end: at + text.length, section, page: 1 + (i >> 2) };
    at += text.length + 1;
    return chunk;
  });
}

function question(query: string[], text = ""): Question {
  return { cq: 1, label: "test", category: "test", text, query, dlSpecific: true };
}

const HYPERPARAMETERS = question(["learning rate", "Adam", "optimizer", "epochs"]);

describe("createMemoryRetriever", () => {
  const chunks = makeChunks(PAPER);
  const retrieve = createMemoryRetriever(chunks);

  test("ranks the chunk with the learning rate and Adam first for a hyperparameter query", () => {
    const hits = retrieve(HYPERPARAMETERS);
    assert.equal(hits[0].text, PAPER[1][1]);
    assert.deepEqual({ ...hits[0], score: 0 }, { ...chunks[1], score: 0 });
    assert.ok(hits.length <= 4);
    for (const hit of hits) assert.ok(hit.score > 0, "scores are positive");
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score, "best first");
  });

  test("leaves the references out by default and honours section filters", () => {
    assert.ok(retrieve(HYPERPARAMETERS, { k: 10 }).every((h) => h.section !== "references"));
    assert.ok(retrieve(HYPERPARAMETERS, { k: 10, excludeSections: [] }).some((h) => h.section === "references"));

    const methods = retrieve(question(["learning", "network", "GPU", "F1-score"]), {
      k: 10,
      onlySections: ["methods"],
    });
    assert.ok(methods.length >= 2);
    assert.ok(methods.every((h) => h.section === "methods"));

    const refs = retrieve(HYPERPARAMETERS, { onlySections: ["references"] });
    assert.deepEqual(
      refs.map((h) => h.section),
      ["references"],
    );
    assert.deepEqual(retrieve(HYPERPARAMETERS, { onlySections: ["references"], excludeSections: ["references"] }), []);
    assert.ok(
      retrieve(question(["learning"]), { k: 10, excludeSections: ["references", "results"] }).every(
        (h) => h.section !== "results",
      ),
    );
  });

  test("k limits the number of chunks", () => {
    assert.equal(retrieve(HYPERPARAMETERS, { k: 1 }).length, 1);
    assert.deepEqual(retrieve(HYPERPARAMETERS, { k: 0 }), []);
    assert.equal(retrieve(question(["learning", "rate", "network", "bird", "images"])).length, 4);
  });

  test("terms with FTS5 syntax characters are plain text and never throw", () => {
    const awkward = ['"quoted" term', '"', "NEAR(a b)", "AND", "OR NOT", "col:val", "*", "^start", "a\u0000b", "(x"];
    for (const term of awkward) assert.doesNotThrow(() => retrieve(question([term])), term);
    assert.equal(retrieve(question(["C++"]), { onlySections: ["methods"] })[0].text, PAPER[3][1]);
    assert.equal(retrieve(question(["k-fold", "5-fold"]))[0].text, PAPER[2][1]);
    assert.equal(retrieve(question(["F1-score"]))[0].text, PAPER[2][1]);
    assert.equal(retrieve(question(['the "Adam" optimizer']))[0].text, PAPER[1][1]);
  });

  test("a question with nothing to search for, or no matching chunk, gets []", () => {
    assert.deepEqual(retrieve(question([])), []);
    assert.deepEqual(retrieve(question(["", "  ", "++", '"'], "What is it?")), []);
    assert.deepEqual(retrieve(question(["transformer", "LSTM"])), []);
    assert.deepEqual(createMemoryRetriever([])(HYPERPARAMETERS), []);
  });

  test("falls back to the content words of the question text", () => {
    const hits = retrieve(question([], "Which optimizer and learning rate were used?"));
    assert.equal(hits[0].text, PAPER[1][1]);
  });

  test("identical chunks tie in document order", () => {
    const twins = makeChunks([
      ["methods", "dropout of 0.5"],
      ["methods", "dropout of 0.5"],
      ["methods", "nothing here"],
    ]);
    const hits = createMemoryRetriever(twins)(question(["dropout"]));
    assert.deepEqual(
      hits.map((h) => h.index),
      [0, 1],
    );
  });

  test("is not pathological on 1000 chunks and 28 questions", () => {
    const words =
      "network layer dropout epoch batch optimizer adam learning rate data split test train gpu model".split(" ");
    const big: [SectionKind, string][] = Array.from({ length: 1000 }, (_, i) => [
      i % 10 === 9 ? "references" : "methods",
      Array.from({ length: 60 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(" ") + ` item${i}`,
    ]);
    const started = performance.now();
    const bigRetrieve = createMemoryRetriever(makeChunks(big));
    let found = 0;
    for (let cq = 0; cq < 28; cq++) {
      found += bigRetrieve(question([words[cq % words.length], `item${cq * 30}`, "learning rate"])).length;
    }
    assert.equal(found, 28 * 4);
    // Takes well under a second; the bound only catches something pathological (e.g. a rebuild per query).
    assert.ok(performance.now() - started < 10_000);
  });
});

describe("createBm25Retriever", () => {
  function makeDocument(id: string): Document {
    return { id, path: `/${id}.pdf`, title: id, pageCount: 1, text: "", pages: [], sections: [] };
  }

  test("ranks one paper's chunks from the store exactly as the memory retriever does", () => {
    const store = openStore(":memory:");
    const chunks = makeChunks(PAPER);
    store.upsertDocument(makeDocument("paper"));
    store.saveChunks("paper", "sections", chunks);
    const retrieve = createBm25Retriever(store, "paper", "sections");
    const before = retrieve(HYPERPARAMETERS, { k: 10 });

    // Other papers full of the same words must not change this paper's ranking or scores.
    store.upsertDocument(makeDocument("other"));
    store.saveChunks("other", "sections", makeChunks(Array(50).fill(["methods", "Adam optimizer learning rate"])));
    store.saveChunks("paper", "windows", makeChunks([["methods", "learning rate windows"]]));
    const fresh = createBm25Retriever(store, "paper", "sections");
    const memory = createMemoryRetriever(chunks);
    for (const q of [HYPERPARAMETERS, question(["C++", "GPU"]), question([], "How was the data split?")]) {
      assert.deepEqual(fresh(q, { k: 10 }), memory(q, { k: 10 }));
    }
    assert.deepEqual(fresh(HYPERPARAMETERS, { k: 10 }), before);
    assert.deepEqual(createBm25Retriever(store, "missing", "sections")(HYPERPARAMETERS), []);
    store.close();
  });
});

describe("searchStore", () => {
  test("searches every paper's chunks with store-wide statistics", () => {
    const store = openStore(":memory:");
    for (const id of ["a", "b"]) {
      store.upsertDocument({ id, path: `/${id}.pdf`, title: id, pageCount: 1, text: "", pages: [], sections: [] });
    }
    store.saveChunks("a", "sections", makeChunks(PAPER));
    store.saveChunks(
      "b",
      "sections",
      makeChunks([["methods", "A random forest with 500 trees and the Adam optimizer."]]),
    );
    store.saveChunks("b", "windows", makeChunks([["methods", "random forest windows"]]));

    const hits = searchStore(store, ["random forest"], { strategy: "sections" });
    assert.deepEqual(
      hits.map((h) => [h.documentId, h.strategy, h.index]),
      [["b", "sections", 0]],
    );
    assert.ok(hits[0].score > 0);
    assert.equal(searchStore(store, ["random forest"]).length, 2);
    const adam = searchStore(store, ["Adam"]);
    assert.deepEqual(adam.map((h) => h.documentId).sort(), ["a", "b"]);
    assert.ok(adam.every((h) => h.section !== "references"));
    assert.equal(searchStore(store, ["Adam"], { excludeSections: [] }).length, 3);
    assert.deepEqual(searchStore(store, ['"']), []);
    store.close();
  });
});
