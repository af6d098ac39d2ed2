/**
 * Answers bench publications in worker threads (piscina): each thread builds its own extractive engine
 * from the main engine's plain settings and answers whole publications, so a bench run uses every
 * core. Answers come back in the order publications finish; the caller orders its rows by uid.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { describeError } from "../errors.js";
import type { Answer } from "../types.js";
import type { ExtractiveSpec, PublicationTask } from "./bench-answer.js";
import type { BenchWorkerSetup, BenchWorkerTask } from "./bench-worker.js";

// The worker file next to this one, with this module's own extension: .ts through tsx, .js when built.
const WORKER_FILE = fileURLToPath(new URL(`./bench-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * Answers every task in `threads` worker threads and hands each outcome to `done` as it arrives (an
 * error as `{ error }`). All tasks share their questions, folder, context and chunking: those travel
 * once per thread, each task only its uid and title.
 * @example await answerInWorkers(uids.map(taskOf), { maxEvidence: 3 }, 2, (uid, outcome) => results.set(uid, outcome));
 */
export async function answerInWorkers(
  tasks: PublicationTask[],
  spec: ExtractiveSpec,
  threads: number,
  done: (uid: string, outcome: Answer[] | { error: string }) => void,
): Promise<void> {
  const first = tasks[0];
  if (!first) return;
  const setup: BenchWorkerSetup = {
    spec,
    dir: first.dir,
    questions: first.questions,
    context: first.context,
    chunking: first.chunking,
  };
  const pool = new Piscina<BenchWorkerTask, Answer[] | { error: string }>({
    filename: WORKER_FILE,
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    await Promise.all(
      tasks.map(async (task) => {
        let outcome: Answer[] | { error: string };
        try {
          outcome = await pool.run({ uid: task.uid, title: task.title });
        } catch (error) {
          outcome = { error: `worker failed: ${describeError(error)}` };
        }
        done(task.uid, outcome);
      }),
    );
  } finally {
    await pool.destroy();
  }
}
