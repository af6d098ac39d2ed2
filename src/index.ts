/**
 * methodscope's library API. Everything a program needs to run the pipeline, or a stage of it:
 *
 * ```ts
 * import { extract } from "methodscope";
 * const { rows, manifest } = await extract({ inputs: ["papers/"], outDir: "out", dbPath: ":memory:" });
 * ```
 */

export { detectDeepLearning } from "./answer/extractive/dl-detect.js";
export { createExtractiveEngine, NOT_STATED } from "./answer/extractive/index.js";
export { describeError, type ErrorCode, MethodscopeError } from "./errors.js";
export { type ChunkStrategy, chunkDocument } from "./ingest/chunk.js";
export { splitTextK24 } from "./ingest/chunk-k24.js";
export { cleanPages } from "./ingest/clean.js";
export { buildDocument } from "./ingest/document.js";
// Stages.
export { listInputs, loadDocument } from "./ingest/load.js";
export { readPdfPages } from "./ingest/pdf.js";
export { detectSections } from "./ingest/sections.js";
export { splitSentences } from "./ingest/sentences.js";
export { classifyAnswer } from "./judge/binary.js";
// The main job.
export {
  DEFAULT_MAX_PAGES,
  type ExtractOptions,
  type ExtractResult,
  extract,
  type ProgressEvent,
} from "./pipeline/extract.js";
export type { InputRecord, RunManifest, StageTimings } from "./pipeline/manifest.js";
export { builtinQuestions, loadQuestions, questionSetHash } from "./questions/catalogue.js";
export type { ResultRow } from "./report/rows.js";
export { OUTPUT_FILES, writeOutputs } from "./report/write-outputs.js";
export { createBm25Retriever, createMemoryRetriever, type Retriever } from "./retrieve/index.js";
export { openStore, type Store } from "./store/index.js";
// Types and errors.
export type * from "./types.js";
export { TOOL_VERSION } from "./version.js";
