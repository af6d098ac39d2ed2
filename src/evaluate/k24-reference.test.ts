import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadBench } from "./bench-data.js";
import { k24Reference } from "./k24-reference.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = path.resolve(repoRoot, "../shared/bench");
const skip = existsSync(path.join(BENCH, "labels.jsonl")) ? false : `bench data not found at ${BENCH}`;

test("k24-reference reproduces every figure of the development part", { skip }, () => {
  const lines = k24Reference(loadBench(BENCH));
  assert.equal(lines.length, 5);
  for (const l of lines) assert.ok(l.pass, `${l.name}: n ${l.n} acc ${l.accuracy} κ ${l.kappa}`);
  assert.equal(lines[0].n, 2935);
  assert.match(lines[1].name, /llama-3_70b/);
});
