// A read-pool worker for read-pool.test.ts: marks each task started, as the real workers do, and
// answers with its own heap after a full collection (gc is obtained for a moment, as heap.ts does).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { markStarted, type ReadOutcome, type ReadTask } from "./read-worker.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
setFlagsFromString("--no-expose-gc");

export default async function heapAfterTask(task: ReadTask): Promise<ReadOutcome> {
  markStarted(task);
  gc();
  return { ok: false, code: "internal", message: String(process.memoryUsage().heapUsed) };
}
