/**
 * Features of an LLM answer text for the yes/no classifier (src/judge/binary.ts): hand-made
 * sentence-level cues (abstention, generic "textbook" wording, references to the paper, concrete
 * tokens such as numbers, names and acronyms) plus hashed word n-grams. Shared by the classifier
 * and by scripts/train-binary.ts so training and inference see identical features.
 */

import { lineSentences } from "../ingest/sentences.js";

/** Sparse feature vector: dense hand-made values plus hashed n-gram bucket counts. */
export interface AnswerFeatures {
  dense: number[];
  /** Hashed bucket index → count. */
  hashed: Map<number, number>;
  /** Short human-readable cues, for the classifier's `reason`. */
  cues: string[];
}

const ABSTAIN =
  /\b(?:(?:does|do|did|is|are|was|were)\s*n[o']t\s+(?:\w+\s+){0,3}?(?:mention|provide|specify|state|discuss|contain|include|describe|give|have|detail|indicate|address|offer|reveal|say|present|report|explain|talk|touch|cover|list|refer|delve|focus|appear|seem)|not\s+(?:\w+\s+){0,2}?(?:mentioned|provided|specified|stated|discussed|described|given|available|included|reported|clear|detailed|indicated|addressed|found|possible|present|explicit)|no\s+(?:\w+\s+){0,2}?(?:mention|information|details?|specific|explicit|direct|indication|reference|data|evidence|clear)|(?:cannot|can't|can\s+not|unable\s+to)\s+(?:\w+\s+){0,2}?(?:answer|determine|provide|find|say|tell|know|identify|infer|specify|be\s+determined)|i\s+do\s*n[o']t\s+know|i\s+don't\s+know|unfortunately|insufficient|lacks?|absence|without\s+(?:further|more|additional)|there\s+is\s+no|there\s+are\s+no|none\s+of|nothing|unknown)\b/i;

const GENERIC =
  /\b(?:typically|commonly|generally|in\s+general|usually|often|common(?:ly)?\s+(?:used|techniques?|methods?|approaches?|practices?|strategies|metrics?)|some\s+(?:common|popular|possible|general)|general\s+practices?|standard\s+practices?|best\s+practices?|can\s+(?:be|include|help|also)|could\s+(?:be|include|have)|may\s+(?:be|include|have|involve)|might\s+(?:be|include|have|involve)|would\s+(?:be|need|likely)|such\s+as|for\s+example|e\.g\.|examples?\s+include|include\s*:|is\s+a\s+(?:technique|method|process|common)|refers?\s+to|in\s+deep\s+learning|in\s+machine\s+learning|it\s+is\s+(?:important|common|possible|likely)|likely|possibly|perhaps|assum(?:e|ing|ption)|infer(?:red)?|suggests?|implies|general(?:ly)?\s+speaking|helps?\s+to|various)\b/i;

const PAPER_REF =
  /\b(?:the\s+(?:authors?|study|paper|researchers?|article|work|text|context)\s+(?:\w+\s+){0,2}?(?:use[sd]?|mentions?|mentioned|states?|stated|describes?|described|employ(?:s|ed)?|reports?|reported|appl(?:y|ies|ied)|train(?:s|ed)?|propos(?:e|es|ed)|select(?:s|ed)?|adopt(?:s|ed)?|chose|choose|specif(?:y|ies|ied)|indicates?|provides?)|(?:was|were|is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:used|trained|applied|employed|collected|obtained|set|split|divided|chosen|selected|implemented|evaluated|performed|conducted|acquired|recorded|downloaded|annotated|labell?ed|augmented|deployed|stored|available|released|written|developed|based|carried)|they\s+(?:used|trained|applied|employed|collected|split|divided|chose|set)|according\s+to\s+the\s+(?:context|text|paper))\b/i;

const POSITIVE_TURN =
  /\b(?:(?:it|they|the\s+(?:context|text|paper|study|authors?|article))\s+(?:does|do|did)\s+(?:\w+\s+)?(?:mention|provide|describe|discuss|state|give|refer|report|include|note|specify)|(?:the\s+)?(?:context|text|paper|study|article|authors?)\s+(?:also\s+)?(?:mentions?|describes?|discuss(?:es)?|states?|reports?|notes?|refers?|indicates?|explains?|uses?|used|employs?|employed)|(?:they|the\s+authors?|the\s+researchers?)\s+(?:also\s+)?(?:use[sd]?|collect(?:ed)?|train(?:ed)?|appl(?:ied|y)|obtain(?:ed)?|employ(?:ed)?|adopt(?:ed)?|propose[sd]?|develop(?:ed)?))\b/i;
const HEDGE_TURN =
  /\b(?:however|but|although|though|nevertheless|nonetheless|that\s+said|instead|rather|on\s+the\s+other\s+hand)\b/i;
const OFF_TOPIC =
  /\b(?:not|no|n't)\b[^.]{0,80}\b(?:deep\s+learning|neural\s+network|dl\s+pipeline|machine\s+learning)\b|\bfocus(?:es|ed)?\s+on\b|\bappears?\s+to\s+be\s+(?:about|focused|discussing)/i;
const DONT_KNOW_START = /^\s*(?:answer\s*:+\s*)?(?:i\s+do\s*n[o']t\s+know|unfortunately|there\s+is\s+no|no\b|none)/i;
const URL = /\b(?:https?:\/\/|www\.|github\.com|zenodo|figshare|doi\.org|dryad)/i;
const NUMBER_WITH_UNIT =
  /\b\d+(?:[.,]\d+)?\s*(?:%|percent|epochs?|batch|layers?|images?|samples?|gb|mb|hz|khz|px|pixels?|m\b|km|cm|mm|s\b|ms|hours?|minutes?|seconds?|days?|years?|classes|species|iterations?|units|neurons|filters|:\d+)/i;
const RATIO = /\b\d{1,2}\s*[:/]\s*\d{1,2}\b|\b\d{1,3}(?:\.\d+)?\s*%/;
const ACRONYM = /\b[A-Z][A-Z0-9]{1,}[a-z]?\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z]+[A-Z][A-Za-z0-9]*\b/g;
const CAP_WORD = /(?<=[a-z,;(]\s+)[A-Z][a-zA-Z0-9-]{2,}/g;
const QUOTE = /["“][^"”]{3,80}["”]|\*\*[^*]{2,60}\*\*/;
const BULLET = /(?:^|\n)\s*(?:[*•-]|\d+[.)])\s+/g;

/** Words of a text, lowercased, letters/digits only. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g) ?? [];
}

/** FNV-1a 32-bit hash: stable across runs and platforms, so saved weights stay valid. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function concreteTokens(sentence: string, questionWords: Set<string>): string[] {
  const found = new Set<string>();
  for (const m of sentence.match(ACRONYM) ?? []) if (!questionWords.has(m.toLowerCase())) found.add(m);
  for (const m of sentence.match(CAP_WORD) ?? []) if (!questionWords.has(m.toLowerCase())) found.add(m);
  for (const m of sentence.match(/\b\d+(?:\.\d+)?\b/g) ?? []) found.add(m);
  return [...found];
}

/** Names of the dense features, in order (kept in the model file to detect mismatches). */
export const DENSE_NAMES = [
  "bias",
  "empty",
  "logChars",
  "nSentences",
  "abstainAny",
  "abstainFirst",
  "abstainFrac",
  "dontKnowStart",
  "genericFrac",
  "genericAny",
  "paperRefCount",
  "paperRefNonAbstain",
  "specificNonAbstain",
  "specificNonAbstainNonGeneric",
  "concreteNew",
  "concreteNewLog",
  "concreteAfterTurn",
  "turnAfterAbstain",
  "offTopic",
  "url",
  "numberUnit",
  "ratio",
  "quote",
  "bullets",
  "lastAbstain",
  "abstainAndConcrete",
  "abstainNoTurn",
  "questionEcho",
  "positiveTurn",
  "positiveTurnCount",
  "concreteAll",
  "concreteInAbstain",
  "genericNoConcrete",
  "firstGeneric",
] as const;

/** Computes features of (question, answer). `buckets` is the hashed n-gram space size. */
export function answerFeatures(question: string, answer: string, buckets: number): AnswerFeatures {
  const text = answer.trim();
  const qWords = new Set(words(question));
  const sentences = lineSentences(text);
  const n = sentences.length;
  let abstain = 0;
  let generic = 0;
  let paperRef = 0;
  let paperRefNonAbstain = 0;
  let specificNonAbstain = 0;
  let specificPlain = 0;
  let concreteAfterTurn = 0;
  let turnAfterAbstain = 0;
  let seenAbstain = false;
  let seenTurn = false;
  const concrete = new Set<string>();
  const concreteAny = new Set<string>();
  let positive = 0;
  const flags = sentences.map((s) => ({ a: ABSTAIN.test(s), g: GENERIC.test(s), p: PAPER_REF.test(s) }));
  sentences.forEach((s, i) => {
    const f = flags[i];
    const tokens = concreteTokens(s, qWords);
    if (f.a) abstain++;
    if (f.g) generic++;
    if (f.p) paperRef++;
    if (f.p && !f.a) paperRefNonAbstain++;
    if (!f.a && tokens.length > 0) specificNonAbstain++;
    if (!f.a && !f.g && tokens.length > 0) specificPlain++;
    if (seenAbstain && HEDGE_TURN.test(s)) {
      seenTurn = true;
      turnAfterAbstain = 1;
    }
    if (seenTurn && !f.a) concreteAfterTurn += tokens.length;
    if (f.a) seenAbstain = true;
    // Numbers and names inside generic sentences ("typically 80/20") are not about the paper.
    if (!f.a && !f.g) for (const t of tokens) concrete.add(t);
    for (const t of tokens) concreteAny.add(t);
    if (POSITIVE_TURN.test(s)) positive++;
  });
  const answerWords = words(text);
  const echo = answerWords.length === 0 ? 0 : answerWords.filter((w) => qWords.has(w)).length / answerWords.length;
  const abstainFirst = n > 0 && flags[0].a ? 1 : 0;
  const dense = [
    1,
    text.length === 0 ? 1 : 0,
    Math.log1p(text.length) / 8,
    Math.min(n, 20) / 10,
    abstain > 0 ? 1 : 0,
    abstainFirst,
    n === 0 ? 0 : abstain / n,
    DONT_KNOW_START.test(text) ? 1 : 0,
    n === 0 ? 0 : generic / n,
    generic > 0 ? 1 : 0,
    Math.min(paperRef, 5) / 5,
    Math.min(paperRefNonAbstain, 5) / 5,
    Math.min(specificNonAbstain, 6) / 6,
    Math.min(specificPlain, 6) / 6,
    Math.min(concrete.size, 10) / 10,
    Math.log1p(concrete.size) / 3,
    Math.log1p(concreteAfterTurn) / 3,
    turnAfterAbstain,
    OFF_TOPIC.test(text) ? 1 : 0,
    URL.test(text) ? 1 : 0,
    NUMBER_WITH_UNIT.test(text) ? 1 : 0,
    RATIO.test(text) ? 1 : 0,
    QUOTE.test(text) ? 1 : 0,
    Math.min((text.match(BULLET) ?? []).length, 8) / 8,
    n > 0 && flags[n - 1].a ? 1 : 0,
    abstain > 0 ? Math.log1p(concrete.size) / 3 : 0,
    abstain > 0 && !turnAfterAbstain ? 1 : 0,
    echo,
    positive > 0 ? 1 : 0,
    Math.min(positive, 5) / 5,
    Math.log1p(concreteAny.size) / 3,
    Math.log1p(concreteAny.size - concrete.size) / 3,
    generic > 0 && concrete.size === 0 ? 1 : 0,
    n > 0 && flags[0].g && !flags[0].a ? 1 : 0,
  ];
  const hashed = new Map<number, number>();
  const add = (key: string) => {
    const b = fnv1a(key) % buckets;
    hashed.set(b, (hashed.get(b) ?? 0) + 1);
  };
  // Word n-grams of the answer, tagged by whether their sentence abstains: "mentions X" means
  // different things in "does not mention X" and "the authors mention X".
  sentences.forEach((s, i) => {
    const tag = flags[i].a ? "a" : "s";
    const ws = words(s);
    for (let j = 0; j < ws.length; j++) {
      add(`${tag}1:${ws[j]}`);
      if (j + 1 < ws.length) add(`${tag}2:${ws[j]} ${ws[j + 1]}`);
    }
  });
  // Per-question base rates: some questions are answered (or abstained on) far more often.
  const qKey = words(question).join(" ");
  add(`q:${qKey}`);
  add(`q${abstainFirst}:${qKey}`);
  const cues: string[] = [];
  if (text.length === 0) cues.push("empty answer");
  if (abstain > 0) cues.push(`abstains in ${abstain}/${n} sentences`);
  if (turnAfterAbstain) cues.push("turns after abstaining");
  if (concrete.size > 0) cues.push(`${concrete.size} concrete tokens (${[...concrete].slice(0, 4).join(", ")})`);
  if (generic > 0) cues.push(`generic wording in ${generic}/${n} sentences`);
  return { dense, hashed, cues };
}

/** Size of the hashed n-gram space (a power of two keeps the weights file small). */
export const HASH_BUCKETS = 4096;

/** A trained logistic-regression model over `answerFeatures` (see scripts/train-binary.ts). */
export interface BinaryModel {
  version: number;
  buckets: number;
  threshold: number;
  denseNames: string[];
  dense: number[];
  hashed: number[];
}

/** P(yes) of a feature vector under `model`. */
export function scoreFeatures(model: BinaryModel, x: AnswerFeatures): number {
  let z = 0;
  for (let j = 0; j < model.dense.length; j++) z += model.dense[j] * x.dense[j];
  for (const [b, c] of x.hashed) z += (model.hashed[b] ?? 0) * Math.log1p(c);
  return 1 / (1 + Math.exp(-z));
}
