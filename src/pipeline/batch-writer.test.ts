import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
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

// ---- Written as added (`open`): each paper goes into a transaction left open until the batch commits.

function fileTable() {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-writer-"));
  const file = join(dir, "w.db");
  const store = openStore(file);
  store.db.exec("CREATE TABLE t (x INTEGER)");
  const insert = store.db.prepare("INSERT INTO t (x) VALUES (?)");
  // A second connection sees committed rows only.
  const other = new Database(file, { readonly: true });
  const committed = () => (other.prepare("SELECT x FROM t ORDER BY x").all() as { x: number }[]).map((r) => r.x);
  const own = () => (store.db.prepare("SELECT x FROM t ORDER BY x").all() as { x: number }[]).map((r) => r.x);
  const close = () => {
    other.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, insert, committed, own, close };
}

test("with open, each paper is written when added and committed with its batch; rows go out after the commit", () => {
  const { store, insert, committed, own, close } = fileTable();
  const emitted: number[] = [];
  const writer = createBatchWriter({
    transaction: store.transaction,
    open: store.openTransaction,
    maxPapers: 3,
    maxMs: 60_000,
  });
  const paper = (x: number): PaperWrite => ({
    write: () => insert.run(x),
    failed: () => assert.fail(`paper ${x} failed`),
    emit: () => emitted.push(x),
  });
  writer.add(paper(1));
  writer.add(paper(2));
  assert.deepEqual(own(), [1, 2], "written as added");
  assert.deepEqual(committed(), [], "not committed before the batch fills");
  assert.deepEqual(emitted, [], "no rows go out before the commit");
  assert.equal(store.db.inTransaction, true);
  writer.add(paper(3));
  assert.deepEqual(committed(), [1, 2, 3]);
  assert.deepEqual(emitted, [1, 2, 3]);
  assert.equal(store.db.inTransaction, false, "the batch's transaction ended with the commit");
  writer.add(paper(4));
  writer.flush();
  assert.deepEqual(committed(), [1, 2, 3, 4]);
  assert.deepEqual(emitted, [1, 2, 3, 4]);
  assert.equal(writer.batches, 2);
  close();
});

test("with open, a paper whose write fails is rolled back alone and its failure row kept", () => {
  const { store, insert, committed, close } = fileTable();
  const failures: number[] = [];
  const writer = createBatchWriter({ transaction: store.transaction, open: store.openTransaction, maxPapers: 10 });
  for (const x of [1, 2, 3]) {
    writer.add({
      write: () => {
        insert.run(x);
        if (x === 2) throw new Error("disk says no");
      },
      failed: () => {
        failures.push(x);
        insert.run(-x);
      },
      emit: () => {},
    });
  }
  writer.flush();
  assert.deepEqual(committed(), [-2, 1, 3]);
  assert.deepEqual(failures, [2]);
  close();
});

test("with open, a failure handler that throws rolls the whole batch back and the next batch starts clean", () => {
  const { store, insert, committed, close } = fileTable();
  const emitted: number[] = [];
  const writer = createBatchWriter({ transaction: store.transaction, open: store.openTransaction, maxPapers: 10 });
  writer.add({ write: () => insert.run(1), failed: () => {}, emit: () => emitted.push(1) });
  assert.throws(
    () =>
      writer.add({
        write: () => {
          throw new Error("write failed");
        },
        failed: () => {
          throw new Error("and so did the failure row");
        },
        emit: () => emitted.push(2),
      }),
    /and so did the failure row/,
  );
  assert.equal(store.db.inTransaction, false, "rolled back");
  assert.equal(writer.pending, 0);
  writer.add({ write: () => insert.run(3), failed: () => {}, emit: () => emitted.push(3) });
  writer.flush();
  assert.deepEqual(committed(), [3], "the abandoned batch left nothing");
  assert.deepEqual(emitted, [3], "its papers' rows never went out");
  close();
});

test("with open, a batch that does not fill is committed after maxMs", async () => {
  const { store, insert, committed, close } = fileTable();
  const writer = createBatchWriter({
    transaction: store.transaction,
    open: store.openTransaction,
    maxPapers: 50,
    maxMs: 20,
  });
  writer.add({ write: () => insert.run(7), failed: () => {}, emit: () => {} });
  assert.deepEqual(committed(), []);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(committed(), [7]);
  assert.equal(store.db.inTransaction, false);
  close();
});

test("openTransaction refuses a second open transaction; rollback undoes and is idempotent", () => {
  const { store, insert, own, close } = fileTable();
  const tx = store.openTransaction();
  assert.throws(() => store.openTransaction(), /already open/);
  insert.run(5);
  store.transaction(() => insert.run(6));
  assert.deepEqual(own(), [5, 6], "a transaction meanwhile is a savepoint inside the open one");
  tx.rollback();
  tx.rollback();
  assert.deepEqual(own(), []);
  assert.throws(() => tx.commit(), /has ended/);
  close();
});
