import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accuracy, cohenKappa, confusion, kappaOf, yesScores } from "../judge/confusion.js";
import type { YesNo } from "../types.js";
import { bootstrapCi, mulberry32, perGroup, summarize } from "./metrics.js";

/** Expands a 2×2 table into paired arrays (pred, truth). */
function pairs(tp: number, fp: number, fn: number, tn: number): [YesNo[], YesNo[]] {
  const pred: YesNo[] = [];
  const truth: YesNo[] = [];
  const push = (k: number, p: YesNo, t: YesNo) => {
    for (let i = 0; i < k; i++) {
      pred.push(p);
      truth.push(t);
    }
  };
  push(tp, "yes", "yes");
  push(fp, "yes", "no");
  push(fn, "no", "yes");
  push(tn, "no", "no");
  return [pred, truth];
}

describe("metrics", () => {
  test("classic 2×2 example: po 0.7, pe 0.5, κ 0.4", () => {
    const [pred, truth] = pairs(20, 5, 10, 15);
    assert.deepEqual(confusion(pred, truth), { tp: 20, fp: 5, fn: 10, tn: 15 });
    assert.equal(accuracy(pred, truth), 0.7);
    assert.ok(Math.abs(cohenKappa(pred, truth) - 0.4) < 1e-12);
  });

  test("second hand-computed κ: tp45 fp15 fn25 tn15 → κ = 0.1304", () => {
    // po = 0.6; pred yes 0.6, truth yes 0.7 → pe = 0.42 + 0.12 = 0.54; κ = 0.06/0.46
    const [pred, truth] = pairs(45, 15, 25, 15);
    assert.ok(Math.abs(cohenKappa(pred, truth) - 0.06 / 0.46) < 1e-12);
  });

  test("precision, recall, F1 for yes", () => {
    const s = yesScores({ tp: 20, fp: 5, fn: 10, tn: 15 });
    assert.equal(s.precision, 0.8);
    assert.ok(Math.abs(s.recall - 2 / 3) < 1e-12);
    assert.ok(Math.abs(s.f1 - (2 * 0.8 * (2 / 3)) / (0.8 + 2 / 3)) < 1e-12);
    assert.deepEqual(yesScores({ tp: 0, fp: 0, fn: 0, tn: 3 }), { precision: 0, recall: 0, f1: 0 });
  });

  test("degenerate κ: constant identical labels → 1, constant disagreeing → 0, empty → 0", () => {
    assert.equal(kappaOf({ tp: 0, fp: 0, fn: 0, tn: 10 }), 1);
    assert.equal(kappaOf({ tp: 0, fp: 0, fn: 0, tn: 0 }), 0);
    // pred all yes, truth all no: pe = 0, κ = (0 - 0) / 1 = 0
    assert.equal(kappaOf({ tp: 0, fp: 4, fn: 0, tn: 0 }), 0);
    // constant predictor against mixed truth: κ = 0
    assert.equal(kappaOf({ tp: 3, fp: 7, fn: 0, tn: 0 }), 0);
  });

  test("length mismatch throws", () => {
    assert.throws(() => accuracy(["yes"], []), RangeError);
  });

  test("mulberry32 is deterministic and in [0,1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
    }
    assert.notEqual(mulberry32(8)(), mulberry32(7)());
  });

  test("bootstrap intervals are deterministic for a seed and bracket the estimate", () => {
    const [pred, truth] = pairs(20, 5, 10, 15);
    const s1 = summarize(pred, truth, { seed: 3 });
    const s2 = summarize(pred, truth, { seed: 3 });
    assert.deepEqual(s1.accuracyCi, s2.accuracyCi);
    assert.deepEqual(s1.kappaCi, s2.kappaCi);
    const [lo, hi] = s1.accuracyCi as [number, number];
    assert.ok(lo < 0.7 && 0.7 < hi && lo > 0.4 && hi < 0.95, `${lo} ${hi}`);
    const [klo, khi] = s1.kappaCi as [number, number];
    assert.ok(klo < 0.4 && 0.4 < khi);
    const other = bootstrapCi(pred, truth, (c) => c.tp, { seed: 4, resamples: 200 });
    assert.ok(other[0] <= 20 && other[1] >= 20);
  });

  test("perGroup splits by key in sorted order", () => {
    const pred: YesNo[] = ["yes", "no", "yes", "yes"];
    const truth: YesNo[] = ["yes", "no", "no", "yes"];
    const rows = perGroup(pred, truth, [10, 2, 10, 2]);
    assert.deepEqual(
      rows.map((r) => [r.group, r.n, r.accuracy]),
      [
        [2, 2, 1],
        [10, 2, 0.5],
      ],
    );
  });
});
