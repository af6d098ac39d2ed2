/**
 * A pool of worker threads (piscina) that turns input bytes into Documents with bounds: each
 * worker has a heap limit, each task a time limit, and a watchdog ends tasks when the process's
 * resident memory grows past the cap (pdf.js keeps inflated streams in ArrayBuffers, which the
 * heap limit does not count). A task that goes over a bound is ended by terminating its worker;
 * the file gets a `timeout`, `pdf-too-large` or `worker-crashed` error and the pool goes on.
 */
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { type ErrorCode, MethodscopeError } from "../errors.js";
import type { Document } from "../types.js";
import type { InputBytes } from "./load.js";
import { DEFAULT_MAX_PAGES, type StreamBudget } from "./pdf.js";
import type { ReadOutcome, ReadTask } from "./read-worker.js";
import { DEFAULT_GROBID_TIMEOUT_MS, type GrobidOptions, type ReaderChoice } from "./readers/index.js";

/** Seconds one file may take to read unless the caller says otherwise (`--pdf-timeout`). */
export const DEFAULT_READ_TIMEOUT_S = 120;
/** Memory one reading worker may use, in MB (heap limit, and the watchdog's share per task). */
export const DEFAULT_WORKER_MEMORY_MB = 1024;

/** Options of {@link createReadPool}. */
export interface ReadPoolOptions {
  /** Worker threads (default {@link defaultWorkers}). */
  workers?: number;
  /** Milliseconds one file may take (default {@link DEFAULT_READ_TIMEOUT_S} s). */
  timeoutMs?: number;
  /** Memory per task in MB (default {@link DEFAULT_WORKER_MEMORY_MB}). */
  memoryMb?: number;
  /** PDFs with more pages are refused (default 1000). */
  maxPages?: number;
  /** How far PDF streams may inflate (default: pdf.ts' DEFAULT_STREAM_BUDGET). */
  budget?: StreamBudget;
  /** How often the watchdog looks at time limits and memory, in ms (default 50). */
  watchIntervalMs?: number;
  /** Force a reader for every file (default "auto": by content, then extension). */
  reader?: ReaderChoice;
  /**
   * Send PDFs to this GROBID service and read its TEI, falling back to the PDF reader. GROBID's
   * time limit is added to `timeoutMs`, so a slow service still leaves the fallback its full time.
   */
  grobid?: GrobidOptions;
  /**
   * A worker module that does more than read (the pipeline's paper worker chunks and answers there),
   * in place of read-worker.ts: it takes a {@link ReadTask} and answers a {@link ReadOutcome}, whose
   * `more` comes back from {@link ReadPool.readMore}. `data` (structured-cloned, once per thread) is its
   * `workerData`. The bounds above cover the whole task.
   */
  worker?: { filename: string; data?: unknown };
}

/** Reads files in worker threads; `close` ends the threads. */
export interface ReadPool<More = unknown> {
  readonly workers: number;
  /** The Document of one file's bytes; throws `MethodscopeError` (never a raw worker error). */
  read(input: InputBytes): Promise<Document>;
  /** The Document and what the `worker` option's module added to it (`more`); throws as `read` does. */
  readMore(input: InputBytes): Promise<{ document: Document; more?: More }>;
  close(): Promise<void>;
}

/** Cores minus one (one is left for answering), at least one. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

// The worker file next to this one, with this module's own extension: .ts when run through tsx
// (worker threads inherit `--import tsx`), .js in the built package.
const WORKER_FILE = fileURLToPath(new URL(`./read-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

type AbortReason = "timeout" | "memory";

interface Running {
  controller: AbortController;
  exclusive: boolean;
  /** The worker sets it when it starts the task (ReadTask.started). */
  started: Int32Array;
  /** When the watchdog first saw `started` set: the time limit runs from then. */
  startedAt?: number;
  /** Set by the watchdog: was this the only task in flight when memory went over? */
  alone?: boolean;
}

/**
 * Admits up to `capacity` tasks side by side, or one alone (a task retried after the memory
 * watchdog ended several at once runs alone, so the one that grows is known). A waiting lone task
 * holds back new shared ones. Tasks never wait in piscina's own queue: a task queued there while
 * its worker is terminated would wait for a worker that is not started again.
 */
class Gate {
  constructor(private readonly capacity: number) {}
  private shared = 0;
  private alone = false;
  private waitingAlone = 0;
  private wakers: Array<() => void> = [];

  async enter(exclusive: boolean): Promise<void> {
    if (exclusive) this.waitingAlone++;
    while (
      exclusive ? this.alone || this.shared > 0 : this.alone || this.waitingAlone > 0 || this.shared >= this.capacity
    ) {
      await new Promise<void>((wake) => this.wakers.push(wake));
    }
    if (exclusive) {
      this.waitingAlone--;
      this.alone = true;
    } else this.shared++;
  }

  leave(exclusive: boolean): void {
    if (exclusive) this.alone = false;
    else this.shared--;
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

function abortReason(signal: AbortSignal): AbortReason | undefined {
  return signal.aborted && (signal.reason === "timeout" || signal.reason === "memory") ? signal.reason : undefined;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/**
 * Starts a pool of reading workers.
 * @example
 * const pool = createReadPool({ workers: 2, timeoutMs: 60_000 });
 * const doc = await pool.read(await readInputFile("paper.pdf", readLimits()));
 * await pool.close();
 */
export function createReadPool<More = unknown>(options: ReadPoolOptions = {}): ReadPool<More> {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
  const grobidMs = options.grobid ? (options.grobid.timeoutMs ?? DEFAULT_GROBID_TIMEOUT_MS) : 0;
  const timeoutMs = (options.timeoutMs ?? DEFAULT_READ_TIMEOUT_S * 1000) + grobidMs;
  const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const piscina = new Piscina<ReadTask, ReadOutcome>({
    filename: options.worker?.filename ?? WORKER_FILE,
    workerData: options.worker?.data,
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
  // A worker that dies with no task is replaced by piscina; nothing to report then.
  piscina.on("error", () => {});
  const gate = new Gate(workers);
  const running = new Set<Running>();
  let baseline = process.memoryUsage.rss();
  let watchdog: NodeJS.Timeout | undefined;

  // Each task's clock starts when its worker starts it, so a worker's start-up (loading pdf.js) is not
  // counted against the file; the watchdog ends a task that ran past the limit (within an interval).
  // The process's resident memory may grow by memoryMb per task in flight over what it held when
  // no task ran; past that, every task in flight is ended (the lone ones are the culprits).
  const watch = () => {
    if (running.size === 0) return;
    const now = performance.now();
    for (const task of running) {
      if (task.startedAt === undefined) {
        if (Atomics.load(task.started, 0) === 1) task.startedAt = now;
      } else if (now - task.startedAt > timeoutMs) task.controller.abort("timeout");
    }
    if (process.memoryUsage.rss() <= baseline + memoryMb * 1024 * 1024 * running.size) return;
    for (const task of running) {
      task.alone = running.size === 1;
      task.controller.abort("memory");
    }
  };

  const begin = (task: Running) => {
    if (running.size === 0) {
      baseline = process.memoryUsage.rss();
      watchdog = setInterval(watch, options.watchIntervalMs ?? 50);
      watchdog.unref();
    }
    running.add(task);
  };
  const end = (task: Running) => {
    running.delete(task);
    if (running.size === 0) clearInterval(watchdog);
  };

  async function attempt(input: InputBytes, exclusive: boolean): Promise<ReadOutcome | "retry"> {
    await gate.enter(exclusive);
    const task: Running = { controller: new AbortController(), exclusive, started: sharedFlag() };
    begin(task);
    try {
      const run: ReadTask = {
        input,
        maxPages,
        budget: options.budget,
        reader: options.reader,
        grobid: options.grobid,
        started: task.started,
      };
      return await piscina.run(run, { signal: task.controller.signal });
    } catch (error) {
      const reason = abortReason(task.controller.signal);
      if (reason === "timeout") {
        const seconds = Math.round(timeoutMs / 100) / 10;
        return failed(
          "timeout",
          `reading took longer than ${seconds} s and was stopped; raise --pdf-timeout if the file is sound`,
        );
      }
      if (reason === "memory") {
        if (!exclusive && !task.alone) return "retry";
        return failed(
          "pdf-too-large",
          `reading needed more than ${memoryMb} MB of memory and was stopped (a decompression bomb?)`,
        );
      }
      if ((error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") {
        return failed("pdf-too-large", `reading needed more than ${memoryMb} MB of heap and was stopped`);
      }
      return failed("worker-crashed", `the reading worker stopped (${firstLine(error)}); the other files go on`);
    } finally {
      end(task);
      gate.leave(exclusive);
    }
  }

  const readMore = async (input: InputBytes): Promise<{ document: Document; more?: More }> => {
    let outcome = await attempt(input, false);
    if (outcome === "retry") outcome = await attempt(input, true);
    if (outcome === "retry") throw new Error("unreachable: a lone task is never retried");
    if (!outcome.ok) throw new MethodscopeError(outcome.code, outcome.message);
    return { document: outcome.document, more: outcome.more as More | undefined };
  };

  return {
    workers,
    readMore,
    async read(input) {
      return (await readMore(input)).document;
    },
    async close() {
      clearInterval(watchdog);
      await piscina.destroy();
    },
  };
}

/** One 32-bit flag in memory shared with the workers, 0 until set. */
function sharedFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

function failed(code: ErrorCode, message: string): ReadOutcome {
  return { ok: false, code, message };
}
