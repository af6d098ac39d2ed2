// `npm run bench`: every benchmark task on a K24-style folder, one after the other, with reports, then
// realpapers and the fictional papers of bench/fictional.
// Usage: npm run bench [-- --data ../shared/bench] [--out-dir bench-results]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { main } from "../src/cli/main.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/bench" },
    "out-dir": { type: "string", default: "bench-results" },
    realpapers: { type: "string", default: "../shared/realpapers" },
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

// K24's five LLMs replayed from the recorded answers, and the cascade (issue 13; scripts/bench-replay.ts).
const k24 = resolve("../shared/k24");
if (existsSync(join(data, "answers.jsonl")) && existsSync(join(k24, "Binary_responses.txt"))) {
  process.stdout.write("\n## replay\n");
  const replay = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/bench-replay.ts", "--data", data, "--k24", k24, "--out-dir", outDir],
    { stdio: "inherit" },
  );
  worst = Math.max(worst, replay.status ?? 1);
} else {
  process.stdout.write(`\n## replay: skipped, no ${data}/answers.jsonl or ${k24}/Binary_responses.txt\n`);
}

// Real PDFs as users have them: extract the folder, then score with its own scorer (python3).
const realpapers = resolve(values.realpapers ?? "../shared/realpapers");
if (existsSync(join(realpapers, "pdfs"))) {
  process.stdout.write("\n## realpapers\n");
  const out = join(outDir, "realpapers");
  const started = performance.now();
  const code = await main(["extract", join(realpapers, "pdfs"), "--out", out, "--db", ":memory:", "--quiet"]);
  const seconds = (performance.now() - started) / 1000;
  worst = Math.max(worst, code);
  const scored = spawnSync("python3", [join(realpapers, "score.py"), join(out, "results.jsonl")], { encoding: "utf8" });
  const summary = scored.stdout?.trim().split("\n").at(-1) ?? "";
  process.stdout.write(`extract: ${seconds.toFixed(1)} s\n${summary || `score.py failed: ${scored.stderr}`}\n`);
  writeFileSync(join(outDir, "realpapers.txt"), `extract: ${seconds.toFixed(1)} s\n${scored.stdout ?? ""}`);
} else {
  process.stdout.write(`\n## realpapers: skipped, no ${realpapers}/pdfs\n`);
}
// Fictional papers of our own, labelled per question (bench/fictional, shipped with the repository).
process.stdout.write("\n## fictional\n");
const fictional = spawnSync(
  process.execPath,
  ["--import", "tsx", "scripts/bench-fictional.ts", "--json", join(outDir, "fictional.json")],
  { stdio: "inherit" },
);
worst = Math.max(worst, fictional.status ?? 1);
process.exitCode = worst;
