/**
 * methodscope's library API. Everything a program needs to run the pipeline, or a stage of it:
 *
 * ```ts
 * import { extract } from "methodscope";
 * const { rows, manifest } = await extract({ inputs: ["papers/"], outDir: "out", dbPath: ":memory:" });
 * ```
 */

// The main job.
export { DEFAULT_MAX_PAGES, type ExtractOptions, type ExtractResult, extract, type ProgressEvent } from "./pipeline/extract.js";
export type { InputRecord, RunManifest, StageTimings } from "./pipeline/manifest.js";
export type { ResultRow } from "./report/rows.js";
export { OUTPUT_FILES, writeOutputs } from "./report/write-outputs.js";

// Stages.
export { loadDocument, listInputs } from "./ingest/load.js";
export { readPdfPages } from "./ingest/pdf.js";
export { cleanPages } from "./ingest/clean.js";
export { detectSections } from "./ingest/sections.js";
export { buildDocument } from "./ingest/document.js";
export { type ChunkStrategy, chunkDocument } from "./ingest/chunk.js";
export { splitTextK24 } from "./ingest/chunk-k24.js";
export { splitSentences } from "./ingest/sentences.js";
export { openStore, type Store } from "./store/index.js";
export { createBm25Retriever, createMemoryRetriever, type Retriever } from "./retrieve/index.js";
export { builtinQuestions, loadQuestions, questionSetHash } from "./questions/catalogue.js";
export { createExtractiveEngine, NOT_STATED } from "./answer/extractive/index.js";
export { detectDeepLearning } from "./answer/extractive/dl-detect.js";
export { classifyAnswer } from "./judge/binary.js";

// Types and errors.
export type * from "./types.js";
export { describeError, type ErrorCode, MethodscopeError } from "./errors.js";
export { TOOL_VERSION } from "./version.js";
