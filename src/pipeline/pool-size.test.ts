import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BYTES_PER_WORKER, INPUTS_PER_WORKER, workersFor } from "./pool-size.js";

const files = (n: number) => Array.from({ length: n }, (_, i) => `paper-${i}.pdf`);
const KB = 1024;

describe("workersFor", () => {
  test("a small run starts one thread whatever the maximum", () => {
    assert.equal(
      workersFor(2, files(44), () => 30 * KB),
      1,
    );
    assert.equal(
      workersFor(8, files(1), () => 30 * KB),
      1,
    );
    assert.equal(
      workersFor(2, [], () => 0),
      1,
    );
  });

  test("one more thread per INPUTS_PER_WORKER inputs, up to the maximum", () => {
    assert.equal(
      workersFor(2, files(INPUTS_PER_WORKER + 1), () => KB),
      2,
    );
    assert.equal(
      workersFor(4, files(3 * INPUTS_PER_WORKER), () => KB),
      3,
    );
    assert.equal(
      workersFor(2, files(100_000), () => KB),
      2,
    );
  });

  test("or per BYTES_PER_WORKER of input: a few long PDFs get every thread", () => {
    assert.equal(
      workersFor(2, files(14), () => 2 * 1024 * KB),
      2,
    );
    assert.equal(
      workersFor(4, files(3), () => BYTES_PER_WORKER),
      3,
    );
  });

  test("a corpus run measures no file, and the maximum is at least one", () => {
    let measured = 0;
    const sizeOf = () => {
      measured++;
      return KB;
    };
    assert.equal(workersFor(2, files(500), sizeOf), 2);
    assert.equal(measured, 0);
    assert.equal(workersFor(0, files(500), sizeOf), 1);
    assert.equal(workersFor(2.7, files(500), sizeOf), 2);
  });
});
