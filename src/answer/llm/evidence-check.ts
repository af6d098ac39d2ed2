/**
 * Checks a model's quotes against the paper's text. A quote counts only when it is really there:
 * exactly, or after collapsing whitespace (PDF text breaks lines where models do not), in which
 * case the offsets are mapped back so `document.text.slice(start, end)` is the exact passage.
 */
import { pageAt } from "../../ingest/chunk-sections.js";
import type { Document, Evidence } from "../../types.js";

/** The document text with runs of whitespace collapsed to one space, and where each char came from. */
export interface NormalizedText {
  text: string;
  /** `origin[i]` = index in the original text of normalized char i. */
  origin: number[];
}

/** Collapses whitespace runs to a single space, remembering original offsets. */
export function normalizeWhitespace(text: string): NormalizedText {
  let out = "";
  const origin: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (!inSpace) {
        out += " ";
        origin.push(i);
      }
      inSpace = true;
    } else {
      out += ch;
      origin.push(i);
      inSpace = false;
    }
  }
  return { text: out, origin };
}

// Models often wrap quotes in quotation marks or trail them with an ellipsis; those are not paper text.
const WRAPPERS = /^[\s"'“”‘’«»…]+|[\s"'“”‘’«»…]+$/g;
const MIN_QUOTE_LENGTH = 8;

/**
 * Where `quote` occurs in `text`: exact first, then whitespace-insensitive. Undefined when absent
 * or too short to be evidence (under 8 characters).
 * @example locateQuote("a  b\nc", "b c") // { start: 3, end: 6 }
 */
export function locateQuote(
  text: string,
  quote: string,
  normalized: NormalizedText = normalizeWhitespace(text),
): { start: number; end: number } | undefined {
  const q = quote.replace(WRAPPERS, "");
  if (q.length < MIN_QUOTE_LENGTH) return undefined;
  const exact = text.indexOf(q);
  if (exact >= 0) return { start: exact, end: exact + q.length };
  const nq = q.replace(/\s+/g, " ");
  const at = normalized.text.indexOf(nq);
  if (at < 0) return undefined;
  const start = normalized.origin[at] as number;
  const end = (normalized.origin[at + nq.length - 1] as number) + 1;
  return { start, end };
}

/** A quote checker for one document (normalizes the text once). */
export function createQuoteChecker(document: Document): (quote: string) => Evidence | undefined {
  let normalized: NormalizedText | undefined;
  return (quote) => {
    normalized ??= normalizeWhitespace(document.text);
    const span = locateQuote(document.text, quote, normalized);
    if (!span) return undefined;
    return {
      quote: document.text.slice(span.start, span.end),
      page: pageAt(document.pages, span.start),
      start: span.start,
      end: span.end,
    };
  };
}
