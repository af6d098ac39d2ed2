// `extract --llm gguf:<file>` end to end with the real node-llama-cpp and a tiny random-weight model
// written at test time: k24 mode runs its calls and turns the (random) answers into yes/no; structured
// mode's grammar-constrained output is parsed and validated, and unusable output becomes an error row.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { CliIO } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import type { RunManifest } from "../src/pipeline/manifest.js";
import type { ResultRow } from "../src/report/rows.js";
import { TINY_LLAMA, tinyLlamaGguf } from "./fixtures/tiny-gguf.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-cli-gguf-"));
after(() => rmSync(dir, { recursive: true, force: true }));
// A longer context than the default fixture, so that a structured prompt (instructions, questions and
// passages; this vocabulary spends about a token per byte) fits.
const model = join(dir, "tiny-4k.gguf");
writeFileSync(model, tinyLlamaGguf({ ...TINY_LLAMA, contextLength: 4096 }));
writeFileSync(join(dir, "paper.txt"), "Methods\n\nWe trained a small network with Adam for ten epochs.\n");
writeFileSync(
  join(dir, "questions.json"),
  JSON.stringify([
    { cq: 15, text: "Which optimizer trained the network?" },
    { cq: 20, text: "On which hardware was the network trained?" },
  ]),
);
// Templates of our own with K24's placeholders (K24's files are not in the repository).
writeFileSync(join(dir, "wrapper.txt"), "Context:\n{context}\n\nQuestion: {question}\nAnswer:");
writeFileSync(join(dir, "query.txt"), 'Answer briefly: "{query}"');

function cli(): CliIO & { err: () => string } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (s) => err.push(s), isTTY: false, env: {}, cwd: dir, err: () => err.join("") };
}
/** `extract paper.txt --llm gguf:<tiny> …extra --out <out>` in-process; returns the exit code and stderr. */
async function extractWithGguf(out: string, extra: string[]): Promise<{ code: number; err: string }> {
  const io = cli();
  const common = ["--llm", `gguf:${model}`, "--threads", "1", "--questions", "questions.json"];
  const code = await main(
    ["extract", "paper.txt", ...common, ...extra, "--out", out, "--db", ":memory:", "--quiet"],
    io,
  );
  return { code, err: io.err() };
}

const readRows = (out: string) =>
  readFileSync(join(dir, out, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ResultRow);

test("k24 mode with an embedded GGUF model", { timeout: 120_000 }, async () => {
  const { code, err } = await extractWithGguf("out-k24", [
    "--mode",
    "k24",
    "--prompt-file",
    "wrapper.txt",
    "--query-template",
    "query.txt",
    "--binary",
    "classifier",
  ]);
  assert.equal(code, 0, err);
  const rows = readRows("out-k24");
  assert.deepEqual(
    rows.map((r) => r.cq),
    [15, 20],
  );
  for (const r of rows) assert.ok(r.reported === "yes" || r.reported === "no");
  const manifest = JSON.parse(readFileSync(join(dir, "out-k24", "run.json"), "utf8")) as RunManifest;
  assert.equal(manifest.engine.stats?.calls, 2, JSON.stringify(manifest.engine.stats));
  assert.match(manifest.engine.name, /gguf/);
});

test("structured mode with an embedded GGUF model: valid JSON or an error row, never a silent no", {
  timeout: 120_000,
}, async () => {
  const { code } = await extractWithGguf("out-structured", []);
  const rows = readRows("out-structured");
  const manifest = JSON.parse(readFileSync(join(dir, "out-structured", "run.json"), "utf8")) as RunManifest;
  const stats = manifest.engine.stats as { calls: number; gated: number };
  assert.ok(stats.calls >= 1, "the optimizer question has a matching passage, so the model was asked");
  if (code === 0) {
    // The grammar made the random model produce schema-valid JSON for the question it was asked;
    // the hardware question matched no passage and was answered "no" without a call.
    assert.deepEqual(
      rows.map((r) => r.cq),
      [15, 20],
    );
    assert.ok(rows.find((r) => r.cq === 20)?.flags?.includes("gated-no-evidence"));
  } else {
    assert.equal(code, 1);
    assert.equal(rows.length, 1);
    // Random weights fill the answer text until the token limit cuts the JSON: one repair, then the error.
    assert.match(rows[0]?.error ?? "", /^llm-malformed: /);
  }
});
