import type { Chunk, Document, PageSpan, Section } from "../types.js";
import { type Span, splitSentences } from "./sentences.js";

/** Default target length of a `sections` chunk, in characters. */
export const SECTION_CHUNK_SIZE = 800;

/**
 * The 1-based page that holds `offset`: the last page whose span starts at or before it (offsets in
 * the "\n\n" between two pages belong to the earlier page). 1 when there is no page map.
 *
 * @example pageAt([{ page: 1, start: 0, end: 10 }, { page: 2, start: 12, end: 30 }], 15) // 2
 */
export function pageAt(pages: PageSpan[], offset: number): number {
  let found = pages[0]?.page ?? 1;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = pages[mid] as PageSpan;
    if (span.start <= offset) {
      found = span.page;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  // Empty pages share their start with the next page; prefer the one that really holds text.
  for (let i = pages.findIndex((p) => p.page === found); i >= 0 && i < pages.length - 1; i++) {
    const span = pages[i] as PageSpan;
    if (span.end > span.start || (pages[i + 1] as PageSpan).start > offset) break;
    found = (pages[i + 1] as PageSpan).page;
  }
  return found;
}

/** Cuts one overlong sentence into pieces of at most `size` characters at word boundaries. */
function cutAtWords(text: string, span: Span, size: number): Span[] {
  const pieces: Span[] = [];
  let pos = span.start;
  while (span.end - pos > size) {
    let cut = pos + size;
    while (cut > pos && !/\s/.test(text[cut] ?? "")) cut--;
    if (cut === pos) {
      // One "word" longer than size: a hard cut, but never between the halves of a surrogate pair.
      cut = pos + size;
      if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? "")) cut--;
    }
    let end = cut;
    while (end > pos && /\s/.test(text[end - 1] ?? "")) end--;
    pieces.push({ start: pos, end });
    pos = cut;
    while (pos < span.end && /\s/.test(text[pos] ?? "")) pos++;
  }
  if (pos < span.end) pieces.push({ start: pos, end: span.end });
  return pieces;
}

/** Sentence spans of one section, overlong ones cut, clamped to the section. */
function sectionPieces(text: string, section: Section, size: number): Span[] {
  const pieces: Span[] = [];
  for (const sentence of splitSentences(text, section.start, section.end)) {
    const span = { start: Math.max(sentence.start, section.start), end: Math.min(sentence.end, section.end) };
    if (span.end <= span.start) continue;
    if (span.end - span.start > size * 1.5) pieces.push(...cutAtWords(text, span, size));
    else pieces.push(span);
  }
  return pieces;
}

/**
 * Chunks a document section by section: whole sentences are packed up to `size` characters, a chunk
 * never crosses a section boundary, and a sentence longer than 1.5 × size is cut at word boundaries.
 * Each chunk's text is exactly `document.text.slice(start, end)`.
 *
 * @example chunkBySections(buildDocument({ id, path, pages }), 800)
 */
export function chunkBySections(
  document: Pick<Document, "text" | "sections" | "pages">,
  size = SECTION_CHUNK_SIZE,
): Chunk[] {
  const { text } = document;
  const chunks: Chunk[] = [];
  const emit = (start: number, end: number, section: Section) => {
    chunks.push({
      index: chunks.length,
      text: text.slice(start, end),
      start,
      end,
      section: section.kind,
      page: pageAt(document.pages, start),
    });
  };
  for (const section of document.sections) {
    let current: Span | null = null;
    for (const piece of sectionPieces(text, section, size)) {
      if (current !== null && piece.end - current.start <= size) {
        current.end = piece.end;
        continue;
      }
      if (current !== null) emit(current.start, current.end, section);
      current = { ...piece };
    }
    if (current !== null) emit(current.start, current.end, section);
  }
  return chunks;
}
