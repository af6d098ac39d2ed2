/**
 * Papers are written to the store in batches: several papers per IMMEDIATE transaction (up to
 * `maxPapers`, or whatever arrived within `maxMs` of the first), each paper inside its own
 * savepoint, so a paper whose write fails is rolled back alone and the batch goes on. A paper's
 * rows are emitted only after its batch commits, in the order papers were added. A killed run
 * loses at most the batch being filled; every stored paper is complete.
 *
 * With `open` (the store's {@link OpenTransaction}), each paper is written as it is added, into a
 * transaction left open until the batch commits: the main thread then never stops for a whole
 * batch's writes at once (only for its COMMIT), so worker threads waiting for their next paper are
 * served between papers. Without it, a batch's writes all run at commit time.
 */
import type { OpenTransaction } from "../store/index.js";

/** One paper's writes and what follows them. */
export interface PaperWrite {
  /** The paper's store writes (run inside a savepoint of the batch's transaction). */
  write(): void;
  /** Called, still inside the batch's transaction, when `write` threw; may write (e.g. a failure row). */
  failed(error: unknown): void;
  /** Called after the batch committed, in order: the paper's rows go out. */
  emit(): void;
}

/** Options of {@link createBatchWriter}. */
export interface BatchWriterOptions {
  /** Runs `fn` in one transaction; nested calls are savepoints (`Store.transaction`). */
  transaction: <T>(fn: () => T) => T;
  /** Begins a transaction left open across awaits (`Store.openTransaction`): papers are written as added. */
  open?: () => OpenTransaction;
  /** Papers per transaction at most (default 50). */
  maxPapers?: number;
  /** Milliseconds a paper may wait for its batch to commit (default 200). */
  maxMs?: number;
}

export interface BatchWriter {
  add(paper: PaperWrite): void;
  /** Commits what is pending now (the end of a run). */
  flush(): void;
  /** Papers added and not yet committed. */
  readonly pending: number;
  /** Transactions committed so far. */
  readonly batches: number;
}

/**
 * Batches paper writes into transactions.
 * @example
 * const writer = createBatchWriter({ transaction: store.transaction });
 * writer.add({ write: () => store.saveAnswers(id, key, answers), failed: () => {}, emit: () => rows.push(...) });
 * writer.flush();
 */
export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const maxPapers = Math.max(1, options.maxPapers ?? 50);
  const maxMs = options.maxMs ?? 200;
  let pending: PaperWrite[] = [];
  let batches = 0;
  let timer: NodeJS.Timeout | undefined;
  // A commit that failed in the timer is thrown at the next add or flush (a timer has no caller).
  let timerError: { error: unknown } | undefined;

  const rethrow = (): void => {
    const failure = timerError;
    timerError = undefined;
    if (failure) throw failure.error;
  };
  // One paper inside a savepoint of the batch's transaction; a paper whose write threw is rolled
  // back alone and told so (its `failed` may write); a `failed` that throws fails the batch.
  const writeOne = (paper: PaperWrite): void => {
    try {
      options.transaction(() => paper.write());
    } catch (error) {
      paper.failed(error);
    }
  };
  // Written as added (`open`): the transaction the pending papers are in.
  let current: OpenTransaction | undefined;
  const abandon = (): void => {
    const tx = current;
    current = undefined;
    pending = [];
    tx?.rollback();
  };
  const commit = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0 && !current) return;
    const batch = pending;
    if (current) {
      try {
        current.commit();
      } catch (error) {
        abandon();
        throw error;
      }
      current = undefined;
      pending = [];
    } else {
      pending = [];
      options.transaction(() => {
        for (const paper of batch) writeOne(paper);
      });
    }
    batches++;
    for (const paper of batch) paper.emit();
  };
  const commitLater = (): void => {
    try {
      commit();
    } catch (error) {
      timerError = { error };
    }
  };

  return {
    add(paper) {
      rethrow();
      if (options.open) {
        current ??= options.open();
        try {
          writeOne(paper);
        } catch (error) {
          abandon();
          throw error;
        }
      }
      pending.push(paper);
      if (pending.length >= maxPapers) commit();
      // Papers that arrive slowly (LLM engines) are still committed within maxMs.
      else if (!timer) {
        timer = setTimeout(commitLater, maxMs);
        timer.unref();
      }
    },
    flush() {
      rethrow();
      commit();
    },
    get pending() {
      return pending.length;
    },
    get batches() {
      return batches;
    },
  };
}
