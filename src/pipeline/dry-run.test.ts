import assert from "node:assert/strict";
import { test } from "node:test";
import { chunkDocument } from "../ingest/chunk.js";
import { buildDocument } from "../ingest/document.js";
import { builtinQuestions } from "../questions/catalogue.js";
import { createMemoryRetriever } from "../retrieve/index.js";
import { estimateRun, formatDryRun } from "./dry-run.js";

const TEXT =
  "A study\n\n2. Methods\n\nWe trained a ResNet-50 with the Adam optimizer (learning rate 0.001, batch size 32) on an NVIDIA GPU. " +
  "Images came from camera traps and were split 80/20 into training and test sets. Accuracy and F1 were reported.";

function input(chunking: "sections" | "k24") {
  const document = buildDocument({ id: "d", path: "d.txt", pages: [TEXT] });
  const chunks = chunkDocument(document, chunking);
  return { document, chunks, retrieve: createMemoryRetriever(chunks) };
}

test("structured dry run: batches of non-gated questions, gated ones counted", async () => {
  const questions = builtinQuestions();
  const est = await estimateRun({
    documents: [input("sections")],
    questions,
    mode: "structured",
    batchSize: 7,
    models: 2,
  });
  const asked = questions.length - est.gated;
  assert.ok(est.gated > 0 && asked > 0);
  assert.equal(est.calls, Math.ceil(asked / 7) * 2);
  assert.ok(est.promptTokens > 0);
  assert.equal(est.perPaper[0]?.paper, "d.txt");
  assert.match(formatDryRun(est), /no model was called/);
});

test("k24 dry run: an answer call and a yes/no call per question", async () => {
  const questions = builtinQuestions().slice(0, 5);
  const est = await estimateRun({
    documents: [input("k24")],
    questions,
    mode: "k24",
    k24: {
      promptTemplate: "{context}\nQ: {question}",
      queryTemplate: "{query}",
      binary: { kind: "prompt", template: "{Question} {Answer}" },
    },
  });
  assert.equal(est.calls, 10);
  assert.equal(est.gated, 0);
  assert.equal(est.maxCompletionTokens, 10 * 1200);
});
