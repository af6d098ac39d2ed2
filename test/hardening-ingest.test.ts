/**
 * Issue 14, findings 1, 4, 5 and 6: hostile inputs end as error rows while the other inputs of
 * the same run are answered. Each run is a process of its own (test/fixtures/extract-driver.ts,
 * calling the library's extract()), so its peak memory can be measured and a hang or a runaway
 * read cannot take the test runner with it.
 */
import assert from "node:assert/strict";
import { execFileSync, type SpawnSyncOptions, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { bombPdf } from "./fixtures/bomb-pdf.js";
import { makePdf, manyPages } from "./fixtures/pdf-writer.js";
import { dlPaperText } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const driver = join(repoRoot, "test", "fixtures", "extract-driver.ts");
const GIB_KIB = 1024 * 1024;
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

interface DriverReport {
  inputs: Array<{ file: string; status: string; error?: string }>;
  answered: string[];
  maxRssKiB: number;
}

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-hardening-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Runs extract() with `options` in a child process; a hang or runaway ends at `timeoutMs`. */
function runExtract(options: Record<string, unknown>, timeoutMs = 120_000, spawnOptions: SpawnSyncOptions = {}) {
  const child = spawnSync(process.execPath, ["--import", "tsx", driver, JSON.stringify(options)], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 16 * 1024 * 1024,
    ...spawnOptions,
  });
  const stdout = String(child.stdout ?? "");
  const line = stdout.trim().split("\n").pop() ?? "";
  const why = `status ${child.status}, signal ${child.signal}, stderr: ${String(child.stderr ?? "").slice(-2000)}`;
  assert.ok(line.startsWith("{"), `the run printed no report (${why})`);
  return { status: child.status, report: JSON.parse(line) as DriverReport, why };
}

const errorOf = (report: DriverReport, name: string): string =>
  report.inputs.find((i) => i.file.endsWith(name))?.error ?? `no error row for ${name}`;

describe("extract on hostile inputs", () => {
  test("decompression bombs end as pdf-too-large rows under 1 GB while the other papers are answered", () => {
    const dir = workspace({
      "bomb-512mib.pdf": bombPdf({ mib: 512 }),
      "bomb-shared-16-pages.pdf": bombPdf({ mib: 512, pages: 16, shared: true }),
      "bomb-1gib.pdf": bombPdf({ mib: 1024 }),
      "bomb-double-flate.pdf": bombPdf({ mib: 1024, doubleFlate: true }),
      "paper.pdf": makePdf(manyPages(3)),
      "paper.txt": dlPaperText(7),
    });
    // Two threads at once, as asked (a run this small would otherwise start one): the watchdog sees both.
    const { status, report, why } = runExtract({
      inputs: [dir],
      outDir: join(dir, "out"),
      workers: 2,
      exactWorkers: true,
    });
    assert.equal(status, 1, why);
    for (const name of ["bomb-512mib.pdf", "bomb-shared-16-pages.pdf", "bomb-1gib.pdf", "bomb-double-flate.pdf"]) {
      assert.match(errorOf(report, name), /^pdf-too-large: /, name);
    }
    assert.deepEqual(report.answered.sort(), [join(dir, "paper.pdf"), join(dir, "paper.txt")]);
    assert.ok(report.maxRssKiB < GIB_KIB, `peak memory ${(report.maxRssKiB / 1024).toFixed(0)} MB`);
  });

  test("a FIFO, /dev/zero, a binary .txt and an oversize .txt each get one error row; nothing hangs", () => {
    const dir = workspace({
      "paper.txt": dlPaperText(3),
      "random.txt": Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 3)) % 256)),
      "huge.md": `${"Long line of text about nothing in particular. ".repeat(60_000)}`,
    });
    execFileSync("mkfifo", [join(dir, "pipe.pdf")]);
    const started = performance.now();
    const { status, report, why } = runExtract({ inputs: [dir, "/dev/zero"], maxFileMb: 1 }, 60_000);
    assert.ok(performance.now() - started < 60_000);
    assert.equal(status, 1, why);
    assert.match(errorOf(report, "pipe.pdf"), /^not-a-regular-file: /);
    assert.match(errorOf(report, "/dev/zero"), /^not-a-regular-file: /);
    assert.match(errorOf(report, "random.txt"), /^binary-file: /);
    assert.match(errorOf(report, "huge.md"), /^file-too-large: .*--max-file-mb/);
    assert.equal(report.inputs.filter((i) => i.status === "failed").length, 4);
    assert.deepEqual(report.answered, [join(dir, "paper.txt")]);
  });

  test("a file that reads longer than the time limit is a timeout row; the run goes on", () => {
    const dir = workspace({
      "a-paper.txt": dlPaperText(5),
      // Within the stream budget (64 MiB shared by 16 pages) but many seconds of pdf.js work.
      "b-slow.pdf": bombPdf({ mib: 64, pages: 16, shared: true }),
      "c-paper.pdf": makePdf(manyPages(2)),
    });
    const { status, report, why } = runExtract({ inputs: [dir], pdfTimeoutS: 2, workers: 1 });
    assert.equal(status, 1, why);
    assert.match(errorOf(report, "b-slow.pdf"), /^timeout: .*--pdf-timeout/);
    assert.deepEqual(report.answered, [join(dir, "a-paper.txt"), join(dir, "c-paper.pdf")]);
  });

  test("a folder that cannot be read is one unreadable row; the rest of the run is answered", (t) => {
    const dir = workspace({ "a.txt": dlPaperText(1), "locked/b.txt": dlPaperText(2), "z.txt": dlPaperText(4) });
    const spawnOptions: SpawnSyncOptions = {};
    if (isRoot) {
      // Root reads everything: run the child as nobody, who must be able to read the repository.
      const probe = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(driver)})`], {
        uid: NOBODY,
        gid: NOBODY,
      });
      if (probe.status !== 0) {
        t.skip("running as root and user nobody cannot read the repository: EACCES cannot be observed");
        return;
      }
      const own = (path: string) => {
        chownSync(path, NOBODY, NOBODY);
        if (statSync(path).isDirectory()) for (const name of readdirSync(path)) own(join(path, name));
      };
      own(dir);
      Object.assign(spawnOptions, { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } });
    }
    chmodSync(join(dir, "locked"), 0o000);
    try {
      const { status, report, why } = runExtract({ inputs: [dir] }, 120_000, spawnOptions);
      assert.equal(status, 1, why);
      const failed = report.inputs.filter((i) => i.status === "failed");
      assert.equal(failed.length, 1);
      assert.equal(failed[0].file, join(dir, "locked"));
      assert.match(failed[0].error ?? "", /^unreadable: .*permission denied/);
      assert.deepEqual(report.answered, [join(dir, "a.txt"), join(dir, "z.txt")]);
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });
});
