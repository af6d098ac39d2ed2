/**
 * PDF → raw page texts, through pdf.js (bundled by unpdf). Layout (columns, reading order,
 * blocks) is decided in `_layout.ts`; this file only talks to pdf.js and maps its failures to
 * `MethodscopeError` codes.
 */
import { constants, createInflate } from "node:zlib";
import { getDocumentProxy, getResolvedPDFJS } from "unpdf";
import { MethodscopeError } from "../errors.js";
import { layoutPage, type TextItem } from "./_layout.js";
import { type PdfInfo, pdfInfo } from "./metadata.js";

/** Longest document read unless the caller says otherwise (`--max-pages`). */
export const DEFAULT_MAX_PAGES = 1000;

export interface ReadPdfOptions {
  /** Refuse documents with more pages than this (default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number;
  /** How much the PDF's streams may inflate to (default {@link DEFAULT_STREAM_BUDGET}). */
  budget?: StreamBudget;
}

export interface PdfPages {
  /** Raw text of each page in reading order; "\n" between lines, "\n\n" between blocks. */
  pages: string[];
  pageCount: number;
  /** What the PDF says about itself (info dictionary and XMP), for metadata; empty when unreadable. */
  info?: PdfInfo;
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

/**
 * Loads pdf.js (unpdf loads it on first use, ~0.1–0.4 s in a fresh worker). A read worker calls it before its
 * task's clock starts, so loading the library is not counted against the first PDF's time limit.
 */
export async function loadPdfJs(): Promise<void> {
  await getResolvedPDFJS();
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

/** The info dictionary and XMP fields; a PDF whose metadata cannot be read has none (never an error). */
async function readInfo(pdf: PdfDocument): Promise<PdfInfo> {
  try {
    const { info, metadata } = await pdf.getMetadata();
    // XMP fields as [name, value] pairs (pdf.js' Metadata is iterable).
    const xmp: Record<string, unknown> = metadata ? Object.fromEntries(metadata as Iterable<[string, unknown]>) : {};
    return pdfInfo(info, xmp);
  } catch {
    return {};
  }
}

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

// ---------------------------------------------------------------------------------------------
// Stream budget. pdf.js inflates every stream it reads into typed arrays, which a worker's heap
// limit does not count, and it inflates a shared stream once per page that draws it: a 0.5 MB
// PDF can ask for gigabytes. Before pdf.js sees the file, each stream that text extraction may
// decode is inflated here with Node's zlib while only its size is counted, stopping as soon as
// it goes over the budget.
// ---------------------------------------------------------------------------------------------

/** How far a PDF's streams may inflate before it is refused with `pdf-too-large`. */
export interface StreamBudget {
  /** Most bytes one stream may decode to. */
  streamBytes: number;
  /** Most bytes all streams together may decode to (each stream counted once). */
  totalBytes: number;
}

const MIB = 1024 * 1024;

/** 64 MiB per stream, 256 MiB in all: ordinary papers use a few MiB (fonts, page contents). */
export const DEFAULT_STREAM_BUDGET: StreamBudget = { streamBytes: 64 * MIB, totalBytes: 256 * MIB };

/** What {@link scanPdfStreams} found. */
export interface StreamScan {
  /** Streams inflated and counted (images that text extraction never decodes are left out). */
  streams: number;
  decodedBytes: number;
  largestStream: number;
  /** Streams whose size could not be known (encrypted file, image-only filters, unknown filter). */
  unknown: number;
}

/** Pages read at once when a PDF's streams are small (hides pdf.js' message round trips). */
const PAGE_CONCURRENCY = 8;
/** A stream larger than this makes pages be read one at a time, so big streams are not held 8 times. */
const BIG_STREAM = 8 * MIB;

interface RawStream {
  obj: number;
  dict: string;
  start: number;
  end: number;
}

// Keys whose stream pdf.js decodes whatever the stream's /Subtype says.
const DECODED_KEYS = /\/(?:Contents|FontFile[23]?|ToUnicode|Encoding|UseCMap)\s*(\d+)\s+\d+\s+R/g;
const CONTENTS_ARRAY = /\/Contents\s*\[([^\]]*)\]/g;
const REF = /(\d+)\s+\d+\s+R/g;

/** Object numbers referenced from keys whose streams are always decoded, found in `text`. */
function collectDecodedRefs(text: string, into: Set<number>): void {
  for (const m of text.matchAll(DECODED_KEYS)) into.add(Number(m[1]));
  for (const m of text.matchAll(CONTENTS_ARRAY)) for (const r of m[1].matchAll(REF)) into.add(Number(r[1]));
}

/** Scans the bytes between streams in 1 MiB windows that overlap, so no reference is cut. */
function collectRefsInRange(buf: Buffer, from: number, to: number, into: Set<number>): void {
  for (let at = from; at < to; at += MIB) {
    collectDecodedRefs(buf.toString("latin1", at, Math.min(to, at + MIB + 256)), into);
  }
}

function streamEnd(buf: Buffer, dict: string, start: number): number {
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (length) {
    const end = start + Number(length[1]);
    const marker = buf.indexOf("endstream", end);
    if (end <= buf.length && marker >= end && marker - end < 32) return end;
  }
  const marker = buf.indexOf("endstream", start);
  return marker < 0 ? buf.length : marker;
}

/** Every `obj … stream … endstream` of the file, and the objects named by always-decoded keys. */
function findStreams(buf: Buffer): { streams: RawStream[]; decodedRefs: Set<number> } {
  const streams: RawStream[] = [];
  const decodedRefs = new Set<number>();
  let pos = 0;
  for (;;) {
    const at = buf.indexOf("stream", pos);
    if (at < 0) break;
    let start = at + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const isKeyword = start > at + 6 && buf.toString("latin1", Math.max(0, at - 3), at) !== "end";
    const head = isKeyword ? buf.toString("latin1", Math.max(pos, at - 65536), at) : "";
    const objAt = head.lastIndexOf("obj");
    const header = objAt < 0 ? null : /(\d+)\s+\d+\s+$/.exec(head.slice(Math.max(0, objAt - 24), objAt));
    if (!header || !/>>\s*$/.test(head)) {
      pos = at + 6;
      continue;
    }
    const dict = head.slice(objAt + 3);
    collectRefsInRange(buf, pos, at, decodedRefs);
    const end = streamEnd(buf, dict, start);
    streams.push({ obj: Number(header[1]), dict, start, end });
    pos = Math.max(end, start);
  }
  collectRefsInRange(buf, pos, buf.length, decodedRefs);
  return { streams, decodedRefs };
}

function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dict);
  return m ? [...m[1].matchAll(/\/([^\s/<>[\]()]+)/g)].map((f) => f[1]) : [];
}

/** Size of a decoded layer; `bytes` is kept only when another filter follows. */
interface Layer {
  size: number;
  bytes?: Buffer;
}

/** Inflates zlib data, counting output and stopping just over `limit`; broken data counts what came out. */
function inflateCounted(data: Buffer, limit: number, keep: boolean): Promise<Layer> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve({ size, bytes: keep && size <= limit ? Buffer.concat(chunks) : undefined });
    };
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (keep) chunks.push(chunk);
      if (size > limit) {
        finish();
        inflate.destroy();
      }
    });
    inflate.on("error", finish);
    inflate.on("end", finish);
    inflate.on("close", finish);
    inflate.end(data);
  });
}

/** Growable output that stops counting bytes once past `limit`. */
class Sink {
  size = 0;
  private buf: Buffer | null;
  constructor(
    private readonly limit: number,
    keep: boolean,
  ) {
    this.buf = keep ? Buffer.alloc(1024) : null;
  }
  get over(): boolean {
    return this.size > this.limit;
  }
  push(byte: number): void {
    if (this.buf) {
      if (this.size === this.buf.length) {
        const grown = Buffer.alloc(Math.min(this.buf.length * 2, this.limit + 1));
        this.buf.copy(grown);
        this.buf = grown;
      }
      if (this.size < this.buf.length) this.buf[this.size] = byte;
    }
    this.size++;
  }
  layer(): Layer {
    return { size: this.size, bytes: this.buf && !this.over ? this.buf.subarray(0, this.size) : undefined };
  }
}

function asciiHexDecode(data: Buffer, sink: Sink): Layer {
  let high = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 87 : -1;
    if (digit < 0) continue;
    if (high < 0) high = digit;
    else {
      sink.push(high * 16 + digit);
      high = -1;
    }
  }
  if (high >= 0) sink.push(high * 16);
  return sink.layer();
}

function ascii85Decode(data: Buffer, sink: Sink): Layer {
  const group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 85 + (group[i] ?? 84);
    for (let i = 0; i < count; i++) sink.push((value >>> (24 - 8 * i)) & 0xff);
  };
  let i = data[0] === 0x3c && data[1] === 0x7e ? 2 : 0;
  for (; i < data.length && !sink.over; i++) {
    const c = data[i];
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) for (let k = 0; k < 4; k++) sink.push(0);
    else if (c >= 0x21 && c <= 0x75) {
      group.push(c - 0x21);
      if (group.length === 5) {
        flush(4);
        group.length = 0;
      }
    }
  }
  if (group.length > 1) flush(group.length - 1);
  return sink.layer();
}

function runLengthDecode(data: Buffer, sink: Sink): Layer {
  for (let i = 0; i < data.length && !sink.over; ) {
    const n = data[i++];
    if (n === 128) break;
    if (n < 128) for (let k = 0; k <= n && i < data.length; k++) sink.push(data[i++]);
    else {
      const byte = data[i++] ?? 0;
      for (let k = 0; k < 257 - n; k++) sink.push(byte);
    }
  }
  return sink.layer();
}

/** LZW as PDF writes it (MSB-first codes of 9 to 12 bits, clear 256, end 257). */
function lzwDecode(data: Buffer, earlyChange: number, sink: Sink): Layer {
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) [prefix[i], suffix[i], first[i], length[i]] = [-1, i, i, 1];
  const stack = new Uint8Array(4096);
  const emit = (code: number) => {
    let n = 0;
    for (let c = code; c >= 0 && n < 4096; c = prefix[c]) stack[n++] = suffix[c];
    while (n > 0 && !sink.over) sink.push(stack[--n]);
  };
  let [next, width, prev, bits, count, i] = [258, 9, -1, 0, 0, 0];
  while (!sink.over) {
    while (count < width && i < data.length) {
      bits = ((bits << 8) | data[i++]) >>> 0;
      count += 8;
    }
    if (count < width) break;
    const code = (bits >>> (count - width)) & ((1 << width) - 1);
    count -= width;
    bits &= (1 << count) - 1;
    if (code === 257) break;
    if (code === 256) {
      [next, width, prev] = [258, 9, -1];
      continue;
    }
    if (prev < 0) {
      if (code > 255) break;
      emit(code);
      prev = code;
      continue;
    }
    if (code > next || (code === next && next >= 4096)) break;
    if (next < 4096) {
      const head = code < next ? first[code] : first[prev];
      [prefix[next], suffix[next], first[next], length[next]] = [prev, head, first[prev], length[prev] + 1];
      next++;
    }
    emit(code);
    prev = code;
    if (next + earlyChange >= 1 << width && width < 12) width++;
  }
  return sink.layer();
}

/**
 * Size of a stream after its filter chain, stopping once past `limit`; null when a filter
 * cannot be decoded here (image codecs, Crypt, a name pdf.js does not know either).
 */
async function decodedSize(data: Buffer, dict: string, limit: number, keepLast = false): Promise<Layer | null> {
  const filters = filtersOf(dict);
  let layer: Layer = { size: data.length, bytes: data };
  for (const [i, filter] of filters.entries()) {
    const keep = keepLast || i < filters.length - 1;
    const input = layer.bytes;
    if (!input) return layer; // over the limit already
    const sink = new Sink(limit, keep);
    if (filter === "FlateDecode" || filter === "Fl") layer = await inflateCounted(input, limit, keep);
    else if (filter === "ASCIIHexDecode" || filter === "AHx") layer = asciiHexDecode(input, sink);
    else if (filter === "ASCII85Decode" || filter === "A85") layer = ascii85Decode(input, sink);
    else if (filter === "RunLengthDecode" || filter === "RL") layer = runLengthDecode(input, sink);
    else if (filter === "LZWDecode" || filter === "LZW") {
      const early = /\/EarlyChange\s+0\b/.test(dict) ? 0 : 1;
      layer = lzwDecode(input, early, sink);
    } else return null;
    if (layer.size > limit) return { size: layer.size };
  }
  return layer;
}

function tooLarge(what: string, budget: StreamBudget, limit: number): MethodscopeError {
  return new MethodscopeError(
    "pdf-too-large",
    `${what} inflates to more than ${Math.round(limit / MIB)} MiB (a decompression bomb?); ` +
      `limits: ${Math.round(budget.streamBytes / MIB)} MiB per stream, ${Math.round(budget.totalBytes / MIB)} MiB in all`,
  );
}

/**
 * Inflates every stream that text extraction may decode, counting its size without keeping it,
 * and throws `pdf-too-large` when one stream or all together go over `budget`. Image streams
 * are skipped unless a page's /Contents or a font names them (pdf.js decodes those whatever
 * their /Subtype); object streams are decoded first, since the references they hold count too.
 * @example await scanPdfStreams(bytes) // { streams: 12, decodedBytes: 812345, largestStream: 402113, unknown: 0 }
 */
export async function scanPdfStreams(
  bytes: Uint8Array,
  budget: StreamBudget = DEFAULT_STREAM_BUDGET,
): Promise<StreamScan> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { streams, decodedRefs } = findStreams(buf);
  const scan: StreamScan = { streams: 0, decodedBytes: 0, largestStream: 0, unknown: 0 };
  const encrypted = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(buf.toString("latin1", Math.max(0, buf.length - 4096)));
  const isObjStm = (s: RawStream) => /\/Type\s*\/ObjStm\b/.test(s.dict);
  const ordered = [...streams.filter(isObjStm), ...streams.filter((s) => !isObjStm(s))];
  for (const stream of ordered) {
    const image = /\/Subtype\s*\/Image\b/.test(stream.dict);
    if (image && !decodedRefs.has(stream.obj)) continue;
    const limit = Math.min(budget.streamBytes, budget.totalBytes - scan.decodedBytes);
    const data = buf.subarray(stream.start, stream.end);
    const layer = encrypted ? null : await decodedSize(data, stream.dict, limit, isObjStm(stream));
    if (!layer) {
      scan.unknown++;
      continue;
    }
    if (layer.size > limit) {
      throw limit < budget.streamBytes
        ? tooLarge("the PDF's streams together", budget, budget.totalBytes)
        : tooLarge(`stream ${stream.obj}`, budget, budget.streamBytes);
    }
    if (layer.bytes && isObjStm(stream)) collectDecodedRefs(layer.bytes.toString("latin1"), decodedRefs);
    scan.streams++;
    scan.decodedBytes += layer.size;
    scan.largestStream = Math.max(scan.largestStream, layer.size);
  }
  return scan;
}

/** Pages read at once: one at a time when a stream is big or could not be measured. */
export function pageConcurrency(scan: StreamScan): number {
  return scan.largestStream > BIG_STREAM || scan.unknown > 0 ? 1 : PAGE_CONCURRENCY;
}

/**
 * Reads the text of every page of a PDF, in reading order (two-column layouts: left column, then right).
 * The streams are measured first ({@link scanPdfStreams}), so a decompression bomb is refused before
 * pdf.js inflates it. Throws `MethodscopeError` with code empty-file, not-a-pdf, pdf-too-large,
 * corrupt-pdf, encrypted-pdf, too-many-pages or no-text-layer.
 * @example const { pages, pageCount } = await readPdfPages(await readFile("paper.pdf"));
 */
export async function readPdfPages(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfPages> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (bytes.length === 0) throw new MethodscopeError("empty-file", "the file is empty (0 bytes)");
  if (!hasPdfHeader(bytes)) throw new MethodscopeError("not-a-pdf", "the file is not a PDF (no %PDF- header)");
  const scan = await scanPdfStreams(bytes, options.budget);
  const pdf = await openDocument(bytes);
  try {
    const pageCount = pdf.numPages;
    if (pageCount > maxPages) {
      throw new MethodscopeError(
        "too-many-pages",
        `the PDF has ${pageCount} pages, more than the limit of ${maxPages}; raise it with --max-pages if this is intended`,
      );
    }
    const pages = await mapInOrder(pageCount, pageConcurrency(scan), (n) => pageText(pdf, n));
    if (pages.every((p) => p.trim() === "")) {
      throw new MethodscopeError("no-text-layer", "no text layer (scanned PDF?): run OCR first, e.g. ocrmypdf");
    }
    return { pages, pageCount, info: await readInfo(pdf) };
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    throw new MethodscopeError("corrupt-pdf", `the PDF could not be read (${firstLine(error)}); is it damaged?`, {
      cause: error,
    });
  } finally {
    await pdf.destroy();
  }
}
