/**
 * The 2×2 statistics of paired yes/no labels: confusion table, accuracy, Cohen's κ and the
 * yes-class precision/recall/F1. Used by the judges' agreement report and by the benchmark metrics.
 */
import type { YesNo } from "../types.js";

/** Counts of a 2×2 table; "positive" is "yes". `tp` = pred yes & truth yes, `fp` = pred yes & truth no. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function checkPaired(pred: readonly YesNo[], truth: readonly YesNo[]): void {
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
