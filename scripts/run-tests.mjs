#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's own test runner (TypeScript through tsx).
// Extra arguments are substrings that select test files: `npm test -- chunk store`.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, full));
  }
  return out;
}

const files = [...walk(join(root, "src"), []), ...walk(join(root, "test"), [])]
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(" ")}`);
  process.exit(1);
}
// Every temporary folder a test makes lands in one folder of this run, removed at the end
// (METHODSCOPE_KEEP_TEST_TMP=1 keeps it to look at). tsx's compile cache stays where it was.
const systemTmp = tmpdir();
const runTmp = mkdtempSync(join(systemTmp, "methodscope-tests-"));
// Open to every user, as the system's own is: a test runs a child as user nobody, who needs its files there.
chmodSync(runTmp, 0o1777);
const tsxCache = `tsx-${userInfo().uid}`;
mkdirSync(join(systemTmp, tsxCache), { recursive: true });
symlinkSync(join(systemTmp, tsxCache), join(runTmp, tsxCache));
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, METHODSCOPE_TEST: "1", TMPDIR: runTmp } },
);
if (process.env.METHODSCOPE_KEEP_TEST_TMP === "1") console.error(`test temporary files kept in ${runTmp}`);
else rmSync(runTmp, { recursive: true, force: true });
process.exit(result.status ?? 1);
