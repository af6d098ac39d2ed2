import { basename } from "node:path";
import { escapeControl } from "../errors.js";
import type { ProgressEvent } from "../pipeline/extract.js";
import type { CliIO } from "./io.js";

/**
 * The stderr line for an input that failed: `methodscope: <file>: <error>`, one line whatever the file is
 * called — control characters in the name or message are escaped (`\n` as `\\n`), so a file named
 * "evil\nmethodscope: all good.pdf" cannot print a line of its own.
 * @example failureLine("a\nb.pdf", "not-a-pdf: …") // "methodscope: a\\nb.pdf: not-a-pdf: …\n"
 */
export function failureLine(file: string, error: string): string {
  return `methodscope: ${escapeControl(file)}: ${escapeControl(error)}\n`;
}

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
        `${failed ? ` (${failed} failed)` : ""} eta ${formatSeconds(eta)} ${escapeControl(basename(event.file))}`;
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
