import { type DocContext, quotable, type SentenceInfo } from "./doc-context.js";
import paperModelJson from "./paper-model.json" with { type: "json" };
import { evidenceStrength, type SentenceHit } from "./score.js";
import {
  cueFeatureIds,
  cueLogit,
  loadSentenceModel,
  type PaperModel,
  type PaperSignals,
  paperFeatures,
  paperProbability,
  paperUse,
  questionColumn,
  type SentenceModel,
  type SentenceModelJson,
  textFeatureIds,
  textLogits,
} from "./sentence-model.js";
import sentenceModelJson from "./sentence-model.json" with { type: "json" };

/** The learned layer: a sentence scorer and a paper layer per question (see sentence-model.ts). */
export interface LearnedLayer {
  sentences: SentenceModel;
  paper: PaperModel;
}

let shipped: LearnedLayer | undefined;

/** The layer trained by `npm run train` and shipped in `src/` (expanded once per process). */
export function shippedLearnedLayer(): LearnedLayer {
  shipped ??= {
    sentences: loadSentenceModel(sentenceModelJson as SentenceModelJson),
    paper: paperModelJson as PaperModel,
  };
  return shipped;
}

/**
 * The shipped layer's versions, "sentences/paper", read without expanding its weights (a thread that
 * only names the engine, like the main thread of a run answered in workers, never needs them).
 * @example shippedLayerVersions() === `${shippedLearnedLayer().sentences.version}/${shippedLearnedLayer().paper.version}` // true
 */
export function shippedLayerVersions(): string {
  return `${(sentenceModelJson as SentenceModelJson).version}/${(paperModelJson as PaperModel).version}`;
}

/** Whether `layer` is the shipped layer as {@link shippedLearnedLayer} expanded it (false before it is expanded). */
export function isShippedLayer(layer: LearnedLayer | undefined): boolean {
  return layer !== undefined && layer === shipped;
}

/**
 * Text logits of every sentence of a document for every question (computed once per document and
 * shared by all questions; the question's cues are added per question).
 */
export function documentLogits(layer: LearnedLayer, ctx: DocContext): Float32Array[] {
  return documentFeatureIds(ctx).map((ids) => textLogits(layer.sentences, ids));
}

/** Hashed text features of every sentence of a document, with the heading each stands under. */
export function documentFeatureIds(ctx: DocContext): Uint32Array[] {
  const sections = [...ctx.document.sections].sort((a, b) => a.start - b.start);
  let i = 0;
  return ctx.sentences.map((s) => {
    while (i + 1 < sections.length && sections[i + 1].start <= s.start) i++;
    const section = sections[i];
    const heading = section && section.start <= s.start && s.start < section.end ? section.heading : "";
    return textFeatureIds(s, heading);
  });
}

/** One quotable sentence with its learned score for a question. */
export interface ScoredSentence {
  sentence: SentenceInfo;
  logit: number;
}

/** What the layer decided for one (paper, question). */
export interface LayerDecision {
  /** Probability of "yes"; undefined when the layer does not cover the question. */
  probability: number | undefined;
  /** "rules": the catalogue rules decide, and `probability` only calibrates their confidence. */
  use: "layer" | "rules" | undefined;
  /** Quotable sentences, best first. */
  ranked: ScoredSentence[];
  signals: PaperSignals;
  features: number[];
}

/** Inputs of `decideWithLayer` besides the layer itself. */
export interface LayerInput {
  ctx: DocContext;
  /** Per sentence, its text logits for every question (documentLogits). */
  logits: Float32Array[];
  hits: SentenceHit[];
  cq: number;
  threshold: number;
  dlProbability: number;
}

/**
 * Scores every quotable sentence for one question and turns the scores, the catalogue rule's
 * evidence strength and the deep-learning prior into a probability of "yes".
 */
export function decideWithLayer(layer: LearnedLayer, input: LayerInput): LayerDecision {
  const { ctx, logits, hits, cq } = input;
  const column = questionColumn(layer.sentences, cq);
  if (column < 0) return { probability: undefined, use: undefined, ranked: [], signals: emptySignals(), features: [] };
  const cuesOf = new Map<SentenceInfo, string[]>();
  for (const h of hits) cuesOf.set(h.sentence, h.signals);
  const ranked: ScoredSentence[] = [];
  for (let i = 0; i < ctx.sentences.length; i++) {
    const s = ctx.sentences[i];
    if (!quotable(s)) continue;
    const cues = cuesOf.get(s);
    const logit = logits[i][column] + (cues ? cueLogit(layer.sentences, column, cueFeatureIds(cues)) : 0);
    ranked.push({ sentence: s, logit });
  }
  ranked.sort((a, b) => b.logit - a.logit || a.sentence.start - b.sentence.start);
  // paperFeatures reads the logits best first.
  const strength = evidenceStrength(hits);
  const signals: PaperSignals = {
    logits: ranked.map((r) => r.logit),
    top: ranked[0]?.sentence,
    ruleRatio: strength / Math.max(input.threshold, 1e-6),
    rulePass: strength >= input.threshold,
    dlProbability: input.dlProbability,
    sentences: ctx.sentences.length,
  };
  const features = paperFeatures(signals);
  const probability = paperProbability(layer.paper, cq, features);
  const use = probability === undefined ? undefined : paperUse(layer.paper, cq);
  return { probability, use, ranked, signals, features };
}

function emptySignals(): PaperSignals {
  return { logits: [], ruleRatio: 0, rulePass: false, dlProbability: 0, sentences: 0 };
}
