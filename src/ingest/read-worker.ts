/**
 * Worker-thread entry of the read pool (`read-pool.ts`): bytes already read and hashed → a
 * `Document`. Runs under a heap limit and is terminated by the pool when it takes too long or
 * the process grows too much, so a hostile PDF costs one error row, not the machine. Failures
 * come back as values: an Error's code does not survive the trip between threads.
 */
import { type ErrorCode, MethodscopeError } from "../errors.js";
import type { Document } from "../types.js";
import { documentFromBytes, type InputBytes } from "./load.js";
import { loadPdfJs, type StreamBudget } from "./pdf.js";
import type { GrobidOptions, ReaderChoice } from "./readers/index.js";

/** One file to turn into a Document. */
export interface ReadTask {
  input: InputBytes;
  maxPages: number;
  budget?: StreamBudget;
  /** Force a reader (default: by content). */
  reader?: ReaderChoice;
  /** Send PDFs to this GROBID service (the PDF reader is the fallback). */
  grobid?: GrobidOptions;
  /**
   * A flag in shared memory that the worker sets (to 1) when it starts the task: the pool's time limit
   * runs from then. Not a MessagePort: a port transferred with every task leaks about a kilobyte of the
   * worker's heap per task (100,000 papers: some 60 MB per worker).
   */
  started?: Int32Array;
}

/** Tells the pool that `task` has started ({@link ReadTask.started}). */
export function markStarted(task: Pick<ReadTask, "started">): void {
  if (task.started) Atomics.store(task.started, 0, 1);
}

/** The Document (and what a worker that does more added: `more`), or why there is none. */
export type ReadOutcome =
  | { ok: true; document: Document; more?: unknown }
  | { ok: false; code: ErrorCode; message: string };

/** Reads one file's bytes into a Document; never throws. */
export default async function readInWorker(task: ReadTask): Promise<ReadOutcome> {
  // Loading pdf.js is the worker's start-up, not this file's reading: done before the clock starts.
  if (task.input.kind === "pdf") await loadPdfJs().catch(() => undefined);
  markStarted(task);
  try {
    const document = await documentFromBytes(task.input, {
      maxPages: task.maxPages,
      budget: task.budget,
      reader: task.reader,
      grobid: task.grobid,
    });
    return { ok: true, document };
  } catch (error) {
    return failedOutcome(error);
  }
}

/**
 * A thrown error as a failed outcome: a `MethodscopeError` keeps its code, anything else is
 * `internal` with the first line of its message.
 * @example failedOutcome(new MethodscopeError("pdf-encrypted", "…")) // { ok: false, code: "pdf-encrypted", … }
 */
export function failedOutcome(error: unknown): ReadOutcome {
  if (error instanceof MethodscopeError) return { ok: false, code: error.code, message: error.message };
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return { ok: false, code: "internal", message };
}
