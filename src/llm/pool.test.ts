import assert from "node:assert/strict";
import { test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { createEndpointPool, createLimiter } from "./pool.js";

test("round-robin when idle, least busy when loaded", () => {
  const pool = createEndpointPool(["a", "b", "c"]);
  const picks = [1, 2, 3, 4].map(() => {
    const lease = pool.acquire();
    lease.release();
    return lease.endpoint;
  });
  assert.deepEqual(picks, ["a", "b", "c", "a"]);
  const held = [pool.acquire(), pool.acquire(), pool.acquire()];
  held[0].release();
  held[0].release(); // a second release is harmless
  assert.deepEqual(
    held.map((l) => l.endpoint),
    ["b", "c", "a"],
  );
  assert.deepEqual(pool.busy(), [1, 0, 1]);
  assert.equal(pool.acquire().endpoint, held[0].endpoint);
});

test("limiter defaults to 4 per endpoint and rejects nonsense", () => {
  assert.equal(createLimiter(undefined, 2).concurrency, 8);
  assert.equal(createLimiter(3, 2).concurrency, 3);
  assert.throws(() => createLimiter(0, 1), MethodscopeError);
  assert.throws(() => createEndpointPool([]), MethodscopeError);
});
