/**
 * Agreement metrics over paired yes/no labels: accuracy, Cohen's κ, precision/recall/F1 for "yes",
 * confusion matrices, per-group accuracy and seeded bootstrap intervals. All functions are pure.
 */
import type { YesNo } from "../types.js";

/** Counts of a 2×2 table; "positive" is "yes". `tp` = pred yes & truth yes, `fp` = pred yes & truth no. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

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

function checkPaired(pred: readonly YesNo[], truth: readonly YesNo[]): void {
  if (pred.length !== truth.length) {
    throw new RangeError(`paired arrays differ in length: ${pred.length} vs ${truth.length}`);
  }
}

/** The 2×2 confusion table of `pred` against `truth`. */
export function confusion(pred: readonly YesNo[], truth: readonly YesNo[]): Confusion {
  checkPaired(pred, truth);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === "yes") truth[i] === "yes" ? c.tp++ : c.fp++;
    else truth[i] === "yes" ? c.fn++ : c.tn++;
  }
  return c;
}

/** Share of agreeing pairs; 0 for empty input. */
export function accuracyOf(c: Confusion): number {
  const n = c.tp + c.fp + c.fn + c.tn;
  return n === 0 ? 0 : (c.tp + c.tn) / n;
}

/**
 * Cohen's κ = (po − pe) / (1 − pe).
 * Degenerate case: when pe = 1 (both raters used a single, identical label throughout) κ is
 * undefined; we return 1 if observed agreement is perfect and 0 otherwise (also 0 for empty input),
 * so that a constant predictor never earns credit beyond chance.
 * @example kappaOf({ tp: 20, fp: 5, fn: 10, tn: 15 }) // 0.4
 */
export function kappaOf(c: Confusion): number {
  const n = c.tp + c.fp + c.fn + c.tn;
  if (n === 0) return 0;
  const po = (c.tp + c.tn) / n;
  const predYes = (c.tp + c.fp) / n;
  const truthYes = (c.tp + c.fn) / n;
  const pe = predYes * truthYes + (1 - predYes) * (1 - truthYes);
  if (pe >= 1 - 1e-12) return po >= 1 - 1e-12 ? 1 : 0;
  return (po - pe) / (1 - pe);
}

/** Precision, recall and F1 of the "yes" class; each is 0 when its denominator is 0. */
export function yesScores(c: Confusion): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Accuracy of paired labels. @example accuracy(["yes","no"], ["yes","yes"]) // 0.5 */
export function accuracy(pred: readonly YesNo[], truth: readonly YesNo[]): number {
  return accuracyOf(confusion(pred, truth));
}

/** Cohen's κ of paired labels (see `kappaOf` for the degenerate case). */
export function cohenKappa(pred: readonly YesNo[], truth: readonly YesNo[]): number {
  return kappaOf(confusion(pred, truth));
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
