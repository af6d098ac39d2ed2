/**
 * Renders the blocks of a large report on this thread and in worker threads at once (block-worker.ts),
 * and hands them back in order. `writeReport` writes through a synchronous callback, so this is
 * synchronous too: each worker is kept a few blocks deep, the main thread renders the next blocks
 * itself while the one due is still with a worker, and, when it has rendered far enough ahead, waits
 * on a shared counter (Atomics.wait) that each worker bumps after posting a block, taking blocks off
 * the workers' ports (receiveMessageOnPort). A worker that fails or falls silent leaves its blocks
 * to this thread, which renders them as it would have without workers.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { AheadTask, BlockReply, BlockWorkerSetup } from "./block-worker.js";
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

/** A worker thread of the pool. */
export interface Thread {
  worker: Worker;
  port: MessagePort;
  /** Tasks posted and not yet taken back, oldest first. */
  inFlight: BlockTask[];
  failed: boolean;
  /** When it last posted a block (or started). */
  lastHeard: number;
}

/** Blocks this thread renders ahead of the one it waits for from a worker, at most (~150 KB each). */
const AHEAD = 8;

/**
 * Worker threads started before the main thread can join them (while it reads the corpus summary), already
 * rendering the first blocks: see {@link startHeadStart}.
 */
export interface BlockHeadStart {
  readonly threads: Thread[];
  readonly signal: Int32Array;
  /** The tasks sent ahead, by block index, and the thread each went to. */
  readonly ahead: Map<number, Thread>;
}

/**
 * Starts `workers` threads with `setup` and sends them the first `count` of `tasks` ahead, round robin: they
 * render them while this thread does other work, and skip the rest once {@link renderBlocks} joins them. The
 * tasks must be those `renderBlocks` will be given (the same papers in the same order, the same context);
 * a head start that is not used is ended with {@link endHeadStart}.
 * @example const early = startHeadStart(setup, 1, blockTasks(order, 50), 200); … renderBlocks(tasks, local, setup, 1, early)
 */
export function startHeadStart(
  setup: BlockPoolSetup,
  workers: number,
  tasks: Iterable<BlockTask>,
  count: number,
): BlockHeadStart {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const threads = Array.from({ length: Math.max(1, workers) }, () => startThread(setup, signal));
  const ahead = new Map<number, Thread>();
  let n = 0;
  for (const task of tasks) {
    if (n >= count) break;
    const thread = threads[n++ % threads.length];
    thread.inFlight.push(task);
    ahead.set(task.index, thread);
    thread.worker.postMessage({ ahead: task } satisfies AheadTask);
  }
  return { threads, signal, ahead };
}

/** Ends the threads of a head start that will not be joined (again: ending it twice does nothing more). */
export function endHeadStart(early: BlockHeadStart): void {
  for (const thread of early.threads) stopThread(thread);
}

/**
 * The blocks of `tasks`, rendered by `local` and `workers` worker threads started with `setup`, in
 * the order of `tasks`. Without a setup or workers, every block is rendered here.
 * Each worker is kept {@link DEPTH} blocks deep; this thread renders the next blocks itself while it
 * waits for a worker's block (up to {@link AHEAD} of them), so neither side idles for the other.
 * With `early` (a head start of the same tasks), its threads are the workers: the blocks they rendered ahead
 * are taken as they are, those they skipped are dealt again.
 * @example for (const block of renderBlocks(blockTasks(papers, 50), renderer, setup, 1)) console.log(block.index)
 */
export function* renderBlocks(
  tasks: Iterable<BlockTask>,
  local: BlockRenderer,
  setup: BlockPoolSetup | undefined,
  workers: number,
  early?: BlockHeadStart,
): Generator<RenderedBlock> {
  if (early === undefined && (setup === undefined || workers < 1)) {
    for (const task of tasks) yield local.render(task);
    return;
  }
  const signal = early?.signal ?? new Int32Array(new SharedArrayBuffer(8));
  // Joining: what the head start has not begun yet is skipped, and dealt again below.
  if (early) Atomics.store(signal, 1, 1);
  const threads = early?.threads ?? Array.from({ length: workers }, () => startThread(setup as BlockPoolSetup, signal));
  try {
    const upcoming = tasks[Symbol.iterator]();
    let exhausted = false;
    // Tasks dealt and not yet handed back, in order; the blocks done out of order; who renders each (by index:
    // a task sent ahead is the same block as the one dealt here).
    const order: BlockTask[] = [];
    const done = new Map<number, RenderedBlock>();
    const owner = new Map<number, Thread>(early?.ahead);
    const live = () => threads.filter((t) => !t.failed);
    // Deals the next task: to a worker with room, else renders it here. False when none is left.
    const deal = (): boolean => {
      const next = exhausted ? undefined : upcoming.next();
      if (!next || next.done) {
        exhausted = true;
        return false;
      }
      const task = next.value;
      order.push(task);
      // Sent ahead: rendered, being rendered, or skipped (then rendered here in its turn).
      if (done.has(task.index) || owner.has(task.index)) return true;
      const thread = live().find((t) => t.inFlight.length < DEPTH);
      if (thread) {
        thread.inFlight.push(task);
        owner.set(task.index, thread);
        thread.worker.postMessage(task);
      } else done.set(task.index, local.render(task));
      return true;
    };
    for (;;) {
      while (!exhausted && live().some((t) => t.inFlight.length < DEPTH)) deal();
      const seen = Atomics.load(signal, 0);
      for (const thread of live()) collect(thread, done, owner);
      const head = order[0];
      if (head === undefined) {
        if (deal()) continue;
        return;
      }
      const block = done.get(head.index);
      if (block) {
        done.delete(head.index);
        owner.delete(head.index);
        order.shift();
        yield block;
        continue;
      }
      const thread = owner.get(head.index);
      // A task of a worker that failed, or one sent ahead and skipped, is rendered here, in its turn.
      if (!thread || thread.failed) done.set(head.index, local.render(head));
      else if (done.size >= AHEAD || !deal()) waitFor(thread, signal, seen);
    }
  } finally {
    for (const thread of threads) stopThread(thread);
  }
}

/**
 * Takes every block `thread` has posted into `done`; a task sent ahead and skipped leaves its owner, so that it is
 * rendered in its turn; a reply out of turn or an error gives the worker up.
 */
function collect(thread: Thread, done: Map<number, RenderedBlock>, owner: Map<number, Thread>): void {
  for (let received = receiveMessageOnPort(thread.port); received; received = receiveMessageOnPort(thread.port)) {
    const reply = received.message as BlockReply;
    const task = thread.inFlight.shift();
    if (task && "skipped" in reply && reply.skipped === task.index) {
      owner.delete(task.index);
      thread.lastHeard = Date.now();
      continue;
    }
    if (!task || !("block" in reply) || reply.block.index !== task.index) {
      giveUp(thread);
      return;
    }
    done.set(task.index, reply.block);
    thread.lastHeard = Date.now();
  }
}

/**
 * Waits until some worker posts again (the shared counter moves past `seen`); gives `thread` up when
 * it has been silent for {@link SILENCE_MS} (one that crashed or could not start).
 */
function waitFor(thread: Thread, signal: Int32Array, seen: number): void {
  const left = thread.lastHeard + SILENCE_MS - Date.now();
  if (left <= 0) giveUp(thread);
  else Atomics.wait(signal, 0, seen, left);
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
  return { worker, port: port1, inFlight: [], failed: false, lastHeard: Date.now() };
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

function giveUp(thread: Thread): void {
  thread.failed = true;
  thread.inFlight = [];
}
