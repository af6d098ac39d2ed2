import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chunkDocument } from "../ingest/chunk.js";
import { buildDocument } from "../ingest/document.js";
import { builtinQuestions } from "../questions/catalogue.js";
import { createMemoryRetriever } from "../retrieve/index.js";
import { cascadeQuestions, estimateForSettings, estimateRun, formatDryRun, loadDryRunInputs } from "./dry-run.js";
import { parseEngineSettings } from "./engine.js";

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

test("a cascade's dry run counts only the questions below τ, found by running the extractive engine", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-dry-cascade-"));
  try {
    const file = join(dir, "paper.txt");
    writeFileSync(file, TEXT);
    const questions = builtinQuestions();
    const llm = {
      models: ["openai:a", "openai:b"],
      mode: "k24" as const,
      prompt: "{context}\n\nQuestion: {question}",
      queryTemplate: 'Query: "{query}"',
      binaryPrompt: "Question: {Question}\nAnswer: {Answer}",
    };
    const estimate = (llmWhen: "always" | { uncertain: number }) =>
      estimateForSettings([file], parseEngineSettings({ llm, llmWhen }), { questions, chunking: "k24" });
    const all = await estimate("always");
    assert.equal(all.calls, questions.length * 2 * 2);
    assert.equal(all.cascade, undefined);
    const [sent] = await cascadeQuestions((await loadDryRunInputs([file], "k24")).inputs, questions, 0.8);
    const cascade = await estimate({ uncertain: 0.8 });
    assert.ok(sent && sent.length > 0 && sent.length < questions.length, `${sent?.length} sent`);
    assert.deepEqual(cascade.cascade, {
      threshold: 0.8,
      questions: questions.length,
      sent: sent.length,
      saved: questions.length - sent.length,
    });
    assert.equal(cascade.calls, sent.length * 2 * 2);
    assert.match(formatDryRun(cascade), new RegExp(`cascade \\(τ 0\\.8\\): +${sent.length} of 28 questions sent`));
    assert.equal((await estimate({ uncertain: 0 })).calls, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
