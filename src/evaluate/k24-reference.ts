/**
 * Recomputes K24's published agreement figures from labels.jsonl and binary_conversion.jsonl with
 * this project's metric code, beside the values expected on the development part: a self-test of
 * the metrics and of the data reading.
 */
import type { YesNo } from "../types.js";
import { primaryPrevWork } from "./bench.js";
import type { BenchData } from "./bench-data.js";
import { type AgreementSummary, summarize } from "./metrics.js";

/** One reference line: what we computed, what the README says, and whether they agree. */
export interface ReferenceLine {
  name: string;
  n: number;
  accuracy: number;
  kappa: number;
  expected: { n: number; accuracy: number; kappa: number };
  pass: boolean;
}

/** Expected values on the development part (bench README table). */
export const DEV_EXPECTED = {
  binaryPooled: { n: 2935, accuracy: 0.846, kappa: 0.652 },
  binaryBest: { n: 588, accuracy: 0.891, kappa: 0.759 },
  voteVsHuman: { n: 588, accuracy: 0.893, kappa: 0.754 },
  bestVsHuman: { n: 588, accuracy: 0.9, kappa: 0.772 },
  voteVsPrevWork: { n: 420, accuracy: 0.686, kappa: 0.349 },
} as const;

const TOLERANCE = 0.001;

function line(name: string, s: AgreementSummary, expected: ReferenceLine["expected"]): ReferenceLine {
  // README values are rounded to 3 decimals, so compare after rounding (plus float slack).
  const close = (a: number, b: number) => Math.abs(Math.round(a * 1000) / 1000 - b) <= TOLERANCE + 1e-9;
  return {
    name,
    n: s.n,
    accuracy: s.accuracy,
    kappa: s.kappa,
    expected,
    pass: s.n === expected.n && close(s.accuracy, expected.accuracy) && close(s.kappa, expected.kappa),
  };
}

function best(byModel: Map<string, Array<[YesNo, YesNo]>>): { model: string; s: AgreementSummary } {
  let top: { model: string; s: AgreementSummary } | undefined;
  for (const [model, pairs] of [...byModel].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarize(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
      { bootstrap: false },
    );
    if (!top || s.accuracy > top.s.accuracy) top = { model, s };
  }
  return top ?? { model: "none", s: summarize([], [], { bootstrap: false }) };
}

function pooled(pairs: Array<[YesNo, YesNo]>): AgreementSummary {
  return summarize(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
    { bootstrap: false },
  );
}

/**
 * K24's figures: binary conversion vs human (rows with a human decision; 2,940 − 5 blank = 2,935
 * on dev), the best single model, hard vote and best model vs human majority, hard vote vs the
 * earlier study's primary pairs. Missing model votes count as "no", as K24 counted them.
 */
export function k24Reference(data: BenchData): ReferenceLine[] {
  const judged = data.binary.filter((r) => r.human !== null);
  const binaryByModel = new Map<string, Array<[YesNo, YesNo]>>();
  for (const r of judged) {
    const list = binaryByModel.get(r.model) ?? [];
    list.push([r.llm ?? "no", r.human as YesNo]);
    binaryByModel.set(r.model, list);
  }
  const binaryBest = best(binaryByModel);

  const withMajority = data.labels.filter((r) => r.human_majority);
  const labelByModel = new Map<string, Array<[YesNo, YesNo]>>();
  for (const r of withMajority) {
    for (const [model, v] of Object.entries(r.llm)) {
      const list = labelByModel.get(model) ?? [];
      list.push([v ?? "no", r.human_majority as YesNo]);
      labelByModel.set(model, list);
    }
  }
  const labelBest = best(labelByModel);
  const prev = data.labels.flatMap((r) => {
    const truth = primaryPrevWork(r);
    return truth ? [[r.vote, truth] as [YesNo, YesNo]] : [];
  });
  return [
    line(
      "K24 binary conversion vs human, pooled",
      pooled(judged.map((r) => [r.llm ?? "no", r.human as YesNo])),
      DEV_EXPECTED.binaryPooled,
    ),
    line(`… best single model (${binaryBest.model})`, binaryBest.s, DEV_EXPECTED.binaryBest),
    line(
      "K24 hard vote vs human majority",
      pooled(withMajority.map((r) => [r.vote, r.human_majority as YesNo])),
      DEV_EXPECTED.voteVsHuman,
    ),
    line(`… best single model vs human majority (${labelBest.model})`, labelBest.s, DEV_EXPECTED.bestVsHuman),
    line("K24 hard vote vs previous work, primary pairs", pooled(prev), DEV_EXPECTED.voteVsPrevWork),
  ];
}
