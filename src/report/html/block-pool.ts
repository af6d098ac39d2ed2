/**
 * Renders the blocks of a large report on this thread and in worker threads at once (block-worker.ts),
 * and hands them back in order. `writeReport` writes through a synchronous callback, so this is
 * synchronous too: the main thread renders every (workers + 1)-th block itself and, for the others,
 * waits on a shared counter (Atomics.wait) that each worker bumps after posting a block, then takes
 * the block off the worker's port (receiveMessageOnPort). A worker that fails or falls silent leaves
 * its blocks to this thread, which renders them as it would have without workers.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BlockReply, BlockWorkerSetup } from "./block-worker.js";
import type { BlockRenderer, BlockTask, RenderedBlock } from "./paper-blocks.js";

/** Workers at most by default: each holds its own heap and store connection (70–110 MB resident). */
const MAX_WORKERS = 3;
/** Blocks in flight per worker: one being rendered, one waiting, so a worker never idles. */
const DEPTH = 2;
/** A worker silent this long (milliseconds) is given up on (one that crashed); a block takes ~50 ms. */
const SILENCE_MS = 60_000;

// The worker file next to this one, with this module's own extension: .ts when run from the
// sources (see fromSources), .js in the built package.
const WORKER_FILE = fileURLToPath(new URL(`./block-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Fewer blocks than this are rendered faster than a worker starts (a block takes ~50 ms). */
const MIN_BLOCKS = 20;

/**
 * Threads that render `blocks` blocks besides the main one: one per core but the main thread's,
 * at most {@link MAX_WORKERS}; none for a report of fewer than {@link MIN_BLOCKS} blocks.
 * @example defaultBlockWorkers(400) // 1 on two cores
 */
export function defaultBlockWorkers(blocks: number): number {
  return blocks < MIN_BLOCKS ? 0 : Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1));
}

/** What the workers need besides their port and counter. */
export type BlockPoolSetup = Omit<BlockWorkerSetup, "port" | "signal">;

interface Thread {
  worker: Worker;
  port: MessagePort;
  /** Tasks posted and not yet taken back, oldest first. */
  inFlight: BlockTask[];
  failed: boolean;
}

/**
 * The blocks of `tasks`, rendered by `local` and `workers` worker threads started with `setup`, in
 * the order of `tasks`. Without a setup or workers, every block is rendered here.
 * @example for (const block of renderBlocks(blockTasks(papers, 50), renderer, setup, 1)) console.log(block.index)
 */
export function* renderBlocks(
  tasks: Iterable<BlockTask>,
  local: BlockRenderer,
  setup: BlockPoolSetup | undefined,
  workers: number,
): Generator<RenderedBlock> {
  if (setup === undefined || workers < 1) {
    for (const task of tasks) yield local.render(task);
    return;
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const threads = Array.from({ length: workers }, () => startThread(setup, signal));
  try {
    const upcoming = tasks[Symbol.iterator]();
    // Tasks in order, each with the thread that renders it (undefined: this one).
    const queue: { task: BlockTask; thread?: Thread }[] = [];
    let dealt = 0;
    // Deals tasks until every live worker has DEPTH in flight (or, with none left, the next task is here).
    const topUp = () => {
      while (queue.length === 0 || threads.some((t) => !t.failed && t.inFlight.length < DEPTH)) {
        const next = upcoming.next();
        if (next.done) return;
        // Every (workers + 1)-th block, from the first, is this thread's: it starts while the workers load.
        const thread = threads[(dealt++ % (workers + 1)) - 1];
        if (thread && !thread.failed) {
          thread.inFlight.push(next.value);
          thread.worker.postMessage(next.value);
        }
        queue.push({ task: next.value, thread: thread?.failed ? undefined : thread });
      }
    };
    topUp();
    while (queue.length > 0) {
      const { task, thread } = queue.shift() as { task: BlockTask; thread?: Thread };
      yield (thread && takeBlock(thread, task, signal)) ?? local.render(task);
      topUp();
    }
  } finally {
    for (const thread of threads) stopThread(thread);
  }
}

function startThread(setup: BlockPoolSetup, signal: Int32Array): Thread {
  const { port1, port2 } = new MessageChannel();
  const workerData: BlockWorkerSetup = { ...setup, port: port2, signal };
  const options = { workerData, transferList: [port2] };
  const worker = WORKER_FILE.endsWith(".ts")
    ? new Worker(fromSources(WORKER_FILE), { ...options, eval: true })
    : new Worker(WORKER_FILE, options);
  worker.unref();
  // An error event (a worker that could not start) is seen only once this thread is free again; the
  // silence limit covers it meanwhile.
  worker.on("error", () => undefined);
  return { worker, port: port1, inFlight: [], failed: false };
}

/**
 * Code that loads a .ts worker when run from the sources (tests, tsx): on Node 20, tsx hooks ES
 * modules on the main thread only, so the worker registers tsx's require hook, which compiles it.
 */
function fromSources(file: string): string {
  const tsx = createRequire(import.meta.url).resolve("tsx/cjs/api");
  return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
}

function stopThread(thread: Thread): void {
  thread.port.close();
  void thread.worker.terminate();
}

/**
 * The block `task` from `thread` (its oldest task in flight), waiting for it; undefined when the
 * worker failed or fell silent (then this thread renders the task, and the worker's later ones).
 */
function takeBlock(thread: Thread, task: BlockTask, signal: Int32Array): RenderedBlock | undefined {
  if (thread.failed || thread.inFlight[0] !== task) return giveUp(thread);
  thread.inFlight.shift();
  const deadline = Date.now() + SILENCE_MS;
  for (;;) {
    const seen = Atomics.load(signal, 0);
    const received = receiveMessageOnPort(thread.port);
    if (received) {
      const reply = received.message as BlockReply;
      return "block" in reply && reply.block.index === task.index ? reply.block : giveUp(thread);
    }
    const left = deadline - Date.now();
    if (left <= 0) return giveUp(thread);
    Atomics.wait(signal, 0, seen, left);
  }
}

function giveUp(thread: Thread): undefined {
  thread.failed = true;
  thread.inFlight = [];
  return undefined;
}
