/**
 * Worker-thread entry of the read pool when papers are answered where they are read: the file's
 * bytes → its Document (read-worker.ts, under the same bounds) → its chunks → every question's
 * answer, so every core reads and answers and the main thread only writes. Only engines that are
 * pure functions of serialisable settings answer here: the extractive engine (with or without its
 * learned layer), with BM25 retrieval in memory. LLM engines, votes and cascades hold sockets and
 * caches and answer on the main thread (see {@link workerAnswering}).
 */
import { workerData } from "node:worker_threads";
import { hashJson } from "../hash.js";
import { type ChunkStrategy, chunkDocument } from "../ingest/chunk.js";
import readInWorker, { failedOutcome, markStarted, type ReadOutcome, type ReadTask } from "../ingest/read-worker.js";
import { createMemoryRetriever } from "../retrieve/bm25.js";
import type { Answer, Chunk, Document, Engine, Question } from "../types.js";
import { createEngine, type EngineSettings, type EngineSettingsInput, parseEngineSettings } from "./engine.js";

/** What each worker thread starts with (its `workerData`): enough to build the run's engine there. */
export interface PaperWorkerSetup {
  /** The engine's settings (`createEngine`); never one with `llm`. */
  engine: EngineSettings;
  /** Every question of the run: the worker answers all of them, the main thread keeps those it needs. */
  questions: Question[];
  chunking: ChunkStrategy;
}

/** What the worker adds to a read paper (`ReadOutcome.more`). */
export interface AnsweredPaper {
  /** `engineKey` of the engine that answered: the main thread checks it is its own. */
  engineKey: string;
  chunks: Chunk[];
  /** One answer per question of the setup, in its order. */
  answers: Answer[];
  chunkMs: number;
  answerMs: number;
}

/**
 * The setup for answering in the workers, or undefined when this engine must answer on the main
 * thread: settings that name an LLM (alone, voting or in a cascade), or retrieval other than BM25
 * (dense vectors are cached in the store).
 * @example workerAnswering({}, questions, "sections", { retrieval: "bm25" }) // { engine: {…}, questions, chunking }
 */
export function workerAnswering(
  settings: EngineSettingsInput | undefined,
  questions: Question[],
  chunking: ChunkStrategy,
  retrieval: Record<string, unknown>,
): PaperWorkerSetup | undefined {
  if (settings === undefined || retrieval.retrieval !== "bm25") return undefined;
  const engine = parseEngineSettings(settings);
  if (engine.llm) return undefined;
  return { engine, questions, chunking };
}

/**
 * The key that tells two engines apart: their name and settings (which carry the content hash of
 * their weights), as the run key has them.
 * @example engineKey(createExtractiveEngine()) === engineKey(createExtractiveEngine()) // true
 */
export function engineKey(engine: Pick<Engine, "name" | "settings">): string {
  return hashJson({ name: engine.name, settings: engine.settings });
}

/**
 * Chunks a Document and answers every question, as the main thread would: same chunking, same
 * per-paper BM25 retriever, the engine's `answerAll` (or one `answer` per question).
 * @example const work = await answerPaper(engine, setup, document); work.answers.length === setup.questions.length
 */
export async function answerPaper(
  engine: Engine,
  setup: Pick<PaperWorkerSetup, "questions" | "chunking">,
  document: Document,
): Promise<AnsweredPaper> {
  const chunkStart = performance.now();
  const chunks = chunkDocument(document, setup.chunking);
  const answerStart = performance.now();
  const input = { document, chunks, retrieve: createMemoryRetriever(chunks) };
  const answers = engine.answerAll
    ? await engine.answerAll(input, setup.questions)
    : await Promise.all(setup.questions.map((q) => engine.answer(input, q)));
  const done = performance.now();
  return {
    engineKey: engineKey(engine),
    chunks,
    answers,
    chunkMs: answerStart - chunkStart,
    answerMs: done - answerStart,
  };
}

// One engine per worker thread, built on its first paper (its vocabularies and weights load once).
let engineOfThread: Promise<Engine> | undefined;

/** Reads one file and, when the thread was started with a {@link PaperWorkerSetup}, answers it; never throws. */
export default async function readAndAnswer(task: ReadTask): Promise<ReadOutcome> {
  const setup = workerData as PaperWorkerSetup | undefined;
  if (!setup) return readInWorker(task);
  let engine: Engine;
  try {
    // Built before the task says it started: loading the engine is not counted against the file's time.
    engineOfThread ??= createEngine(setup.engine);
    engine = await engineOfThread;
  } catch (error) {
    markStarted(task);
    return failedOutcome(error);
  }
  const outcome = await readInWorker(task);
  if (!outcome.ok) return outcome;
  try {
    const more = await answerPaper(engine, setup, outcome.document);
    return { ...outcome, more };
  } catch (error) {
    return failedOutcome(error);
  }
}
