import type { Answer, Document, Engine, EngineInput, Evidence, Question, SectionKind } from "../../types.js";
import { compose, notDeepLearning, notStated } from "./compose.js";
import { extractiveContentDigest } from "./content-digest.js";
import { type CompiledCues, compileCues } from "./cues.js";
import { type DlDetection, detectDeepLearning } from "./dl-detect.js";
import { buildDocContext, type DocContext, evidenceOf, type SentenceInfo } from "./doc-context.js";
import { FEATURE_NAMES, featureVector, type Measurement, measureQuestion } from "./features.js";
import {
  decideWithLayer,
  documentLogits,
  type LearnedLayer,
  type ScoredSentence,
  shippedLayerVersions,
  shippedLearnedLayer,
} from "./learned.js";
import { type ExtractiveModel, modelCut, modelProbability } from "./model.js";
import { queryCues } from "./query-cues.js";
import { evidenceStrength, type SentenceHit, scoreSentences } from "./score.js";
import { learnedCandidates, negatedCue, ruleCandidates, type TraceInput } from "./trace.js";

export { NOT_DL, NOT_STATED } from "./compose.js";
export { type DlDetection, detectDeepLearning } from "./dl-detect.js";
export { type LearnedLayer, shippedLearnedLayer } from "./learned.js";
export { ANSWER_MODEL } from "./model-weights.js";

/** Version of the extractive engine; part of every run key, so stored answers of older versions are redone. */
export const EXTRACTIVE_VERSION = 19;

/** Options of the extractive engine. */
export interface ExtractiveOptions {
  /** Scale applied to every question's threshold (1 = catalogue values). */
  thresholdScale?: number;
  /** Evidence quotes kept per answer. */
  maxEvidence?: number;
  /**
   * Overrides deep-learning detection for a document (e.g. when the engine sees only part of a
   * paper whose full text was classified elsewhere); undefined means "detect from the text".
   */
  deepLearning?: (document: Document) => boolean | undefined;
  /**
   * The paper's full deep-learning detection, for engines that see only part of it (K24's per-question
   * contexts): its probability is the learned layer's prior. Takes precedence over `deepLearning`.
   */
  paperDetection?: (document: Document) => DlDetection | undefined;
  /**
   * The learned layer (sentence scorer and paper layer, `npm run train`). Default: the shipped one.
   * `null` answers with the catalogue rules alone, as engine version 7 did.
   */
  learned?: LearnedLayer | null;
  /**
   * A trained logistic layer that turns the engine's measurements into yes/no (e.g. the shipped
   * `ANSWER_MODEL`, distilled from the K24 vote). Off by default: on human judgements the catalogue
   * thresholds score higher, because the LLM vote credits fewer answers than people do.
   */
  model?: ExtractiveModel | null;
}

interface PaperWork {
  ctx: DocContext;
  dl: DlDetection;
  /** Per sentence, the learned layer's text logits for every question, computed on first use. */
  logits?: Float32Array[];
}

/**
 * The offline engine: answers each question from the paper's own sentences using the catalogue's
 * cues (vocabularies, patterns, value extractors), with negation, hedging, other-work and section
 * awareness. Deep-learning-only questions are answered "no" for papers without deep learning.
 *
 * @example const engine = createExtractiveEngine(); const a = engine.answer(input, question);
 */
export function createExtractiveEngine(options: ExtractiveOptions = {}): Engine {
  const thresholdScale = options.thresholdScale ?? 1;
  const maxEvidence = options.maxEvidence ?? 3;
  const papers = new WeakMap<Document, PaperWork>();
  const compiled = new WeakMap<Question, CompiledCues>();

  const work = (document: Document): PaperWork => {
    let w = papers.get(document);
    if (!w) {
      const ctx = buildDocContext(document);
      const given = options.paperDetection?.(document);
      const detected = given ?? detectDeepLearning(document, ctx);
      const forced = given ? undefined : options.deepLearning?.(document);
      w = {
        ctx,
        dl: forced === undefined ? detected : { ...detected, dl: forced, probability: forced ? 1 : 0 },
      };
      papers.set(document, w);
    }
    return w;
  };
  const cuesOf = (q: Question): CompiledCues => {
    let c = compiled.get(q);
    if (!c) {
      c = q.cues && Object.keys(q.cues).length > 0 ? compileCues(q) : queryCues(q);
      compiled.set(q, c);
    }
    return c;
  };

  const model = usableModel(options.model);
  // The shipped layer's weights are expanded on the first answer, not here: naming the engine (its settings,
  // for the run key) needs only their versions and digest, which are read from the shipped files.
  const shippedLayer = options.learned === undefined;
  const layerOf = (): LearnedLayer | null => (shippedLayer ? shippedLearnedLayer() : (options.learned ?? null));
  const hasLayer = shippedLayer || options.learned !== null;

  const measure = (input: EngineInput, q: Question): Measurement => {
    const { ctx, dl } = work(input.document);
    return measureQuestion(ctx, cuesOf(q), dl, q.dlSpecific, thresholdScale);
  };

  const answerLearned = (input: EngineInput, q: Question): Answer | undefined => {
    const layer = layerOf();
    if (!layer) return undefined;
    const m = measure(input, q);
    const w = work(input.document);
    w.logits ??= documentLogits(layer, w.ctx);
    const decision = decideWithLayer(layer, {
      ctx: m.ctx,
      logits: w.logits,
      hits: m.hits,
      cq: q.cq,
      threshold: m.threshold,
      dlProbability: m.dl.probability,
    });
    const p = decision.probability;
    if (p === undefined) return undefined;
    if (decision.use === "rules") {
      // The rules decide; the layer's probability (fitted on the rules' own evidence) is their confidence.
      const ruled = answerByRules(m, q);
      ruled.confidence = round(Math.max(0.5, ruled.reported === "yes" ? p : 1 - p));
      // No rule hit to show: the layer's ranking is where the engine looked.
      if (ruled.candidates?.length === 0)
        ruled.candidates = learnedCandidates(
          traceInput(m, ruled.flags?.includes("non-dl-paper") ?? false),
          decision.ranked,
        );
      return ruled;
    }
    const best = decision.ranked[0];
    // The layer's yes needs the study's own statement where the paper has none to spare: in a review (what
    // it describes is other people's work), and for a deep-learning question in a paper the filter judged
    // non-DL ("networks are often trained with Adam (Kingma and Ba, 2015)" is not the study's optimizer).
    const citedOnly =
      best !== undefined && reportsOtherWork(best.sentence) && (m.ctx.review === true || (q.dlSpecific && !m.dl.dl));
    // A yes needs a statement of what the study did among the sentences rated nearly as high as the best: when
    // all of them are hedges or other people's work ("We plan to add Grad-CAM maps", "Other apps balance classes
    // by oversampling (Lee, 2021)"), the paper does not report it. A statement that cites its tools ("built with
    // Keras (Chollet, 2015)") is the study's own.
    // A sentence where the question's cue stands only in a negated clause ("Forecasts were not post-processed,
    // thresholded or converted") says the step was not done: it is no statement of it either.
    // (Only a would-be yes needs this reading: a "no" is decided before it.)
    const maybeYes = p >= 0.5 && best !== undefined && !citedOnly;
    let denied: Map<SentenceInfo, boolean> | undefined;
    const deniesIt = (x: SentenceInfo) => {
      denied ??= new Map(m.hits.map((h) => [h.sentence, false]));
      const known = denied.get(x);
      if (known !== undefined) return known;
      const d = negatedCue(x, m.cues, m.asDl);
      denied.set(x, d);
      return d;
    };
    const asidesRanked =
      maybeYes &&
      decision.ranked.every(
        (r, i) =>
          (i > 0 && !nearBest(r, best)) ||
          r.sentence.hedged ||
          r.sentence.planned === true ||
          r.sentence.otherWork ||
          deniesIt(r.sentence),
      );
    // …unless the catalogue's rules found the study's own statement on their own ("The heads were implemented in
    // PyTorch 2.2" ranked below a hedge about retraining): that statement is then quoted, not the aside.
    const ruleStatement = m.hits.find(
      (h) => !h.hedged && !isAside(h.sentence) && h.score >= m.threshold && STATED_SECTIONS.has(h.sentence.section),
    );
    const asidesOnly = asidesRanked && ruleStatement === undefined;
    if (!maybeYes || asidesOnly) {
      const confidence = round(1 - p);
      const notDl = q.dlSpecific && !m.dl.dl;
      const no = notDl ? notDeepLearning(q, m.cues, confidence) : notStated(q, m.cues, confidence);
      // Where we looked: the sentences the layer ranked best (its ranking exists already).
      no.candidates = learnedCandidates(traceInput(m, notDl), decision.ranked);
      return no;
    }
    // The best sentence and the others the scorer rates nearly as high (at most e^3 times less likely), but
    // not a hedge or other people's work beside it ("could be accelerated with a GPU in future work").
    const quoted = asidesRanked
      ? decision.ranked.filter((r) => r.sentence === ruleStatement?.sentence)
      : decision.ranked.filter(
          (r, i) => (i === 0 || (nearBest(r, best) && !isAside(r.sentence))) && !deniesIt(r.sentence),
        );
    // Values come from the catalogue's extractors, the quoted sentences' first.
    const rank = new Map(quoted.map((r, i) => [r.sentence, i]));
    const hits = [...m.hits].sort(
      (a, b) => (rank.get(a.sentence) ?? 1e9) - (rank.get(b.sentence) ?? 1e9) || b.score - a.score,
    );
    const picked = quoted.slice(0, maxEvidence).map((r) => r.sentence);
    // When no quoted sentence is one the catalogue's cues found, the answer's values would come from a
    // sentence nobody sees: quote that sentence too (in place of the weakest), so the evidence shows them.
    const valueSource = hits[0]?.sentence;
    if (valueSource && !hits.some((h) => rank.has(h.sentence) && picked.includes(h.sentence)))
      picked.splice(Math.min(picked.length, maxEvidence - 1), 1, valueSource);
    const evidence = picked.sort((a, b) => a.start - b.start).map((sentence) => quoteSentence(m.ctx, sentence));
    const answer = compose(q, m.cues, hits, evidence);
    answer.confidence = round(p);
    if (!m.dl.dl) answer.flags = [...(answer.flags ?? []), "non-dl-paper"];
    if (m.statedDespiteFilter) answer.flags = [...(answer.flags ?? []), "dl-by-statement"];
    return answer;
  };

  const answerOne = (input: EngineInput, q: Question): Answer => {
    if (!model) {
      const learned = answerLearned(input, q);
      if (learned) return learned;
    }
    return answerByRules(measure(input, q), q);
  };

  const answerByRules = (m: Measurement, q: Question): Answer => {
    const { ctx, cues, dl, hits, threshold } = m;
    // One strong sentence or several weaker ones both count, but a pile of stray mentions does not.
    const strength = evidenceStrength(hits);
    const p = model && hits.length > 0 ? modelProbability(model, q.cq, featureVector(m)) : undefined;
    // A yes always needs a sentence to quote, whatever the model says, and one that states rather than
    // speculates: hedged matches ("in future I would try undersampling") add weight but never decide alone.
    const ruleYes = strength >= threshold && hits.some((h) => !h.hedged) && (m.asDl || !q.dlSpecific);
    const yes = hits.length > 0 && (p === undefined ? ruleYes : p >= modelCut(model!, q.cq));
    if (!yes && q.dlSpecific && !dl.dl) {
      const no = notDeepLearning(q, cues, dl.confidence);
      no.candidates = ruleCandidates(traceInput(m, true));
      return no;
    }
    if (!yes) {
      const no = notStated(q, cues, p === undefined ? confidenceNo(strength, threshold) : round(Math.max(0.5, 1 - p)));
      no.candidates = ruleCandidates(traceInput(m, false));
      return no;
    }
    const top = [...hits]
      .sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start)
      .slice(0, maxEvidence);
    const evidence: Evidence[] = top.map((h) => quoteOf(ctx, h));
    const answer = compose(q, cues, hits, evidence);
    answer.confidence = p === undefined ? confidenceYes(strength, threshold, top) : round(Math.max(0.5, p));
    if (!dl.dl) answer.flags = [...(answer.flags ?? []), "non-dl-paper"];
    if (m.statedDespiteFilter) answer.flags = [...(answer.flags ?? []), "dl-by-statement"];
    return answer;
  };

  return {
    name: "extractive",
    settings: {
      thresholdScale,
      maxEvidence,
      version: EXTRACTIVE_VERSION,
      model: model ? model.version : null,
      learned: model || !hasLayer ? null : layerVersions(options.learned ?? undefined),
      content: extractiveContentDigest(model || !hasLayer ? undefined : (options.learned ?? "shipped"), model),
    },
    answer: answerOne,
    answerAll: (input, questions) => questions.map((q) => answerOne(input, q)),
  };
}

/** "sentences/paper" versions of a layer, the shipped one's read without expanding it. */
function layerVersions(layer: LearnedLayer | undefined): string {
  return layer ? `${layer.sentences.version}/${layer.paper.version}` : shippedLayerVersions();
}

/** Where a paper states what its study did (not the introduction's or discussion's remarks on the field); "other" is a text without headings. */
const STATED_SECTIONS: ReadonlySet<SectionKind> = new Set(["methods", "results", "availability", "appendix", "other"]);

/** Rated nearly as high as the best sentence: at most e^3 times less likely, and not unlikely in itself. */
function nearBest(r: ScoredSentence, best: ScoredSentence): boolean {
  return r.logit >= Math.max(best.logit - 3, -2);
}

/** Other people's work: a sentence that reports or credits what others did. */
function reportsOtherWork(s: SentenceInfo): boolean {
  return s.otherWork || s.sourced;
}

/** A hedge, or other people's work: evidence of nothing the study did, though it may name the right things. */
function isAside(s: SentenceInfo): boolean {
  return s.hedged || s.planned === true || reportsOtherWork(s);
}

/** The shipped model, or undefined when absent or built for another feature set. */
function usableModel(model: ExtractiveModel | null | undefined): ExtractiveModel | undefined {
  if (!model) return undefined;
  const same = model.features.length === FEATURE_NAMES.length && model.features.every((f, i) => f === FEATURE_NAMES[i]);
  return same ? model : undefined;
}

/**
 * Feature vectors of one paper for each question (what the logistic layer sees), for training.
 *
 * @example extractiveFeatures(input, questions, { deepLearning: () => true })[0].x.length
 */
export function extractiveFeatures(
  input: EngineInput,
  questions: Question[],
  options: Omit<ExtractiveOptions, "model"> = {},
): { cq: number; x: number[]; hits: number }[] {
  const ctx = buildDocContext(input.document);
  const detected = detectDeepLearning(input.document, ctx);
  const forced = options.deepLearning?.(input.document);
  const dl = forced === undefined ? detected : { ...detected, dl: forced };
  const scale = options.thresholdScale ?? 1;
  return questions.map((q) => {
    const cues = q.cues && Object.keys(q.cues).length > 0 ? compileCues(q) : queryCues(q);
    const hits = scoreSentences(ctx, cues, dl.dl);
    const threshold = (dl.dl ? cues.threshold : (cues.nonDlThreshold ?? cues.threshold)) * scale;
    return { cq: q.cq, x: featureVector({ ctx, cues, dl, hits, threshold, asDl: dl.dl }), hits: hits.length };
  });
}

function traceInput(m: Measurement, notDeepLearning: boolean): TraceInput {
  const { ctx, cues, hits, threshold, asDl } = m;
  return { ctx, cues, hits, threshold, asDl, notDeepLearning };
}

function quoteOf(ctx: DocContext, h: SentenceHit): Evidence {
  return quoteSentence(ctx, h.sentence);
}

function quoteSentence(ctx: DocContext, s: SentenceHit["sentence"]): Evidence {
  return evidenceOf(ctx, s);
}

function confidenceYes(strength: number, threshold: number, top: SentenceHit[]): number {
  const base = 0.55 + 0.35 * Math.min(1, (strength - threshold) / Math.max(threshold, 1) + 0.3);
  const hedged = top.every((h) => h.sentence.hedged) ? 0.15 : 0;
  const methods = top.some((h) => h.sentence.section === "methods") ? 0.05 : 0;
  return round(Math.min(0.98, Math.max(0.5, base - hedged + methods)));
}

function confidenceNo(strength: number, threshold: number): number {
  return round(Math.max(0.5, 0.95 - 0.45 * (strength / threshold)));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
