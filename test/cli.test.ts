import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { EXTRACTIVE_VERSION } from "../src/answer/extractive/index.js";
import type { CliIO } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import type { RunManifest } from "../src/pipeline/manifest.js";
import type { ResultRow } from "../src/report/rows.js";
import { openStore } from "../src/store/index.js";
import { dlPaperText, nonDlPaperText } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const k24Questions = resolve(repoRoot, "../shared/k24/CQs.txt");

function captureIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

function readRows(outDir: string): ResultRow[] {
  return readFileSync(join(outDir, "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ResultRow);
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-cli-"));
  writeFileSync(join(dir, "marmots.txt"), dlPaperText(1));
  writeFileSync(join(dir, "salamanders.md"), nonDlPaperText());
  return dir;
}

describe("methodscope extract (CLI, in-process)", () => {
  test("answers every question for every paper and writes the four outputs", async () => {
    const dir = workspace();
    const cap = captureIO(dir);
    const code = await main(["extract", ".", "--out", "out", "--db", "store.db"], cap.io);
    assert.equal(code, 0, cap.stderr());
    const rows = readRows(join(dir, "out"));
    assert.equal(rows.length, 2 * 28);
    assert.deepEqual(new Set(rows.map((r) => r.cq)).size, 28);

    // Every quote is the exact text at its offsets in the stored cleaned text.
    const store = openStore(join(dir, "store.db"));
    try {
      for (const row of rows.filter((r) => r.reported === "yes")) {
        assert.ok(row.evidence.length > 0, `CQ${row.cq} of ${row.file} says yes without evidence`);
        const text = store.getDocument(row.paper_id ?? "")?.text ?? "";
        for (const e of row.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
      }
    } finally {
      store.close();
    }

    const marmot = (cq: number) => rows.find((r) => r.file.endsWith("marmots.txt") && r.cq === cq);
    assert.equal(marmot(13)?.reported, "yes");
    assert.equal(marmot(13)?.values.optimizer, "Adam");
    assert.equal(marmot(20)?.reported, "yes", "RTX 3090 is stated");
    // TensorFlow appears only in the References of the DL paper: not this paper's framework.
    assert.ok(!JSON.stringify(marmot(19)?.values ?? {}).includes("TensorFlow"));
    const salamander = (cq: number) => rows.find((r) => r.file.endsWith("salamanders.md") && r.cq === cq);
    assert.equal(salamander(13)?.reported, "no", "a MaxEnt study reports no DL hyperparameters");
    assert.match(salamander(13)?.answer ?? "", /not|no /i);

    const manifest = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8")) as RunManifest;
    assert.equal(manifest.counts.papers, 2);
    assert.equal(manifest.counts.failed, 0);
    assert.equal(manifest.inputs.length, 2);
    assert.ok(manifest.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256 ?? "")));
    assert.equal(manifest.reporting_rate.length, 28);
    assert.ok(manifest.timings_ms.total >= 0 && "answer" in manifest.timings_ms);

    const matrix = readFileSync(join(dir, "out", "matrix.csv"), "utf8")
      .trim()
      .split("\r\n");
    assert.equal(matrix.length, 3);
    assert.match(matrix[0] ?? "", /^paper_id,file,title,authors,year,venue,doi,reported_count,CQ1,.*,CQ28,error$/);
    const csv = readFileSync(join(dir, "out", "results.csv"), "utf8");
    assert.match(csv, /^paper_id,file,title,authors,year,venue,doi,cq,question,reported,answer,values/);
    assert.match(cap.stdout(), /reporting rate per question/);
  });

  test("--rules-only answers with the catalogue rules alone, under its own run key", async () => {
    const dir = workspace();
    const learned = captureIO(dir);
    assert.equal(await main(["extract", ".", "--out", "a", "--db", "store.db", "-q"], learned.io), 0, learned.stderr());
    const rules = captureIO(dir);
    assert.equal(
      await main(["extract", ".", "--out", "b", "--db", "store.db", "-q", "--rules-only"], rules.io),
      0,
      rules.stderr(),
    );
    const a = JSON.parse(readFileSync(join(dir, "a", "run.json"), "utf8")) as RunManifest;
    const b = JSON.parse(readFileSync(join(dir, "b", "run.json"), "utf8")) as RunManifest;
    assert.equal(a.engine.settings.version, EXTRACTIVE_VERSION);
    assert.match(String(a.engine.settings.learned), /^\d+\/\d+$/);
    assert.equal(b.engine.settings.learned, null);
    assert.notEqual(a.run_key, b.run_key, "a stored learned answer is never served for a rules-only run");
    assert.equal(b.counts.reused, 0);
    assert.equal(readRows(join(dir, "b")).length, 2 * 28);
  });

  test("a second run reuses the store; --force answers again; the same file twice is one paper", async () => {
    const dir = workspace();
    copyFileSync(join(dir, "marmots.txt"), join(dir, "marmots-copy.txt"));
    const args = ["extract", ".", "--out", "out", "--db", "store.db", "--quiet"];
    assert.equal(await main(args, captureIO(dir).io), 0);
    const firstText = readFileSync(join(dir, "out", "run.json"), "utf8");
    const first = JSON.parse(firstText) as RunManifest;
    assert.equal(first.counts.papers, 2);
    assert.equal(first.counts.duplicates, 1);
    assert.equal(readRows(join(dir, "out")).length, 2 * 28);

    // Into the same folder nothing changed, so the set is left as it is (rerun-unchanged.test.ts); into
    // another folder every answer comes from the store.
    assert.equal(await main(args, captureIO(dir).io), 0);
    assert.equal(readFileSync(join(dir, "out", "run.json"), "utf8"), firstText);
    assert.equal(await main(["extract", ".", "--out", "out2", "--db", "store.db", "--quiet"], captureIO(dir).io), 0);
    const second = JSON.parse(readFileSync(join(dir, "out2", "run.json"), "utf8")) as RunManifest;
    assert.equal(second.counts.reused, 2);
    assert.equal(second.counts.done, 0);
    assert.equal(readRows(join(dir, "out2")).length, 2 * 28);

    assert.equal(await main([...args, "--force"], captureIO(dir).io), 0);
    const third = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8")) as RunManifest;
    assert.equal(third.counts.done, 2);
  });

  test("bad inputs each get one error line; the rest is still answered; exit code 1", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "empty.pdf"), "");
    writeFileSync(join(dir, "not-really.pdf"), "this is plain text, not a PDF\n");
    const cap = captureIO(dir);
    const code = await main(["extract", ".", "missing-folder", "--out", "out", "--db", "s.db", "--quiet"], cap.io);
    assert.equal(code, 1);
    const rows = readRows(join(dir, "out"));
    const failed = rows.filter((r) => r.error);
    assert.deepEqual(failed.map((r) => r.error?.split(":")[0]).sort(), ["empty-file", "not-a-pdf", "not-found"].sort());
    assert.equal(rows.filter((r) => !r.error).length, 2 * 28);
    const errLines = cap.stderr().trim().split("\n");
    assert.equal(errLines.length, 3, cap.stderr());
    const manifest = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8")) as RunManifest;
    assert.equal(manifest.failures.length, 3);
  });

  test("a folder with no papers says so on stderr, even with --quiet, and writes empty outputs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-cli-empty-"));
    writeFileSync(join(dir, "notes.docx"), "not a paper");
    const cap = captureIO(dir);
    const code = await main(["extract", ".", "--out", "out", "--db", "s.db", "--quiet"], cap.io);
    assert.equal(code, 0, "an empty run is not a failure");
    assert.match(cap.stderr(), /no papers found in .*\(looked for \.pdf \.txt \.md \.xml \.nxml files\)/);
    assert.equal(readFileSync(join(dir, "out", "results.jsonl"), "utf8"), "");
  });

  test("usage errors exit 2; --help exits 0 for every command", async () => {
    const dir = workspace();
    assert.equal(await main(["extract"], captureIO(dir).io), 2);
    assert.equal(await main(["extract", ".", "--max-pages", "zero"], captureIO(dir).io), 2);
    assert.equal(await main(["extract", ".", "--questions", "nope.json"], captureIO(dir).io), 2);
    assert.equal(await main(["no-such-command"], captureIO(dir).io), 2);
    for (const cmd of [
      [],
      ["extract"],
      ["questions"],
      ["bench"],
      ["report"],
      ["serve"],
      ["gold", "export"],
      ["eval"],
    ]) {
      const cap = captureIO(dir);
      assert.equal(await main([...cmd, "--help"], cap.io), 0);
      assert.match(cap.stdout(), /Usage: methodscope/);
    }
    assert.ok(!existsSync(join(dir, "out")), "a usage error writes nothing");
  });

  test("--questions loads K24's one-question-per-line file", {
    skip: !existsSync(k24Questions) && "../shared/k24 is absent",
  }, async () => {
    const dir = workspace();
    const cap = captureIO(dir);
    const code = await main(
      ["extract", "marmots.txt", "--questions", k24Questions, "--out", "out", "--db", ":memory:", "--quiet"],
      cap.io,
    );
    assert.equal(code, 0, cap.stderr());
    const rows = readRows(join(dir, "out"));
    assert.equal(rows.length, 28);
    const k24Lines = readFileSync(k24Questions, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && l !== '"""');
    assert.equal(rows.find((r) => r.cq === 7)?.question, k24Lines[6]);
    assert.equal(rows.find((r) => r.cq === 7)?.reported, "yes");
  });
});
