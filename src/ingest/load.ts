/**
 * Input files → `Document`: which paths to read (`listInputs`), and reading one file into pages
 * (PDF through pdf.js, plain text split on form feeds) before `buildDocument` cleans it.
 */
import { createHash } from "node:crypto";
import { type Dirent, readdirSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { MethodscopeError } from "../errors.js";
import type { Document } from "../types.js";
import { buildDocument } from "./document.js";
import { type ReadPdfOptions, readPdfPages } from "./pdf.js";

/** File extensions read as papers (compared case-insensitively). */
export const INPUT_EXTENSIONS: readonly string[] = [".pdf", ".txt", ".md"];

const isInputName = (name: string): boolean => INPUT_EXTENSIONS.includes(extname(name).toLowerCase());

/**
 * Text file → pages: one page per form feed ("\f", as pdftotext writes), one page when there is
 * none. Line ends become "\n"; the empty page after a final form feed is dropped.
 */
export function textPages(bytes: Uint8Array): string[] {
  const text = new TextDecoder("utf-8").decode(bytes).replace(/\r\n?/g, "\n");
  const pages = text.split("\f");
  if (pages.length > 1 && pages[pages.length - 1].trim() === "") pages.pop();
  return pages;
}

async function statOrThrow(path: string): Promise<import("node:fs").Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new MethodscopeError("not-found", `${path} does not exist`, { cause: error });
    }
    throw new MethodscopeError("unreadable", `${path} cannot be read (${code ?? "error"})`, { cause: error });
  }
}

/**
 * Reads one input file into a `Document` (id = SHA-256 of its bytes). `.pdf` files go through
 * pdf.js; `.txt` and `.md` are split into pages on form feeds.
 * Throws `MethodscopeError`: not-found, unsupported-type, empty-file, or a PDF error code.
 * @example const doc = await loadDocument("examples/papers/camera-trap-resnet.pdf");
 */
export async function loadDocument(path: string, options: ReadPdfOptions = {}): Promise<Document> {
  const info = await statOrThrow(path);
  if (!info.isFile()) throw new MethodscopeError("unsupported-type", `${path} is not a file (a folder?)`);
  const ext = extname(path).toLowerCase();
  if (!INPUT_EXTENSIONS.includes(ext)) {
    throw new MethodscopeError(
      "unsupported-type",
      `${path}: unsupported file type; expected ${INPUT_EXTENSIONS.join(", ")}`,
    );
  }
  const bytes = await readFile(path);
  if (bytes.length === 0) throw new MethodscopeError("empty-file", `${path} is empty (0 bytes)`);
  const id = createHash("sha256").update(bytes).digest("hex");
  const pages = ext === ".pdf" ? (await readPdfPages(bytes, options)).pages : textPages(bytes);
  return buildDocument({ id, path, pages });
}

function walk(dir: string, out: string[]): void {
  // Plain code-unit order (not locale order) keeps listings identical on every machine.
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (isInputName(entry.name) && isFileEntry(entry, full)) out.push(full);
  }
}

// Symbolic links count when they point to a file; linked folders are not followed (no cycles).
function isFileEntry(entry: Dirent, full: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(full).isFile();
  } catch {
    return false;
  }
}

/**
 * Expands the given paths into input files: folders are walked recursively in sorted order,
 * keeping .pdf/.txt/.md files and skipping hidden entries and node_modules; files named
 * explicitly are kept whatever their extension; paths that do not exist go to `missing`.
 * @example listInputs(["papers/", "extra.pdf"]) // { files: ["papers/a.pdf", "papers/b/c.txt", "extra.pdf"], missing: [] }
 */
export function listInputs(paths: string[]): { files: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (isDirectory) walk(path, found);
    else found.push(path);
  }
  return { files: [...new Set(found)], missing };
}
