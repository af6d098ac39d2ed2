/**
 * Structured papers (JATS, TEI) → the text, page map and section map the pipeline uses. The
 * readers say what each section is; this lays it out as text the same way for both: the title,
 * then each section as its heading and its paragraphs separated by blank lines, so evidence
 * offsets point into this text exactly as they point into a cleaned PDF's.
 */
import type { PageSpan, Section, SectionKind } from "../../types.js";
import { parseHeading } from "../sections.js";

/** One paragraph (or caption, table row, footnote, reference) and the page it is on, when known. */
export interface Paragraph {
  text: string;
  page?: number;
}

/** One section as a reader found it. An empty heading writes no heading line. */
export interface StructuredSection {
  kind: SectionKind;
  heading: string;
  /** Page of the heading, when known. */
  page?: number;
  paragraphs: Paragraph[];
}

/** The laid-out text with its page and section maps; `pageCount` is the highest page seen (at least 1). */
export interface StructuredText {
  text: string;
  pages: PageSpan[];
  sections: Section[];
  pageCount: number;
}

/**
 * The section kind a heading names ("Materials and methods" → methods, "Code availability" →
 * availability); null when it names none. Uses the PDF reader's vocabulary and its keyword
 * fallbacks, so both readers classify the same titles the same way.
 * @example headingKind("Model training") // "methods"
 */
export function headingKind(title: string): SectionKind | null {
  const clean = title.replace(/\s+/g, " ").trim();
  if (clean === "") return null;
  const exact = parseHeading(clean);
  if (exact?.kind) return exact.kind;
  // Unnumbered titles only match whole names; as a numbered title the keywords apply too.
  return parseHeading(`1 ${clean}`)?.kind ?? null;
}

/**
 * A nested section's kind: its own when it names one, else its parent's. Inside a body section
 * only the end-matter kinds a subsection can really be (a "Code availability" under Methods)
 * replace the parent's.
 */
export function nestedKind(own: SectionKind | null, parent: SectionKind | undefined): SectionKind {
  if (!parent || parent === "other" || parent === "front") return own ?? parent ?? "other";
  if (own === "availability" || own === "acknowledgements" || own === "references") return own;
  return parent;
}

/**
 * Lays out a title and sections as text: "title\n\nheading\n\npara\n\npara\n\nheading…". Sections
 * with neither heading nor text are dropped; a heading alone ("2 Methods" before its subsections)
 * is a section of its own. Pages: each piece's known page, else the page before it (1 at the
 * start); consecutive pieces on one page share a span.
 * @example layOut("T", [{ kind: "methods", heading: "Methods", paragraphs: [{ text: "We did." }] }]).text // "T\n\nMethods\n\nWe did."
 */
export function layOut(title: string, input: StructuredSection[]): StructuredText {
  const parts: string[] = [];
  const marks: { at: number; page?: number }[] = [];
  const sections: Section[] = [];
  let length = 0;
  const push = (piece: string, page?: number): number => {
    if (parts.length > 0) {
      parts.push("\n\n");
      length += 2;
    }
    const at = length;
    marks.push({ at, page });
    parts.push(piece);
    length += piece.length;
    return at;
  };
  if (title.trim() !== "") push(title.trim(), 1);
  for (const section of input) {
    const paragraphs = section.paragraphs.filter((p) => p.text.trim() !== "");
    const heading = section.heading.trim();
    if (paragraphs.length === 0 && heading === "") continue;
    let start = -1;
    if (heading !== "") start = push(heading, section.page ?? paragraphs[0]?.page);
    for (const p of paragraphs) {
      const at = push(p.text.trim(), p.page);
      if (start < 0) start = at;
    }
    sections.push({ kind: section.kind, heading, start, end: length });
  }
  const text = parts.join("");
  return { text, sections, ...pageSpans(marks, text.length) };
}

function pageSpans(marks: { at: number; page?: number }[], length: number): { pages: PageSpan[]; pageCount: number } {
  const pages: PageSpan[] = [];
  let current = 1;
  let highest = 1;
  for (const mark of marks) {
    const page = mark.page !== undefined && mark.page >= 1 ? mark.page : current;
    highest = Math.max(highest, page);
    const last = pages[pages.length - 1];
    if (last && last.page === page) continue;
    if (last) last.end = mark.at;
    pages.push({ page, start: last ? mark.at : 0, end: length });
    current = page;
  }
  if (pages.length === 0) pages.push({ page: 1, start: 0, end: length });
  return { pages, pageCount: highest };
}

/** Notes and floats a structured reader meets while walking the body, laid out after it. */
export interface Collected {
  notes: Paragraph[];
  floats: Paragraph[];
}
