/**
 * Worker-thread entry of the report's block pool (block-pool.ts): opens the store read-only, then
 * for each {@link BlockTask} from the main thread reads its papers, renders and packs their pages
 * (paper-blocks.ts, as the main thread does) and posts the {@link BlockReply} on its port, then
 * bumps the shared counter the main thread waits on. Tasks sent ahead ({@link AheadTask}) are rendered
 * while the main thread is still busy elsewhere, and skipped once it has joined.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { openStore } from "../../store/store.js";
import { type BlockRenderer, type BlockTask, createBlockRenderer, type RenderedBlock } from "./paper-blocks.js";
import { type CardContext, createCorpusReader } from "./reader.js";
import { createTokenText } from "./shared-text.js";

/** What each worker starts with (its `workerData`). */
export interface BlockWorkerSetup {
  /** The store file, opened read-only. */
  db: string;
  /** The run keys shown (all when absent). */
  runs?: string[];
  /** The report's questions and runs, as the main thread read them. */
  context: CardContext;
  /** The text cards share (see `sharedCardText`): the report's tokens. */
  shared: string[];
  /** Where replies go (the main thread reads it with receiveMessageOnPort). */
  port: MessagePort;
  /**
   * Two Int32 cells on shared memory: [0] a counter bumped after each reply; [1] set to 1 when the main thread
   * joins the pool, after which tasks sent ahead of it (a head start) are skipped, not rendered.
   */
  signal: Int32Array;
}

/** A task sent ahead of the main thread (a head start): rendered only until the main thread joins. */
export interface AheadTask {
  ahead: BlockTask;
}

/** A worker's answer to one task: the block, why it could not be made, or that a task sent ahead was skipped. */
export type BlockReply = { block: RenderedBlock } | { error: string } | { skipped: number };

function start(setup: BlockWorkerSetup): void {
  let renderer: BlockRenderer | undefined;
  let failure = "";
  try {
    const store = openStore(setup.db, { readonly: true });
    const reader = createCorpusReader(store, undefined, setup.runs ? { runs: new Set(setup.runs) } : {});
    renderer = createBlockRenderer((ids) => reader.papers(ids), setup.context, createTokenText(setup.shared));
  } catch (error) {
    failure = describe(error);
  }
  parentPort?.on("message", (message: BlockTask | AheadTask) => {
    const task = "ahead" in message ? message.ahead : message;
    let reply: BlockReply;
    try {
      if ("ahead" in message && Atomics.load(setup.signal, 1) === 1) reply = { skipped: task.index };
      else reply = renderer ? { block: renderer.render(task) } : { error: failure };
    } catch (error) {
      reply = { error: describe(error) };
    }
    setup.port.postMessage(reply);
    Atomics.add(setup.signal, 0, 1);
    Atomics.notify(setup.signal, 0);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

start(workerData as BlockWorkerSetup);
