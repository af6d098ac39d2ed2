/**
 * The learned layer of the extractive engine (engine version 8).
 *
 * Two small models, both trained by `scripts/train-sentences.ts` on what five LLMs answered for the
 * 304 benchmark papers without human labels (never on the 21 human-judged ones):
 *  - a **sentence scorer** per question: a logistic model over hashed word and word-pair features of
 *    one sentence, its section, its flags (own work, other work, hedged…) and the catalogue's cues
 *    that matched it. Its positives are the sentences the LLMs' "yes" answers rest on, and (engine
 *    version 11) the plain sentences of those answers themselves, which are negatives of the other questions.
 *  - a **paper layer** per question: a logistic model over the best sentence's score and flags, the
 *    catalogue rule's own evidence strength and the paper's deep-learning probability (a soft prior, not
 *    a gate). Its output is the answer's probability, and so its confidence. It reads no count of
 *    sentences: a short paper states a thing once (engine version 11).
 */
import type { SectionKind } from "../../types.js";
import type { SentenceInfo } from "./doc-context.js";

/** Hash space of sentence features (2^18 buckets). */
export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;
/** Tokens of a sentence that count; longer run-on sentences are cut here. */
export const MAX_TOKENS = 160;

// Frequent function words: no unigram of their own (pairs keep them: "trained for", "split into").
const STOPWORDS = new Set(
  (
    "a an the of in on at to for from by with and or as is are was were be been being this that these those " +
    "it its into than then there their which who whom whose what when where while also such each other both " +
    "can has have had do does did using use used based we our us they them he she his her one two"
  ).split(" "),
);

/** FNV-1a of a string, folded into the hash space. */
export function hashFeature(name: string): number {
  return fnvFold(fnvContinue(FNV_OFFSET, name));
}

const TOKEN = /[a-z][a-z0-9+#]*(?:-[a-z0-9]+)*|\d+(?:[.,]\d+)*%?/g;

/** Lower-case word tokens; numbers become their shape (`#year`, `#int`, `#dec`, `#pct`, `#exp`). */
export function sentenceTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    out.push(/^\d/.test(t) ? numberShape(t) : t);
    if (out.length >= MAX_TOKENS) break;
  }
  return out;
}

function numberShape(t: string): string {
  if (t.endsWith("%")) return "#pct";
  if (/^(19|20)\d\d$/.test(t)) return "#year";
  if (/^0[.,]0*\d/.test(t)) return /^0[.,]00/.test(t) ? "#small" : "#dec";
  if (/[.,]/.test(t)) return "#dec";
  return t.length === 1 ? "#digit" : "#int";
}

/**
 * Feature names of one sentence before hashing: its words and word pairs, the words of the heading it
 * stands under ("Data augmentation" tells what the next sentences are about), its section, flags and
 * length, and `cues`, the catalogue signals that matched it.
 */
export function sentenceFeatureNames(s: SentenceInfo, heading = "", cues: readonly string[] = []): string[] {
  const toks = sentenceTokens(s.text);
  const names: string[] = [];
  for (const t of new Set(sentenceTokens(heading).slice(0, 8))) if (!STOPWORDS.has(t)) names.push(`heading:${t}`);
  for (let i = 0; i < toks.length; i++) {
    if (!STOPWORDS.has(toks[i])) names.push(toks[i]);
    if (i > 0) names.push(`${toks[i - 1]} ${toks[i]}`);
  }
  names.push(`section:${s.section}`);
  if (s.own) names.push("flag:own");
  if (s.otherWork) names.push("flag:other");
  if (s.sourced) names.push("flag:sourced");
  if (s.hedged) names.push("flag:hedged");
  if (s.cited) names.push("flag:cited");
  if (s.heading) names.push("flag:heading");
  names.push(`length:${Math.min(6, Math.floor(Math.log2(1 + toks.length)))}`);
  for (const c of cues) names.push(`cue:${c}`);
  if (cues.length > 0) names.push(`cues:${Math.min(3, cues.length)}`);
  return names;
}

/**
 * Text features of one sentence, hashed and de-duplicated (shared by every question): the ids of
 * `sentenceFeatureNames(s, heading)` in the same order, hashed without building the names (a word
 * pair's hash continues its first word's).
 */
export function textFeatureIds(s: SentenceInfo, heading = ""): Uint32Array {
  const toks = sentenceTokens(s.text);
  const ids = new Set<number>();
  for (const t of new Set(sentenceTokens(heading).slice(0, 8)))
    if (!STOPWORDS.has(t)) ids.add(fnvFold(fnvContinue(HEADING_STATE, t)));
  let previous = 0;
  for (let i = 0; i < toks.length; i++) {
    const state = fnvContinue(FNV_OFFSET, toks[i]);
    if (!STOPWORDS.has(toks[i])) ids.add(fnvFold(state));
    if (i > 0) ids.add(fnvFold(fnvContinue(fnvContinue(previous, " "), toks[i])));
    previous = state;
  }
  ids.add(cachedHash(`section:${s.section}`));
  if (s.own) ids.add(cachedHash("flag:own"));
  if (s.otherWork) ids.add(cachedHash("flag:other"));
  if (s.sourced) ids.add(cachedHash("flag:sourced"));
  if (s.hedged) ids.add(cachedHash("flag:hedged"));
  if (s.cited) ids.add(cachedHash("flag:cited"));
  if (s.heading) ids.add(cachedHash("flag:heading"));
  ids.add(cachedHash(`length:${Math.min(6, Math.floor(Math.log2(1 + toks.length)))}`));
  return Uint32Array.from(ids);
}

const FNV_OFFSET = 0x811c9dc5;

/** The FNV-1a state after `text`, starting from `h` (hashFeature folds the state of the whole name). */
function fnvContinue(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

const fnvFold = (h: number) => (h >>> 0) & MASK;
const HEADING_STATE = fnvContinue(FNV_OFFSET, "heading:");

/** Hashed ids of the cue features of one sentence for one question. */
export function cueFeatureIds(cues: readonly string[]): number[] {
  if (cues.length === 0) return [];
  return [...cues.map((c) => cachedHash(`cue:${c}`)), cachedHash(`cues:${Math.min(3, cues.length)}`)];
}

// Cue names are few and recur for every sentence and question: hash each once.
const cueHashes = new Map<string, number>();
function cachedHash(name: string): number {
  let h = cueHashes.get(name);
  if (h === undefined) {
    h = hashFeature(name);
    cueHashes.set(name, h);
  }
  return h;
}

/** Weights as shipped: per question a bias and sparse (id, weight) pairs. */
export interface SentenceModelJson {
  version: number;
  hashBits: number;
  questions: Record<string, { b: number; ids: number[]; w: number[] }>;
}

/**
 * Sentence scorers of every question in one table: for each hashed feature, its weight for each
 * question side by side, so one lookup per feature serves all 28 questions.
 */
export interface SentenceModel {
  version: number;
  /** Question numbers in column order. */
  questions: number[];
  bias: Float32Array;
  rows: Map<number, Float32Array>;
}

/** Builds the table from shipped sparse weights (once per process). */
export function loadSentenceModel(json: SentenceModelJson): SentenceModel {
  const questions = json.hashBits === HASH_BITS ? Object.keys(json.questions).map(Number) : [];
  questions.sort((a, b) => a - b);
  const bias = new Float32Array(questions.length);
  const rows = new Map<number, Float32Array>();
  questions.forEach((cq, column) => {
    const q = json.questions[String(cq)];
    bias[column] = q.b;
    for (let i = 0; i < q.ids.length; i++) {
      let row = rows.get(q.ids[i]);
      if (!row) {
        row = new Float32Array(questions.length);
        rows.set(q.ids[i], row);
      }
      row[column] = q.w[i];
    }
  });
  return { version: json.version, questions, bias, rows };
}

/** Column of question `cq` in the model's table, or -1. */
export function questionColumn(model: SentenceModel, cq: number): number {
  return model.questions.indexOf(cq);
}

/** Logits of one sentence's text features for every question (column order), without its cues. */
export function textLogits(model: SentenceModel, ids: Uint32Array): Float32Array {
  const z = Float32Array.from(model.bias);
  for (let i = 0; i < ids.length; i++) {
    const row = model.rows.get(ids[i]);
    if (row) for (let c = 0; c < z.length; c++) z[c] += row[c];
  }
  return z;
}

/** What the question's catalogue cues that matched a sentence add to its logit. */
export function cueLogit(model: SentenceModel, column: number, cues: readonly number[]): number {
  let z = 0;
  for (const id of cues) z += model.rows.get(id)?.[column] ?? 0;
  return z;
}

/** Names of the paper-layer features, in vector order. */
export const PAPER_FEATURE_NAMES: readonly string[] = [
  "top1",
  "rule_ratio",
  "rule_pass",
  "dl_p",
  "top1_x_dl",
  "top_own",
  "top_other",
  "top_hedged",
  "top_methods",
];

/** What the paper layer reads about one (paper, question). */
export interface PaperSignals {
  /** Sentence logits, best first. */
  logits: number[];
  /** The best sentence (by logit), if any. */
  top?: SentenceInfo;
  ruleRatio: number;
  rulePass: boolean;
  dlProbability: number;
  sentences: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const METHODS_LIKE: ReadonlySet<SectionKind> = new Set(["methods", "results", "availability", "appendix"]);

/** The paper layer's feature vector (PAPER_FEATURE_NAMES order); every entry is bounded. */
export function paperFeatures(p: PaperSignals): number[] {
  const top1 = clamp(p.logits[0] ?? -8, -8, 8);
  const dl = clamp(p.dlProbability, 0, 1);
  return [
    top1,
    clamp(p.ruleRatio, 0, 4),
    p.rulePass ? 1 : 0,
    dl,
    (top1 / 8) * dl,
    p.top?.own ? 1 : 0,
    p.top && (p.top.otherWork || p.top.sourced) ? 1 : 0,
    p.top?.hedged ? 1 : 0,
    p.top && METHODS_LIKE.has(p.top.section) ? 1 : 0,
  ];
}

/**
 * Weights of the paper layer: per question weights in PAPER_FEATURE_NAMES order and a bias. A
 * question marked `use: "rules"` is decided by the catalogue rules (training found too few positive
 * papers for it, or the rules agreed with the silver labels more often in cross-validation); its
 * weights then read only the rules' own evidence and calibrate the rules' confidence.
 */
export interface PaperModel {
  version: number;
  features: string[];
  questions: Record<string, { w: number[]; b: number; use?: "layer" | "rules" }>;
}

/** Who decides a question: the layer, the rules (with the layer's calibrated probability), or nobody. */
export function paperUse(model: PaperModel, cq: number): "layer" | "rules" | undefined {
  const q = model.questions[String(cq)];
  if (!q || model.features.length !== PAPER_FEATURE_NAMES.length) return undefined;
  return q.use ?? "layer";
}

/** Probability of "yes" from the paper layer, or undefined when it lacks the question or the features differ. */
export function paperProbability(model: PaperModel, cq: number, x: number[]): number | undefined {
  const q = model.questions[String(cq)];
  if (!q || q.w.length !== x.length || model.features.length !== PAPER_FEATURE_NAMES.length) return undefined;
  let z = q.b;
  for (let j = 0; j < x.length; j++) z += q.w[j] * x[j];
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
