import assert from "node:assert/strict";
import { test } from "node:test";
import type { CliIO } from "./io.js";
import { createProgressBar, failureLine } from "./progress.js";

function io(isTTY: boolean) {
  const err: string[] = [];
  const cli: CliIO = { stdout: () => {}, stderr: (s) => err.push(s), isTTY, env: {}, cwd: "/" };
  return { cli, err };
}

test("draws a redrawn bar with counts and the file name on a terminal, then clears it", () => {
  const { cli, err } = io(true);
  const bar = createProgressBar(cli, { quiet: false, width: 10 });
  bar.onProgress({ done: 1, total: 4, file: "/papers/a.pdf", status: "done" });
  bar.onProgress({ done: 2, total: 4, file: "/papers/b.pdf", status: "failed", error: "corrupt-pdf: x" });
  bar.finish();
  assert.match(err[0] ?? "", /^\r\x1b\[2K\[###-------\] 1\/4 eta \d+s a\.pdf$/);
  assert.match(err[1] ?? "", /\[#####-----\] 2\/4 \(1 failed\)/);
  assert.equal(err.at(-1), "\r\x1b[2K");
});

test("silent when piped or with --quiet", () => {
  for (const [tty, quiet] of [
    [false, false],
    [true, true],
  ] as const) {
    const { cli, err } = io(tty);
    const bar = createProgressBar(cli, { quiet });
    bar.onProgress({ done: 1, total: 1, file: "a.pdf", status: "done" });
    bar.finish();
    assert.deepEqual(err, []);
  }
});

test("control characters in a file name are escaped: no forged line on the bar or the failure line", () => {
  const evil = "/papers/evil\nmethodscope: all good.pdf";
  const { cli, err } = io(true);
  const bar = createProgressBar(cli, { quiet: false, width: 10 });
  bar.onProgress({ done: 1, total: 1, file: evil, status: "failed", error: "not-a-pdf: x" });
  assert.ok(!err.join("").includes("\n"), JSON.stringify(err));
  assert.match(err[0] ?? "", /evil\\nmethodscope: all good\.pdf$/);

  const line = failureLine(evil, "not-a-pdf: bad\r\x1b[2Kmethodscope: ok");
  assert.equal(line.split("\n").length, 2, "one line, ended by its own newline");
  assert.ok(!/\r|\x1b/.test(line));
  assert.equal(
    line,
    "methodscope: /papers/evil\\nmethodscope: all good.pdf: not-a-pdf: bad\\r\\u001b[2Kmethodscope: ok\n",
  );
});
