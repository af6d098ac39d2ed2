import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Command } from "commander";
import { registerBenchCommand } from "../cli/bench-command.js";
import type { CliIO } from "../cli/io.js";
import type { Answer, Engine, Question } from "../types.js";
import { doubtfulDlLabels, runBinaryBench, runDlFilterBench, runReportedBench } from "./bench.js";
import { loadBench, loadChunks, normalizeDecision, retrievedText } from "./bench-data.js";

// A tiny synthetic bench folder: two publications, CQs 1, 2 and 5; each CQ has a flag word that
// the fake engine looks for ("alphaflag" → CQ1 reported, "betaflag" → CQ2, "gammaflag" → CQ5).
const FLAG: Record<number, string> = { 1: "alphaflag", 2: "betaflag", 5: "gammaflag" };
let dir = "";

function jsonl(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n");
}

function writeFixture(root: string): void {
  mkdirSync(path.join(root, "chunks"));
  const llm = (v: string) => ({ m1: v, m2: v });
  writeFileSync(
    path.join(root, "chunks", "p1.json"),
    JSON.stringify({
      uid: "p1",
      chunks: ["Methods. We recorded frogs and the alphaflag appears here.", "Results. The betaflag is stated here."],
      retrieved: { CQ1: [0], CQ2: [0], CQ5: [1] },
    }),
  );
  writeFileSync(
    path.join(root, "chunks", "p2.json"),
    JSON.stringify({
      uid: "p2",
      chunks: ["Discussion. Only the gammaflag word here."],
      retrieved: { CQ1: [0], CQ2: [0] },
    }),
  );
  writeFileSync(
    path.join(root, "cqs.json"),
    JSON.stringify([1, 2, 5].map((cq) => ({ cq, question: `Synthetic question ${cq}?` }))),
  );
  writeFileSync(
    path.join(root, "publications.jsonl"),
    jsonl([
      { uid: "p1", family: "curated100", dl_method: "yes" },
      { uid: "p2", family: "ecoinf", dl_method: "no", title: "Deep learning-based counts of frogs" },
    ]),
  );
  writeFileSync(
    path.join(root, "labels.jsonl"),
    jsonl([
      { uid: "p1", cq: 1, llm: llm("yes"), vote: "yes", human_majority: "yes", prev_work: null },
      { uid: "p1", cq: 2, llm: llm("yes"), vote: "yes", human_majority: "no" },
      {
        uid: "p1",
        cq: 5,
        llm: llm("no"),
        vote: "no",
        human_majority: "no",
        prev_work: [{ variable: "Dataset", role: "primary", value: "y" }],
      },
      { uid: "p2", cq: 1, llm: llm("no"), vote: "no", human_majority: "no" },
      { uid: "p2", cq: 2, llm: llm("no"), vote: "no" },
      {
        uid: "p2",
        cq: 5,
        llm: llm("no"),
        vote: "no",
        human_majority: "yes",
        prev_work: [{ variable: "Dataset", role: "primary", value: "" }],
      },
    ]),
  );
  const b = (uid: string, cq: number, model: string, answer: string, human: string | null, llmv: string) => ({
    uid,
    cq,
    model,
    question: `Synthetic question ${cq}?`,
    answer,
    answer_empty: answer === "",
    human,
    llm: llmv,
  });
  writeFileSync(
    path.join(root, "binary_conversion.jsonl"),
    jsonl([
      b("p1", 1, "m1", "SPECIFIC", "yes", "yes"),
      b("p1", 1, "m2", "vague", "yes", "no"),
      b("p1", 2, "m1", "SPECIFIC", "no", "no"),
      b("p1", 2, "m2", "vague", "no", "no"),
      b("p2", 1, "m1", "", null, "no"),
    ]),
  );
  writeFileSync(path.join(root, "label_review_candidates.jsonl"), jsonl([{ uid: "p1", cq: 2, model: "m1" }]));
}

const questions: Question[] = [1, 2, 5].map((cq) => ({
  cq,
  label: `q${cq}`,
  category: "test",
  text: `Synthetic question ${cq}?`,
  query: ["flag"],
  dlSpecific: false,
}));

const fakeEngine: Engine = {
  name: "fake",
  settings: {},
  answer: (input, q): Answer => {
    const yes = input.document.text.includes(FLAG[q.cq]);
    return {
      cq: q.cq,
      reported: yes ? "yes" : "no",
      answer: yes ? FLAG[q.cq] : "not stated",
      values: {},
      confidence: yes ? 0.9 : 0.6,
      evidence: [],
      engine: "fake",
    };
  },
};

describe("bench on a synthetic folder", () => {
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "methodscope-bench-"));
    writeFixture(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("loadBench reads every table and chunk file", () => {
    const data = loadBench(dir);
    assert.deepEqual(data.chunkUids, ["p1", "p2"]);
    assert.equal(data.labels.length, 6);
    assert.equal(data.binary.length, 5);
    assert.equal(data.review.length, 1);
    assert.deepEqual(
      data.cqs.map((c) => c.cq),
      [1, 2, 5],
    );
    assert.deepEqual(retrievedText(loadChunks(dir, "p1"), 5), ["Results. The betaflag is stated here."]);
    assert.deepEqual(retrievedText(loadChunks(dir, "p2"), 5), []);
    assert.equal(normalizeDecision("Y"), "yes");
    assert.equal(normalizeDecision(""), null);
  });

  test("a bad row names its file and line", () => {
    const bad = mkdtempSync(path.join(tmpdir(), "methodscope-bad-"));
    writeFixture(bad);
    writeFileSync(path.join(bad, "labels.jsonl"), '{"uid":"p1","cq":1}\n');
    assert.throws(() => loadBench(bad), /labels\.jsonl:1/);
    rmSync(bad, { recursive: true, force: true });
  });

  test("reported, context all: metrics on known predictions", async () => {
    const r = await runReportedBench({ data: loadBench(dir), engine: fakeEngine, questions });
    // p1 has alphaflag and betaflag; p2 only gammaflag.
    assert.deepEqual(
      r.rows.map((x) => `${x.uid}:${x.cq}:${x.pred}`),
      ["p1:1:yes", "p1:2:yes", "p1:5:no", "p2:1:no", "p2:2:no", "p2:5:yes"],
    );
    const by = new Map(r.comparisons.map((c) => [c.name, c.summary]));
    const human = by.get("vs human majority");
    // pairs (pred, truth): yy, yn, nn, nn, yy → tp2 fp1 tn2; po .8, pe .48 → κ = .32/.52
    assert.equal(human?.n, 5);
    assert.equal(human?.accuracy, 0.8);
    assert.ok(Math.abs((human?.kappa ?? 0) - 0.32 / 0.52) < 1e-12);
    assert.equal(by.get("vs human majority, without review candidates")?.accuracy, 1);
    assert.equal(by.get("vs K24 hard vote (silver)")?.n, 6);
    assert.ok(Math.abs((by.get("vs K24 hard vote (silver)")?.accuracy ?? 0) - 5 / 6) < 1e-12);
    // Only p1's "y" counts (p2's blank decision is skipped); p1 CQ5 predicted "no".
    assert.deepEqual(by.get("vs previous work, primary pairs")?.confusion, { tp: 0, fp: 0, fn: 1, tn: 0 });
    assert.equal(r.publications, 2);
    assert.ok(r.peakRssMb > 0 && r.publicationsPerSecond > 0);
  });

  test("reported, context k24: each CQ sees only its retrieved chunks", async () => {
    const r = await runReportedBench({ data: loadBench(dir), engine: fakeEngine, questions, context: "k24" });
    // p1 CQ2 sees chunk 0 (no betaflag); p2 CQ5 has no retrieved chunks.
    assert.deepEqual(
      r.rows.map((x) => `${x.uid}:${x.cq}:${x.pred}`),
      ["p1:1:yes", "p1:2:no", "p1:5:no", "p2:1:no", "p2:2:no", "p2:5:no"],
    );
  });

  test("a failing publication is recorded and its rows count as wrong", async () => {
    const flaky: Engine = {
      ...fakeEngine,
      answer: (input, q) => {
        if (input.document.id === "p2") throw new Error("boom");
        return fakeEngine.answer(input, q);
      },
    };
    const r = await runReportedBench({ data: loadBench(dir), engine: flaky, questions });
    assert.deepEqual(r.failures, [{ uid: "p2", error: "internal: boom" }]);
    const vote = r.comparisons.find((c) => c.name === "vs K24 hard vote (silver)");
    assert.equal(vote?.summary.n, 6);
    // p1 matches the vote on all three CQs; p2's three missing rows are wrong.
    assert.equal(vote?.summary.accuracy, 0.5);
  });

  test("binary and dl-filter runners", () => {
    const data = loadBench(dir);
    const r = runBinaryBench(data, (_q, a) => ({ reported: a === "SPECIFIC" ? "yes" : "no" }));
    assert.equal(r.rows.length, 5);
    const [pooled, noReview, k24] = r.comparisons;
    assert.equal(pooled.summary.n, 4);
    assert.equal(pooled.summary.accuracy, 0.5);
    assert.equal(noReview.summary.n, 3);
    assert.equal(k24.summary.accuracy, 0.75);
    const dl = runDlFilterBench(data, (doc) => ({ dl: doc.text.includes("frogs") }));
    assert.deepEqual(dl.rows, [
      { uid: "p1", pred: "yes" },
      { uid: "p2", pred: "no" },
    ]);
    assert.equal(dl.comparisons[0].summary.accuracy, 1);
    // p2 is labelled "no" although its title names deep learning: left out of the second comparison.
    assert.deepEqual([...doubtfulDlLabels(data)], ["p2"]);
    assert.equal(dl.comparisons[1].name, "vs dl_method, without doubtful labels");
    assert.equal(dl.comparisons[1].summary.n, 1);
  });

  test("CLI: bench --task binary writes predictions, report and markdown", async () => {
    let out = "";
    const io: CliIO = { stdout: (t) => (out += t), stderr: () => {}, isTTY: false, env: {}, cwd: dir };
    const program = new Command("methodscope").exitOverride();
    registerBenchCommand(program, io);
    await program.parseAsync(
      ["bench", "--data", ".", "--task", "binary", "--out", "p.jsonl", "--report", "r.json", "--markdown", "r.md"],
      { from: "user" },
    );
    assert.match(out, /classifier vs human, pooled/);
    const rows = readFileSync(path.join(dir, "p.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(rows.length, 5);
    assert.deepEqual(Object.keys(rows[0]), ["uid", "cq", "model", "pred"]);
    const report = JSON.parse(readFileSync(path.join(dir, "r.json"), "utf8"));
    assert.equal(report.task, "binary");
    assert.equal(report.comparisons[0].summary.n, 4);
    assert.match(readFileSync(path.join(dir, "r.md"), "utf8"), /^\| comparison \| n \|/m);
  });

  test("CLI: --limit with binary is a usage error", async () => {
    const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: dir };
    const program = new Command("methodscope").exitOverride();
    registerBenchCommand(program, io);
    await assert.rejects(
      program.parseAsync(["bench", "--data", ".", "--task", "binary", "--limit", "1"], { from: "user" }),
      (e: Error & { code?: string }) => e.code === "usage",
    );
  });
});
