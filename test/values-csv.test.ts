/**
 * values.csv and the `applicable` column on real extractions: the example PDFs and generated text
 * papers, run through `extract` into a temp folder (issue 16, items 1 and 4).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { extract } from "../src/pipeline/extract.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import type { ResultRow } from "../src/report/rows.js";
import { VALUE_COLUMNS } from "../src/report/rows.js";
import { csvRecords } from "./fixtures/csv.js";
import { dlPaperText, nonDlPaperText } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);

describe("values.csv from extract", () => {
  let dir: string;
  let out: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-values-"));
    writeFileSync(join(dir, "marmots.txt"), dlPaperText(3));
    writeFileSync(join(dir, "salamanders.txt"), nonDlPaperText());
    out = join(dir, "out");
    await extract({
      inputs: [join(repoRoot, "examples/papers"), join(dir, "marmots.txt"), join(dir, "salamanders.txt")],
      outDir: out,
      dbPath: join(dir, "store.db"),
      questions: builtinQuestions(),
      questionSource: "builtin",
      chunking: "sections",
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("one row per paper with the normalised values, listed in run.json with its hash", { timeout: 60_000 }, () => {
    const text = readFileSync(join(out, "values.csv"), "utf8");
    assert.ok(
      text.startsWith(`paper_id,file,title,authors,year,venue,doi,${VALUE_COLUMNS.map((c) => c.name).join(",")}\r\n`),
    );
    const rows = csvRecords(text);
    assert.equal(rows.length, 5, "three example PDFs and two text papers");
    const byFile = (name: string) => {
      const row = rows.find((r) => r.file.endsWith(name));
      assert.ok(row, name);
      return row;
    };
    const camera = byFile("camera-trap-resnet.pdf");
    assert.equal(camera.optimizer, "Adam");
    assert.equal(camera.learning_rate, "0.001");
    assert.equal(camera.batch_size, "32");
    assert.equal(camera.epochs, "37");
    assert.equal(camera.seeds, "42");
    assert.equal(camera.code_url, "https://github.com/nordwald-wildlife/nct12-resnet");
    assert.equal(camera.data_url, "https://doi.org/10.5281/zenodo.10000042");
    assert.match(camera.hardware, /NVIDIA RTX 3090 GPU/);
    assert.match(camera.frameworks, /PyTorch 2\.1/);
    assert.equal(camera.split, "70% training; 15% validation; 15% test");
    const lake = byFile("lake-oxygen-lstm.pdf");
    assert.equal(lake.optimizer, "RMSprop");
    assert.equal(lake.learning_rate, "0.0005");
    assert.match(lake.models, /LSTM/);
    const marmots = byFile("marmots.txt");
    assert.equal(marmots.learning_rate, "0.004", "generated paper 3: learning rate 0.004");
    // The engine also reads "a batch size of 32 and 23 epochs" as two epoch counts; the table shows what it found.
    assert.match(marmots.epochs, /\b23\b/);
    assert.equal(marmots.code_url, "https://github.com/example-lab/marmot-counter-3");
    const maxent = byFile("species-distribution-maxent.pdf");
    assert.equal(maxent.optimizer, "", "not a deep-learning study: no optimizer");
    assert.match(maxent.metrics, /AUC/);
    const manifest = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    assert.deepEqual(manifest.files["values.csv"], {
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
      bytes: Buffer.byteLength(text),
    });
  });

  test("results rows say which answers do not apply (deep-learning questions, non-DL study)", () => {
    const rows = readFileSync(join(out, "results.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as ResultRow);
    const dlSpecific = new Set(
      builtinQuestions()
        .filter((q) => q.dlSpecific)
        .map((q) => q.cq),
    );
    for (const name of ["species-distribution-maxent.pdf", "salamanders.txt"]) {
      const paper = rows.filter((r) => r.file.endsWith(name));
      assert.ok(paper.length > 0, name);
      for (const r of paper) {
        const expected = !(r.reported === "no" && dlSpecific.has(r.cq ?? 0));
        assert.equal(r.applicable, expected, `${name} CQ${r.cq} (${r.reported})`);
      }
      assert.ok(paper.some((r) => r.applicable === false));
    }
    for (const r of rows.filter((x) => x.file.endsWith("camera-trap-resnet.pdf") || x.file.endsWith("marmots.txt")))
      assert.equal(r.applicable, true, `a deep-learning study: CQ${r.cq} applies`);
    const csv = csvRecords(readFileSync(join(out, "results.csv"), "utf8"));
    assert.deepEqual(
      csv.map((r) => r.applicable),
      rows.map((r) => String(r.applicable)),
    );
  });
});
