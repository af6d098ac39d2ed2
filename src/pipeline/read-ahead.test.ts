import assert from "node:assert/strict";
import { test } from "node:test";
import { readAhead } from "./read-ahead.js";

const MB = 1024 * 1024;

function tracked(sizes: number[], limits: { min: number; max: number; bytes: number }) {
  const started: number[] = [];
  const items = sizes.map((_, i) => i);
  const get = readAhead(items, { ...limits, sizeOf: (i) => sizes[i] }, async (i) => {
    started.push(i);
    return i * 10;
  });
  return { started, get };
}

test("read-ahead starts up to max items ahead while they are small, and gives results in input order", async () => {
  const { started, get } = tracked([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], { min: 2, max: 4, bytes: 64 * MB });
  assert.equal(await get(0), 0);
  assert.deepEqual(started, [0, 1, 2, 3, 4], "item 0 and four after it");
  assert.equal(await get(1), 10);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.throws(() => get(1), /asked for twice/);
});

test("read-ahead beyond min stops at the byte budget and goes on as items are taken", async () => {
  // Items of 30 MB: item 0, then min=2 items whatever their size, then extra items within 64 MB (two).
  const { started, get } = tracked(Array(12).fill(30 * MB), { min: 2, max: 8, bytes: 64 * MB });
  await get(0);
  assert.deepEqual(started, [0, 1, 2, 3, 4], "min items plus two extra within 64 MB");
  await get(1);
  await get(2);
  assert.deepEqual(started, [0, 1, 2, 3, 4], "the budget is spent while the extra items wait");
  await get(3);
  await get(4);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7], "taking the extra items frees their bytes");
});

test("an item larger than the whole budget waits until it is within min, then is read", async () => {
  const { started, get } = tracked([1, 1, 500 * MB, 1], { min: 1, max: 3, bytes: 64 * MB });
  await get(0);
  assert.deepEqual(started, [0, 1], "the 500 MB item is beyond min and over the budget: not yet");
  await get(1);
  assert.deepEqual(started, [0, 1, 2, 3]);
});
