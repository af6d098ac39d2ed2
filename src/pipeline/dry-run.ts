/**
 * `--dry-run`: what a run would cost before anything is spent. The real engines build their real
 * prompts against a recording stand-in for the model (no network), so the counts are those of the
 * run itself: calls, prompt tokens (src/llm/tokens.ts estimate), questions gated without a call.
 * Output tokens cannot be known; `maxCompletionTokens` is their upper bound.
 */
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { createFakeProvider } from "../answer/llm/fake-provider.js";
import { createK24Engine, type K24Binary } from "../answer/llm/k24.js";
import type { StructuredPrompts } from "../answer/llm/prompts.js";
import { createStructuredEngine } from "../answer/llm/structured.js";
import { describeError } from "../errors.js";
import { type ChunkStrategy, chunkDocument } from "../ingest/chunk.js";
import { type LoadOptions, listInputs, loadDocument } from "../ingest/load.js";
import { uncertainQuestions } from "../judge/cascade.js";
import type { ChatRequest } from "../llm/types.js";
import { createMemoryRetriever } from "../retrieve/index.js";
import type { Engine, EngineInput, Question } from "../types.js";
import { cascadeThreshold, type EngineSettings, promptTexts, requiredChunking } from "./engine.js";

export interface DryRunOptions {
  documents: readonly EngineInput[];
  questions: readonly Question[];
  mode: "structured" | "k24";
  /** Models that would each make every call. Default 1. */
  models?: number;
  batchSize?: number;
  k?: number;
  prompts?: Partial<StructuredPrompts>;
  /** k24 mode: the templates and yes/no method. */
  k24?: { promptTemplate: string; queryTemplate: string; binary: K24Binary };
  /** k24 with the yes/no prompt: assumed length of an answer (characters). Default 1200. */
  assumedAnswerChars?: number;
  /** A cascade: the questions each document would send to the LLMs (same order as `documents`). */
  sentQuestions?: readonly (readonly Question[])[];
  /** A cascade's τ (reported with the estimate). */
  threshold?: number;
}

/** What a cascade would send: counted by running the extractive engine on the inputs. */
export interface CascadeEstimate {
  threshold: number;
  questions: number;
  sent: number;
  saved: number;
}

export interface PaperEstimate {
  paper: string;
  calls: number;
  promptTokens: number;
  gated: number;
}

export interface RunEstimate {
  mode: "structured" | "k24";
  models: number;
  papers: number;
  calls: number;
  promptTokens: number;
  maxCompletionTokens: number;
  gated: number;
  /** Share of question slots answered without a call (structured mode's gating). */
  gatedShare: number;
  perPaper: PaperEstimate[];
  /** With a cascade: the questions sent and saved. */
  cascade?: CascadeEstimate;
}

/**
 * Counts the calls and prompt tokens of a run without calling any model.
 * @example const est = await estimateRun({ documents, questions, mode: "structured" });
 */
export async function estimateRun(options: DryRunOptions): Promise<RunEstimate> {
  const models = options.models ?? 1;
  const perPaper: PaperEstimate[] = [];
  let maxCompletionTokens = 0;
  for (const [i, input] of options.documents.entries()) {
    const provider = createFakeProvider((request) => stubReply(options, request));
    const engine = buildEngine(options, provider);
    const asked = options.sentQuestions?.[i] ?? options.questions;
    if (asked.length > 0) await engine.answerAll?.(input, [...asked]);
    const stats = engine.stats?.() as { calls: number; tokensIn: number; gated: number };
    maxCompletionTokens += provider.requests.reduce((s, r) => s + (r.maxTokens ?? 0), 0) * models;
    perPaper.push({
      paper: input.document.path,
      calls: stats.calls * models,
      promptTokens: stats.tokensIn * models,
      gated: stats.gated,
    });
  }
  const sum = (f: (p: PaperEstimate) => number) => perPaper.reduce((s, p) => s + f(p), 0);
  const slots = options.documents.length * options.questions.length;
  return {
    mode: options.mode,
    models,
    papers: perPaper.length,
    calls: sum((p) => p.calls),
    promptTokens: sum((p) => p.promptTokens),
    maxCompletionTokens,
    gated: sum((p) => p.gated),
    gatedShare: slots ? sum((p) => p.gated) / slots : 0,
    perPaper,
    ...(options.sentQuestions && {
      cascade: {
        threshold: options.threshold ?? 0,
        questions: slots,
        sent: options.sentQuestions.reduce((s, q) => s + q.length, 0),
        saved: slots - options.sentQuestions.reduce((s, q) => s + q.length, 0),
      },
    }),
  };
}

/**
 * The questions a cascade would send per document: the extractive engine answers each input and the
 * questions below τ are kept (its answers cost no call, so this is what the run itself would send).
 */
export async function cascadeQuestions(
  inputs: readonly EngineInput[],
  questions: readonly Question[],
  threshold: number,
  rulesOnly = false,
): Promise<Question[][]> {
  const engine = createExtractiveEngine(rulesOnly ? { learned: null } : {});
  const out: Question[][] = [];
  for (const input of inputs) {
    const answers = engine.answerAll
      ? await engine.answerAll(input, [...questions])
      : await Promise.all(questions.map((q) => engine.answer(input, q)));
    const uncertain = uncertainQuestions(answers, threshold);
    out.push(questions.filter((q) => uncertain.has(q.cq)));
  }
  await engine.close?.();
  return out;
}

function buildEngine(options: DryRunOptions, provider: ReturnType<typeof createFakeProvider>): Engine {
  if (options.mode === "structured") {
    return createStructuredEngine({ provider, batchSize: options.batchSize, k: options.k, prompts: options.prompts });
  }
  if (!options.k24) throw new Error("k24 dry run needs the k24 templates");
  return createK24Engine({ provider, k: options.k, ...options.k24 });
}

// Replies that keep the engines on their normal path: a valid "no" for every asked question in
// structured mode (no repair call), an answer of the assumed length in k24 mode.
function stubReply(options: DryRunOptions, request: ChatRequest): string {
  if (options.mode === "k24") return "x".repeat(options.assumedAnswerChars ?? 1200);
  const user = request.messages.at(-1)?.content ?? "";
  const cqs = [...user.matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  return JSON.stringify({ answers: cqs.map((cq) => ({ cq, reported: "no", answer: "", values: {}, evidence: [] })) });
}

/** Reads and chunks the inputs for a dry run; unreadable files are listed, not fatal. */
export async function loadDryRunInputs(
  paths: string[],
  chunking: ChunkStrategy,
  load: Pick<LoadOptions, "reader" | "maxFileMb"> = {},
): Promise<{ inputs: EngineInput[]; failed: { file: string; error: string }[] }> {
  const { files, missing, unreadable } = listInputs(paths);
  const inputs: EngineInput[] = [];
  const failed = [
    ...missing.map((file) => ({ file, error: "not-found: no such file or folder" })),
    ...unreadable.map(({ path, error }) => ({ file: path, error: describeError(error) })),
  ];
  for (const file of files) {
    try {
      // The reader the run would use (a forced one included); never GROBID: a dry run calls no service.
      const document = await loadDocument(file, load);
      const chunks = chunkDocument(document, chunking);
      inputs.push({ document, chunks, retrieve: createMemoryRetriever(chunks) });
    } catch (error) {
      failed.push({ file, error: describeError(error) });
    }
  }
  return { inputs, failed };
}

/** The dry run as a few lines of text for the terminal. */
export function formatDryRun(estimate: RunEstimate): string {
  const per = estimate.papers ? Math.round(estimate.promptTokens / estimate.papers) : 0;
  return [
    `dry run (${estimate.mode} mode, ${estimate.models} model${estimate.models === 1 ? "" : "s"}): no model was called`,
    `  papers:              ${estimate.papers}`,
    `  calls:               ${estimate.calls}`,
    `  prompt tokens:       ${estimate.promptTokens} (≈${per} per paper, estimated)`,
    `  max output tokens:   ${estimate.maxCompletionTokens}`,
    `  gated questions:     ${estimate.gated} (${(estimate.gatedShare * 100).toFixed(1)}% answered "no" without a call)`,
    ...(estimate.cascade ? [cascadeLine(estimate.cascade)] : []),
    "",
  ].join("\n");
}

function cascadeLine(c: CascadeEstimate): string {
  const share = c.questions ? ((c.sent / c.questions) * 100).toFixed(1) : "0.0";
  return `  cascade (τ ${c.threshold}):   ${c.sent} of ${c.questions} questions sent to the LLMs (${share}%), ${c.saved} answered offline`;
}

/**
 * `--dry-run` for engine settings: reads and chunks the inputs and counts what the settings would
 * cost, without calling any model. Unreadable inputs are listed, not fatal.
 * @example formatDryRun(await estimateForSettings(["papers/"], settings, { questions, chunking: "sections" }))
 */
export async function estimateForSettings(
  paths: string[],
  settings: EngineSettings,
  ctx: {
    questions: Question[];
    baseDir?: string;
    chunking: ChunkStrategy;
    load?: Pick<LoadOptions, "reader" | "maxFileMb">;
  },
): Promise<RunEstimate & { unreadable: { file: string; error: string }[] }> {
  const llm = settings.llm;
  const mode = llm?.mode ?? "structured";
  const { inputs, failed } = await loadDryRunInputs(paths, requiredChunking(settings) ?? ctx.chunking, ctx.load);
  const base: DryRunOptions = {
    documents: inputs,
    questions: ctx.questions,
    mode,
    models: Math.max(1, llm?.models.length ?? 0),
    batchSize: llm?.batchSize,
    k: llm?.k,
  };
  const threshold = cascadeThreshold(settings);
  if (threshold !== undefined) {
    base.threshold = threshold;
    base.sentQuestions = await cascadeQuestions(inputs, ctx.questions, threshold, settings.extractive.rulesOnly);
  }
  const texts = llm ? promptTexts(llm, ctx.baseDir) : undefined;
  if (mode === "k24" && texts) {
    base.k24 = {
      promptTemplate: texts.prompt as string,
      queryTemplate: texts.queryTemplate as string,
      binary: texts.binary,
    };
  } else if (texts?.prompt !== undefined) base.prompts = { user: texts.prompt };
  return { ...(await estimateRun(base)), unreadable: failed };
}
