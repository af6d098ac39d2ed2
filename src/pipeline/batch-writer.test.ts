import assert from "node:assert/strict";
import { test } from "node:test";
import { openStore } from "../store/index.js";
import { createBatchWriter, type PaperWrite } from "./batch-writer.js";

function table() {
  const store = openStore(":memory:");
  store.db.exec("CREATE TABLE t (x INTEGER)");
  const insert = store.db.prepare("INSERT INTO t (x) VALUES (?)");
  const values = () => (store.db.prepare("SELECT x FROM t ORDER BY x").all() as { x: number }[]).map((r) => r.x);
  return { store, insert, values };
}

test("papers commit in batches of maxPapers, rows emitted after each commit, in order", () => {
  const { store, insert, values } = table();
  const emitted: number[] = [];
  const seenAtEmit: number[] = [];
  const writer = createBatchWriter({ transaction: store.transaction, maxPapers: 3, maxMs: 60_000 });
  const paper = (x: number): PaperWrite => ({
    write: () => insert.run(x),
    failed: () => assert.fail(`paper ${x} failed`),
    emit: () => {
      emitted.push(x);
      seenAtEmit.push(values().length);
    },
  });
  for (const x of [1, 2]) writer.add(paper(x));
  assert.equal(writer.pending, 2);
  assert.deepEqual(values(), [], "nothing is written before the batch fills");
  writer.add(paper(3));
  assert.equal(writer.pending, 0);
  assert.equal(writer.batches, 1);
  assert.deepEqual(values(), [1, 2, 3]);
  writer.add(paper(4));
  writer.flush();
  assert.deepEqual(emitted, [1, 2, 3, 4]);
  assert.deepEqual(seenAtEmit, [3, 3, 3, 4], "rows go out once their paper is stored");
  assert.equal(writer.batches, 2);
  store.close();
});

test("a paper whose write fails is rolled back alone; the batch commits the others", () => {
  const { store, insert, values } = table();
  const failures: string[] = [];
  const writer = createBatchWriter({ transaction: store.transaction, maxPapers: 10 });
  for (const x of [1, 2, 3]) {
    writer.add({
      write: () => {
        insert.run(x);
        if (x === 2) throw new Error("disk says no");
      },
      failed: (error) => failures.push(`${x}: ${(error as Error).message}`),
      emit: () => {},
    });
  }
  writer.flush();
  assert.deepEqual(values(), [1, 3]);
  assert.deepEqual(failures, ["2: disk says no"]);
  store.close();
});

test("a batch that does not fill is committed after maxMs", async () => {
  const { store, insert, values } = table();
  const writer = createBatchWriter({ transaction: store.transaction, maxPapers: 50, maxMs: 20 });
  writer.add({ write: () => insert.run(7), failed: () => {}, emit: () => {} });
  assert.deepEqual(values(), []);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(values(), [7]);
  assert.equal(writer.pending, 0);
  store.close();
});
