import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import type { ResultRow } from "../src/report/rows.js";
import { writeTextPapers } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
// tsx is resolved from this repository, since the child runs in a temporary folder.
const cli = ["--import", import.meta.resolve("tsx"), join(repoRoot, "src/cli/main.ts")];
const PAPERS = 150;

function answerCount(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM answers").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the schema may not exist yet
  }
}

test("SIGKILL mid-run, then the same command again: every row once, none missing", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-resume-"));
  writeTextPapers(join(dir, "papers"), PAPERS, 6);
  const args = [...cli, "extract", "papers", "--out", "out", "--db", "store.db", "--quiet"];

  const child = spawn(process.execPath, args, { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  let killedAt = -1;
  // Kill as soon as some, but not all, papers are stored.
  while (child.exitCode === null) {
    const n = answerCount(join(dir, "store.db"));
    if (n > 0) {
      child.kill("SIGKILL");
      killedAt = n;
      break;
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  await exited;
  assert.ok(killedAt > 0 && killedAt < PAPERS * 28, `killed with ${killedAt} answers stored: not mid-run`);
  assert.equal(killedAt % 28, 0, "each paper's answers are stored in one transaction");
  assert.ok(!existsSync(join(dir, "out", "results.jsonl")), "the killed run wrote no results");

  const again = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
  assert.equal(again.status, 0, again.stderr);
  const rows = readFileSync(join(dir, "out", "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ResultRow);
  assert.equal(rows.length, PAPERS * 28);
  const keys = new Set(rows.map((r) => `${r.paper_id}/${r.cq}`));
  assert.equal(keys.size, PAPERS * 28, "no duplicate (paper, cq)");
  const manifest = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8"));
  assert.ok(manifest.counts.reused > 0, "papers stored before the kill were reused");
  assert.equal(manifest.counts.reused + manifest.counts.done, PAPERS);
  assert.equal(answerCount(join(dir, "store.db")), PAPERS * 28);
});
