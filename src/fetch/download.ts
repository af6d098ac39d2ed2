/**
 * Downloading one candidate into the fetch folder: streamed to a hidden temporary file while hashed,
 * checked (a PDF starts with `%PDF-`; JATS XML starts with `<` and holds an `<article`; an HTML page is
 * neither), flushed, then renamed to its final name. A kill leaves at most a hidden `.part` file, never a
 * half file under a name `extract` would read.
 */
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { MethodscopeError } from "../errors.js";
import { syncFolder } from "../files.js";
import type { FileKind } from "./candidates.js";
import type { HttpClient } from "./http.js";

/** A file that was written into the folder. */
export interface Downloaded {
  file: string;
  sha256: string;
  bytes: number;
  /** The URL the bytes came from, after redirects. */
  finalUrl: string;
}

/** Bytes kept in memory to check what a file is. */
const HEAD_BYTES = 65_536;

const ACCEPT: Record<FileKind, string> = {
  pdf: "application/pdf,*/*;q=0.5",
  xml: "application/xml,text/xml;q=0.9,*/*;q=0.5",
};

/**
 * Fetches `url` into `dir/fileName`. Throws MethodscopeError: `retryable` for transient failures
 * (timeouts, network errors, 5xx after the client's retries), not retryable when the copy is not there
 * or is not what was asked for (4xx, an HTML landing page, a file too large).
 */
export async function downloadTo(
  http: HttpClient,
  url: string,
  kind: FileKind,
  dir: string,
  fileName: string,
  maxBytes: number,
): Promise<Downloaded> {
  const result = await http.get(url, ACCEPT[kind]);
  const { response } = result;
  if (!response.ok || !response.body) {
    result.done();
    await response.body?.cancel().catch(() => undefined);
    throw new MethodscopeError("not-found", `${url} answered HTTP ${response.status}.`);
  }
  const temp = join(dir, `.${fileName}.${process.pid}.part`);
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headSize = 0;
  let bytes = 0;
  const fd = openSync(temp, "w");
  let renamed = false;
  try {
    const reader = response.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw result.signal.aborted
          ? new MethodscopeError("timeout", `${url} did not finish in time.`, { retryable: true })
          : new MethodscopeError("unreadable", `reading ${url} failed: ${(error as Error).message}`, {
              retryable: true,
            });
      }
      if (chunk.done) break;
      const value = Buffer.from(chunk.value);
      bytes += value.length;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new MethodscopeError("file-too-large", `${url} is larger than ${maxBytes} bytes; not downloaded.`);
      }
      if (headSize < HEAD_BYTES) {
        head.push(value);
        headSize += value.length;
        // Refuse an HTML page (or anything else) as soon as it shows, without reading all of it.
        const problem = contentProblem(Buffer.concat(head), kind, headSize >= HEAD_BYTES);
        if (problem) {
          await reader.cancel().catch(() => undefined);
          throw new MethodscopeError("unsupported-type", `${url} gave ${problem}, not a ${kind.toUpperCase()}.`);
        }
      }
      hash.update(value);
      let offset = 0;
      while (offset < value.length) offset += writeSync(fd, value, offset, value.length - offset);
    }
    const problem = contentProblem(Buffer.concat(head), kind, true);
    if (problem) throw new MethodscopeError("unsupported-type", `${url} gave ${problem}, not a ${kind.toUpperCase()}.`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, join(dir, fileName));
    renamed = true;
    syncFolder(dir);
    return { file: fileName, sha256: hash.digest("hex"), bytes, finalUrl: response.url || url };
  } finally {
    result.done();
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        // Already closed before a failed rename.
      }
      rmSync(temp, { force: true });
    }
  }
}

/**
 * Why the first bytes of a download are not a `kind` file, or undefined when they are (or may still be,
 * when `complete` is false and the `<article` may come later).
 * @example contentProblem(Buffer.from("%PDF-1.7"), "pdf", true) // undefined
 */
export function contentProblem(head: Buffer, kind: FileKind, complete: boolean): string | undefined {
  const start = head
    .subarray(0, 4096)
    .toString("latin1")
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "");
  const trimmed = start.trimStart();
  if (/^<(?:!doctype\s+html|html\b|head\b|body\b)/i.test(trimmed)) return "an HTML page";
  if (kind === "pdf") {
    if (head.length < 5 && !complete) return undefined;
    return start.startsWith("%PDF-") ? undefined : "a file that is not a PDF (no %PDF- header)";
  }
  if (trimmed.length === 0) return complete ? "an empty file" : undefined;
  if (!trimmed.startsWith("<")) return "a file that is not XML";
  const text = head.toString("utf8");
  if (/<html\b/i.test(text)) return "an HTML page";
  if (!/<article[\s>]/.test(text)) return complete ? "XML without an <article> element" : undefined;
  return undefined;
}

/** Removes `.part` files a killed run left in `dir`. */
export function removeStaleParts(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") && name.endsWith(".part")) {
      rmSync(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
