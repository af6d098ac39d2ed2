// Read-only commands on stores they must not change (issue 14, finding 11): `report`, `gold export`
// and `eval` open the store read-only, refuse a file that is not a store, and work on a read-only
// store in a read-only folder.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import type { CliIO } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { makeTestStore, PAPER_A, tickingClock } from "../src/report/html/_test-store.js";
import { addReview } from "../src/store/reviews.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), "methodscope-readonly-"));
after(() => {
  for (const sub of readdirSync(dir)) chmodSync(join(dir, sub), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** A store with two papers, two engines and one review, closed (so no -wal file is left). */
function makeStore(path: string): string {
  const store = makeTestStore(tickingClock(), path);
  addReview(store, { documentId: PAPER_A, cq: 1, action: "correct", reported: "no", reviewer: "ana" });
  store.close();
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd: dir };
  const code = await main(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/**
 * Root ignores file modes, so as root the CLI runs as `nobody` to meet a read-only file as a user
 * would; returns why it cannot when that is not possible.
 */
function otherUser(): { uid?: number; gid?: number; unavailable?: string } {
  if (process.getuid?.() !== 0) return {};
  const probe = spawnSync(process.execPath, ["--import", "tsx", "-e", ""], {
    cwd: repoRoot,
    uid: 65534,
    gid: 65534,
    env: { ...process.env, HOME: dir },
  });
  if (probe.status !== 0) return { unavailable: `running as root and tsx does not start as nobody: ${probe.stderr}` };
  return { uid: 65534, gid: 65534 };
}

function cliProcess(user: { uid?: number; gid?: number }, ...argv: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...argv], {
    cwd: repoRoot,
    ...user,
    env: { ...process.env, HOME: dir },
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stderr: string }>((done) =>
    child.on("exit", (code) => done({ code, stderr })),
  );
}

describe("read-only commands", () => {
  chmodSync(dir, 0o755); // so that `nobody` can reach the files below when the tests run as root

  test("report, gold export and eval refuse a zero-byte --db with not-a-store and leave it empty", async () => {
    const db = join(dir, "zero.db");
    writeFileSync(db, "");
    writeFileSync(join(dir, "empty-gold.jsonl"), "");
    const commands = [
      ["report", "--db", db, "--out", join(dir, "zero-report.html")],
      ["gold", "export", "--db", db, "--out", join(dir, "zero-gold.jsonl")],
      ["eval", "--db", db, "--gold", join(dir, "empty-gold.jsonl")],
    ];
    for (const argv of commands) {
      const result = await run(...argv);
      assert.notEqual(result.code, 0, `${argv[0]} succeeded on an empty file`);
      assert.match(result.stderr, /not-a-store: .*zero\.db is an empty file/);
      assert.equal(statSync(db).size, 0, `${argv[0]} wrote to the empty file`);
      assert.equal(existsSync(`${db}-wal`), false);
      assert.equal(existsSync(`${db}-shm`), false);
    }
    assert.equal(existsSync(join(dir, "zero-report.html")), false);
    assert.equal(existsSync(join(dir, "zero-gold.jsonl")), false);
  });

  test("report and gold export leave a writable store's file as it was", async () => {
    const db = makeStore(join(dir, "writable.db"));
    const before = { bytes: readFileSync(db), mtime: statSync(db).mtimeMs };
    assert.equal((await run("report", "--db", db, "--out", join(dir, "w.html"))).code, 0);
    assert.equal((await run("gold", "export", "--db", db, "--out", join(dir, "w-gold.jsonl"))).code, 0);
    assert.deepEqual(readFileSync(db), before.bytes);
    assert.equal(statSync(db).mtimeMs, before.mtime);
  });

  test("report, gold export and eval work on a read-only store in a read-only folder", async (t) => {
    const user = otherUser();
    if (user.unavailable) {
      t.skip(user.unavailable);
      return;
    }
    const folder = join(dir, "ro");
    mkdirSync(folder);
    const db = makeStore(join(folder, "store.db"));
    const site = join(dir, "site");
    mkdirSync(site);
    chmodSync(site, 0o777);
    chmodSync(db, 0o444);
    chmodSync(folder, 0o555);
    const before = readFileSync(db);

    const report = await cliProcess(user, "report", "--db", db, "--out", join(site, "report.html"));
    assert.equal(report.code, 0, report.stderr);
    assert.match(readFileSync(join(site, "report.html"), "utf8"), /<html/i);
    const gold = await cliProcess(user, "gold", "export", "--db", db, "--out", join(site, "gold.jsonl"));
    assert.equal(gold.code, 0, gold.stderr);
    const evaluation = await cliProcess(user, "eval", "--db", db, "--gold", join(site, "gold.jsonl"));
    assert.equal(evaluation.code, 0, evaluation.stderr);
    assert.doesNotMatch(report.stderr + gold.stderr + evaluation.stderr, /readonly database/);

    assert.deepEqual(readdirSync(folder), ["store.db"], "no -wal or -shm file is left beside it");
    assert.deepEqual(readFileSync(db), before);
  });

  test("a read-only folder holding a pending write-ahead log gives a clear store error", async (t) => {
    const user = otherUser();
    if (user.unavailable) {
      t.skip(user.unavailable);
      return;
    }
    const folder = join(dir, "ro-wal");
    mkdirSync(folder);
    // Copied while the writer is still open: its last writes are only in the -wal file.
    const writer = makeTestStore(tickingClock(), join(dir, "live.db"));
    addReview(writer, { documentId: PAPER_A, cq: 2, action: "correct", reported: "yes", reviewer: "bo" });
    copyFileSync(join(dir, "live.db"), join(folder, "store.db"));
    copyFileSync(join(dir, "live.db-wal"), join(folder, "store.db-wal"));
    writer.close();
    chmodSync(folder, 0o555);
    const result = await cliProcess(user, "report", "--db", join(folder, "store.db"), "--out", join(dir, "x.html"));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /methodscope: store: .*write-ahead log/);
    assert.doesNotMatch(result.stderr, /internal/);
  });
});
