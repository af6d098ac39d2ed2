/**
 * Trains the extractive engine's learned layer (engine version 8) from what five LLMs answered on
 * the K24 benchmark, never from the 21 human-judged papers (the frozen test set):
 *
 *  1. **Silver labels.** Each of the 45,500 recorded answers is judged yes/no by the shipped answer
 *     classifier (judge/binary: how people judge an answer, not how the LLM judged itself); a
 *     (paper, question) is "yes" when at least 3 of the 5 answers are (`--target llm`: K24's own vote).
 *  2. **Sentence scorer** per question: the sentences a "yes" answer rests on (most of their content
 *     words, question words aside, reappear in the answer) are positives; the other sentences of the
 *     chunks K24 retrieved for the question are negatives, and sentences of other chunks are weak
 *     negatives. A logistic model over hashed words, word pairs, heading words, flags, section and
 *     catalogue cues (sentence-model.ts), trained by AdaGrad with L2.
 *  3. **Paper layer** per question: a logistic model over the best sentence scores (out of fold), the
 *     catalogue rule's strength and decision and the paper's deep-learning probability, fitted on K24's
 *     contexts (the four chunks the LLMs read, where the silver label is faithful).
 *  4. **Layer or rules** per question: the rules decide where silver positives are rare (< 10% of papers)
 *     or where they agree with the silver more often out of fold (both contexts); their confidence then
 *     comes from a layer fitted on the rules' own evidence.
 *
 * Grouped 5-fold cross-validation by paper gives the honest figures (agreement with both silvers,
 * reliability table, expected calibration error); the shipped weights are then fitted on all 304
 * papers. Deterministic.
 *
 *   node --import tsx scripts/train-sentences.ts [--data ../shared/bench] [--cv-only] [--folds 5]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { compileCues } from "../src/answer/extractive/cues.js";
import { type DlDetection, detectDeepLearning } from "../src/answer/extractive/dl-detect.js";
import { buildDocContext, type DocContext, quotable } from "../src/answer/extractive/doc-context.js";
import { measureQuestion } from "../src/answer/extractive/features.js";
import {
  decideWithLayer,
  documentFeatureIds,
  documentLogits,
  type LearnedLayer,
} from "../src/answer/extractive/learned.js";
import { fitLogistic } from "../src/answer/extractive/model.js";
import { queryCues } from "../src/answer/extractive/query-cues.js";
import { scoreSentences } from "../src/answer/extractive/score.js";
import {
  cueFeatureIds,
  HASH_BITS,
  loadSentenceModel,
  PAPER_FEATURE_NAMES,
  type PaperModel,
  type PaperSignals,
  paperFeatures,
  type SentenceModel,
  type SentenceModelJson,
} from "../src/answer/extractive/sentence-model.js";
import { labelRowSchema, loadChunks, publicationSchema, readJsonl } from "../src/evaluate/bench-data.js";
import { buildDocument } from "../src/ingest/document.js";
import { classifyAnswer } from "../src/judge/binary.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import type { Question } from "../src/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: path.resolve(repoRoot, "../shared/bench") },
    "cv-only": { type: "boolean", default: false },
    folds: { type: "string", default: "5" },
    epochs: { type: "string", default: "4" },
    l2: { type: "string", default: "1e-5" },
    "paper-l2": { type: "string", default: "0.01" },
    report: { type: "string" },
    keep: { type: "string", default: "4000" },
    // Answers that must rest on a sentence for it to count as a full positive.
    "full-at": { type: "string", default: "3" },
    // Weight of sentences outside the chunks K24 retrieved for the question (weak negatives).
    "outside-weight": { type: "string", default: "0.3" },
    // Weight of the LLMs' own "yes" sentences as extra positives of their question (0: none). They say
    // what a paper reported in plain words, as a short paper or an abstract states it.
    "answer-weight": { type: "string", default: "0.5" },
    // Reuse the out-of-fold paper-layer inputs of an earlier run (for paper-layer experiments only).
    "oof-cache": { type: "string" },
    // Paper-layer target: the classifier's judgement of the five answers (default) or K24's own vote.
    target: { type: "string", default: "classifier" },
    // Contexts whose rows train the paper layer: "k24" (the chunks the LLMs read) or "both".
    "paper-contexts": { type: "string", default: "k24" },
    // Refit only the paper layer (with --oof-cache): keeps the shipped sentence-model.json.
    "paper-only": { type: "boolean", default: false },
    // Contexts on which the layer must beat the rules for a question to use it: "k24" or "both".
    "select-on": { type: "string", default: "both" },
    // Questions the rules decide whatever the silver says: where the LLMs' reading of the question is
    // known to be looser than the people who label (CQ18: issue 11 measured the lenient reading of
    // "monitoring" at 0.30–0.50 agreement on two human-labelled sets of real PDFs), and where the layer wins
    // the sign test on the long bench papers but fails the short test papers of plain-statements.test.ts
    // that the rules pass (engine version 11): CQ12 (it quotes the abstract instead of the model statement
    // in every frame and lets a doubtful deep-learning prior overrule "We used YOLOv5s") and CQ3 (it says
    // "no" to expert labelling stated once, in 4 of 11 frames). Out-of-fold cost of the rules for both:
    // 0.0007 of agreement in K24's contexts, 0.0013 in whole papers. CQ7 likewise (engine version 16): after the
    // classes of that version the layer won the sign test, and then missed splits stated once in seven tests of
    // short papers that the rules pass ("700 training and 200 test images", "split by year").
    "rules-for": { type: "string", default: "18,12,3,7" },
  },
});
const DATA = path.resolve(args.data);
if (!existsSync(path.join(DATA, "labels.jsonl"))) {
  process.stderr.write(`No bench data at ${DATA}: nothing to train on\n`);
  process.exit(2);
}
const FOLDS = Number(args.folds);
const EPOCHS = Number(args.epochs);
const L2 = Number(args.l2);
const PAPER_L2 = Number(args["paper-l2"]);
const KEEP = Number(args.keep);
const FULL_AT = Number(args["full-at"]);
const OUTSIDE_WEIGHT = Number(args["outside-weight"]);
const ANSWER_WEIGHT = Number(args["answer-weight"]);
/** Share of ANSWER_WEIGHT an answer sentence weighs as a negative of the other questions. */
const ANSWER_NEGATIVE = 0.5;
const VERSION = 1;
const CHUNK_JOIN = "\n\n";

const questions = builtinQuestions();
const cuesOf = new Map(
  questions.map((q) => [q.cq, q.cues && Object.keys(q.cues).length > 0 ? compileCues(q) : queryCues(q)]),
);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

// ---------- silver labels ----------
const answerSchema = z.object({
  uid: z.string(),
  cq: z.number(),
  model: z.string(),
  answer: z.string(),
  answer_recovered: z.string().optional(),
});
const publications = readJsonl(path.join(DATA, "publications.jsonl"), publicationSchema);
const human = new Set(publications.filter((p) => p.in_human_sample).map((p) => p.uid));
const labels = readJsonl(path.join(DATA, "labels.jsonl"), labelRowSchema);
const llmVote = new Map(labels.map((r) => [`${r.uid}|${r.cq}`, r.vote === "yes" ? 1 : 0]));
const cqText = new Map(questions.map((q) => [q.cq, q.text]));
const benchQuestions = new Map<number, string>(
  (JSON.parse(readFileSync(path.join(DATA, "cqs.json"), "utf8")) as { cq: number; question: string }[]).map((c) => [
    c.cq,
    c.question,
  ]),
);
const yesAnswers = new Map<string, string[]>(); // uid|cq → texts of answers judged yes
const classifierYes = new Map<string, number>();
log("judging 45,500 answers…");
for (const r of readJsonl(path.join(DATA, "answers.jsonl"), answerSchema)) {
  const key = `${r.uid}|${r.cq}`;
  const question = benchQuestions.get(r.cq) ?? cqText.get(r.cq) ?? "";
  const yes = classifyAnswer(question, r.answer).reported === "yes";
  if (!yes) continue;
  classifierYes.set(key, (classifierYes.get(key) ?? 0) + 1);
  const list = yesAnswers.get(key) ?? [];
  list.push(r.answer || r.answer_recovered || "");
  yesAnswers.set(key, list);
}
const silver = (uid: string, cq: number) => ((classifierYes.get(`${uid}|${cq}`) ?? 0) >= 3 ? 1 : 0);
const target = (uid: string, cq: number) => {
  const vote = llmVote.get(`${uid}|${cq}`) ?? 0;
  if (args.target === "llm") return vote;
  if (args.target === "mean") return (vote + silver(uid, cq)) / 2;
  return silver(uid, cq);
};

// ---------- which sentences an answer rests on ----------
const MATCH_STOP = new Set(
  "the and for with that this from were was are been have has which their used using into also than then these those such other data model models based study paper provided context information mentioned text does not specific".split(
    " ",
  ),
);
const words = (t: string) =>
  (t.toLowerCase().match(/[a-z][a-z0-9-]+|\d+(?:\.\d+)?/g) ?? []).filter(
    (w) => (w.length >= 3 || /\d/.test(w)) && !MATCH_STOP.has(w),
  );

/** How many of the answers reuse most of the sentence's content words (question words aside). */
function citations(sentence: string, answers: Set<string>[], questionWords: Set<string>): number {
  const content = [...new Set(words(sentence))].filter((w) => !questionWords.has(w));
  if (content.length < 2) return 0;
  let n = 0;
  for (const a of answers) {
    let shared = 0;
    for (const w of content) if (a.has(w)) shared++;
    if ((shared >= 3 && shared / content.length >= 0.5) || shared >= 8) n++;
  }
  return n;
}

// ---------- papers ----------
interface SentenceRow {
  ids: Uint32Array;
  /** Only sentences the engine may quote are scored at run time, so only they are trained on. */
  quotable: boolean;
  /** Per question: soft label and weight (retrieved chunk or not), cue ids. */
  y: Float32Array;
  weight: Float32Array;
  cues: number[][];
}
interface Paper {
  uid: string;
  ctx: DocContext;
  dl: DlDetection;
  ids: Uint32Array[];
  rows: SentenceRow[];
  /** Sentences of the LLMs' "yes" answers: positives of their question only (never paper features). */
  answerRows: SentenceRow[];
}

function questionCtx(uid: string, text: string): DocContext {
  return buildDocContext(buildDocument({ id: uid, path: uid, pages: [text] }));
}

const uids = [...new Set(labels.map((r) => r.uid))].filter((u) => existsSync(path.join(DATA, "chunks", `${u}.json`)));
uids.sort();
const trainUids = uids.filter((u) => !human.has(u));
log(`${uids.length} papers, ${trainUids.length} without human labels (training), ${human.size} frozen`);

function loadPaper(uid: string): Paper {
  const file = loadChunks(DATA, uid);
  const text = file.chunks.join(CHUNK_JOIN);
  const ctx = questionCtx(uid, text);
  const dl = detectDeepLearning(ctx.document, ctx);
  const ids = documentFeatureIds(ctx);
  // Chunk index of each sentence, by offset in the joined text.
  const starts: number[] = [];
  let at = 0;
  for (const c of file.chunks) {
    starts.push(at);
    at += c.length + CHUNK_JOIN.length;
  }
  const chunkAt = (offset: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= offset) i++;
    return i;
  };
  const rows: SentenceRow[] = ctx.sentences.map((s, i) => ({
    ids: ids[i],
    quotable: quotable(s),
    y: new Float32Array(29),
    weight: new Float32Array(29),
    cues: [],
  }));
  for (const q of questions) {
    const cues = cuesOf.get(q.cq)!;
    const hits = new Map(scoreSentences(ctx, cues, dl.dl).map((h) => [h.sentence, h.signals]));
    const retrieved = new Set(file.retrieved[`CQ${q.cq}`] ?? []);
    const answers = (yesAnswers.get(`${uid}|${q.cq}`) ?? []).map((a) => new Set(words(a)));
    const qWords = new Set(words(`${q.text} ${benchQuestions.get(q.cq) ?? ""}`));
    ctx.sentences.forEach((s, i) => {
      const row = rows[i];
      row.cues[q.cq] = cueFeatureIds(hits.get(s) ?? []);
      const inRetrieved = retrieved.has(chunkAt(s.start));
      row.y[q.cq] = inRetrieved ? Math.min(1, citations(s.text, answers, qWords) / FULL_AT) : 0;
      row.weight[q.cq] = inRetrieved ? 1 : OUTSIDE_WEIGHT;
    });
  }
  return { uid, ctx, dl, ids, rows, answerRows: ANSWER_WEIGHT > 0 ? answerRows(uid) : [] };
}

// Sentences of an answer that speak about the reading, not the paper: "the context does not say…",
// hedges ("it is likely that…"), and sentences about the question itself.
const ANSWER_META =
  /\b(?:not|no|none|neither|nor|unclear|unknown|cannot|however|likely|unlikely|may|might|could|possibly|presumably|perhaps|assume|unfortunately|context|excerpt|query|question|provided (?:text|information))\b/i;
// "Based on the provided context, …", "According to the paper, …": a lead-in before the content.
const ANSWER_LEAD =
  /(^|[.!?:]\s+|\n)(?:based on|according to|from|in) (?:the )?(?:provided |given )?(?:context|text|information|paper|article|study|passage)s?,\s*/gi;

/** The plain sentences of the LLMs' "yes" answers to each question about one paper, as positive rows. */
function answerRows(uid: string): SentenceRow[] {
  const out: SentenceRow[] = [];
  for (const q of questions) {
    const texts = yesAnswers.get(`${uid}|${q.cq}`) ?? [];
    if (texts.length === 0) continue;
    // A methods heading gives the sentences the section a short paper's statement has.
    const plain = texts.map((t) => t.replace(ANSWER_LEAD, "$1"));
    const ctx = questionCtx(`${uid}#answers-${q.cq}`, `Methods\n\n${plain.join("\n\n")}`);
    const hits = new Map(scoreSentences(ctx, cuesOf.get(q.cq)!, true).map((h) => [h.sentence, h.signals]));
    const ids = documentFeatureIds(ctx);
    ctx.sentences.forEach((sentence, i) => {
      const text = sentence.text;
      if (!quotable(sentence) || ANSWER_META.test(text) || text.split(/\s+/).length < 5) return;
      const row: SentenceRow = {
        ids: ids[i],
        quotable: true,
        y: new Float32Array(29),
        weight: new Float32Array(29),
        cues: [],
      };
      // A negative of every other question: what answers one question rarely answers another, and a
      // scorer that learned plain sentences as positives only would call every plain sentence a yes.
      row.weight.fill(ANSWER_WEIGHT * ANSWER_NEGATIVE);
      row.y[q.cq] = 1;
      row.weight[q.cq] = ANSWER_WEIGHT;
      row.cues[q.cq] = cueFeatureIds(hits.get(sentence) ?? []);
      out.push(row);
    });
  }
  return out;
}

const papers = new Map<string, Paper>();
function paper(uid: string): Paper {
  let p = papers.get(uid);
  if (!p) {
    p = loadPaper(uid);
    papers.set(uid, p);
  }
  return p;
}

// ---------- sentence scorer ----------
const DIM = 1 << HASH_BITS;

/** AdaGrad logistic regression with L2 on touched weights; deterministic order. */
function trainSentenceModel(train: string[]): SentenceModel {
  const json: SentenceModelJson = { version: VERSION, hashBits: HASH_BITS, questions: {} };
  for (const q of questions) {
    const w = new Float64Array(DIM);
    const g2 = new Float64Array(DIM).fill(1e-8);
    let b = -3;
    let gb = 1e-8;
    const lr = 0.1;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      // A fixed, epoch-dependent paper order keeps the run deterministic.
      const order = [...train].sort((a, c) => hashOrder(a, epoch) - hashOrder(c, epoch));
      for (const uid of order) {
        const p = paper(uid);
        for (const row of p.answerRows.length > 0 ? [...p.rows, ...p.answerRows] : p.rows) {
          if (!row.quotable) continue;
          const cues = row.cues[q.cq] ?? [];
          let z = b;
          for (const id of row.ids) z += w[id];
          for (const id of cues) z += w[id];
          const err = (sigmoid(z) - row.y[q.cq]) * row.weight[q.cq];
          if (err === 0) continue;
          const step = (id: number) => {
            const g = err + L2 * w[id];
            g2[id] += g * g;
            w[id] -= (lr * g) / Math.sqrt(g2[id]);
          };
          for (const id of row.ids) step(id);
          for (const id of cues) step(id);
          gb += err * err;
          b -= (lr * err) / Math.sqrt(gb);
        }
      }
    }
    json.questions[String(q.cq)] = { b: round(b, 4), ...pruned(w, KEEP) };
  }
  lastJson = json;
  return loadSentenceModel(json);
}
let lastJson: SentenceModelJson | undefined;

/** The `keep` largest weights (by magnitude, rounded to 3 decimals), as sparse (id, weight) pairs. */
function pruned(w: Float64Array, keep: number): { ids: number[]; w: number[] } {
  const order = Array.from(w.keys())
    .filter((i) => Math.abs(w[i]) >= 0.001)
    .sort((a, c) => Math.abs(w[c]) - Math.abs(w[a]) || a - c)
    .slice(0, keep)
    .sort((a, c) => a - c);
  return { ids: order, w: order.map((i) => round(w[i], 3)) };
}

function hashOrder(s: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

// ---------- paper layer ----------
interface PaperRow {
  uid: string;
  cq: number;
  context: "all" | "k24";
  signals: PaperSignals & { ruleYes: boolean };
  x: number[];
}

/** Paper-layer features of every (paper, question) in both contexts, with the given sentence scorer. */
function paperRows(uidsIn: string[], sentences: SentenceModel): PaperRow[] {
  const probe: LearnedLayer = {
    sentences,
    paper: { version: 0, features: [...PAPER_FEATURE_NAMES], questions: {} },
  };
  const out: PaperRow[] = [];
  for (const uid of uidsIn) {
    const p = paper(uid);
    const file = loadChunks(DATA, uid);
    const paperLogits = documentLogits(probe, p.ctx);
    for (const q of questions) {
      const all = layerSignals(probe, p.ctx, paperLogits, q, p.dl);
      out.push({ uid, cq: q.cq, context: "all", signals: all, x: paperFeatures(all) });
      const ctx = questionCtx(uid, (file.retrieved[`CQ${q.cq}`] ?? []).map((i) => file.chunks[i]).join(CHUNK_JOIN));
      const k24 = layerSignals(probe, ctx, documentLogits(probe, ctx), q, p.dl);
      out.push({ uid, cq: q.cq, context: "k24", signals: k24, x: paperFeatures(k24) });
    }
  }
  return out;
}

/** The paper layer's inputs, kept small enough to cache (top logits, the top sentence's flags). */
function layerSignals(layer: LearnedLayer, ctx: DocContext, logits: Float32Array[], q: Question, dl: DlDetection) {
  const m = measureQuestion(ctx, cuesOf.get(q.cq)!, dl, q.dlSpecific);
  const { hits, threshold } = m;
  const { signals } = decideWithLayer(layer, { ctx, logits, hits, cq: q.cq, threshold, dlProbability: dl.probability });
  const top = signals.top;
  return {
    ...signals,
    logits: [...signals.logits].sort((a, b) => b - a).slice(0, 20),
    top: top && { ...top, text: "", start: 0, end: 0 },
    // What the rules alone answer (the engine's rules path: strength, threshold, DL gate).
    ruleYes: signals.rulePass && (m.asDl || !q.dlSpecific),
  };
}

// What a question the rules decide is calibrated on: the rules' own evidence and the DL prior.
const RULE_FEATURES = new Set(["rule_ratio", "rule_pass", "dl_p"]);
const ruleOnly = (x: number[]) => x.map((v, j) => (RULE_FEATURES.has(PAPER_FEATURE_NAMES[j]) ? v : 0));

/** One logistic model per question; questions in `ruled` see only the rules' features. */
function trainPaperModel(rows: PaperRow[], ruled: ReadonlySet<number> = new Set()): PaperModel {
  const model: PaperModel = { version: VERSION, features: [...PAPER_FEATURE_NAMES], questions: {} };
  for (const q of questions) {
    const mine = rows.filter((r) => r.cq === q.cq && (args["paper-contexts"] === "both" || r.context === "k24"));
    const fit = fitLogistic(
      mine.map((r) => (ruled.has(q.cq) ? ruleOnly(r.x) : r.x)),
      mine.map((r) => target(r.uid, r.cq)),
      { iterations: 600, l2: PAPER_L2, learningRate: 0.05 },
    );
    model.questions[String(q.cq)] = { w: fit.w.map((v) => round(v, 4)), b: round(fit.b, 4) };
  }
  return model;
}

function predict(model: PaperModel, r: PaperRow): number {
  const q = model.questions[String(r.cq)];
  let z = q.b;
  for (let j = 0; j < r.x.length; j++) z += q.w[j] * r.x[j];
  return sigmoid(z);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------- grouped cross-validation ----------
const foldOf = (uid: string) => hashOrder(uid, 7) % FOLDS;
log(`cross-validation: ${FOLDS} folds by paper`);
const cache = args["oof-cache"];
const oof: PaperRow[] = cache && existsSync(cache) ? JSON.parse(readFileSync(cache, "utf8")) : [];
for (const r of oof) r.x = paperFeatures(r.signals);
const fresh = oof.length === 0;
for (let f = 0; f < FOLDS && fresh; f++) {
  const train = trainUids.filter((u) => foldOf(u) !== f);
  const test = trainUids.filter((u) => foldOf(u) === f);
  const sentences = trainSentenceModel(train);
  oof.push(...paperRows(test, sentences));
  log(`  fold ${f + 1}: ${train.length} train, ${test.length} test papers`);
}
if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify(oof));
const oofPredictions: { row: PaperRow; p: number }[] = [];
for (let f = 0; f < FOLDS; f++) {
  const model = trainPaperModel(oof.filter((r) => foldOf(r.uid) !== f));
  for (const r of oof.filter((r) => foldOf(r.uid) === f)) oofPredictions.push({ row: r, p: predict(model, r) });
}

// Per question: the layer, unless silver positives are rare or the layer is not clearly better than the
// rules (K24's contexts, out of fold). The rules' decision is rule_pass, gated by the paper's DL status.
const RARE = 0.1;
/** z of a one-sided sign test at the 5% level. */
const SIGN_TEST_Z = 1.645;
const RULES_FOR = new Set(String(args["rules-for"]).split(",").filter(Boolean).map(Number));
const ruleDecision = (r: PaperRow) => r.signals.ruleYes;
const useOf = new Map<number, "layer" | "rules">();
const selection: Record<string, unknown>[] = [];
for (const q of questions) {
  const rows = oofPredictions.filter(
    (o) => o.row.cq === q.cq && (args["select-on"] === "both" || o.row.context === "k24"),
  );
  const truth = (o: (typeof rows)[number]) => target(o.row.uid, o.row.cq) >= 0.5;
  const ruleYes = (o: (typeof rows)[number]) => ruleDecision(o.row);
  const positives = rows.filter(truth).length / Math.max(1, rows.length);
  const layerAcc = rows.filter((o) => o.p >= 0.5 === truth(o)).length / Math.max(1, rows.length);
  const rulesAcc = rows.filter((o) => ruleYes(o) === truth(o)).length / Math.max(1, rows.length);
  // A one-sided sign test at 5% on the papers where layer and rules disagree: the layer replaces the rules
  // only where it is right on significantly more of them. A difference of a few papers is noise, and a
  // choice made on noise flips with any retraining. The layer's advantage is measured on long papers,
  // where a statement is usually made several times; on short papers that state a thing once, in words
  // the five LLMs never cited, the rules' classes of statements hold better (issue 11, engine version 11).
  const layerOnly = rows.filter((o) => o.p >= 0.5 === truth(o) && ruleYes(o) !== truth(o)).length;
  const rulesOnly = rows.filter((o) => ruleYes(o) === truth(o) && o.p >= 0.5 !== truth(o)).length;
  const layerBetter = layerOnly - rulesOnly > SIGN_TEST_Z * Math.sqrt(layerOnly + rulesOnly);
  const use = positives < RARE || !layerBetter || RULES_FOR.has(q.cq) ? "rules" : "layer";
  useOf.set(q.cq, use);
  // Reported, not used: the rules or the layer ("either") against the rules alone. Engine version 11 measured
  // it after the layer learned plain sentences; it beat the rules significantly on no question the rules keep.
  const either = (o: (typeof rows)[number]) => ruleYes(o) || o.p >= 0.5;
  const eitherOnly = rows.filter((o) => either(o) === truth(o) && ruleYes(o) !== truth(o)).length;
  const rulesOverEither = rows.filter((o) => ruleYes(o) === truth(o) && either(o) !== truth(o)).length;
  selection.push({
    eitherOnly,
    rulesOverEither,
    cq: q.cq,
    positives: round(positives, 3),
    layer: round(layerAcc, 4),
    rules: round(rulesAcc, 4),
    layerOnly,
    rulesOnly,
    use,
  });
}
const ruled = new Set([...useOf].filter(([, u]) => u === "rules").map(([cq]) => cq));
log(`rules kept for CQ ${[...ruled].join(", ")}`);
// Out of fold again for those questions: the rules' decision, with the calibrated confidence.
for (let f = 0; f < FOLDS; f++) {
  const model = trainPaperModel(
    oof.filter((r) => foldOf(r.uid) !== f),
    ruled,
  );
  for (const o of oofPredictions) {
    if (foldOf(o.row.uid) !== f || !ruled.has(o.row.cq)) continue;
    const yes = ruleDecision(o.row);
    const p = predict(model, { ...o.row, x: ruleOnly(o.row.x) });
    o.p = yes ? Math.max(0.5, p) : Math.min(0.4999, p);
  }
}

const report: Record<string, unknown> = { selection };
for (const context of ["k24", "all"] as const) {
  const rows = oofPredictions.filter((o) => o.row.context === context);
  const agree = (truth: (r: PaperRow) => number) =>
    rows.filter((o) => (o.p >= 0.5 ? 1 : 0) === truth(o.row)).length / rows.length;
  const bins = reliability(rows.map((o) => ({ p: o.p, truth: silver(o.row.uid, o.row.cq) })));
  // The catalogue rules alone on the same rows, for comparison.
  const rules = (truth: (r: PaperRow) => number) =>
    rows.filter((o) => (ruleDecision(o.row) ? 1 : 0) === truth(o.row)).length / rows.length;
  report[context] = {
    n: rows.length,
    vsClassifierSilver: round(
      agree((r) => silver(r.uid, r.cq)),
      4,
    ),
    vsLlmVote: round(
      agree((r) => llmVote.get(`${r.uid}|${r.cq}`) ?? 0),
      4,
    ),
    rulesVsClassifierSilver: round(
      rules((r) => silver(r.uid, r.cq)),
      4,
    ),
    rulesVsLlmVote: round(
      rules((r) => llmVote.get(`${r.uid}|${r.cq}`) ?? 0),
      4,
    ),
    ...bins,
  };
  log(`${context}: ${JSON.stringify(report[context])}`);
}

/** Confidence (probability of the chosen label) bins → agreement with the silver label; ECE. */
function reliability(rows: { p: number; truth: number }[]) {
  const edges = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001];
  const table = edges.slice(0, -1).map((lo, i) => ({ lo, hi: Math.min(1, edges[i + 1]), n: 0, conf: 0, agree: 0 }));
  for (const r of rows) {
    const yes = r.p >= 0.5;
    const conf = yes ? r.p : 1 - r.p;
    const bin = table.find((b) => conf >= b.lo && conf < b.hi + (b.hi === 1 ? 1e-9 : 0)) ?? table[table.length - 1];
    bin.n++;
    bin.conf += conf;
    bin.agree += (yes ? 1 : 0) === r.truth ? 1 : 0;
  }
  let ece = 0;
  for (const b of table) {
    if (b.n === 0) continue;
    ece += (b.n / rows.length) * Math.abs(b.agree / b.n - b.conf / b.n);
  }
  const high = rows.filter((r) => Math.max(r.p, 1 - r.p) >= 0.9);
  return {
    reliability: table.map((b) => ({
      bin: `${b.lo.toFixed(2)}–${b.hi.toFixed(2)}`,
      n: b.n,
      meanConfidence: b.n ? round(b.conf / b.n, 3) : null,
      agreement: b.n ? round(b.agree / b.n, 3) : null,
    })),
    ece: round(ece, 4),
    highConfidenceShare: round(high.length / rows.length, 3),
    highConfidenceAgreement: round(high.filter((r) => (r.p >= 0.5 ? 1 : 0) === r.truth).length / high.length, 4),
  };
}

if (args.report) writeFileSync(args.report, `${JSON.stringify(report, null, 2)}\n`);
if (args["cv-only"]) process.exit(0);

// ---------- final weights ----------
log("fitting the shipped weights on all training papers…");
const dir = path.join(repoRoot, "src/answer/extractive");
const finalPaper = trainPaperModel(oof, ruled);
for (const [cq, use] of useOf) finalPaper.questions[String(cq)].use = use;
writeFileSync(path.join(dir, "paper-model.json"), `${JSON.stringify(finalPaper, null, 1)}\n`);
log("wrote paper-model.json");
if (!args["paper-only"]) {
  trainSentenceModel(trainUids);
  const json = lastJson!;
  writeFileSync(path.join(dir, "sentence-model.json"), `${JSON.stringify(json)}\n`);
  const kept = Object.values(json.questions).reduce((a, q) => a + q.ids.length, 0);
  log(`wrote sentence-model.json (${kept} weights)`);
}
