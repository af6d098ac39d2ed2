/**
 * How many worker threads a run starts. Each thread pays its own start-up before its first paper: loading
 * its modules, the engine's weights and patterns, and a cold JIT (~1.5 s of CPU, against ~50 ms for each
 * further 4-page PDF), so on two cores a second thread made a 44-PDF run slower (0.6–0.96× one thread) and
 * a 120-PDF run faster (1.2×). `--workers N` is therefore a maximum: one thread per
 * {@link INPUTS_PER_WORKER} inputs or per {@link BYTES_PER_WORKER} of input, whichever asks for more.
 * Outputs are the same for any number of threads.
 */
import { statSync } from "node:fs";

/** Inputs that make another thread worth its start-up. */
export const INPUTS_PER_WORKER = 64;
/** Bytes of input that make another thread worth its start-up (a few long PDFs). */
export const BYTES_PER_WORKER = 4 * 1024 * 1024;

/**
 * Threads for a run of `files`: at least one, at most `max`. Files are measured only when their number
 * alone asks for fewer than `max`, so a corpus run stats nothing.
 * @example workersFor(2, fortyFourSmallPdfs) // 1
 * @example workersFor(2, twoHundredPapers) // 2
 */
export function workersFor(max: number, files: readonly string[], sizeOf: (file: string) => number = fileSize): number {
  const most = Math.max(1, Math.floor(max));
  const byCount = Math.ceil(files.length / INPUTS_PER_WORKER);
  if (byCount >= most) return most;
  let bytes = 0;
  for (const file of files) bytes += sizeOf(file);
  return Math.max(1, byCount, Math.min(most, Math.ceil(bytes / BYTES_PER_WORKER)));
}

/** A file's size in bytes; 0 when it cannot be read (it fails later, as an input). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
