/**
 * Reading ahead of the answering: inputs are prepared (read, hashed, handed to the worker pool) a few
 * items before the pipeline takes them, in input order.
 */
import { statSync } from "node:fs";

/** How far {@link readAhead} may read: `min` items always, up to `max` while their bytes stay within `bytes`. */
export interface AheadLimits<T> {
  min: number;
  max: number;
  bytes: number;
  sizeOf: (item: T) => number;
}

/**
 * Read-ahead for a pool of `workers` threads. With one paper per thread ahead, a thread that finishes
 * while the next paper in input order is still with the other thread waits; four per thread keep both
 * busy. The papers beyond one per thread are read only while their files total at most 64 MB, so large
 * PDFs are not all held at once. (With the batch writer's open transaction, 4,000 text papers went
 * +6% papers/s with 2 workers and +17% with 1; BENCHMARKS.md, "Corpus scale".)
 */
export function aheadLimits(workers: number): AheadLimits<string> {
  return { min: workers, max: workers * 4, bytes: 64 * 1024 * 1024, sizeOf: fileSize };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reading it will say why
  }
}

/**
 * `get(i)` gives the i-th item's preparation, having started up to `limits.min` items after it (more,
 * up to `limits.max`, while the items started and not yet taken weigh at most `limits.bytes`), so files
 * are read while earlier ones are answered; results are still taken in input order.
 */
export function readAhead<T, R>(
  items: T[],
  limits: AheadLimits<T>,
  prepare: (item: T) => Promise<R>,
): (i: number) => Promise<R> {
  const started = new Map<number, { result: Promise<R>; bytes: number }>();
  let next = 0;
  let bytes = 0;
  return (i) => {
    while (next < items.length && next <= i + limits.max) {
      const size = next <= i + limits.min ? 0 : limits.sizeOf(items[next]);
      if (size > 0 && bytes + size > limits.bytes) break;
      started.set(next, { result: prepare(items[next]), bytes: size });
      bytes += size;
      next++;
    }
    const entry = started.get(i);
    started.delete(i);
    if (!entry) throw new Error(`readAhead: item ${i} asked for twice or out of range`);
    bytes -= entry.bytes;
    return entry.result;
  };
}
