/**
 * The readers: one file's bytes → the `Document` the rest of the pipeline uses, whichever format
 * it came in. PDF (pdf.js, or GROBID when `grobid` is set), plain text/Markdown, JATS XML and TEI
 * XML are peers; the reader is chosen from the content (`%PDF-`, the XML root element) and then
 * the extension, unless the caller forces one (`--reader`).
 */
import { basename, extname } from "node:path";
import { escapeControl, MethodscopeError } from "../../errors.js";
import type { Document, ReaderName } from "../../types.js";
import { buildDocument } from "../document.js";
import { extractMetadata, structuredMetadata } from "../metadata.js";
import { type ReadPdfOptions, readPdfPages } from "../pdf.js";
import { type GrobidOptions, grobidFulltext } from "./grobid.js";
import { readJats } from "./jats.js";
import { readTei } from "./tei.js";
import { looksBinary, textPages } from "./text.js";
import { decodeXml, localName } from "./xml.js";

export type { GrobidOptions } from "./grobid.js";
export { DEFAULT_GROBID_TIMEOUT_MS } from "./grobid.js";

/** The readers `--reader` may force, and `auto` (choose by content). */
export const READER_CHOICES = ["auto", "pdf", "text", "jats", "tei"] as const;
/** A `--reader` value. */
export type ReaderChoice = (typeof READER_CHOICES)[number];

/** One file to read: where it came from, its bytes and their SHA-256 (the Document's id). */
export interface ReaderInput {
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

/** How to read: the PDF reader's limits, a forced reader, and a GROBID service for PDFs. */
export interface ReaderOptions extends ReadPdfOptions {
  /** Force a reader (default "auto": by content, then extension). */
  reader?: ReaderChoice;
  /** Send PDFs to this GROBID service and read its TEI; the PDF reader is the fallback. */
  grobid?: GrobidOptions;
}

/** Extensions of XML inputs (".tei.xml" ends in ".xml"). */
export const XML_EXTENSIONS: readonly string[] = [".xml", ".nxml"];

/** Extensions of plain-text inputs. */
const TEXT_EXTENSIONS: readonly string[] = [".txt", ".md"];

/** Bytes looked at to find a PDF header or an XML root element. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The name of an XML document's root element, skipping the declaration, comments, processing
 * instructions and the DOCTYPE (with its internal subset); null when the text does not start as XML.
 * @example xmlRootName('<?xml version="1.0"?>\n<!DOCTYPE article>\n<article>') // "article"
 */
export function xmlRootName(head: string): string | null {
  let i = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < head.length && /\s/.test(head[i] as string)) i++;
    let end: number;
    if (head.startsWith("<?", i)) end = after(head, "?>", i);
    else if (head.startsWith("<!--", i)) end = after(head, "-->", i);
    else if (head.startsWith("<!", i)) end = declarationEnd(head, i);
    else break;
    if (end < 0) return null;
    i = end;
  }
  return /^<([A-Za-z_][\w.:-]*)/.exec(head.slice(i))?.[1] ?? null;
}

/** Index just past the next `close` from `from`; -1 when there is none. */
function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

/** Index just past a `<!…>` declaration (a DOCTYPE with its internal subset); -1 when unterminated. */
function declarationEnd(text: string, from: number): number {
  let depth = 0;
  for (let j = from + 2; j < text.length; j++) {
    if (text[j] === "[") depth++;
    else if (text[j] === "]") depth--;
    else if (text[j] === ">" && depth <= 0) return j + 1;
  }
  return -1;
}

// What tells a JATS article from any other <article>: its DTD, its version attribute or its parts.
const JATS_MARK = /JATS|-\/\/NLM\/\/DTD|dtd-version=|<front[\s>]|<article-meta[\s>]/;

/**
 * Which reader a file needs, from its first bytes, then its extension: `%PDF-` → pdf; an XML
 * root `<TEI>` → tei; a root `<article>` with JATS marks (or in a .xml/.nxml file) → jats; .pdf →
 * pdf (whose reader then says what is wrong); other .xml/.nxml → `unsupported-type`; else text.
 * @example sniffReader(new TextEncoder().encode("%PDF-1.7…"), "paper.txt") // "pdf"
 */
export function sniffReader(bytes: Uint8Array, path: string): ReaderName {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  const ext = extname(path).toLowerCase();
  // The PDF header may follow up to 1 KiB of junk; in a text file only a header at the start counts.
  const ascii = new TextDecoder("latin1").decode(sample.subarray(0, 1024));
  const at = ascii.indexOf("%PDF-");
  if (at >= 0 && (ascii.slice(0, at).trim() === "" || !TEXT_EXTENSIONS.includes(ext))) return "pdf";
  const isXmlName = XML_EXTENSIONS.includes(ext);
  const head = decodeXml(sample);
  const root = xmlRootName(head);
  if (root && localName(root) === "TEI") return "tei";
  if (root && localName(root) === "article" && (JATS_MARK.test(head) || isXmlName)) return "jats";
  if (ext === ".pdf") return "pdf";
  if (isXmlName) {
    throw new MethodscopeError(
      "unsupported-type",
      `${escapeControl(path)} is XML but neither a JATS article nor a TEI document (its root element is ${root ? `<${root}>` : "missing"}); give JATS (PubMed Central), GROBID's TEI, a PDF or text`,
    );
  }
  return "text";
}

function checkRoot(input: ReaderInput, want: "article" | "TEI", reader: string): void {
  const root = xmlRootName(decodeXml(input.bytes.subarray(0, SNIFF_BYTES)));
  if (root && localName(root) === want) return;
  throw new MethodscopeError(
    "unsupported-type",
    `${escapeControl(input.path)} was to be read as ${reader} but its root element is ${root ? `<${root}>` : "missing"}, not <${want}>; leave --reader at auto or give the right file`,
  );
}

async function readPdf(input: ReaderInput, options: ReaderOptions): Promise<Document> {
  const { pages, info } = await readPdfPages(input.bytes, options);
  const metadata = extractMetadata({ pages: pages.slice(0, 2), info });
  return {
    ...buildDocument({ id: input.sha256, path: input.path, pages, title: metadata.title }),
    reader: "pdf",
    metadata,
  };
}

function readText(input: ReaderInput): Document {
  if (looksBinary(input.bytes)) {
    throw new MethodscopeError(
      "binary-file",
      `${escapeControl(input.path)} is not text (NUL bytes or many invalid characters): give the PDF, or a UTF-8 text file`,
    );
  }
  const pages = textPages(input.bytes);
  // A text file has no pages to speak of: its first lines stand for page 1.
  const head = pages.join("\f").slice(0, 8000);
  const metadata = extractMetadata({ pages: [head], markdown: extname(input.path).toLowerCase() === ".md" });
  return {
    ...buildDocument({ id: input.sha256, path: input.path, pages, title: metadata.title }),
    reader: "text",
    metadata,
  };
}

/**
 * A PDF through GROBID: its TEI read as a TEI file (the id stays the PDF's hash). When GROBID
 * fails (timeout, 5xx, no connection, not TEI) the PDF reader reads it and the paper is flagged
 * with `metadata.readerFallback` ("grobid-failed: 503").
 */
async function readPdfWithGrobid(input: ReaderInput, grobid: GrobidOptions, options: ReaderOptions): Promise<Document> {
  const outcome = await grobidFulltext(input.bytes, grobid);
  if (outcome.ok) {
    try {
      const document = withSources(readTei(input.path, outcome.tei, input.sha256), "tei");
      if (document.text.trim() !== "") return document;
    } catch {
      // Unreadable TEI: fall back like any other GROBID failure.
    }
  }
  const reason = outcome.ok ? "unreadable TEI" : outcome.reason;
  const document = await readPdf(input, options);
  return { ...document, metadata: { ...document.metadata, readerFallback: `grobid-failed: ${reason}` } };
}

/** A structured reader's Document with its title and each metadata field's source ("jats", "tei"). */
function withSources(document: Document, source: "jats" | "tei"): Document {
  // The reader falls back to the file name when the markup has no title: that is no metadata.
  const named = document.title !== basename(document.path, extname(document.path));
  return { ...document, metadata: structuredMetadata(document.metadata, named ? document.title : undefined, source) };
}

/**
 * Reads one file's bytes into a Document with the chosen (or forced) reader. Throws
 * `MethodscopeError`: a PDF error code, `binary-file` for text that is not, `unsupported-type`
 * for XML that is neither JATS nor TEI or is not well formed.
 * @example const doc = await readDocument({ path: "a.nxml", bytes, sha256 }); doc.reader // "jats"
 */
export async function readDocument(input: ReaderInput, options: ReaderOptions = {}): Promise<Document> {
  const choice = options.reader ?? "auto";
  const reader = choice === "auto" ? sniffReader(input.bytes, input.path) : choice;
  switch (reader) {
    case "pdf":
      return options.grobid ? readPdfWithGrobid(input, options.grobid, options) : readPdf(input, options);
    case "jats":
      checkRoot(input, "article", "JATS");
      return withSources(readJats(input.path, input.bytes, input.sha256), "jats");
    case "tei":
      checkRoot(input, "TEI", "TEI");
      return withSources(readTei(input.path, input.bytes, input.sha256), "tei");
    case "text":
      return readText(input);
  }
}
