/**
 * methodscope's library API. Everything a program needs to run the pipeline, or a stage of it:
 *
 * ```ts
 * import { extract } from "methodscope";
 * const { rows, manifest } = await extract({ inputs: ["papers/"], outDir: "out", dbPath: ":memory:" });
 * ```
 */

export { detectDeepLearning } from "./answer/extractive/dl-detect.js";
export {
  ANSWER_MODEL,
  createExtractiveEngine,
  type ExtractiveOptions,
  NOT_DL,
  NOT_STATED,
} from "./answer/extractive/index.js";
export { createK24Engine } from "./answer/llm/k24.js";
export { createStructuredEngine } from "./answer/llm/structured.js";
export { createEmbedder } from "./embed/index.js";
// Dense retrieval.
export type { Embedder } from "./embed/types.js";
export { describeError, type ErrorCode, MethodscopeError } from "./errors.js";
export { evaluateGold, goldRecords, parseGoldJsonl, readGoldFile } from "./evaluate/gold.js";
// Fetch open-access copies of a DOI list.
export {
  FETCH_DEFAULTS,
  type FetchOptions,
  type FetchProgress,
  type FetchSummary,
  fetchDois,
  type ManifestEntry,
  parseDoiList,
  readManifest,
} from "./fetch/index.js";
export { type ChunkStrategy, chunkDocument } from "./ingest/chunk.js";
export { splitTextK24 } from "./ingest/chunk-k24.js";
export { cleanPages } from "./ingest/clean.js";
export { buildDocument } from "./ingest/document.js";
// Stages.
export { listInputs, loadDocument } from "./ingest/load.js";
export { readPdfPages } from "./ingest/pdf.js";
export { type GrobidOptions, type ReaderChoice, readDocument, sniffReader } from "./ingest/readers/index.js";
export { detectSections } from "./ingest/sections.js";
export { splitSentences } from "./ingest/sentences.js";
export { agreementReport } from "./judge/agreement.js";
export { classifyAnswer } from "./judge/binary.js";
export { createVotingEngine, type TieRule } from "./judge/vote.js";
export { createGgufProvider } from "./llm/gguf.js";
export {
  createOllamaProvider,
  createOpenAIProvider,
  createProvider,
  parseLlmSpec,
  redactUrl,
  withCache,
} from "./llm/index.js";
// LLM engines, providers, voting.
export type { ChatRequest, ChatResponse, LlmProvider, ProviderOptions } from "./llm/types.js";
export { estimateRun } from "./pipeline/dry-run.js";
// The main job.
export {
  createEngine,
  type EngineDeps,
  type EngineSettings,
  EngineSettingsSchema,
  loadEngineSettings,
  parseEngineSettings,
} from "./pipeline/engine.js";
export {
  DEFAULT_MAX_PAGES,
  type ExtractOptions,
  type ExtractResult,
  extract,
  type ProgressEvent,
} from "./pipeline/extract.js";
export type { InputRecord, RunManifest, StageTimings } from "./pipeline/manifest.js";
export { builtinQuestions, loadQuestions, questionSetHash } from "./questions/catalogue.js";
export { CuesSchema } from "./questions/cues-schema.js";
export { valuesCsv } from "./report/csv.js";
// Report, review UI, gold labels.
export { loadCorpus, renderReport } from "./report/html/index.js";
export { writeK24Layout } from "./report/k24-layout.js";
export { isApplicable, type ResultRow, VALUE_COLUMNS } from "./report/rows.js";
export { OUTPUT_FILES, verifyOutputs, writeOutputs } from "./report/write-outputs.js";
export { createRetrieverFactory, type RetrieverFactory } from "./retrieve/hybrid.js";
export { createBm25Retriever, createMemoryRetriever, type Retriever } from "./retrieve/index.js";
export { createApp, serve } from "./server/index.js";
export { openStore, type Store } from "./store/index.js";
export { addReview, goldReviews, listReviews } from "./store/reviews.js";
export { listRuns, pruneRuns, type RunSummary, selectRuns } from "./store/runs.js";
// Types and errors.
export type * from "./types.js";
export { TOOL_VERSION } from "./version.js";
