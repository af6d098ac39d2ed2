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
import { renderBlocks } from "./block-pool.js";
import { sharedCardText } from "./paper.js";
import { type BlockTask, blockTasks, createBlockRenderer } from "./paper-blocks.js";
import { storeSource, writeReport } from "./report.js";
import { createTokenText } from "./shared-text.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-block-pool-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function report(source: ReturnType<typeof storeSource>, workers: number): string {
  const parts: string[] = [];
  writeReport(source, { inlinePapers: 0, chunkSize: 1, generatedAt: new Date(0), workers }, (p) => parts.push(p));
  return parts.join("");
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
      const source = storeSource(store);
      const { summary } = source;
      const shared = sharedCardText(summary);
      const here = createBlockRenderer((ids) => source.papers?.(ids) ?? new Map(), summary, createTokenText(shared));
      let renderedHere = 0;
      const counting = {
        render(task: BlockTask) {
          renderedHere++;
          return here.render(task);
        },
      };
      const context = { questions: summary.questions, runs: summary.runs };
      const alone = [...renderBlocks(blockTasks(summary.papers, 1), here, { db: "", context, shared }, 0)];
      const pooled = [
        ...renderBlocks(blockTasks(summary.papers, 1), counting, { db: store.db.name, context, shared }, 1),
      ];
      assert.deepEqual(pooled, alone, "the same blocks, in order");
      assert.equal(renderedHere, 0, "both blocks in the worker (two in flight), none here");
      // Three papers a block each of their own, more than the worker holds: this thread renders the rest.
      renderedHere = 0;
      const tripled = [...summary.papers, ...summary.papers, ...summary.papers];
      const many = [...renderBlocks(blockTasks(tripled, 1), counting, { db: store.db.name, context, shared }, 1)];
      assert.deepEqual(
        many.map((b) => b.index),
        [0, 1, 2, 3, 4, 5],
        "in order",
      );
      assert.deepEqual(many, [...renderBlocks(blockTasks(tripled, 1), here, undefined, 0)], "the same blocks");
      assert.ok(renderedHere >= 1 && renderedHere <= 4, `rendered here while the worker works: ${renderedHere}`);
      renderedHere = 0;
      const missing = { db: join(dir, "missing.db"), context, shared };
      assert.deepEqual([...renderBlocks(blockTasks(summary.papers, 1), counting, missing, 1)], alone);
      assert.equal(renderedHere, 2, "both blocks here");
    } finally {
      store.close();
    }
  });
});
