import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { RunManifest } from "../pipeline/manifest.js";
import type { CliIO } from "./io.js";
import { main } from "./main.js";
import { formatSummary } from "./summary.js";

const manifest = (stats?: Record<string, unknown>): RunManifest =>
  ({
    tool: { name: "methodscope", version: "0.1.0" },
    engine: { name: "vote", settings: {}, stats },
    question_set: { count: 2 },
    counts: { papers: 3, done: 2, reused: 1, failed: 1, duplicates: 0 },
    reporting_rate: [
      { cq: 1, label: "Data collection", yes: 2, papers: 3, rate: 0.667 },
      { cq: 2, label: "Data formats", yes: 0, papers: 3, rate: 0 },
    ],
    failures: [{ file: "bad.pdf", error: "corrupt-pdf: cut short" }],
    timings_ms: { total: 1234 },
  }) as unknown as RunManifest;

test("one screen: counts, reporting rate per question, failures, time", () => {
  const text = formatSummary(manifest(), ["out/results.jsonl"]);
  assert.match(text, /papers: 3 answered \(2 new, 1 from the store\), 1 failed/);
  assert.match(text, /CQ1 Data collection +███████··· +2\/3/);
  assert.match(text, /bad\.pdf: corrupt-pdf: cut short/);
  assert.match(text, /took 1\.23 s/);
  assert.doesNotMatch(text, /LLM use/);
});

test("LLM calls, tokens, cache hits and gating per voting member", () => {
  const member = { calls: 4, tokensIn: 9000, tokensOut: 700, cacheHits: 1, gated: 3, ms: 2500 };
  const text = formatSummary(manifest({ members: { "llm:openai:a": member, extractive: {} } }), []);
  assert.match(
    text,
    /llm:openai:a: 4 calls, 9000 tokens in, 700 out, 1 from the cache, 3 answered without a call, 2\.5 s/,
  );
  assert.doesNotMatch(text, /extractive:/);
});

test("file names and errors with control characters stay on their line", () => {
  const m = manifest();
  m.failures = [{ file: "evil\nmethodscope: all good.pdf", error: "not-a-pdf: x\r\nmethodscope: fine" }];
  const text = formatSummary(m, ["out\n/results.jsonl"]);
  assert.ok(!text.split("\n").some((l) => l.startsWith("methodscope: all good") || l.startsWith("methodscope: fine")));
  assert.match(text, /evil\\nmethodscope: all good\.pdf: not-a-pdf: x\\r\\nmethodscope: fine/);
  assert.match(text, /wrote out\\n\/results\.jsonl/);
});

test("through the CLI: a failing file named with a newline forges no line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-forged-"));
  try {
    writeFileSync(join(dir, "evil\nmethodscope: all good.pdf"), "this is not a PDF\n");
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: true, env: {}, cwd: dir };
    const code = await main(["extract", dir, "--out", join(dir, "out"), "--db", join(dir, "s.db")], io);
    assert.equal(code, 1, err.join(""));
    for (const text of [err.join(""), out.join("")]) {
      const lines = text.split(/\r|\n/).map((l) => l.replace(/^\x1b\[2K/, ""));
      assert.ok(!lines.some((l) => l.startsWith("methodscope: all good")), text);
    }
    assert.match(err.join(""), /evil\\nmethodscope: all good\.pdf/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a cascade's summary says how many questions went to the LLMs, how many were saved, and failures", () => {
  const member = { calls: 10, tokensIn: 900, tokensOut: 70, cacheHits: 0, gated: 0, ms: 100 };
  const cascade = { threshold: 0.8, questions: 56, sent: 14, saved: 42, failedPapers: 1, failedQuestions: 5 };
  const text = formatSummary(manifest({ members: { "k24:openai:a": member, "k24:openai:b": member }, cascade }), []);
  assert.match(
    text,
    /cascade \(τ 0\.8\): 14 of 56 questions sent to the LLMs \(25\.0%\), 42 answered offline without a call; 20 LLM calls made/,
  );
  assert.match(text, /failed on 1 papers: 5 questions keep the extractive answer, flagged llm-failed/);
  assert.doesNotMatch(formatSummary(manifest({ members: {} }), []), /cascade/);
});
