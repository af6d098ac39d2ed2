import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { builtinQuestions } from "../questions/catalogue.js";
import type { Engine, Question } from "../types.js";
import { benchThreads, runReportedBench } from "./bench.js";
import { loadBench } from "./bench-data.js";

// 140 short publications in the bench layout, varied enough that the engine says "yes" to some
// questions and "no" to others; publication 7's chunk file is broken.
const PUBLICATIONS = 140;
let dir = "";
let questions: Question[] = [];

function paperText(i: number): string[] {
  const model = ["ResNet-50", "a random forest", "YOLOv5s", "a U-Net", "a generalised linear model"][i % 5];
  return [
    `Methods. We photographed ${100 + i} leaves in the field with smartphones and trained ${model} to classify them.`,
    i % 3 === 0
      ? "The images were split into 70% training, 15% validation and 15% test sets by farm."
      : "Training used Adam with a learning rate of 0.001 for 50 epochs on an NVIDIA RTX 3090 GPU.",
    `Results. Accuracy was 0.${80 + (i % 19)} and the F1 score 0.${70 + (i % 23)}. Code is at https://github.com/lab/p${i}.`,
  ];
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "methodscope-bench-pool-"));
  mkdirSync(path.join(dir, "chunks"));
  questions = await builtinQuestions();
  const publications: unknown[] = [];
  const labels: unknown[] = [];
  for (let i = 0; i < PUBLICATIONS; i++) {
    const uid = `p${String(i).padStart(3, "0")}`;
    const chunks = paperText(i);
    const retrieved = Object.fromEntries(questions.map((q) => [`CQ${q.cq}`, [q.cq % chunks.length, 0]]));
    writeFileSync(
      path.join(dir, "chunks", `${uid}.json`),
      i === 7 ? "{ not json" : JSON.stringify({ uid, chunks, retrieved }),
    );
    publications.push({ uid, family: "curated100", dl_method: i % 5 === 1 || i % 5 === 4 ? "no" : "yes" });
    for (const q of questions) labels.push({ uid, cq: q.cq, llm: { m1: "yes" }, vote: i % 2 ? "yes" : "no" });
  }
  const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n");
  writeFileSync(path.join(dir, "publications.jsonl"), jsonl(publications));
  writeFileSync(path.join(dir, "labels.jsonl"), jsonl(labels));
  writeFileSync(path.join(dir, "cqs.json"), JSON.stringify(questions.map((q) => ({ cq: q.cq, question: q.text }))));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("bench --task reported in worker threads", () => {
  for (const context of ["all", "k24"] as const) {
    test(`context ${context}: the same rows, failures and metrics with one thread and with two`, async () => {
      const data = loadBench(dir);
      const engine = createExtractiveEngine();
      const one = await runReportedBench({ data, engine, questions, context, workers: 1 });
      const seen: string[] = [];
      const two = await runReportedBench({
        data,
        engine,
        questions,
        context,
        workers: 2,
        onPublication: (uid, done, total) => {
          seen.push(uid);
          assert.equal(total, PUBLICATIONS);
          assert.equal(done, seen.length);
        },
      });
      assert.equal(one.rows.length, (PUBLICATIONS - 1) * questions.length);
      assert.deepEqual(two.rows, one.rows);
      assert.deepEqual(two.comparisons, one.comparisons);
      assert.deepEqual(
        two.failures.map((f) => f.uid),
        ["p007"],
      );
      assert.deepEqual(two.failures, one.failures);
      assert.deepEqual([...seen].sort(), data.chunkUids);
      // Not a degenerate run: the engine answered both ways.
      const yes = one.rows.filter((r) => r.pred === "yes").length;
      assert.ok(yes > 0 && yes < one.rows.length, `${yes} yes of ${one.rows.length}`);
    });
  }

  test("threads only where they pay and where the engine can be rebuilt in a thread", () => {
    const extractive = createExtractiveEngine();
    assert.equal(benchThreads({ engine: extractive, workers: 2 }, 325), 2);
    assert.equal(benchThreads({ engine: extractive, workers: 8 }, 130), 3, "one per 64 publications");
    assert.equal(benchThreads({ engine: extractive, workers: 2 }, 40), 1, "too few publications");
    assert.equal(benchThreads({ engine: extractive }, 325), 1, "one unless asked");
    assert.equal(benchThreads({ engine: createExtractiveEngine({ learned: null }), workers: 2 }, 325), 2);
    const llm: Engine = { name: "llm:fake", settings: {}, answer: extractive.answer };
    assert.equal(benchThreads({ engine: llm, workers: 2 }, 325), 1, "LLM engines answer on the main thread");
    const custom: Engine = { ...extractive, settings: { ...extractive.settings, content: "a layer of its own" } };
    assert.equal(benchThreads({ engine: custom, workers: 2 }, 325), 1, "a layer a thread cannot rebuild");
    assert.equal(benchThreads({ engine: extractive, workers: 2, paperAwareEngine: () => extractive }, 325), 1);
  });
});
