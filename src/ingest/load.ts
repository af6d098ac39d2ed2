/**
 * Input files → `Document`: which paths to read (`listInputs`), the checks made before a byte is
 * read (regular file, known type, size), reading and hashing the bytes once (`readInputFile`),
 * and handing them to the reader that fits their content (`readers/`: PDF, text, JATS, TEI). The extract pipeline does the last step in worker threads
 * (`read-pool.ts`); `loadDocument` does all of it in the calling thread.
 */
import { createHash } from "node:crypto";
import { constants, type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { escapeControl, MethodscopeError } from "../errors.js";
import type { Document } from "../types.js";
import { type ReaderOptions, readDocument } from "./readers/index.js";

export { looksBinary, textPages } from "./readers/text.js";

/** File extensions read as papers (compared case-insensitively). */
export const INPUT_EXTENSIONS: readonly string[] = [".pdf", ".txt", ".md", ".xml", ".nxml"];

/** Largest PDF read unless the caller says otherwise (`--max-file-mb`), in MB. */
export const DEFAULT_MAX_PDF_MB = 200;
/** Largest .txt/.md/.xml read unless the caller says otherwise: a long paper as text is under 1 MB, as JATS a few MB. */
export const DEFAULT_MAX_TEXT_MB = 20;

const MB = 1024 * 1024;

/** Size limits in bytes, per kind of input. */
export interface ReadLimits {
  pdfBytes: number;
  textBytes: number;
}

/**
 * The size limits for `--max-file-mb`: a given value applies to every input; without one, PDFs
 * may be {@link DEFAULT_MAX_PDF_MB} MB and text files {@link DEFAULT_MAX_TEXT_MB} MB.
 * @example readLimits(5) // { pdfBytes: 5242880, textBytes: 5242880 }
 */
export function readLimits(maxFileMb?: number): ReadLimits {
  return {
    pdfBytes: (maxFileMb ?? DEFAULT_MAX_PDF_MB) * MB,
    textBytes: (maxFileMb ?? DEFAULT_MAX_TEXT_MB) * MB,
  };
}

/** What kind of paper a file is, from its extension (which size limit applies; the reader looks at the content). */
export type InputKind = "pdf" | "text" | "xml";

/** One input file's bytes, read once, with their SHA-256 (the paper's id). */
export interface InputBytes {
  path: string;
  kind: InputKind;
  bytes: Uint8Array;
  sha256: string;
}

const isInputName = (name: string): boolean => INPUT_EXTENSIONS.includes(extname(name).toLowerCase());
const shown = (path: string): string => escapeControl(path);

function kindOf(path: string): InputKind {
  const ext = extname(path).toLowerCase();
  if (!INPUT_EXTENSIONS.includes(ext)) {
    throw new MethodscopeError(
      "unsupported-type",
      `${shown(path)}: unsupported file type; expected ${INPUT_EXTENSIONS.join(", ")}`,
    );
  }
  return ext === ".pdf" ? "pdf" : ext === ".xml" || ext === ".nxml" ? "xml" : "text";
}

/** An fs error as the user's problem: missing, or not readable (permissions, I/O). */
function fsError(path: string, error: unknown): MethodscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new MethodscopeError("not-found", `${shown(path)} does not exist`, { cause: error });
  }
  const why = code === "EACCES" || code === "EPERM" ? "permission denied: check its permissions" : (code ?? "error");
  return new MethodscopeError("unreadable", `${shown(path)} cannot be read (${why})`, { cause: error });
}

/** Refuses what must not be opened (FIFOs, devices, sockets, folders), other types, empty and oversized files. */
function checkStats(path: string, info: Stats, limits: ReadLimits): InputKind {
  if (info.isDirectory()) throw new MethodscopeError("unsupported-type", `${shown(path)} is not a file (a folder?)`);
  if (!info.isFile()) {
    throw new MethodscopeError(
      "not-a-regular-file",
      `${shown(path)} is not a regular file (a FIFO, device or socket) and was not opened`,
    );
  }
  const kind = kindOf(path);
  if (info.size === 0) throw new MethodscopeError("empty-file", `${shown(path)} is empty (0 bytes)`);
  const limit = kind === "pdf" ? limits.pdfBytes : limits.textBytes;
  if (info.size > limit) {
    throw new MethodscopeError(
      "file-too-large",
      `${shown(path)} is ${(info.size / MB).toFixed(1)} MB, over the limit of ${(limit / MB).toFixed(0)} MB; raise it with --max-file-mb if this is intended`,
    );
  }
  return kind;
}

const CHUNK = MB;

/** Reads exactly `size` bytes (fewer if the file shrank) in chunks, hashing as it goes. */
async function readAndHash(handle: FileHandle, size: number): Promise<{ bytes: Uint8Array; sha256: string }> {
  const hash = createHash("sha256");
  const bytes = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(CHUNK, size - filled), filled);
    if (bytesRead === 0) break;
    hash.update(bytes.subarray(filled, filled + bytesRead));
    filled += bytesRead;
  }
  return { bytes: filled === size ? bytes : bytes.slice(0, filled), sha256: hash.digest("hex") };
}

/**
 * Checks and reads one input file: stat first (nothing but a regular file of a known type within
 * `limits` is opened), then open without blocking (a file swapped for a FIFO in between cannot
 * hang) and check again, read the size seen, and hash it. Every failure is a `MethodscopeError`:
 * not-found, unreadable, not-a-regular-file, unsupported-type, empty-file or file-too-large.
 * @example const { sha256, bytes } = await readInputFile("paper.pdf", readLimits());
 */
export async function readInputFile(path: string, limits: ReadLimits): Promise<InputBytes> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw fsError(path, error);
  }
  checkStats(path, info, limits);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fsError(path, error);
  }
  try {
    const opened = await handle.stat();
    const kind = checkStats(path, opened, limits);
    const { bytes, sha256 } = await readAndHash(handle, opened.size);
    if (bytes.length === 0) throw new MethodscopeError("empty-file", `${shown(path)} is empty (0 bytes)`);
    return { path, kind, bytes, sha256 };
  } catch (error) {
    throw error instanceof MethodscopeError ? error : fsError(path, error);
  } finally {
    await handle.close();
  }
}

/**
 * The `Document` of bytes already read, by the reader their content needs (or the one forced
 * with `options.reader`); see `readers/index.ts`.
 */
export async function documentFromBytes(input: InputBytes, options: ReaderOptions = {}): Promise<Document> {
  return readDocument({ path: input.path, bytes: input.bytes, sha256: input.sha256 }, options);
}

/** Options of {@link loadDocument}: the readers' (PDF limits, forced reader, GROBID), and the file size limit. */
export interface LoadOptions extends ReaderOptions {
  /** Largest file read, in MB (default: 200 for PDFs, 20 for text). */
  maxFileMb?: number;
}

/**
 * Reads one input file into a `Document` (id = SHA-256 of its bytes), in the calling thread.
 * PDFs go through pdf.js (or GROBID), `.txt` and `.md` are split into pages on form feeds, JATS
 * and TEI XML are read by their structure; the content decides, then the extension.
 * Throws `MethodscopeError`: not-found, unreadable, not-a-regular-file, unsupported-type,
 * empty-file, file-too-large, binary-file, or a PDF error code.
 * @example const doc = await loadDocument("examples/papers/camera-trap-resnet.pdf");
 */
export async function loadDocument(path: string, options: LoadOptions = {}): Promise<Document> {
  const input = await readInputFile(path, readLimits(options.maxFileMb));
  return documentFromBytes(input, options);
}

/** A path of the input list that could not be listed, with why. */
export interface ListProblem {
  path: string;
  error: MethodscopeError;
}

/** What {@link listInputs} found. */
export interface InputList {
  files: string[];
  /** Paths that do not exist. */
  missing: string[];
  /** Folders (or paths) that exist but could not be listed: one entry each, the rest goes on. */
  unreadable: ListProblem[];
}

/** How folders are listed; tests pass their own to simulate errors (e.g. EACCES as root). */
export interface ListOptions {
  readdir?: (dir: string) => Dirent[];
}

const defaultReaddir = (dir: string): Dirent[] => readdirSync(dir, { withFileTypes: true });

/**
 * Walks `dir` into `out`. Linked folders are followed (a corpus is often a folder of links to others),
 * but a folder already walked, found again through a link, is not walked twice: that stops cycles.
 */
function walk(
  dir: string,
  out: string[],
  problems: ListProblem[],
  readdir: (dir: string) => Dirent[],
  walked: Set<string>,
): void {
  let entries: Dirent[];
  try {
    entries = readdir(dir);
  } catch (error) {
    problems.push({ path: dir, error: fsError(dir, error) });
    return;
  }
  // Plain code-unit order (not locale order) keeps listings identical on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    const kind = entryKind(entry, full);
    if (kind === "folder") {
      if (firstVisit(full, walked)) walk(full, out, problems, readdir, walked);
    } else if (kind === "file" && isInputName(entry.name)) out.push(flatPath(full));
  }
}

/**
 * `path` as one flat string. `path.join` builds its result a few characters at a time, and V8 keeps such a
 * string as a tree of its pieces: about 450 bytes per path instead of 90. A run holds its list of inputs
 * throughout, so 100,000 paths took 45 MB instead of 9 (measured with `--expose-gc`).
 */
function flatPath(path: string): string {
  // Reading a string as a number makes V8 flatten it in place (the trick of the `flatstr` package).
  Number(path);
  return path;
}

/** Records a folder's real path; false when it was walked already (through a link, or a link cycle). */
function firstVisit(dir: string, walked: Set<string>): boolean {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = dir;
  }
  if (walked.has(real)) return false;
  walked.add(real);
  return true;
}

// A folder, or a file-like entry: files, and FIFOs, devices and sockets with a paper's name (they get an
// error row instead of vanishing). A symbolic link is what it points to; a dangling link is skipped.
function entryKind(entry: Dirent, full: string): "folder" | "file" | "none" {
  if (entry.isDirectory()) return "folder";
  if (!entry.isSymbolicLink()) return "file";
  try {
    return statSync(full).isDirectory() ? "folder" : "file";
  } catch {
    return "none";
  }
}

/**
 * Expands the given paths into input files: folders are walked recursively in sorted order (linked
 * folders too, each real folder once), keeping .pdf/.txt/.md/.xml/.nxml entries and skipping hidden
 * entries and node_modules; files named
 * explicitly are kept whatever their extension; paths that do not exist go to `missing`, and
 * folders that cannot be listed (permissions) to `unreadable`.
 * @example listInputs(["papers/", "extra.pdf"]) // { files: ["papers/a.pdf", "papers/b/c.txt", "extra.pdf"], missing: [], unreadable: [] }
 */
export function listInputs(paths: string[], options: ListOptions = {}): InputList {
  const readdir = options.readdir ?? defaultReaddir;
  const found: string[] = [];
  const missing: string[] = [];
  const unreadable: ListProblem[] = [];
  const walked = new Set<string>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const problem = fsError(path, error);
      if (problem.code === "not-found") missing.push(path);
      else unreadable.push({ path, error: problem });
      continue;
    }
    if (!isDirectory) found.push(path);
    else if (firstVisit(path, walked)) walk(path, found, unreadable, readdir, walked);
  }
  return { files: [...new Set(found)], missing, unreadable };
}
