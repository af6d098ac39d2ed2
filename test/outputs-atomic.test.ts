// Outputs replaced as a set (issue 14, finding 7): a child process writes a new output set over an old
// one and is killed with SIGKILL at each step of the write. Whatever the kill leaves, run.json never
// claims a mixed set: either the old set is there untouched, or there is no run.json (a set was being
// replaced), or run.json lists files that all match. The next run removes the killed run's temporary
// folder and leaves a consistent set.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { ResultRow } from "../src/report/rows.js";
import { OUTPUT_FILES, verifyOutputs, type WriteStep, writeOutputs } from "../src/report/write-outputs.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const tsx = import.meta.resolve("tsx");

let dir: string;
let child: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "methodscope-outputs-atomic-"));
  child = join(dir, "write-child.mts");
  // The child writes the "new" set and SIGKILLs itself right after the step named on its command line.
  writeFileSync(
    child,
    [
      `import { writeOutputs } from ${JSON.stringify(pathToFileURL(join(repoRoot, "src/report/write-outputs.ts")).href)};`,
      `const [out, killAt, rowsJson] = process.argv.slice(2);`,
      `writeOutputs(out, JSON.parse(rowsJson), [1, 2], { run_id: "new" }, {`,
      `  onStep: (step) => { if (step === killAt) process.kill(process.pid, "SIGKILL"); },`,
      `});`,
    ].join("\n"),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const rows = (reported: "yes" | "no", n: number): ResultRow[] =>
  Array.from({ length: n }, (_, i) => ({
    paper_id: `p${i}`,
    file: `paper-${i}.pdf`,
    title: `Paper ${i}`,
    cq: 1 + (i % 2),
    question: "Q?",
    reported,
    answer: reported === "yes" ? "Stated." : "Not stated.",
    values: {},
    confidence: 0.5,
    evidence: [],
    engine: "test",
  }));

function runChild(out: string, killAt: string): Promise<NodeJS.Signals | null> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ["--import", tsx, child, out, killAt, JSON.stringify(rows("yes", 40))], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    proc.on("error", fail);
    proc.on("exit", (_code, signal) => done(signal));
  });
}

const snapshot = (out: string) =>
  Object.fromEntries(Object.values(OUTPUT_FILES).map((name) => [name, readFileSync(join(out, name), "utf8")]));

const KILL_POINTS: WriteStep[] = [
  "written-to-temp",
  "previous-manifest-removed",
  "moved:results.jsonl",
  "moved:results.csv",
  "moved:matrix.csv",
  "moved:values.csv",
  "moved:rates.csv",
  "manifest-moved",
];

test("a kill at any step of the output write leaves a set a reader can trust or tell apart", {
  timeout: 120_000,
}, async () => {
  for (const killAt of KILL_POINTS) {
    const out = join(dir, `out-${killAt.replace(":", "-")}`);
    writeOutputs(out, rows("no", 3), [1, 2], { run_id: "old" });
    const old = snapshot(out);

    assert.equal(await runChild(out, killAt), "SIGKILL", `${killAt}: the child was killed there`);
    const left = readdirSync(out);
    assert.ok(
      left.some((n) => n.startsWith(".tmp-")),
      `${killAt}: the killed run left its temporary folder`,
    );

    const found = verifyOutputs(out);
    assert.notEqual(found.state, "mismatch", `${killAt}: run.json names files that do not match`);
    if (found.state === "consistent") {
      const runId = JSON.parse(readFileSync(join(out, "run.json"), "utf8")).run_id;
      if (runId === "old") assert.deepEqual(snapshot(out), old, `${killAt}: the old set, untouched`);
      else assert.equal(runId, "new");
    }
    if (killAt === "written-to-temp") assert.deepEqual(snapshot(out), old);
    if (killAt === "manifest-moved") assert.equal(found.state, "consistent");

    // The next run removes what the killed one left and writes a consistent set.
    writeOutputs(out, rows("yes", 2), [1, 2], { run_id: "next" });
    assert.deepEqual(readdirSync(out).sort(), [
      "matrix.csv",
      "rates.csv",
      "results.csv",
      "results.jsonl",
      "run.json",
      "values.csv",
    ]);
    assert.equal(verifyOutputs(out).state, "consistent");
  }
});
