import type { SectionKind } from "../../types.js";
import type { CompiledCues, CompiledSignal } from "./cues.js";
import {
  contrastLeadEnd,
  type DocContext,
  defersToSupplement,
  isFutureStepAt,
  isHedgedAt,
  isNegatedAt,
  keysOf,
  quotable,
  type SentenceInfo,
} from "./doc-context.js";
import { gateAllows, type SentenceKeys } from "./prefilter.js";
import { NEURAL_MODEL_NAMES } from "./vocab.js";

/** A sentence that carries evidence for one question. */
export interface SentenceHit {
  sentence: SentenceInfo;
  score: number;
  signals: string[];
  values: { key: string; value: unknown }[];
  /** Offsets (document) of the first and last match, for tight quotes. */
  from: number;
  to: number;
  /** The match itself is speculative ("we plan to add…", "could be deployed"): it supports, but never alone. */
  hedged?: boolean;
}

// Where the study says what it did weighs more than what it motivates or discusses.
const SECTION_WEIGHT: Record<SectionKind, number> = {
  floats: 0,
  front: 1,
  abstract: 1,
  introduction: 0.5,
  background: 0.5,
  methods: 1,
  results: 1,
  discussion: 0.7,
  conclusion: 0.7,
  acknowledgements: 0.3,
  availability: 1,
  references: 0,
  appendix: 0.9,
  other: 1,
};

/**
 * Scores every sentence of the document against a question's cues. Each pattern runs only on the
 * sentences that hold one of the words it cannot match without (the sentence's keys, prefilter.ts).
 */
export function scoreSentences(ctx: DocContext, cues: CompiledCues, isDl: boolean): SentenceHit[] {
  const hits: SentenceHit[] = [];
  for (const s of ctx.sentences) {
    const factor = sentenceFactor(s, cues);
    if (factor <= 0) continue;
    const keys = keysOf(s);
    if (excludedBy(cues, s.text, keys)) continue;
    const hit = matchSentence(s, keys, cues.signals, isDl);
    if (!hit) continue;
    hit.score *= factor;
    if (s.hedged && isHedgedAt(s.text, hit.from - s.start, hit.to - s.start)) {
      // A step left for later ("focal loss could be explored in a later version") is not done at all.
      hit.score *= isFutureStepAt(s.text, hit.from - s.start, hit.to - s.start) ? 0 : cues.hedgeWeight;
      hit.hedged = true;
    }
    if (hit.score > 0) hits.push(hit);
  }
  return hits;
}

/**
 * True for a sentence the question's cues never take as evidence: one its `exclude` pattern matches (tested only
 * when the sentence has the pattern's words, given `keys`), or one that only says where settings are listed when the
 * question asks for them (`deferralsUnstated`).
 */
export function excludedBy(cues: CompiledCues, text: string, keys?: SentenceKeys): boolean {
  if (cues.exclude && (keys === undefined || gateAllows(cues.excludeGate, keys)) && cues.exclude.test(text))
    return true;
  return cues.deferralsUnstated && defersToSupplement(text);
}

function sentenceFactor(s: SentenceInfo, cues: CompiledCues): number {
  if (!quotable(s) || s.planned) return 0;
  let f = cues.sections[s.section] ?? SECTION_WEIGHT[s.section];
  if (s.otherWork || s.sourced) f *= cues.otherWorkWeight;
  return f;
}

function matchSentence(
  s: SentenceInfo,
  keys: SentenceKeys,
  signals: CompiledSignal[],
  isDl: boolean,
): SentenceHit | undefined {
  let score = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = -1;
  const names: string[] = [];
  const values: { key: string; value: unknown }[] = [];
  for (const signal of signals) {
    if (!signalApplies(s.text, keys, signal, isDl)) continue;
    const found = signalMatches(s.text, keys, signal);
    if (found.length === 0) continue;
    score += signal.weight;
    names.push(signal.name);
    for (const f of found) {
      from = Math.min(from, f.from);
      to = Math.max(to, f.to);
      if (f.key) values.push({ key: f.key, value: f.value });
    }
  }
  if (names.length === 0) return undefined;
  // A small bonus per value found ranks the sentence that states the most first among equals.
  score += 0.05 * Math.min(5, values.length);
  return { sentence: s, score, signals: names, values, from: s.start + from, to: s.start + to };
}

/** Every match of a global pattern, as `text.matchAll(re)` gives them, without cloning the pattern. */
export function allMatches(text: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (!re.global) break;
    if (m[0] === "") re.lastIndex = advance(text, re.lastIndex, re.unicode);
  }
  re.lastIndex = 0;
  return out;
}

function advance(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const lead = text.charCodeAt(at);
  const trail = text.charCodeAt(at + 1);
  return lead >= 0xd800 && lead <= 0xdbff && trail >= 0xdc00 && trail <= 0xdfff ? at + 2 : at + 1;
}

/**
 * The default filter of a signal's matches: outside what the sentence sets the study against (read once per
 * sentence, on the first match) and, for a negatable signal, outside a negated clause.
 */
function statedBy(text: string, signal: CompiledSignal): (from: number, to: number) => boolean {
  let lead: number | undefined;
  return (from, to) => {
    lead ??= contrastLeadEnd(text);
    return to > lead && !(signal.negatable && isNegatedAt(text, from, to));
  };
}

/** One match of a signal in a sentence: where, and the value it names. */
export interface Found {
  key?: string;
  value: unknown;
  from: number;
  to: number;
}

/** Whether a signal may apply to a sentence at all: its deep-learning condition and its `requires`. */
export function signalApplies(text: string, keys: SentenceKeys, signal: CompiledSignal, isDl: boolean): boolean {
  if (signal.dlOnly && !isDl) return false;
  return !signal.requires || (gateAllows(signal.requiresGate, keys) && signal.requires.test(text));
}

/**
 * The matches of a signal's terms and extractor in a sentence that `keep` accepts (by default, those
 * the sentence states for the study: {@link statedBy}). Patterns whose gate words the sentence lacks
 * are not run: they cannot match (prefilter.ts).
 */
export function signalMatches(
  text: string,
  keys: SentenceKeys,
  signal: CompiledSignal,
  keep: (from: number, to: number) => boolean = statedBy(text, signal),
): Found[] {
  const out: Found[] = [];
  // The union of the terms is tested only for terms without a gate: a gated term whose words are
  // absent cannot match, and one that matches also matches the union.
  let anyTerm: boolean | undefined;
  for (const term of signal.terms) {
    if (term.gate !== undefined) {
      if (!gateAllows(term.gate, keys)) continue;
    } else {
      anyTerm ??= signal.any ? signal.any.test(text) : true;
      if (!anyTerm) continue;
    }
    if (signal.neuralOnly && !NEURAL_MODEL_NAMES.has(term.name)) continue;
    for (const m of allMatches(text, term.re)) {
      const at = m.index;
      if (!keep(at, at + m[0].length)) continue;
      out.push({
        key: signal.valueKey,
        value: term.keepMatch || term.name === signal.name ? m[0].replace(/\s+/g, " ").trim() : term.name,
        from: at,
        to: at + m[0].length,
      });
    }
  }
  if (signal.extractor) {
    for (const h of signal.extractor(text)) {
      if (!keep(h.from, h.to)) continue;
      out.push({ key: h.key, value: h.value, from: h.from, to: h.to });
    }
  }
  return out;
}

/** Characters over which weaker hits add up: about one retrieved chunk of text. */
export const EVIDENCE_SPAN = 1200;

/**
 * How strongly the hits answer the question: the best sentence, or the hits of one passage
 * together (capped at twice the best), so that stray mentions spread over a long paper do not
 * add up to an answer while a paragraph that treats the topic does.
 *
 * @example evidenceStrength([]) // 0
 */
export function evidenceStrength(hits: SentenceHit[], span = EVIDENCE_SPAN): number {
  let best = 0;
  for (const h of hits) best = Math.max(best, h.score);
  const ordered = [...hits].sort((a, b) => a.sentence.start - b.sentence.start);
  let local = 0;
  let sum = 0;
  let j = 0;
  for (let i = 0; i < ordered.length; i++) {
    sum += ordered[i].score;
    while (ordered[i].sentence.start - ordered[j].sentence.start > span) sum -= ordered[j++].score;
    local = Math.max(local, sum);
  }
  return Math.max(best, Math.min(local, best * 2));
}
