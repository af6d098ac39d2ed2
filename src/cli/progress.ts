import { basename } from "node:path";
import type { ProgressEvent } from "../pipeline/extract.js";
import type { CliIO } from "./io.js";

/**
 * A one-line progress bar redrawn on stderr; silent unless stderr is a terminal and not quiet.
 * Returns the event handler and a `finish` that clears the line.
 */
export function createProgressBar(io: CliIO, options: { quiet: boolean; width?: number }) {
  const enabled = io.isTTY && !options.quiet;
  const width = options.width ?? 28;
  const started = Date.now();
  let failed = 0;
  let drawn = false;
  return {
    onProgress(event: ProgressEvent): void {
      if (event.status === "failed") failed++;
      if (!enabled) return;
      const filled = event.total === 0 ? width : Math.round((event.done / event.total) * width);
      const elapsed = (Date.now() - started) / 1000;
      const eta = event.done > 0 ? (elapsed / event.done) * (event.total - event.done) : 0;
      const line =
        `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${event.done}/${event.total}` +
        `${failed ? ` (${failed} failed)` : ""} eta ${formatSeconds(eta)} ${basename(event.file)}`;
      io.stderr(`\r\x1b[2K${line.slice(0, 120)}`);
      drawn = true;
    },
    finish(): void {
      if (drawn) io.stderr("\r\x1b[2K");
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}
