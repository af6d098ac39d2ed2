// `npm run bench`: every benchmark task on a K24-style folder, one after the other, with reports.
// Usage: npm run bench [-- --data ../shared/bench] [--out-dir bench-results]
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { main } from "../src/cli/main.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/bench" },
    "out-dir": { type: "string", default: "bench-results" },
  },
});
const data = resolve(values.data ?? "../shared/bench");
const outDir = resolve(values["out-dir"] ?? "bench-results");
mkdirSync(outDir, { recursive: true });

const runs: [string, string[]][] = [
  ["k24-reference", ["--task", "k24-reference"]],
  ["binary", ["--task", "binary"]],
  ["dl-filter", ["--task", "dl-filter"]],
  ["reported-all", ["--task", "reported", "--context", "all"]],
  ["reported-k24", ["--task", "reported", "--context", "k24"]],
];
let worst = 0;
for (const [name, args] of runs) {
  process.stdout.write(`\n## ${name}\n`);
  const out = (ext: string) => join(outDir, `${name}.${ext}`);
  const code = await main([
    "bench",
    "--data",
    data,
    ...args,
    "--report",
    out("json"),
    "--markdown",
    out("md"),
    ...(name === "k24-reference" ? [] : ["--out", out("preds.jsonl")]),
  ]);
  worst = Math.max(worst, code);
}
process.exitCode = worst;
