import { basename, extname } from "node:path";
import type { Document } from "../types.js";
import { cleanPages, isAddressFootnote, isBanner, normalizePageLines } from "./clean.js";
import { detectSections, looksLikeHeading, notesOutOfReferences } from "./sections.js";

/** What {@link buildDocument} needs: the file's hash, its path and its raw page texts. */
export interface DocumentInput {
  id: string;
  path: string;
  pages: string[];
  title?: string;
}

// Front-page lines that are never the title.
const NOT_TITLE = [
  /contents lists? available/i,
  /journal homepage|homepage:|www\.|https?:|doi\b|^doi:|arxiv:/i,
  /^(journal pre-?proof|pre-?proof|research article|original article|review article|article|review|letter|preprint)$/i,
  /^(article info|articleinfo|article history|keywords?:?|abstract|a b s t r a c t)/i,
  /©|\bcopyright\b|all rights reserved|licen[cs]e|published by|received:?\s|accepted:?\s/i,
  /^(vol\.|volume|issn|isbn)\b/i,
];
// Words after which a title line goes on to the next line ("… based on" / "SVM model").
const CONTINUES = /\b(a|an|and|the|of|to|in|for|with|on|by|from|using|via|at|its|their|into|under|between|across)$/i;

/**
 * Is `line` an author list? ("A. Smith, B. Jones", "Keun Young Lee a,⁎, Namil Chung b", "B. Swaminathan et al.")
 * Most comma-separated parts are one to four capitalised name words, maybe with affiliation marks.
 */
export function isAuthorLine(line: string): boolean {
  if (/\bet al\.?$/.test(line)) return true;
  const parts = line
    .split(/,\s*|\s+and\s+|\s*&\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length < 2) return false;
  const name = /^(?:\p{Lu}[\p{L}.'’-]*\s?){1,4}(?:\s*[a-z*⁎†‡§\d]{1,3})?$/u;
  const marks = /^[a-z*⁎†‡§\d]{1,3}$/u;
  const names = parts.filter((p) => name.test(p) || marks.test(p)).length;
  return names / parts.length >= 0.7;
}

function isPlausibleTitle(line: string): boolean {
  if (line.length < 15 || line.length > 300 || line.split(" ").length < 3) return false;
  // Titles start like a title and are one phrase, not a sentence run.
  if (!/^(?:[\p{Lu}\d"'“]|\p{Ll}\p{Lu})/u.test(line) || /\.$|\. \p{Lu}/u.test(line)) return false;
  if (!/\p{L}{3}/u.test(line) || isBanner(line) || isAuthorLine(line) || looksLikeHeading(line)) return false;
  return !NOT_TITLE.some((pattern) => pattern.test(line));
}

/** Most lines a title is joined from. */
const MAX_TITLE_LINES = 4;

/**
 * The title of a paper from its first page: the first plausible line (not a banner, an author list,
 * "Contents lists available…", a URL…), continued onto the next line when it breaks mid-phrase or
 * when the next line stands in the same block (no blank line between: a title set in a large font
 * over two or three lines). Returns null when no line qualifies.
 *
 * @example guessTitle("Contents lists available at X\n\nDeep learning for bird calls\nA. Smith, B. Jones") // "Deep learning for bird calls"
 */
export function guessTitle(firstPage: string): string | null {
  return guessTitleLines(firstPage)?.title ?? null;
}

/**
 * {@link guessTitle} with where the title ends: the index, among the page's non-empty normalised
 * lines, of the first line after it (the authors usually follow there).
 * @example guessTitleLines("A study of owls in\nthe night\n\nA. Writer, B. Reader") // { title: "A study of owls in the night", next: 2 }
 */
export function guessTitleLines(firstPage: string): { title: string; next: number } | null {
  const lines: string[] = [];
  const opensBlock: boolean[] = [];
  let blank = true;
  for (const line of normalizePageLines(firstPage)) {
    if (line === "") blank = true;
    else {
      lines.push(line);
      opensBlock.push(blank);
      blank = false;
    }
  }
  // The line after "Contents lists available at …" is the journal's name.
  const at = lines.findIndex((l, i) => isPlausibleTitle(l) && !/contents lists? available/i.test(lines[i - 1] ?? ""));
  if (at < 0) return null;
  let title = lines[at] as string;
  let i = at + 1;
  for (; i < lines.length && title.length < 300 && i - at < MAX_TITLE_LINES; i++) {
    const next = lines[i] as string;
    // A lower-case start goes on with the title, unless it is an affiliation mark glued to a name ("aMuhammad").
    const breaks = CONTINUES.test(title) || /[-:]$/.test(title) || /^\p{Ll}(?!\p{Lu})/u.test(next);
    const sameBlock = !opensBlock[i] && continuesTitleBlock(next);
    if (!(breaks || sameBlock) || isAuthorLine(next) || next.length < 2) break;
    title = /\p{Ll}-$/u.test(title) ? title + next : `${title} ${next}`;
  }
  return { title, next: i };
}

/** Whether a line of the title's block goes on with the title: a phrase, not a sentence, a heading or a notice. */
function continuesTitleBlock(line: string): boolean {
  if (line.length > 200 || /\.$/.test(line) || !/\p{L}{2}/u.test(line)) return false;
  return !looksLikeHeading(line) && !isBanner(line) && !NOT_TITLE.some((pattern) => pattern.test(line));
}

/**
 * Builds the ingested form of one paper: cleaned text with its page and section maps and a title
 * (the given one, else guessed from page 1, else the file name without its extension).
 *
 * @example buildDocument({ id: "ab12…", path: "papers/x.txt", pages: ["Title line here ok\n\n1. Introduction\n\nText."] })
 */
export function buildDocument(input: DocumentInput): Document {
  const { text, pages } = cleanPages(input.pages);
  const given = input.title?.trim();
  const title = given || guessTitle(input.pages[0] ?? "") || basename(input.path, extname(input.path));
  return {
    id: input.id,
    path: input.path,
    title,
    pageCount: input.pages.length,
    text,
    pages,
    sections: notesOutOfReferences(
      text,
      detectSections(text),
      pages.map((p) => p.end),
      isAddressFootnote,
    ),
  };
}
