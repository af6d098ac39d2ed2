import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { bombPdf } from "../../test/fixtures/bomb-pdf.js";
import { errorOf } from "../../test/fixtures/capture.js";
import { makePdf, manyPages } from "../../test/fixtures/pdf-writer.js";
import { loadDocument, readInputFile, readLimits } from "./load.js";
import { createReadPool, defaultWorkers } from "./read-pool.js";

// The heap worker next to this test, with this module's own extension (.ts under tsx).
const HEAP_WORKER = new URL(
  `./_test-heap-worker${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`,
  import.meta.url,
).pathname;

let dir = "";
const put = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const input = (path: string) => readInputFile(path, readLimits());

before(() => {
  dir = mkdtempSync(join(tmpdir(), "methodscope-pool-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("createReadPool", () => {
  test("reads PDFs and text in worker threads into the same Documents as loadDocument", async () => {
    const pdf = put("paper.pdf", makePdf(manyPages(3)));
    const txt = put("paper.txt", "Methods\n\nWe trained a CNN.\fResults\n\nIt worked.");
    const pool = createReadPool({ workers: 2 });
    try {
      assert.equal(pool.workers, 2);
      const [a, b] = await Promise.all([pool.read(await input(pdf)), pool.read(await input(txt))]);
      assert.deepEqual(a, await loadDocument(pdf));
      assert.deepEqual(b, await loadDocument(txt));
      assert.match(await errorOf(pool.read(await input(put("bad.pdf", "%PDF-1.4 nothing")))), /^corrupt-pdf/);
    } finally {
      await pool.close();
    }
    assert.ok(defaultWorkers() >= 1);
  });

  test("a worker's heap stays flat over thousands of tasks (no per-task MessagePort)", async () => {
    const pool = createReadPool({ workers: 1, worker: { filename: HEAP_WORKER, data: undefined } });
    const heapAfter = async () => Number((await errorOf(pool.read(tiny))).replace(/^internal: /, ""));
    const tiny = await input(put("tiny.txt", "Methods\n\nWe counted."));
    try {
      for (let i = 0; i < 200; i++) await heapAfter();
      const early = await heapAfter();
      for (let i = 0; i < 3000; i++) await heapAfter();
      const late = await heapAfter();
      // A MessagePort transferred with each task kept about 1.2 KB per task (3.6 MB here).
      assert.ok(late - early < 1_000_000, `the worker's heap grew by ${late - early} bytes over 3,000 tasks`);
    } finally {
      await pool.close();
    }
  });

  test("a file that takes longer than the time limit is stopped (timeout); the next file is read", async () => {
    // Passes the stream budget (64 MiB, shared by 16 pages) but takes pdf.js many seconds.
    const slow = put("slow.pdf", bombPdf({ mib: 64, pages: 16, shared: true }));
    const good = put("good.pdf", makePdf(manyPages(2)));
    const pool = createReadPool({ workers: 1, timeoutMs: 1500 });
    try {
      await pool.read(await input(good)); // the worker is up: the limit measures reading, not start-up
      const started = performance.now();
      assert.match(await errorOf(pool.read(await input(slow))), /^timeout: .*1\.5 s.*--pdf-timeout/);
      assert.ok(performance.now() - started < 5000);
      assert.equal((await pool.read(await input(good))).pageCount, 2);
    } finally {
      await pool.close();
    }
  });

  test("without the stream budget, the memory watchdog stops a bomb (pdf-too-large) under the cap", async () => {
    const bomb = put("bomb.pdf", bombPdf({ mib: 512 }));
    const good = put("good2.pdf", makePdf(manyPages(2)));
    const noBudget = { streamBytes: Number.POSITIVE_INFINITY, totalBytes: Number.POSITIVE_INFINITY };
    const pool = createReadPool({ workers: 1, memoryMb: 200, budget: noBudget });
    try {
      assert.match(await errorOf(pool.read(await input(bomb))), /^pdf-too-large: .*200 MB/);
      assert.equal((await pool.read(await input(good))).pageCount, 2);
    } finally {
      await pool.close();
    }
    const peakMb = process.resourceUsage().maxRSS / 1024;
    assert.ok(peakMb < 1024, `peak ${peakMb.toFixed(0)} MB`);
  });
});
