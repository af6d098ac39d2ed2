/**
 * Benchmark metrics over paired yes/no labels: summaries with seeded bootstrap intervals and
 * per-group accuracy, built on the 2×2 statistics of `judge/confusion.ts`. All functions are pure.
 */
import { accuracyOf, type Confusion, checkPaired, confusion, kappaOf, yesScores } from "../judge/confusion.js";
import type { YesNo } from "../types.js";

export type { Confusion };

/** Accuracy and κ with their 95% bootstrap intervals, plus the yes-class scores. */
export interface AgreementSummary {
  n: number;
  accuracy: number;
  kappa: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: Confusion;
  accuracyCi?: [number, number];
  kappaCi?: [number, number];
}

/**
 * mulberry32: a tiny seeded PRNG returning floats in [0, 1). Deterministic for a given seed,
 * so bootstrap intervals are reproducible run to run.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for `bootstrapCi`. */
export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Two-sided coverage, default 0.95. */
  level?: number;
}

/** Value at quantile q of a sorted array (linear interpolation between order statistics). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Percentile bootstrap interval of `stat` over paired labels (resampling pairs with replacement).
 * Defaults: 1000 resamples, seed 42, 95%. Returns [NaN, NaN] for empty input.
 */
export function bootstrapCi(
  pred: readonly YesNo[],
  truth: readonly YesNo[],
  stat: (c: Confusion) => number,
  options: BootstrapOptions = {},
): [number, number] {
  checkPaired(pred, truth);
  const n = pred.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const { resamples = 1000, seed = 42, level = 0.95 } = options;
  const rand = mulberry32(seed);
  // Encode each pair as 0..3 once so a resample is only index draws and counter bumps.
  const code = new Uint8Array(n);
  for (let i = 0; i < n; i++) code[i] = (pred[i] === "yes" ? 2 : 0) + (truth[i] === "yes" ? 1 : 0);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[code[Math.floor(rand() * n)]]++;
    values.push(stat({ tn: counts[0], fn: counts[1], fp: counts[2], tp: counts[3] }));
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

/**
 * Everything about one comparison. `bootstrap: false` skips the intervals (they cost
 * resamples × n random draws).
 */
export function summarize(
  pred: readonly YesNo[],
  truth: readonly YesNo[],
  options: BootstrapOptions & { bootstrap?: boolean } = {},
): AgreementSummary {
  const c = confusion(pred, truth);
  const summary: AgreementSummary = {
    n: pred.length,
    accuracy: accuracyOf(c),
    kappa: kappaOf(c),
    ...yesScores(c),
    confusion: c,
  };
  if (options.bootstrap !== false && pred.length > 0) {
    summary.accuracyCi = bootstrapCi(pred, truth, accuracyOf, options);
    summary.kappaCi = bootstrapCi(pred, truth, kappaOf, options);
  }
  return summary;
}

/** Accuracy, κ and n per group key (e.g. per CQ or per model), keys in sorted order. */
export function perGroup<K extends string | number>(
  pred: readonly YesNo[],
  truth: readonly YesNo[],
  groups: readonly K[],
): Array<{ group: K; n: number; accuracy: number; kappa: number }> {
  checkPaired(pred, truth);
  if (groups.length !== pred.length) throw new RangeError("groups must pair with predictions");
  const byKey = new Map<K, Confusion>();
  for (let i = 0; i < pred.length; i++) {
    const c = byKey.get(groups[i]) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (pred[i] === "yes") truth[i] === "yes" ? c.tp++ : c.fp++;
    else truth[i] === "yes" ? c.fn++ : c.tn++;
    byKey.set(groups[i], c);
  }
  const keys = [...byKey.keys()].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b)),
  );
  return keys.map((group) => {
    const c = byKey.get(group) as Confusion;
    return { group, n: c.tp + c.fp + c.fn + c.tn, accuracy: accuracyOf(c), kappa: kappaOf(c) };
  });
}
