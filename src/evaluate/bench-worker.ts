/**
 * Worker-thread entry of bench-pool.ts: answers one bench publication with this thread's extractive
 * engine, built once from the main engine's plain settings. Never throws: a failure is `{ error }`.
 */
import { workerData } from "node:worker_threads";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { describeError } from "../errors.js";
import type { ChunkStrategy } from "../ingest/chunk.js";
import type { Answer, Question } from "../types.js";
import { answerPublication, type BenchAnswerer, benchAnswerer, type ExtractiveSpec } from "./bench-answer.js";

/** What each thread starts with: the engine to build and what every task shares. */
export interface BenchWorkerSetup {
  spec: ExtractiveSpec;
  dir: string;
  questions: Question[];
  context: "all" | "k24";
  chunking: ChunkStrategy;
}

/** One publication to answer. */
export interface BenchWorkerTask {
  uid: string;
  title?: string;
}

let answererOfThread: BenchAnswerer | undefined;

export default async function answerBenchTask(task: BenchWorkerTask): Promise<Answer[] | { error: string }> {
  const setup = workerData as BenchWorkerSetup;
  try {
    answererOfThread ??= benchAnswerer(createExtractiveEngine(setup.spec), setup.context);
    return await answerPublication({ ...setup, uid: task.uid, title: task.title }, answererOfThread);
  } catch (error) {
    return { error: describeError(error) };
  }
}
