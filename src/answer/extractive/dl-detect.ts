import type { Document, Evidence } from "../../types.js";
import { buildDocContext, type DocContext, evidenceOf, isNegatedAt } from "./doc-context.js";
import { DL_FRAMEWORK_NAMES, NEURAL_MODEL_NAMES, VOCABULARIES } from "./vocab.js";

/** Result of deep-learning detection for one paper. */
export interface DlDetection {
  dl: boolean;
  /** Summed evidence score (compare with DL_THRESHOLD). */
  score: number;
  confidence: number;
  evidence: Evidence[];
}

// Signals that a study trains or applies a neural network itself, with their weights.
const STRONG: { re: RegExp; weight: number }[] = [
  { re: /\bdeep[- ]learning\b/i, weight: 1 },
  { re: /\bdeep (neural )?networks?\b|\bdeep convolutional\b/i, weight: 1.5 },
  { re: /\b(transfer learning|fine-?tun(ed|ing|e)|pre-?trained (on|weights|models?|networks?))\b/i, weight: 1.5 },
  {
    re: /\bepochs?\b|\bbatch size\b|\bbackpropagation\b|\bdropout\b|\bhidden layers?\b|\bactivation function\b|\bReLU\b|\bsoftmax\b/i,
    weight: 1,
  },
  { re: /\b(GPU|CUDA)s?\b/, weight: 1 },
];
const NEURAL = VOCABULARIES.models
  .filter((m) => NEURAL_MODEL_NAMES.has(m.name))
  .map((m) => ({ name: m.name, re: new RegExp(m.pattern, m.caseSensitive ? "" : "i") }));
const DL_FRAMEWORKS = VOCABULARIES.frameworks
  .filter((f) => DL_FRAMEWORK_NAMES.has(f.name))
  .map((f) => new RegExp(f.pattern, f.caseSensitive ? "" : "i"));
// Cheap case-insensitive union tested before the term-by-term scoring.
const ANY = new RegExp(
  [...STRONG.map((x) => x.re.source), ...NEURAL.map((x) => x.re.source), ...DL_FRAMEWORKS.map((x) => x.source)]
    .map((x) => `(?:${x})`)
    .join("|"),
  "i",
);
const GENERIC_NN = /^(ANN|MLP|Neural network)$/;

/** Default score a paper needs to count as deep learning. */
export const DL_THRESHOLD = 8;

/**
 * Decides whether a paper describes a deep-learning pipeline of its own (neural networks trained,
 * fine-tuned or applied), from sentences outside the references that are not about other work.
 * A lone "artificial neural network" with no training vocabulary scores low.
 *
 * @example detectDeepLearning(doc) // { dl: true, confidence: 0.93, evidence: [...] }
 */
export function detectDeepLearning(document: Document, ctx: DocContext = buildDocContext(document)): DlDetection {
  let score = 0;
  const scored: { s: (typeof ctx.sentences)[number]; w: number }[] = [];
  for (const s of ctx.sentences) {
    if (s.otherWork) continue;
    const w =
      sentenceScore(s.text) *
      (s.hedged ? 0.5 : 1) *
      (s.section === "introduction" || s.section === "background" ? 0.5 : 1);
    if (w <= 0) continue;
    score += Math.min(w, 3);
    scored.push({ s, w });
  }
  scored.sort((a, b) => b.w - a.w);
  const dl = score >= DL_THRESHOLD;
  const margin = Math.abs(score - DL_THRESHOLD) / DL_THRESHOLD;
  return {
    dl,
    score: round(score),
    confidence: round(0.5 + 0.5 * Math.min(1, margin)),
    evidence: dl ? scored.slice(0, 3).map((x) => evidenceOf(ctx, x.s)) : [],
  };
}

function sentenceScore(text: string): number {
  if (!ANY.test(text)) return 0;
  let w = 0;
  for (const { re, weight } of STRONG) {
    const m = re.exec(text);
    if (m && !isNegatedAt(text, m.index, m.index + m[0].length)) w += weight;
  }
  for (const { name, re } of NEURAL) {
    const m = re.exec(text);
    if (!m || isNegatedAt(text, m.index, m.index + m[0].length)) continue;
    w += GENERIC_NN.test(name) ? 0.5 : 1.5;
  }
  for (const re of DL_FRAMEWORKS) if (re.test(text)) w += 1.5;
  return w;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
