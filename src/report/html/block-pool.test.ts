/**
 * The report's blocks rendered in worker threads (block-pool.ts): the same report whatever the number
 * of workers, and a worker that cannot read the store leaves its blocks to the main thread.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { makeTestStore, tickingClock } from "./_test-store.js";
import { renderBlocks, startHeadStart } from "./block-pool.js";
import { sharedCardText } from "./paper.js";
import { type BlockTask, blockTasks, createBlockRenderer } from "./paper-blocks.js";
import { startPagesEarly, storeSource, writeReport } from "./report.js";
import { createTokenText } from "./shared-text.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-block-pool-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function report(source: ReturnType<typeof storeSource>, workers: number): string {
  const parts: string[] = [];
  writeReport(source, { inlinePapers: 0, chunkSize: 1, generatedAt: new Date(0), workers }, (p) => parts.push(p));
  return parts.join("");
}

/** A store's summary, the text its cards share, a renderer of its blocks here, and one that counts its renders. */
function renderersOf(store: ReturnType<typeof makeTestStore>) {
  const source = storeSource(store);
  const { summary } = source;
  const shared = sharedCardText(summary);
  const here = createBlockRenderer((ids) => source.papers?.(ids) ?? new Map(), summary, createTokenText(shared));
  const renders = { count: 0 };
  const counting = {
    render(task: BlockTask) {
      renders.count++;
      return here.render(task);
    },
  };
  return { summary, shared, here, counting, renders };
}

describe("blocks rendered in worker threads", () => {
  test("the report is the same with 0, 1 or 2 workers", () => {
    const store = makeTestStore(tickingClock(), join(dir, "store.db"));
    try {
      const source = storeSource(store);
      assert.ok(source.file, "a store file can be read by another thread");
      const alone = report(source, 0);
      assert.match(alone, /data-chunk="1"/, "two blocks");
      assert.equal(report(source, 1), alone, "one worker");
      assert.equal(report(source, 2), alone, "two workers");
    } finally {
      store.close();
    }
  });

  test("a worker renders its share of the blocks; one that cannot open the store leaves them to this thread", () => {
    const store = makeTestStore(tickingClock(), join(dir, "share.db"));
    try {
      const { summary, shared, here, counting, renders } = renderersOf(store);
      const context = { questions: summary.questions, runs: summary.runs };
      const alone = [...renderBlocks(blockTasks(summary.papers, 1), here, { db: "", context, shared }, 0)];
      const pooled = [
        ...renderBlocks(blockTasks(summary.papers, 1), counting, { db: store.db.name, context, shared }, 1),
      ];
      assert.deepEqual(pooled, alone, "the same blocks, in order");
      assert.equal(renders.count, 0, "both blocks in the worker (two in flight), none here");
      // Three papers a block each of their own, more than the worker holds: this thread renders the rest.
      renders.count = 0;
      const tripled = [...summary.papers, ...summary.papers, ...summary.papers];
      const many = [...renderBlocks(blockTasks(tripled, 1), counting, { db: store.db.name, context, shared }, 1)];
      assert.deepEqual(
        many.map((b) => b.index),
        [0, 1, 2, 3, 4, 5],
        "in order",
      );
      assert.deepEqual(many, [...renderBlocks(blockTasks(tripled, 1), here, undefined, 0)], "the same blocks");
      assert.ok(renders.count >= 1 && renders.count <= 4, `rendered here while the worker works: ${renders.count}`);
      renders.count = 0;
      const missing = { db: join(dir, "missing.db"), context, shared };
      assert.deepEqual([...renderBlocks(blockTasks(summary.papers, 1), counting, missing, 1)], alone);
      assert.equal(renders.count, 2, "both blocks here");
    } finally {
      store.close();
    }
  });

  test("a head start renders the first blocks before the pool is joined; what it skipped is rendered in its turn", () => {
    const store = makeTestStore(tickingClock(), join(dir, "early.db"));
    try {
      const { summary, shared, here, counting, renders } = renderersOf(store);
      const setup = { db: store.db.name, context: { questions: summary.questions, runs: summary.runs }, shared };
      const tripled = [...summary.papers, ...summary.papers, ...summary.papers];
      const alone = [...renderBlocks(blockTasks(tripled, 1), here, undefined, 0)];
      // Two of six blocks sent ahead; waited for here as the summary would be read meanwhile.
      const early = startHeadStart(setup, 1, blockTasks(tripled, 1), 2);
      while (Atomics.load(early.signal, 0) < 2) Atomics.wait(early.signal, 0, Atomics.load(early.signal, 0), 100);
      const joined = [...renderBlocks(blockTasks(tripled, 1), counting, setup, 1, early)];
      assert.deepEqual(joined, alone, "the same blocks, in order");
      assert.ok(renders.count <= 4, `the two blocks sent ahead were not rendered again here: ${renders.count}`);
      // Joined at once: the blocks sent ahead and not begun are skipped by the worker and rendered in their turn.
      renders.count = 0;
      const hurried = startHeadStart(setup, 1, blockTasks(tripled, 1), 6);
      assert.deepEqual([...renderBlocks(blockTasks(tripled, 1), counting, setup, 1, hurried)], alone);
    } finally {
      store.close();
    }
  });

  test("writeReport joins a head start of the same papers, and ends one given other papers; the report is the same", () => {
    const store = makeTestStore(tickingClock(), join(dir, "early-report.db"));
    try {
      const source = storeSource(store);
      const write = (headStart: ReturnType<typeof startPagesEarly>) => {
        const parts: string[] = [];
        const options = { inlinePapers: 0, chunkSize: 1, generatedAt: new Date(0), workers: 1 };
        writeReport(source, { ...options, ...(headStart && { headStart }) }, (p) => parts.push(p));
        return parts.join("");
      };
      const plain = write(undefined);
      const early = startPagesEarly(store, { chunkSize: 1, workers: 1 });
      assert.ok(early, "a store file: the workers start");
      assert.deepEqual(
        early.order.map((p) => p.id),
        source.summary.papers.map((p) => p.id),
        "the listing is the summary's order",
      );
      assert.equal(write(early), plain);
      // A head start of other papers (here, in the wrong order) is not used: its workers are ended.
      const other = startPagesEarly(store, { chunkSize: 1, workers: 1 });
      assert.ok(other);
      const reversed = { ...other, order: [...other.order].reverse() };
      assert.notDeepEqual(reversed.order, other.order, "two papers: the reversed order differs");
      assert.equal(write(reversed), plain);
    } finally {
      store.close();
    }
  });
});
