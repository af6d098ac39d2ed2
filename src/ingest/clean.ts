import type { PageSpan } from "../types.js";
import { looksLikeHeading } from "./sections.js";

/** The cleaned text of a document and where each page lies in it. */
export interface CleanedPages {
  text: string;
  pages: PageSpan[];
}

// A journal banner glued without spaces (PDFMiner): CamelCase name, volume, "(year)", article number,
// often with the page number glued on. Matched on its shape, never on a particular journal.
// Figure text may be glued on after it; the greedy digits then also take the figure's leading digits.
const GLUED_BANNER = /(?<=^|\s)\p{Lu}[\p{L}&:,'’-]*\p{Ll}\p{Lu}[\p{L}&:,'’-]*\d{1,4}\(\d{4}\)\d+/gu;
// The same banner with spaces, "Journal Name 44 (2018) 33–42": only removed at a page's top or bottom.
const SPACED_BANNER = /^\p{Lu}[\p{L}&.,' -]{2,80}? \d{1,4} \(\d{4}\) \d+(?:\s*[-–]\s*\d+)?$/u;
const PAGE_NUMBER = /^(?:page\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;
const PAGE_OF = /^page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$/i;
// How many non-empty lines at each end of a page count as its top or bottom.
const EDGE = 3;
const NUMBER_EDGE = 2;
// Line-end hyphens kept after these words ("self-\nsupervised" → "self-supervised").
const KEEP_HYPHEN = new Set("self well cross state fine high low long short real one two three four five".split(" "));
// Spacing accents that PDFMiner writes before the letter they belong on ("G´omez" → "Gómez").
const SPACING_ACCENT = new Map(
  [..."\u00b4\u00a8\u02dc\u02c6\u02c7"].map((c, i) => [c, "\u0301\u0308\u0303\u0302\u030c"[i]]),
);

/**
 * Turns one raw page into normalised lines: NFKC (ligatures), no `(cid:N)` artefacts, soft hyphens or
 * zero-width characters, spaced-out words ("A B S T R A C T") closed up, runs of spaces collapsed.
 *
 * @example normalizePageLines("Classi\uFB01cation  (cid:3)\n") // ["Classification", ""]
 */
export function normalizePageLines(page: string): string[] {
  const text = page
    .replace(
      /([\u00b4\u00a8\u02dc\u02c6\u02c7])(\p{L})/gu,
      (_, accent: string, letter: string) => letter + (SPACING_ACCENT.get(accent) ?? ""),
    )
    .replace(/(\p{L})\u00b8/gu, "$1\u0327")
    .normalize("NFKC")
    .replace(/\(cid:\d+\)/g, "")
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/\r\n?/g, "\n")
    .replace(/\f/g, "\n\n");
  return text.split("\n").map(normalizeLine);
}

function normalizeLine(line: string): string {
  const trimmed = line.trim();
  // Letter-spaced headings: words are single letters apart, double spaces between words.
  if (/^(?:\S ){4,}\S$/.test(trimmed.replace(/ {2,}/g, " "))) {
    return trimmed
      .split(/ {2,}/)
      .map((w) => w.replace(/ /g, ""))
      .join(" ");
  }
  return trimmed.replace(/\s+/g, " ");
}

/** Is `line` a journal banner (glued or spaced) and nothing else? */
export function isBanner(line: string): boolean {
  GLUED_BANNER.lastIndex = 0;
  return line.replace(GLUED_BANNER, "").trim() === "" || SPACED_BANNER.test(line);
}

function edgeIndexes(lines: string[], width: number): number[] {
  const nonEmpty: number[] = [];
  lines.forEach((line, i) => {
    if (line !== "") nonEmpty.push(i);
  });
  // Short pages get narrower edges, so that their body is not mistaken for a header.
  const w = Math.min(width, Math.max(1, Math.floor(nonEmpty.length / 3)));
  if (nonEmpty.length <= 2 * w) return nonEmpty;
  return [...nonEmpty.slice(0, w), ...nonEmpty.slice(-w)];
}

const repeatKey = (line: string): string => line.toLowerCase().replace(/\d+/g, "#");

/**
 * Lines at the top or bottom of many pages: with ≥ 3 pages, those whose digit-normalised form
 * appears at the edges of ≥ 50% of the pages; with 2 pages, exact repeats at the edges of both.
 */
function runningLineKeys(pages: string[][]): Set<string> {
  const keys = new Set<string>();
  if (pages.length < 2) return keys;
  const exact = pages.length === 2;
  const key = exact ? (line: string) => line : repeatKey;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set(edgeIndexes(lines, EDGE).map((i) => key(lines[i] as string)));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const needed = exact ? 2 : Math.max(2, Math.ceil(pages.length / 2));
  for (const [k, n] of counts) if (n >= needed) keys.add(k);
  return keys;
}

/** Drops glued journal banners and "Page 3 of 9" lines wherever they are. */
function stripBanners(lines: string[]): string[] {
  return lines.map((line) => {
    if (PAGE_OF.test(line)) return "";
    GLUED_BANNER.lastIndex = 0;
    return line.replace(GLUED_BANNER, "").trim();
  });
}

/** Removes page numbers, spaced banners and running headers/footers at the page's top and bottom ("" = removed). */
function stripEdges(lines: string[], running: Set<string>, exact: boolean): string[] {
  const out = [...lines];
  const numberEdges = new Set(edgeIndexes(lines, NUMBER_EDGE));
  for (const i of edgeIndexes(lines, EDGE)) {
    const line = lines[i] as string;
    const repeated = running.has(exact ? line : repeatKey(line));
    if (repeated || SPACED_BANNER.test(line) || (numberEdges.has(i) && PAGE_NUMBER.test(line))) out[i] = "";
  }
  return out;
}

/** Consecutive non-empty lines, with line-end hyphenation joined. */
function toBlocks(lines: string[]): string[][] {
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const line of lines) {
    if (line === "") {
      if (block.length > 0) blocks.push(block);
      block = [];
      continue;
    }
    const last = block[block.length - 1];
    if (last !== undefined && /[\p{L}\d]-$/u.test(last) && /^[\p{L}\d]/u.test(line) && !looksLikeHeading(line)) {
      block[block.length - 1] = joinHyphenated(last, line);
    } else {
      block.push(line);
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/**
 * "classi-" + "fication" → "classification" (lower case on both sides); "CNN-" + "based",
 * "Short-" + "Term", "10-" + "12" and "self-" + "supervised" keep the hyphen.
 */
function joinHyphenated(head: string, tail: string): string {
  const fragment = /(\S+)-$/.exec(head)?.[1] ?? "";
  const lowerBoth = /\p{Ll}$/u.test(fragment) && /^\p{Ll}/u.test(tail);
  const compound = fragment.includes("-") || KEEP_HYPHEN.has(fragment.toLowerCase().replace(/^\W+/, ""));
  return lowerBoth && !compound ? head.slice(0, -1) + tail : head + tail;
}

/** Length of a full-width line on this page (80th percentile of the longer lines), 0 when unsure. */
function typicalLineLength(blocks: string[][]): number {
  const lengths = blocks
    .flat()
    .map((l) => l.length)
    .filter((n) => n >= 20)
    .sort((a, b) => a - b);
  return lengths.length < 5 ? 0 : (lengths[Math.floor(lengths.length * 0.8)] as number);
}

const ENDS_SENTENCE = /[.!?:;]["'”’)\]]*$/;

/**
 * Unwraps the lines of each block into paragraphs. A heading-like line stays a paragraph of its own
 * when it starts the block or follows a finished sentence; a short line ending a sentence ends its
 * paragraph (pdf.js text has no blank lines between paragraphs).
 */
function toParagraphs(blocks: string[][]): string[] {
  const typical = typicalLineLength(blocks);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    let current: string[] = [];
    const flush = () => {
      if (current.length > 0) paragraphs.push(current.join(" "));
      current = [];
    };
    block.forEach((line, i) => {
      const prev = block[i - 1];
      const next = block[i + 1];
      const afterBreak = prev === undefined || ENDS_SENTENCE.test(prev) || current.length === 0;
      const nextStarts = next === undefined || /^[\p{Lu}\d([]/u.test(next);
      if (afterBreak && nextStarts && looksLikeHeading(line)) {
        flush();
        paragraphs.push(line);
        return;
      }
      const shortEnd =
        prev !== undefined && typical > 0 && prev.length < typical * 0.7 && /[.!?]["'”’)\]]*$/.test(prev);
      if (shortEnd && /^[\p{Lu}\d([]/u.test(line)) flush();
      current.push(line);
    });
    flush();
  }
  return paragraphs;
}

/**
 * Cleans raw page texts into one text with a page map: see {@link normalizePageLines}, plus removal of
 * journal banners, page numbers and running headers/footers, joined hyphenation and unwrapped
 * paragraphs (headings stay on their own line). Pages are joined with "\n\n"; an empty page gets an
 * empty span.
 *
 * @example cleanPages(["Title\n\nText of one page."]).text // "Title\n\nText of one page."
 */
export function cleanPages(pages: string[]): CleanedPages {
  const lines = pages.map((page) => stripBanners(normalizePageLines(page)));
  const running = runningLineKeys(lines);
  const exact = pages.length === 2;
  let text = "";
  const spans: PageSpan[] = [];
  lines.forEach((pageLines, i) => {
    const pageText = toParagraphs(toBlocks(stripEdges(pageLines, running, exact))).join("\n\n");
    if (pageText !== "" && text !== "") text += "\n\n";
    const start = text.length;
    text += pageText;
    spans.push({ page: i + 1, start, end: text.length });
  });
  return { text, pages: spans };
}
