import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { matrixCsv, resultsCsv, valuesCsv } from "./csv.js";
import type { ResultRow } from "./rows.js";
import {
  manifestChunks,
  OUTPUT_FILES,
  openOutputSet,
  removeStaleTemps,
  verifyOutputs,
  type WriteStep,
  writeOutputs,
} from "./write-outputs.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "methodscope-outputs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (cq: number, reported: "yes" | "no"): ResultRow => ({
  paper_id: "p1",
  file: "a.pdf",
  title: "A",
  cq,
  question: "Q?",
  reported,
  answer: "x",
  values: {},
  confidence: 0.9,
  evidence: [],
  engine: "test",
});

test("run.json names each file of its set with its SHA-256 and size", () => {
  const out = join(dir, "out");
  const written = writeOutputs(out, [row(1, "yes")], [1], { run_id: "r1" });
  assert.deepEqual(
    written,
    ["results.jsonl", "results.csv", "matrix.csv", "values.csv", "rates.csv", "run.json"].map((n) => join(out, n)),
  );
  const manifest = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  assert.equal(manifest.run_id, "r1");
  for (const name of [
    OUTPUT_FILES.results,
    OUTPUT_FILES.resultsCsv,
    OUTPUT_FILES.matrix,
    OUTPUT_FILES.values,
    OUTPUT_FILES.rates,
  ]) {
    const bytes = readFileSync(join(out, name));
    assert.deepEqual(manifest.files[name], {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
    });
  }
  assert.deepEqual(verifyOutputs(out), {
    state: "consistent",
    files: ["results.jsonl", "results.csv", "matrix.csv", "values.csv", "rates.csv"],
  });
  assert.deepEqual(readdirSync(out).sort(), [
    "matrix.csv",
    "rates.csv",
    "results.csv",
    "results.jsonl",
    "run.json",
    "values.csv",
  ]);
});

test("a failure half-way leaves no temporary folder, and run.json never claims a mixed set", () => {
  const out = join(dir, "out");
  writeOutputs(out, [row(1, "no")], [1], { run_id: "old" });
  const steps: WriteStep[] = [];
  assert.throws(() =>
    writeOutputs(
      out,
      [row(1, "yes")],
      [1],
      { run_id: "new" },
      {
        onStep: (s) => {
          steps.push(s);
          if (s === "moved:results.jsonl") throw new Error("stopped");
        },
      },
    ),
  );
  assert.deepEqual(steps, ["written-to-temp", "previous-manifest-removed", "moved:results.jsonl"]);
  assert.ok(!readdirSync(out).some((n) => n.includes(".tmp-")), readdirSync(out).join(","));
  assert.equal(verifyOutputs(out).state, "incomplete", "no run.json: the set was being replaced");
  writeOutputs(out, [row(1, "yes")], [1], { run_id: "again" });
  assert.equal(verifyOutputs(out).state, "consistent");
});

test("verifyOutputs tells a file changed after the run", () => {
  const out = join(dir, "out");
  writeOutputs(out, [row(1, "yes")], [1], {});
  writeFileSync(join(out, "matrix.csv"), "edited\n");
  assert.deepEqual(verifyOutputs(out), {
    state: "mismatch",
    files: ["results.jsonl", "results.csv", "matrix.csv", "values.csv", "rates.csv"],
    differing: ["matrix.csv"],
  });
});

test("stale temporaries of dead or old runs are removed; a live run's and the user's files stay", () => {
  const out = join(dir, "out");
  mkdirSync(out);
  const deadPid = 2 ** 22 + 12345; // above Linux's pid_max
  mkdirSync(join(out, `.tmp-${deadPid}-abcdef`));
  writeFileSync(join(out, `.tmp-${deadPid}-abcdef`, "results.jsonl"), "{}\n");
  writeFileSync(join(out, `results.jsonl.tmp-${deadPid}`), "old style\n");
  const live = `.tmp-${process.ppid}-0123ab`;
  mkdirSync(join(out, live));
  const oldLive = `.tmp-${process.ppid}-0123cd`;
  mkdirSync(join(out, oldLive));
  const twoDaysAgo = Date.now() / 1000 - 2 * 24 * 3600;
  utimesSync(join(out, oldLive), twoDaysAgo, twoDaysAgo);
  writeFileSync(join(out, "notes.tmp-1"), "the user's own file\n");
  writeOutputs(out, [], [1], {});
  assert.deepEqual(
    readdirSync(out).sort(),
    [live, "matrix.csv", "notes.tmp-1", "rates.csv", "results.csv", "results.jsonl", "run.json", "values.csv"].sort(),
  );
  assert.deepEqual(removeStaleTemps(out, Date.now()), []);
});

test("an --out that is a file is a usage error naming it", () => {
  const file = join(dir, "file");
  writeFileSync(file, "x");
  assert.throws(() => writeOutputs(file, [], [1], {}), { code: "usage", message: /cannot write the results into/ });
});

test("files are streamed in chunks yet equal the whole-string forms, hashes included", () => {
  const many: ResultRow[] = Array.from({ length: 3000 }, (_, i) => ({
    ...row(1 + (i % 28), i % 3 === 0 ? "yes" : "no"),
    paper_id: `p${Math.floor(i / 28)}`,
    answer: `answer ${i} ${"x".repeat(600)}`, // > 1 MiB in all: several chunks
  }));
  const cqs = Array.from({ length: 28 }, (_, i) => i + 1);
  writeOutputs(dir, many, cqs, { run: 1 });
  const expected: Record<string, string> = {
    [OUTPUT_FILES.results]: many.map((r) => `${JSON.stringify(r)}\n`).join(""),
    [OUTPUT_FILES.resultsCsv]: resultsCsv(many),
    [OUTPUT_FILES.matrix]: matrixCsv(many, cqs),
    [OUTPUT_FILES.values]: valuesCsv(many),
  };
  const manifest = JSON.parse(readFileSync(join(dir, OUTPUT_FILES.manifest), "utf8"));
  for (const [name, text] of Object.entries(expected)) {
    assert.equal(readFileSync(join(dir, name), "utf8"), text, name);
    assert.equal(manifest.files[name].sha256, createHash("sha256").update(text).digest("hex"), name);
  }
  assert.ok(manifest.files[OUTPUT_FILES.results].bytes > 1 << 20);
});

test("an output set written a paper at a time holds one paper's rows and equals the set written at once", () => {
  const cqs = Array.from({ length: 28 }, (_, i) => i + 1);
  const paperRows = (p: number): ResultRow[] =>
    cqs.map((cq) => ({
      ...row(cq, (p + cq) % 3 === 0 ? "yes" : "no"),
      paper_id: `p${p}`,
      file: `p${p}.pdf`,
      values: (p + cq) % 3 === 0 ? { model: [`Net${p}`] } : {},
      applicable: cq % 7 !== 0,
    }));
  const failure: ResultRow = {
    ...row(1, "no"),
    paper_id: null,
    file: "broken.pdf",
    cq: null,
    reported: null,
    error: "x",
  };
  const streamed = join(dir, "streamed");
  const set = openOutputSet(streamed, cqs);
  const held: number[] = [];
  set.add([failure]);
  for (let p = 0; p < 400; p++) {
    set.add(paperRows(p));
    held.push(set.held);
    if (p === 200) set.add(paperRows(7)); // the same paper again adds nothing but its results rows
  }
  // Memory is flat while rows grow: what the set holds never exceeds one paper's rows.
  assert.ok(Math.max(...held) <= cqs.length, `held at most ${Math.max(...held)} rows`);
  assert.equal(held.length, 400);
  set.commit({ run: 1 });

  const all = [failure, ...Array.from({ length: 400 }, (_, p) => paperRows(p)).flat()];
  all.splice(1 + 201 * 28, 0, ...paperRows(7));
  const atOnce = join(dir, "at-once");
  writeOutputs(atOnce, all, cqs, { run: 1 });
  for (const name of [OUTPUT_FILES.matrix, OUTPUT_FILES.values, OUTPUT_FILES.rates]) {
    assert.equal(readFileSync(join(streamed, name), "utf8"), readFileSync(join(atOnce, name), "utf8"), name);
  }
  assert.equal(readFileSync(join(streamed, OUTPUT_FILES.matrix), "utf8").split("\r\n").length - 2, 401);
  assert.equal(verifyOutputs(streamed).state, "consistent");
  assert.deepEqual(readdirSync(streamed).sort(), Object.values(OUTPUT_FILES).sort(), "no temporary folder is left");
});

test("an output set that is abandoned leaves no file and no temporary folder", () => {
  const out = join(dir, "abandoned");
  const set = openOutputSet(out, [1]);
  set.add([row(1, "yes")]);
  set.abort();
  assert.deepEqual(readdirSync(out), []);
});

test("run.json written in pieces is JSON.stringify(manifest, null, 2), byte for byte", () => {
  const inputs = [
    {
      file: "a.pdf",
      sha256: "ab",
      metadata: { title: "Ünïcode “quotes”", authors: ["A", "B"], sources: { title: "pdf" } },
    },
    { file: "b.txt", sha256: null, status: "failed", error: 'bad "pdf"\nsecond line' },
    { file: "c.txt", nested: { deeper: { list: [1, 2, { x: [] }] } }, empty: {} },
  ];
  const manifests = [
    { tool: { name: "t" }, inputs, counts: { papers: 2 }, files: { "r.csv": { sha256: "x", bytes: 1 } } },
    { inputs, last: true },
    { first: 1, inputs: [] },
    { noInputs: [1, 2] },
    { inputs: [inputs[0]] },
  ];
  for (const manifest of manifests)
    assert.equal([...manifestChunks(manifest)].join(""), `${JSON.stringify(manifest, null, 2)}\n`);
  assert.ok([...manifestChunks(manifests[0])].length > inputs.length, "one piece per input at least");
  // Inputs given apart (read from a file as they are written) stand for the manifest's placeholder.
  function* fromFile() {
    yield* inputs;
  }
  for (const manifest of manifests.filter((m) => "inputs" in m)) {
    const placeholder = { ...manifest, inputs: [] };
    const list = (manifest as { inputs: unknown[] }).inputs;
    const given = [...manifestChunks(placeholder, list === inputs ? fromFile() : list)].join("");
    assert.equal(given, `${JSON.stringify(manifest, null, 2)}\n`);
  }
});
