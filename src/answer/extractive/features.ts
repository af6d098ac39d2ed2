import type { SectionKind } from "../../types.js";
import type { CompiledCues } from "./cues.js";
import type { DlDetection } from "./dl-detect.js";
import { type DocContext, isStudyStatement } from "./doc-context.js";
import { evidenceStrength, type SentenceHit, scoreSentences } from "./score.js";

/**
 * Number of per-signal feature slots of the optional answer layer: the first four signals of a
 * question each get a hit count; further signals (CQ7 has 6, CQ23 has 7) count only in the totals.
 */
export const SIGNAL_SLOTS = 4;

/** Names of the features, in vector order (the trained model stores weights in this order). */
export const FEATURE_NAMES: readonly string[] = [
  "strength_ratio",
  "passes_threshold",
  "log_best",
  "log_total",
  "log_hits",
  "hit_density",
  "log_sentences",
  "dl",
  "dl_score",
  "best_methods",
  "best_results",
  "best_intro",
  "best_abstract",
  "best_discussion",
  "best_other",
  "best_own",
  "best_hedged",
  "hedged_share",
  "signal_coverage",
  "log_values",
  "best_has_value",
  ...Array.from({ length: SIGNAL_SLOTS }, (_, i) => `signal${i}_log_hits`),
];

const SECTION_GROUP: Record<SectionKind, number> = {
  floats: 14,
  methods: 9,
  results: 10,
  introduction: 11,
  background: 11,
  front: 12,
  abstract: 12,
  discussion: 13,
  conclusion: 13,
  availability: 14,
  appendix: 14,
  acknowledgements: 14,
  references: 14,
  other: 14,
};

/** What the engine measured for one (paper, question): the hits and the threshold it applied. */
export interface Measurement {
  ctx: DocContext;
  cues: CompiledCues;
  dl: DlDetection;
  hits: SentenceHit[];
  threshold: number;
  /** Deep-learning cues and thresholds apply to this question: the paper is DL, or `statedDespiteFilter`. */
  asDl: boolean;
  /**
   * The paper was judged to have no deep learning, yet one of its own plain statements answers this
   * deep-learning question ("We used YOLOv5s…"): the statement wins over the paper-level filter.
   */
  statedDespiteFilter?: boolean;
}

/**
 * Measures one question on one paper. For a deep-learning question on a paper the filter judged
 * non-DL, the deep-learning cues still run: when one of the study's own statements alone reaches the
 * threshold, the paper is treated as deep learning for this question (a soft prior, not a gate).
 */
export function measureQuestion(
  ctx: DocContext,
  cues: CompiledCues,
  dl: DlDetection,
  dlSpecific: boolean,
  thresholdScale = 1,
): Measurement {
  if (dl.dl || !dlSpecific) {
    const threshold = (dl.dl ? cues.threshold : (cues.nonDlThreshold ?? cues.threshold)) * thresholdScale;
    return { ctx, cues, dl, hits: scoreSentences(ctx, cues, dl.dl), threshold, asDl: dl.dl };
  }
  const asDl = scoreSentences(ctx, cues, true);
  const threshold = cues.threshold * thresholdScale;
  if (asDl.some((h) => h.score >= threshold && isStudyStatement(h.sentence)))
    return { ctx, cues, dl, hits: asDl, threshold, asDl: true, statedDespiteFilter: true };
  const nonDlThreshold = (cues.nonDlThreshold ?? cues.threshold) * thresholdScale;
  // Without deep-learning-only signals the two readings score alike: one pass serves both.
  const hits = cues.signals.some((s) => s.dlOnly) ? scoreSentences(ctx, cues, false) : asDl;
  return { ctx, cues, dl, hits, threshold: nonDlThreshold, asDl: false };
}

/**
 * The feature vector of one (paper, question), in FEATURE_NAMES order; every entry is bounded so
 * one paper's long text cannot dominate a linear model.
 *
 * @example featureVector(m)[FEATURE_NAMES.indexOf("dl")] // 1 for a deep-learning paper
 */
export function featureVector(m: Measurement): number[] {
  const { hits, cues, threshold } = m;
  const x = new Array<number>(FEATURE_NAMES.length).fill(0);
  const best = bestHit(hits);
  const bestScore = best?.score ?? 0;
  const total = hits.reduce((a, h) => a + h.score, 0);
  const strength = evidenceStrength(hits);
  const n = Math.max(1, m.ctx.sentences.length);
  x[0] = Math.min(4, strength / Math.max(threshold, 1e-6));
  x[1] = strength >= threshold ? 1 : 0;
  x[2] = Math.log1p(bestScore);
  x[3] = Math.log1p(total);
  x[4] = Math.log1p(hits.length);
  x[5] = Math.min(1, (10 * hits.length) / n);
  x[6] = Math.log1p(n) / 5;
  x[7] = m.dl.dl ? 1 : 0;
  x[8] = Math.min(3, m.dl.score / 8);
  if (best) {
    x[SECTION_GROUP[best.sentence.section]] = 1;
    x[15] = best.sentence.own ? 1 : 0;
    x[16] = best.sentence.hedged ? 1 : 0;
    x[20] = best.values.length > 0 ? 1 : 0;
  }
  x[17] = hits.length > 0 ? hits.filter((h) => h.sentence.hedged).length / hits.length : 0;
  const names = new Set(hits.flatMap((h) => h.signals));
  x[18] = cues.signals.length > 0 ? names.size / cues.signals.length : 0;
  x[19] = Math.log1p(new Set(hits.flatMap((h) => h.values.map((v) => `${v.key}=${String(v.value)}`))).size);
  cues.signals.slice(0, SIGNAL_SLOTS).forEach((s, i) => {
    x[21 + i] = Math.log1p(hits.filter((h) => h.signals.includes(s.name)).length);
  });
  return x;
}

function bestHit(hits: SentenceHit[]): SentenceHit | undefined {
  let best: SentenceHit | undefined;
  for (const h of hits) if (!best || h.score > best.score) best = h;
  return best;
}
