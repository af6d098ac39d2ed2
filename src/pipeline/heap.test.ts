import assert from "node:assert/strict";
import { test } from "node:test";
import { everyNth, fullCollector } from "./heap.js";

test("a full collection on demand frees garbage and leaves gc unexposed", () => {
  const collect = fullCollector();
  assert.equal(typeof collect, "function");
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined", "gc is not left on the global object");
  let garbage: { i: number; s: string }[] = [];
  for (let i = 0; i < 500_000; i++) garbage.push({ i, s: `item ${i}` });
  const held = process.memoryUsage().heapUsed;
  garbage = [];
  collect?.();
  assert.equal(garbage.length, 0);
  assert.ok(process.memoryUsage().heapUsed < held - 10 * 2 ** 20, "at least 10 MB collected");
});

test("everyNth runs its function on every nth call only", () => {
  let runs = 0;
  const tick = everyNth(3, () => runs++);
  for (let i = 0; i < 10; i++) tick();
  assert.equal(runs, 3);
});
