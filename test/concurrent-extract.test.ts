// Several `extract` processes on one store (issue 14, finding 2): every paper must be stored exactly
// once, no process may fail a paper with "database is locked", and no stale failure row may remain.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import type { RunManifest } from "../src/pipeline/manifest.js";
import { openStore } from "../src/store/index.js";
import { dlPaperText, nonDlPaperText } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), "methodscope-concurrent-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const PAPERS = 40;

/** A folder of PAPERS distinct short papers (distinct hashes), mostly deep-learning method texts. */
function paperFolder(): string {
  const folder = join(dir, "papers");
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < PAPERS; i++) {
    const text = i % 8 === 7 ? `${nonDlPaperText()}\nSite ${i}.\n` : dlPaperText(i);
    writeFileSync(join(folder, `paper-${String(i).padStart(2, "0")}.txt`), text);
  }
  return folder;
}

interface Finished {
  code: number | null;
  stderr: string;
  out: string;
}

function runExtract(folder: string, db: string, out: string): Promise<Finished> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "extract", folder, "--db", db, "-q", "--out", out],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((done) => child.on("exit", (code) => done({ code, stderr, out })));
}

/** Starts `processes` extract runs at once on one (new) store and checks what they left. */
async function concurrentRuns(processes: number): Promise<void> {
  const folder = join(dir, "papers");
  const db = join(dir, `store-${processes}.db`);
  const runs = await Promise.all(
    Array.from({ length: processes }, (_, i) => runExtract(folder, db, join(dir, `out-${processes}-${i}`))),
  );
  for (const [i, run] of runs.entries()) {
    assert.equal(run.code, 0, `process ${i} of ${processes} exited ${run.code}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /locked|busy/i);
    const manifest = JSON.parse(readFileSync(join(run.out, "run.json"), "utf8")) as RunManifest;
    assert.equal(manifest.counts.failed, 0, `process ${i} failed papers`);
    assert.equal(manifest.counts.papers, PAPERS);
  }
  const store = openStore(db, { readonly: true });
  try {
    const docs = store.db.prepare("SELECT path, count(*) AS n FROM documents GROUP BY path").all() as {
      path: string;
      n: number;
    }[];
    assert.equal(docs.length, PAPERS, "every paper is stored");
    assert.ok(
      docs.every((d) => d.n === 1),
      "no paper is stored twice",
    );
    const answered = store.db
      .prepare("SELECT count(DISTINCT document_id) AS n FROM answers GROUP BY run_key")
      .pluck()
      .all() as number[];
    assert.deepEqual(answered, [PAPERS], "every paper has answers, under one run key");
    assert.deepEqual(store.listFailures(), [], "no failure rows remain");
    assert.equal(store.db.pragma("integrity_check", { simple: true }), "ok");
  } finally {
    store.close();
  }
}

describe("concurrent extract runs on one store", () => {
  paperFolder();

  test("two processes store every paper exactly once, with no failures", { timeout: 120_000 }, async () => {
    await concurrentRuns(2);
  });

  test("four processes store every paper exactly once, with no failures", { timeout: 120_000 }, async () => {
    await concurrentRuns(4);
  });
});
