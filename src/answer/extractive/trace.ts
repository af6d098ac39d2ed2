/**
 * "Where we looked": for a "no" answer, the sentences the extractive engine rated best for the
 * question, each with its score and the reasons, read from the engine's own data, why it did not
 * make the answer a "yes". Built from what the engine computed anyway (the learned layer's ranking or
 * the catalogue rule's hits); nothing here changes a decision.
 */
import type { Candidate, CandidateReason, SectionKind } from "../../types.js";
import type { CompiledCues, CompiledSignal } from "./cues.js";
import { type DocContext, evidenceOf, isNegatedAt, keysOf, quotable, type SentenceInfo } from "./doc-context.js";
import type { ScoredSentence } from "./learned.js";
import { excludedBy, type SentenceHit, signalApplies, signalMatches } from "./score.js";

/** Candidates kept per "no" answer. */
export const MAX_CANDIDATES = 5;

// The sections the paper layer counts as where a study says what it did (sentence-model.ts, METHODS_LIKE).
const METHODS_LIKE: ReadonlySet<SectionKind> = new Set(["methods", "results", "availability", "appendix"]);

/** What the trace needs of the engine's measurement of one (paper, question). */
export interface TraceInput {
  ctx: DocContext;
  cues: CompiledCues;
  hits: SentenceHit[];
  /** The rule threshold of the question for this paper. */
  threshold: number;
  /** Deep-learning cues applied (the engine's `asDl`). */
  asDl: boolean;
  /** The answer was "no" because the question is deep-learning specific and the paper is not DL. */
  notDeepLearning: boolean;
}

/**
 * Candidates from the learned layer's ranking (best first): score is the sentence scorer's
 * probability that the sentence answers the question (the paper layer counts a sentence above 0.5
 * as positive, so one below is "below-threshold").
 *
 * @example learnedCandidates(input, decision.ranked).map((c) => c.reasons)
 */
export function learnedCandidates(input: TraceInput, ranked: readonly ScoredSentence[]): Candidate[] {
  const hitOf = new Map(input.hits.map((h) => [h.sentence, h]));
  return ranked.slice(0, MAX_CANDIDATES).map((r) => {
    const hit = hitOf.get(r.sentence);
    const reasons: CandidateReason[] = [];
    if (r.logit < 0) reasons.push("below-threshold");
    // No hit may still be a cue match the rule dropped (negated, other work): then it is not "no-cue-match".
    if (!hit && !input.cues.signals.some((signal) => matchesSignal(r.sentence, signal, input.asDl, false)))
      reasons.push("no-cue-match");
    return candidate(input, r.sentence, round(sigmoid(r.logit)), "probability", reasons);
  });
}

/**
 * Candidates from the catalogue rule's hits (highest score first): score is the hit's rule score
 * over the question's threshold (a "yes" needs 1, from one sentence or one passage together). When
 * there are fewer hits than {@link MAX_CANDIDATES}, the sentences a cue matched but the rule dropped
 * (a negated match, other work weighed at zero) follow in document order, with score 0.
 *
 * @example ruleCandidates(input).every((c) => c.scale === "rule")
 */
export function ruleCandidates(input: TraceInput): Candidate[] {
  const top = [...input.hits]
    .sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start)
    .slice(0, MAX_CANDIDATES);
  const out = top.map((h) => {
    const ratio = h.score / Math.max(input.threshold, 1e-6);
    const reasons: CandidateReason[] = ratio < 1 ? ["below-threshold"] : [];
    return candidate(input, h.sentence, round(ratio), "rule", reasons);
  });
  if (out.length >= MAX_CANDIDATES) return out;
  const scored = new Set(input.hits.map((h) => h.sentence));
  for (const s of input.ctx.sentences) {
    if (!quotable(s) || scored.has(s) || excludedBy(input.cues, s.text)) continue;
    if (!input.cues.signals.some((signal) => matchesSignal(s, signal, input.asDl, false))) continue;
    out.push(candidate(input, s, 0, "rule", []));
    if (out.length >= MAX_CANDIDATES) break;
  }
  return out;
}

function candidate(
  input: TraceInput,
  s: SentenceInfo,
  score: number,
  scale: Candidate["scale"],
  first: CandidateReason[],
): Candidate {
  const reasons = [...first];
  if (negatedCue(s, input.cues, input.asDl)) reasons.push("negated");
  if (s.hedged) reasons.push("hedged");
  if (s.otherWork) reasons.push(input.ctx.review ? "review-paper" : "other-work");
  if (s.sourced) reasons.push("citation");
  if (!METHODS_LIKE.has(s.section)) reasons.push("outside-methods");
  if (input.notDeepLearning) reasons.push("not-deep-learning-paper");
  const { quote, page, start, end, section } = evidenceOf(input.ctx, s);
  const c: Candidate = { quote, page, start, end, score, scale, reasons };
  if (section) c.section = section;
  return c;
}

/**
 * True when one of the question's negatable cues matches the sentence inside a negated clause: the
 * rule dropped that match (score.ts skips negated matches the same way).
 */
export function negatedCue(s: SentenceInfo, cues: CompiledCues, isDl: boolean): boolean {
  return cues.signals.some((signal) => signal.negatable && matchesSignal(s, signal, isDl, true));
}

/** Whether `signal` matches the sentence anywhere (or, with `negatedOnly`, inside a negated clause), as score.ts reads it. */
function matchesSignal(s: SentenceInfo, signal: CompiledSignal, isDl: boolean, negatedOnly: boolean): boolean {
  const keys = keysOf(s);
  if (!signalApplies(s.text, keys, signal, isDl)) return false;
  const counts = (from: number, to: number) => !negatedOnly || isNegatedAt(s.text, from, to);
  return signalMatches(s.text, keys, signal, counts).length > 0;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
