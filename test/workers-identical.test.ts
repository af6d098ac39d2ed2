/**
 * Answering in the worker pool (issue 15): the outputs are byte-identical whatever `--workers`, and
 * the same as answering on the main thread; stored papers are not answered again; a failure in a
 * worker is an error row; the store is written in batches, never holding more than one.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { createExtractiveEngine } from "../src/answer/extractive/index.js";
import { type ExtractOptions, extract } from "../src/pipeline/extract.js";
import { OUTPUT_FILES } from "../src/report/write-outputs.js";
import { openStore } from "../src/store/index.js";
import { twoColumnPaper } from "./fixtures/pdf-paper.js";
import { makePdf } from "./fixtures/pdf-writer.js";
import { nonDlPaperText, writeTextPapers } from "./fixtures/text-papers.js";

const DATA_FILES = [
  OUTPUT_FILES.results,
  OUTPUT_FILES.resultsCsv,
  OUTPUT_FILES.matrix,
  OUTPUT_FILES.values,
  OUTPUT_FILES.rates,
];

/** 30 text papers, a non-DL paper, a two-column PDF and a file that only claims to be a PDF. */
function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-workers-"));
  const papers = join(dir, "papers");
  writeTextPapers(papers, 30);
  writeFileSync(join(papers, "salamanders.txt"), nonDlPaperText());
  const spec = {
    banner: "Journal of Imaginary Limnology 7 (2026)",
    runningAuthors: "K. Testwriter",
    title: "Counting diatoms with a small convolutional network",
    authors: "Kim Testwriter",
    abstract: "We classify diatom images with a convolutional network trained in PyTorch.",
    sections: [
      { heading: "2. Methods", paragraphs: ["We trained the network with the Adam optimizer for 40 epochs."] },
      { heading: "3. Results", paragraphs: ["The model reached an accuracy of 0.91 on the test set."] },
    ],
  };
  writeFileSync(join(papers, "diatoms.pdf"), makePdf(twoColumnPaper(spec), { title: spec.title }));
  writeFileSync(join(papers, "broken.pdf"), "%PDF-1.4\nthis is not a PDF body\n%%EOF\n");
  return dir;
}

/** run.json without what differs between runs by design: ids, clocks, timings and the worker count. */
function stableManifest(outDir: string): unknown {
  const manifest = JSON.parse(readFileSync(join(outDir, OUTPUT_FILES.manifest), "utf8"));
  for (const key of ["run_id", "started_at", "finished_at", "timings_ms"]) delete manifest[key];
  delete manifest.read_limits.workers;
  return manifest;
}

async function run(dir: string, name: string, options: Partial<ExtractOptions>) {
  const store = openStore(join(dir, `${name}.db`));
  try {
    const outDir = join(dir, name);
    // Exactly the threads asked for: a run this small would otherwise start one (pool-size.ts).
    const result = await extract({ inputs: [join(dir, "papers")], outDir, store, exactWorkers: true, ...options });
    return { outDir, result };
  } finally {
    store.close();
  }
}

test("outputs are byte-identical with 1 and 2 workers, and as answered on the main thread", {
  timeout: 120_000,
}, async () => {
  const dir = corpus();
  const one = await run(dir, "one", { workers: 1 });
  const two = await run(dir, "two", { workers: 2 });
  // An injected engine without its settings answers on the main thread, as before the pool answered.
  const main = await run(dir, "main", { workers: 2, engine: createExtractiveEngine() });
  // The CLI's large runs keep no rows: the files stream as papers finish and come out the same.
  const streamed = await run(dir, "streamed", { workers: 2, keepRows: false });
  assert.deepEqual(streamed.result.rows, [], "no rows held");
  // Nor every input's record: they went to a spool file and from there into run.json (compared below).
  assert.deepEqual(streamed.result.manifest.inputs, [], "no input records held");
  assert.equal(streamed.result.manifest.counts.inputs, 33);
  // `workers` as a maximum (the default): 33 small inputs do not pay for a second thread's start-up.
  const fitted = await run(dir, "fitted", { workers: 2, exactWorkers: false });
  assert.equal(fitted.result.manifest.read_limits?.workers, 1);
  assert.equal(two.result.manifest.read_limits?.workers, 2);

  assert.equal(one.result.manifest.counts.failed, 1, "broken.pdf is the one failure");
  const broken = one.result.rows.find((r) => r.file.endsWith("broken.pdf"));
  assert.ok(broken?.error, "the broken PDF is an error row");
  assert.equal(new Set(one.result.rows.filter((r) => !r.error).map((r) => r.file)).size, 32);
  for (const name of DATA_FILES) {
    const expected = readFileSync(join(one.outDir, name));
    assert.ok(expected.length > 0, `${name} is not empty`);
    assert.ok(expected.equals(readFileSync(join(two.outDir, name))), `${name}: 1 worker ≠ 2 workers`);
    assert.ok(expected.equals(readFileSync(join(main.outDir, name))), `${name}: workers ≠ main thread`);
    assert.ok(expected.equals(readFileSync(join(streamed.outDir, name))), `${name}: keepRows false differs`);
    assert.ok(expected.equals(readFileSync(join(fitted.outDir, name))), `${name}: fitted pool differs`);
  }
  assert.deepEqual(stableManifest(two.outDir), stableManifest(one.outDir));
  assert.deepEqual(stableManifest(main.outDir), stableManifest(one.outDir));
  assert.deepEqual(stableManifest(streamed.outDir), stableManifest(one.outDir));
  // The store keeps each run's manifest without the list of inputs (its documents and failures have them).
  const store = openStore(join(dir, "one.db"));
  try {
    const stored = store.getRun(one.result.manifest.run_id)?.manifest as Record<string, unknown>;
    assert.deepEqual(stored.counts, one.result.manifest.counts);
    assert.ok(!("inputs" in stored), "no inputs in the stored manifest");
  } finally {
    store.close();
  }
  // Papers come out in input order (sorted paths), whatever finished first.
  const files = one.result.rows.map((r) => r.file);
  assert.deepEqual(
    [...new Set(files)],
    [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
});

test("a rerun on the same store answers nothing again and writes the same outputs", { timeout: 120_000 }, async () => {
  const dir = corpus();
  const first = await run(dir, "same", { workers: 2 });
  const firstBytes = DATA_FILES.map((name) => readFileSync(join(first.outDir, name)));
  const again = await run(dir, "same", { workers: 2 });
  const statuses = again.result.manifest.inputs.map((i) => i.status);
  assert.equal(statuses.filter((s) => s === "reused").length, 32, statuses.join(","));
  assert.ok(
    again.result.manifest.inputs.every((i) => i.status !== "done"),
    "no paper answered again",
  );
  DATA_FILES.forEach((name, i) => {
    assert.ok(firstBytes[i].equals(readFileSync(join(again.outDir, name))), `${name} changed on the rerun`);
  });
});

test("answers from a worker whose engine is not the run's are error rows, not a crash", {
  timeout: 120_000,
}, async () => {
  const dir = corpus();
  // Settings that do not describe the engine: every paper's worker answers differ from the run's engine.
  const { result } = await run(dir, "mismatch", {
    workers: 2,
    engine: createExtractiveEngine({ thresholdScale: 2 }),
    engineSettings: {},
  });
  assert.equal(result.manifest.counts.failed, 33);
  const errors = result.rows.filter((r) => r.error);
  assert.equal(errors.length, 33);
  assert.ok(
    errors.some((r) => /another engine/.test(r.error ?? "")),
    errors[0]?.error ?? "",
  );
});

test("papers are stored in batches; no more than one batch waits while rows grow", { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-batches-"));
  writeTextPapers(join(dir, "papers"), 240);
  const store = openStore(join(dir, "batches.db"));
  // Counted through a second connection: it sees committed papers only (the writer's own connection
  // sees the papers of the batch it is filling).
  const reader = new Database(join(dir, "batches.db"), { readonly: true });
  const stored = reader.prepare("SELECT count(*) AS n FROM documents");
  const waiting: number[] = [];
  try {
    const { manifest } = await extract({
      inputs: [join(dir, "papers")],
      store,
      workers: 2,
      writeBatch: { maxPapers: 20, maxMs: 60_000 },
      onProgress: ({ done }) => waiting.push(done - (stored.get() as { n: number }).n),
    });
    assert.equal(manifest.counts.failed, 0);
    assert.equal((stored.get() as { n: number }).n, 240);
  } finally {
    reader.close();
    store.close();
  }
  // Rows grow to 240 papers; the papers answered and not yet stored never exceed one batch.
  assert.equal(waiting.length, 240);
  assert.ok(Math.max(...waiting) <= 20, `at most one batch waits, saw ${Math.max(...waiting)}`);
  assert.ok(waiting.filter((n) => n === 0).length >= 240 / 20 - 1, "each full batch was committed as it filled");
  assert.ok(
    waiting.some((n) => n > 1),
    "papers were held for a batch, not written one by one",
  );
});
