/**
 * Benchmark runners over a K24-style bench folder: `reported` (an engine answers the CQs),
 * `binary` (the answer-text classifier), `dl-filter` (the deep-learning paper detector).
 * Each returns prediction rows and named comparisons; nothing here prints.
 */
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { describeError } from "../errors.js";
import type { ChunkStrategy } from "../ingest/chunk.js";
import type { Answer, Document, Engine, Evidence, Question, YesNo } from "../types.js";
import {
  answerPublication,
  benchAnswerer,
  benchDocument,
  CHUNK_JOIN,
  extractiveSpecOf,
  type PaperAwareEngine,
  type PublicationTask,
} from "./bench-answer.js";
import { type BenchData, loadChunks, normalizeDecision, rowKey } from "./bench-data.js";
import { type AgreementSummary, perGroup, summarize } from "./metrics.js";

export { benchDocument, engineInputFor } from "./bench-answer.js";

/** One named comparison of predictions against a reference. */
export interface Comparison {
  name: string;
  summary: AgreementSummary;
  /** Per-group accuracy (per CQ, per model), when meaningful. */
  groups?: Array<{ group: string | number; n: number; accuracy: number; kappa: number }>;
}

/** Compares paired labels; `undefined` predictions (missing rows) count as wrong. */
export function compare(
  name: string,
  pairs: Array<{ pred: YesNo | undefined; truth: YesNo; group?: string | number }>,
  withGroups = false,
): Comparison {
  const pred = pairs.map((p) => p.pred ?? (p.truth === "yes" ? "no" : "yes"));
  const truth = pairs.map((p) => p.truth);
  const summary = summarize(pred, truth);
  if (!withGroups) return { name, summary };
  return {
    name,
    summary,
    groups: perGroup(
      pred,
      truth,
      pairs.map((p) => p.group ?? ""),
    ),
  };
}

/** Each publication's recorded title, by uid. */
function titlesOf(data: BenchData): Map<string, string> {
  return new Map(data.publications.flatMap((p) => (p.title ? [[p.uid, p.title] as [string, string]] : [])));
}

export interface ReportedRow {
  uid: string;
  cq: number;
  pred: YesNo;
  answer: string;
  evidence: Evidence[];
  confidence: number;
}

export interface ReportedOptions {
  data: BenchData;
  engine: Engine;
  questions: Question[];
  /** `all`: one document of all the paper's chunks; `k24`: per CQ only the chunks K24 retrieved. */
  context?: "all" | "k24";
  /**
   * How each document is chunked for retrieval: `sections` (default, as `extract` does) or `k24`
   * (K24's 1,000/50 splitter, what `--mode k24` needs).
   */
  chunking?: ChunkStrategy;
  limit?: number;
  /**
   * For `k24`: an engine that takes the whole paper's deep-learning decision, since each per-CQ
   * context is too small to judge it. Defaults to a fresh extractive engine with the given engine's
   * settings when that engine is the extractive one; other engines are used as given.
   */
  paperAwareEngine?: PaperAwareEngine;
  /**
   * Worker threads that answer publications side by side (default 1). Only the extractive engine answers
   * in threads (each builds its own from the engine's settings); any other engine answers on this thread.
   */
  workers?: number;
  /** Called after each publication (for progress, in the order they finish); `error` is set when it failed. */
  onPublication?: (uid: string, done: number, total: number, error?: string) => void;
}

export interface ReportedResult {
  rows: ReportedRow[];
  comparisons: Comparison[];
  failures: Array<{ uid: string; error: string }>;
  publications: number;
  seconds: number;
  publicationsPerSecond: number;
  peakRssMb: number;
}

/** The uids to score: those with both labels and a chunk file, in sorted order, up to `limit`. */
export function benchUids(data: BenchData, limit?: number): string[] {
  const labelled = new Set(data.labels.map((r) => r.uid));
  const uids = data.chunkUids.filter((u) => labelled.has(u));
  return limit === undefined ? uids : uids.slice(0, limit);
}

/** Runs an engine over every publication and scores its yes/no against humans, the vote and prior work. */
export async function runReportedBench(options: ReportedOptions): Promise<ReportedResult> {
  const { data, questions, context = "all", chunking = "sections" } = options;
  const uids = benchUids(data, options.limit);
  const titles = titlesOf(data);
  const taskOf = (uid: string): PublicationTask => ({
    dir: data.dir,
    uid,
    title: titles.get(uid),
    questions,
    context,
    chunking,
  });
  const answered = new Map<string, Answer[] | { error: string }>();
  const started = performance.now();
  let peakRss = process.memoryUsage().rss;
  const record = (uid: string, outcome: Answer[] | { error: string }) => {
    answered.set(uid, outcome);
    options.onPublication?.(uid, answered.size, uids.length, "error" in outcome ? outcome.error : undefined);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const threads = benchThreads(options, uids.length);
  if (threads > 1) {
    // Loaded only here: a serial run (and every LLM run) never starts worker threads.
    const { answerInWorkers } = await import("./bench-pool.js");
    await answerInWorkers(uids.map(taskOf), extractiveSpecOf(options.engine), threads, record);
  } else {
    const answerer = benchAnswerer(options.engine, context, options.paperAwareEngine);
    for (const uid of uids) {
      try {
        record(uid, await answerPublication(taskOf(uid), answerer));
      } catch (error) {
        record(uid, { error: describeError(error) });
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  // resourceUsage().maxRSS is in KiB and covers moments between our samples.
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const rows: ReportedRow[] = [];
  const failures: Array<{ uid: string; error: string }> = [];
  for (const uid of uids) {
    const outcome = answered.get(uid) ?? { error: "not answered" };
    if ("error" in outcome) {
      failures.push({ uid, error: outcome.error });
      continue;
    }
    for (const a of outcome) {
      rows.push({ uid, cq: a.cq, pred: a.reported, answer: a.answer, evidence: a.evidence, confidence: a.confidence });
    }
  }
  return {
    rows,
    comparisons: reportedComparisons(data, rows, new Set(uids)),
    failures,
    publications: uids.length,
    seconds,
    publicationsPerSecond: seconds > 0 ? uids.length / seconds : 0,
    peakRssMb: Math.round((peakRss / 2 ** 20) * 10) / 10,
  };
}

/** Publications that make another worker thread worth its start-up (loading the engine, a cold JIT). */
export const PUBLICATIONS_PER_THREAD = 64;

/**
 * Worker threads for a bench run: one unless `workers` asks for more and the engine can be rebuilt in
 * a thread (the extractive engine with the shipped learned layer or none, and no `paperAwareEngine`);
 * at most one per {@link PUBLICATIONS_PER_THREAD} publications. Rows are the same for any number.
 */
export function benchThreads(
  options: Pick<ReportedOptions, "engine" | "workers" | "paperAwareEngine">,
  publications: number,
): number {
  const most = Math.min(Math.floor(options.workers ?? 1), Math.ceil(publications / PUBLICATIONS_PER_THREAD));
  if (most <= 1 || options.paperAwareEngine || options.engine.name !== "extractive") return 1;
  const rebuilt = createExtractiveEngine(extractiveSpecOf(options.engine));
  return JSON.stringify(rebuilt.settings) === JSON.stringify(options.engine.settings) ? most : 1;
}

/** Primary earlier-study variables and the CQ each maps to (README of the bench data). */
export const PRIMARY_PAIRS: Readonly<Record<string, number>> = {
  Dataset: 5,
  "Source Code": 10,
  "Model architecture": 12,
  "Hyper-parameters": 13,
  "Open source frameworks or environment": 19,
  "Evaluation metrics": 22,
};

/** Earlier-study truth for (uid, cq) from a label row's primary `prev_work` entry, if any. */
export function primaryPrevWork(row: BenchData["labels"][number]): YesNo | null {
  for (const item of row.prev_work ?? []) {
    if (item.role === "primary" && PRIMARY_PAIRS[item.variable] === row.cq) return normalizeDecision(item.value);
  }
  return null;
}

/** (uid, cq) pairs with at least one doubtful human label. */
export function reviewedPairs(data: BenchData): Set<string> {
  return new Set(data.review.map((r) => rowKey(r.uid, r.cq)));
}

/** Comparisons of `reported` predictions against every reference a label row carries. */
export function reportedComparisons(
  data: BenchData,
  rows: Array<{ uid: string; cq: number; pred: YesNo }>,
  uids: Set<string>,
): Comparison[] {
  const pred = new Map(rows.map((r) => [rowKey(r.uid, r.cq), r.pred]));
  const labels = data.labels.filter((r) => uids.has(r.uid));
  const doubtful = reviewedPairs(data);
  const pairs = (truthOf: (r: (typeof labels)[number]) => YesNo | null | undefined, skipDoubtful = false) =>
    labels.flatMap((r) => {
      const truth = truthOf(r);
      if (!truth || (skipDoubtful && doubtful.has(rowKey(r.uid, r.cq)))) return [];
      return [{ pred: pred.get(rowKey(r.uid, r.cq)), truth, group: r.cq }];
    });
  const out = [
    compare(
      "vs human majority",
      pairs((r) => r.human_majority),
      true,
    ),
    compare(
      "vs human majority, without review candidates",
      pairs((r) => r.human_majority, true),
    ),
    compare(
      "vs K24 hard vote (silver)",
      pairs((r) => r.vote),
      true,
    ),
    compare("vs previous work, primary pairs", pairs(primaryPrevWork), true),
  ];
  return out.filter((c) => c.summary.n > 0);
}

export interface BinaryBenchRow {
  uid: string;
  cq: number;
  model: string;
  pred: YesNo;
}

/** Runs a yes/no answer classifier over binary_conversion rows; compares it and K24's own conversion with humans. */
export function runBinaryBench(
  data: BenchData,
  classify: (question: string, answer: string) => { reported: YesNo },
): { rows: BinaryBenchRow[]; comparisons: Comparison[]; seconds: number } {
  const started = performance.now();
  const rows = data.binary.map((r) => ({
    uid: r.uid,
    cq: r.cq,
    model: r.model,
    pred: classify(r.question, r.answer).reported,
  }));
  const seconds = (performance.now() - started) / 1000;
  const doubtful = new Set(data.review.map((r) => rowKey(r.uid, r.cq, r.model)));
  const judged = data.binary.map((r, i) => ({ r, pred: rows[i].pred })).filter(({ r }) => r.human !== null);
  const ours = (skip: boolean) =>
    judged
      .filter(({ r }) => !skip || !doubtful.has(rowKey(r.uid, r.cq, r.model)))
      .map(({ r, pred }) => ({ pred, truth: r.human as YesNo, group: r.model }));
  const k24 = judged.map(({ r }) => ({ pred: r.llm ?? "no", truth: r.human as YesNo, group: r.model }));
  const comparisons = [
    compare("classifier vs human, pooled", ours(false), true),
    compare("classifier vs human, without review candidates", ours(true)),
    compare("K24 LLM conversion vs human, pooled", k24, true),
  ];
  return { rows, comparisons, seconds };
}

/** Runs a deep-learning detector over every publication's text; truth is `dl_method`. */
export function runDlFilterBench(
  data: BenchData,
  detect: (document: Document) => { dl: boolean },
  limit?: number,
): { rows: Array<{ uid: string; pred: YesNo }>; comparisons: Comparison[]; seconds: number } {
  const started = performance.now();
  const truthOf = new Map(data.publications.map((p) => [p.uid, p.dl_method ?? null]));
  const uids = data.chunkUids.filter((u) => truthOf.get(u)).slice(0, limit);
  const titles = titlesOf(data);
  const rows = uids.map((uid) => {
    const document = benchDocument(uid, loadChunks(data.dir, uid).chunks.join(CHUNK_JOIN), titles.get(uid));
    return { uid, pred: (detect(document).dl ? "yes" : "no") as YesNo };
  });
  const seconds = (performance.now() - started) / 1000;
  const doubtful = doubtfulDlLabels(data);
  const pairs = (skipDoubtful: boolean) =>
    rows
      .filter((r) => !skipDoubtful || !doubtful.has(r.uid))
      .map((r) => ({ pred: r.pred, truth: truthOf.get(r.uid) as YesNo }));
  return {
    rows,
    comparisons: [compare("vs dl_method", pairs(false)), compare("vs dl_method, without doubtful labels", pairs(true))],
    seconds,
  };
}

// A title that names a neural method ("Deep learning-based methods for…", "…convolutional neural networks").
const NEURAL_TITLE = /\bdeep[- ]learning|\bdeep neural|\bneural networks?\b|\bconvolution|\bCNNs?\b|\bYOLO/i;

/**
 * Publications whose `dl_method` label is doubtful: "no" although the paper's own title names a
 * neural method. K24's labels come from one LLM call; the bench reports the dl-filter with and
 * without these rows rather than special-casing them.
 */
export function doubtfulDlLabels(data: BenchData): Set<string> {
  return new Set(
    data.publications.filter((p) => p.dl_method === "no" && NEURAL_TITLE.test(p.title ?? "")).map((p) => p.uid),
  );
}
