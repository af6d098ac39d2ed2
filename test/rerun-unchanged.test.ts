// A rerun into a folder that already holds what it would write leaves the folder alone (src/pipeline/up-to-date.ts),
// and every change that could alter a row or a file makes it a full run again.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { type ExtractOptions, extract } from "../src/pipeline/extract.js";
import { OUTPUT_FILES, verifyOutputs } from "../src/report/write-outputs.js";
import { openStore } from "../src/store/index.js";
import { dlPaperText, nonDlPaperText } from "./fixtures/text-papers.js";

function corpus(): { dir: string; papers: string; out: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-unchanged-"));
  const papers = join(dir, "papers");
  mkdirSync(papers);
  for (let i = 0; i < 4; i++) writeFileSync(join(papers, `dl-${i}.txt`), dlPaperText(i));
  writeFileSync(join(papers, "sdm.txt"), nonDlPaperText());
  return { dir, papers, out: join(dir, "out"), db: join(dir, "store.db") };
}

const run = (c: ReturnType<typeof corpus>, extra: Partial<ExtractOptions> = {}) =>
  extract({ inputs: [c.papers], outDir: c.out, dbPath: c.db, keepRows: false, workers: 1, ...extra });

/** Each output file's modification time and bytes. */
function outputState(out: string): Record<string, string> {
  return Object.fromEntries(
    Object.values(OUTPUT_FILES).map((name) => {
      const path = join(out, name);
      return [name, `${statSync(path).mtimeMs}:${readFileSync(path, "utf8").length}`];
    }),
  );
}

function runCount(db: string): number {
  const store = openStore(db);
  try {
    return Number(store.db.prepare("SELECT count(*) FROM runs").pluck().get());
  } finally {
    store.close();
  }
}

describe("a rerun with nothing changed", () => {
  test("leaves the output set and the store as they are, and says so", async () => {
    const c = corpus();
    const first = await run(c);
    assert.equal(first.unchanged, undefined);
    assert.match(first.manifest.output_key ?? "", /^[0-9a-f]{64}$/);
    const before = outputState(c.out);
    const runs = runCount(c.db);

    const again = await run(c);
    assert.equal(again.unchanged, true);
    assert.deepEqual(again.written, []);
    assert.equal(again.manifest.run_id, first.manifest.run_id, "the manifest is the folder's run.json");
    assert.deepEqual(outputState(c.out), before, "no output file was rewritten");
    assert.equal(runCount(c.db), runs, "no run was recorded");
    assert.equal(verifyOutputs(c.out).state, "consistent");
  });

  test("a changed, added or renamed input makes a full run", async () => {
    const c = corpus();
    await run(c);
    appendFileSync(join(c.papers, "dl-1.txt"), "\nThe camera traps were checked every month.\n");
    const changed = await run(c);
    assert.notEqual(changed.unchanged, true);
    assert.equal(changed.manifest.counts.done, 1, "only the changed paper is answered again");
    assert.equal((await run(c)).unchanged, true, "and the run after it is unchanged again");

    writeFileSync(join(c.papers, "dl-9.txt"), dlPaperText(9));
    const added = await run(c);
    assert.notEqual(added.unchanged, true);
    assert.equal(added.manifest.counts.papers, 6);

    // Same bytes under another name: the rows carry the file name.
    const renamed = corpus();
    await run(renamed);
    writeFileSync(join(renamed.papers, "dl-0.txt"), dlPaperText(7));
    writeFileSync(join(renamed.papers, "dl-7.txt"), dlPaperText(0));
    assert.notEqual((await run(renamed)).unchanged, true);
  });

  test("an output file changed by hand, another run on the store, or other options make a full run", async () => {
    const c = corpus();
    await run(c);
    appendFileSync(join(c.out, OUTPUT_FILES.resultsCsv), "edited by hand\n");
    const afterEdit = await run(c);
    assert.notEqual(afterEdit.unchanged, true);
    assert.equal(verifyOutputs(c.out).state, "consistent", "the set is written again");

    // Another run on the same store (into another folder) may have changed what this folder's rows read.
    await run(c, { outDir: join(c.dir, "elsewhere") });
    assert.notEqual((await run(c)).unchanged, true);
    assert.equal((await run(c)).unchanged, true);

    assert.notEqual((await run(c, { groupBy: ["venue"] })).unchanged, true, "rates.csv groups otherwise");
    assert.notEqual((await run(c, { force: true })).unchanged, true, "--force answers again");
    const kept = await run(c, { keepRows: true });
    assert.notEqual(kept.unchanged, true, "a caller that wants the rows gets them");
    assert.equal(kept.rows.length, 5 * 28);
  });

  test("a --metadata file whose content changed makes a full run", async () => {
    const c = corpus();
    const records = join(c.dir, "records.csv");
    writeFileSync(records, "file,title\ndl-0.txt,Marmots counted\n");
    await run(c, { metadata: records });
    assert.equal((await run(c, { metadata: records })).unchanged, true);
    writeFileSync(records, "file,title\ndl-0.txt,Marmots counted again\n");
    assert.notEqual((await run(c, { metadata: records })).unchanged, true);
  });

  test("a run with a failed input records no output key: the next run retries it", async () => {
    const c = corpus();
    writeFileSync(join(c.papers, "broken.pdf"), "not a pdf at all");
    const first = await run(c);
    assert.equal(first.manifest.counts.failed, 1);
    assert.equal(first.manifest.output_key, undefined);
    assert.notEqual((await run(c)).unchanged, true);
  });

  test("the CLI says that nothing changed", { timeout: 60_000 }, async () => {
    const c = corpus();
    const repoRoot = resolve(new URL("..", import.meta.url).pathname);
    const cli = ["--import", import.meta.resolve("tsx"), join(repoRoot, "src/cli/main.ts")];
    const args = [...cli, "extract", "papers", "--out", "out", "--db", "store.db"];
    const first = spawnSync(process.execPath, args, { cwd: c.dir, encoding: "utf8" });
    assert.equal(first.status, 0, first.stderr);
    const again = spawnSync(process.execPath, args, { cwd: c.dir, encoding: "utf8" });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing changed since run \S+ \(5 inputs, same store\)/);
  });
});
