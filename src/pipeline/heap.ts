/**
 * A full garbage collection on demand, for long corpus runs. V8 sizes its heap by how fast a program
 * allocates, not by what it keeps: a 100,000-paper run keeps a few tens of MB alive, yet its heap grew to
 * many times that between collections. Collecting every few thousand papers keeps the heap near what is
 * live, at a few tens of milliseconds each time.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A function that runs a full collection, or undefined where the runtime does not offer one. Exposing `gc`
 * for a moment does not change how V8 collects otherwise.
 * @example const collect = fullCollector(); collect?.();
 */
export function fullCollector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

/**
 * Calls `collect` once every `every` calls of the returned function (a paper done, say).
 * @example const tick = everyNth(2000, collect); for (const p of papers) { …; tick(); }
 */
export function everyNth(every: number, run: () => void): () => void {
  let n = 0;
  return () => {
    n++;
    if (n % every === 0) run();
  };
}
