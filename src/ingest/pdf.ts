/**
 * PDF → raw page texts, through pdf.js (bundled by unpdf). Layout (columns, reading order,
 * blocks) is decided in `_layout.ts`; this file only talks to pdf.js and maps its failures to
 * `MethodscopeError` codes.
 */
import { getDocumentProxy } from "unpdf";
import { MethodscopeError } from "../errors.js";
import { layoutPage, type TextItem } from "./_layout.js";

/** Longest document read unless the caller says otherwise (`--max-pages`). */
export const DEFAULT_MAX_PAGES = 1000;

export interface ReadPdfOptions {
  /** Refuse documents with more pages than this (default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number;
}

export interface PdfPages {
  /** Raw text of each page in reading order; "\n" between lines, "\n\n" between blocks. */
  pages: string[];
  pageCount: number;
}

/** The subset of a pdf.js text item that layout needs. */
interface PdfJsTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

/**
 * Maps pdf.js items into page space per text direction. Upright text goes first; rotated text
 * (margin stamps, turned tables) is laid out in its own frame, so it neither breaks rows nor is lost.
 */
function itemsByDirection(raw: unknown[]): TextItem[][] {
  const groups = new Map<number, TextItem[]>();
  for (const entry of raw) {
    if (typeof entry !== "object" || entry === null || !("str" in entry)) continue;
    const item = entry as PdfJsTextItem;
    const [a, b, c, d, e, f] = item.transform;
    const angle = Math.round((Math.atan2(b, a) * 180) / Math.PI);
    const [cos, sin] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)];
    const height = item.height > 0 ? item.height : Math.hypot(c, d);
    const group = groups.get(angle) ?? [];
    group.push({ str: item.str, x: e * cos + f * sin, y: -e * sin + f * cos, width: item.width, height });
    groups.set(angle, group);
  }
  return [...groups.entries()].sort(([x], [y]) => Math.abs(x) - Math.abs(y) || x - y).map(([, items]) => items);
}

function passwordError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "PasswordException";
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

async function openDocument(bytes: Uint8Array): Promise<PdfDocument> {
  try {
    // pdf.js transfers (detaches) the buffer it is given and refuses Node Buffers: hand it a plain
    // Uint8Array copy. verbosity 0 keeps its warnings ("Indexing all PDF objects") off the console.
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    if (passwordError(error)) {
      throw new MethodscopeError(
        "encrypted-pdf",
        "the PDF is encrypted (password-protected): decrypt it first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`",
        { cause: error },
      );
    }
    throw new MethodscopeError(
      "corrupt-pdf",
      `the PDF could not be parsed (${firstLine(error)}); is it truncated or damaged?`,
      {
        cause: error,
      },
    );
  }
}

// Several pages in flight at once hide pdf.js' message round trips (about 2x faster on long PDFs).
const PAGE_CONCURRENCY = 8;

/** Runs `task(1..count)` with at most `limit` in flight; results in page order. */
async function mapInOrder<T>(count: number, limit: number, task: (n: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const n = next++;
      results[n - 1] = await task(n);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

async function pageText(pdf: PdfDocument, n: number): Promise<string> {
  const page = await pdf.getPage(n);
  // Ligatures and other compatibility characters stay as drawn: cleaning normalises them.
  const content = await page.getTextContent({ disableNormalization: true });
  page.cleanup();
  return itemsByDirection(content.items)
    .map(layoutPage)
    .filter((t) => t !== "")
    .join("\n\n");
}

/**
 * Reads the text of every page of a PDF, in reading order (two-column layouts: left column, then right).
 * Throws `MethodscopeError` with code empty-file, not-a-pdf, corrupt-pdf, encrypted-pdf, too-many-pages
 * or no-text-layer.
 * @example const { pages, pageCount } = await readPdfPages(await readFile("paper.pdf"));
 */
export async function readPdfPages(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfPages> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (bytes.length === 0) throw new MethodscopeError("empty-file", "the file is empty (0 bytes)");
  if (!hasPdfHeader(bytes)) throw new MethodscopeError("not-a-pdf", "the file is not a PDF (no %PDF- header)");
  const pdf = await openDocument(bytes);
  try {
    const pageCount = pdf.numPages;
    if (pageCount > maxPages) {
      throw new MethodscopeError(
        "too-many-pages",
        `the PDF has ${pageCount} pages, more than the limit of ${maxPages}; raise it with --max-pages if this is intended`,
      );
    }
    const pages = await mapInOrder(pageCount, PAGE_CONCURRENCY, (n) => pageText(pdf, n));
    if (pages.every((p) => p.trim() === "")) {
      throw new MethodscopeError("no-text-layer", "no text layer (scanned PDF?): run OCR first, e.g. ocrmypdf");
    }
    return { pages, pageCount };
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    throw new MethodscopeError("corrupt-pdf", `the PDF could not be read (${firstLine(error)}); is it damaged?`, {
      cause: error,
    });
  } finally {
    await pdf.destroy();
  }
}
