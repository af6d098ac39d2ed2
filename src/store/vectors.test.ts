import assert from "node:assert/strict";
import { test } from "node:test";
import { openStore } from "./index.js";
import { knownDimensions, loadSqliteVec, openVectorSpace, textHash } from "./vectors.js";

const v = (...xs: number[]) => Float32Array.from(xs);

test("vectors are stored once per text and compared by cosine distance in sqlite-vec", () => {
  const store = openStore(":memory:");
  try {
    loadSqliteVec(store.db);
    loadSqliteVec(store.db); // a second load is a no-op
    const space = openVectorSpace(store.db, "fake:words", 3);
    const [a, b, c] = ["alpha", "beta", "gamma"].map(textHash);
    const ids = space.put([
      { hash: a, vector: v(1, 0, 0) },
      { hash: b, vector: v(0, 1, 0) },
      { hash: c, vector: v(1, 1, 0) },
    ]);
    assert.equal(ids.size, 3);
    // Putting again stores nothing new and returns the same ids.
    assert.deepEqual(space.put([{ hash: a, vector: v(9, 9, 9) }]), new Map([[a, ids.get(a)]]));
    assert.deepEqual(space.lookup([a, textHash("absent")]), new Map([[a, ids.get(a)]]));
    const d = space.distances(ids.get(a) as number, [ids.get(b) as number, ids.get(c) as number]);
    assert.ok(Math.abs((d.get(ids.get(b) as number) ?? -1) - 1) < 1e-6);
    assert.ok(Math.abs((d.get(ids.get(c) as number) ?? -1) - (1 - Math.SQRT1_2)) < 1e-6);
    assert.deepEqual(knownDimensions(store.db, "fake:words"), [3]);
  } finally {
    store.close();
  }
});

test("each (embedder, dimensions) pair has its own space, and wrong lengths are refused", () => {
  const store = openStore(":memory:");
  try {
    const small = openVectorSpace(store.db, "fake:words", 2);
    const large = openVectorSpace(store.db, "fake:words", 4);
    const h = textHash("same text");
    small.put([{ hash: h, vector: v(1, 0) }]);
    assert.equal(large.lookup([h]).size, 0);
    assert.throws(() => large.put([{ hash: h, vector: v(1, 0) }]), /2-dimensional vector, expected 4/);
    assert.deepEqual(knownDimensions(store.db, "fake:words"), [4, 2]);
    assert.deepEqual(knownDimensions(store.db, "other"), []);
  } finally {
    store.close();
  }
});
