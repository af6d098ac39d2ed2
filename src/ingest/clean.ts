import type { PageSpan } from "../types.js";
import { looksLikeHeading, parseHeading } from "./sections.js";

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
 * zero-width characters, Symbol-font bullets (U+F0B7) as "•", spaced-out words ("A B S T R A C T") closed up, runs of spaces collapsed.
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
    // The Symbol font's bullet, drawn from the private use area: a bullet like any other.
    .replace(/\uf0b7/g, "•")
    .replace(/\r\n?/g, "\n")
    .replace(/\f/g, "\n\n");
  return spreadAlignedRows(text.split("\n"));
}

// A row of a table laid out with spaces: a short label, a gap of three spaces or more, a short value
// ("Optimizer          AdamW", "Batch size         16").
const ALIGNED_ROW = /^( *)(\S(?:[^\n]{0,28}?\S)?) {3,}(\S[^\n]{0,60})$/;
const MIN_ALIGNED_ROWS = 3;

/**
 * Normalises each line; a table laid out with spaces (three rows or more whose values start in the same column)
 * keeps one row per paragraph, its label and value two spaces apart ("Optimizer  AdamW"): joined as a paragraph,
 * "Optimizer AdamW Batch size 16 GPU 1 x RTX A5000" would be one run-on sentence in which each setting is lost among
 * the others, and the gap is what tells the label from its value.
 */
function spreadAlignedRows(lines: string[]): string[] {
  const rows = lines.map((line) => ALIGNED_ROW.exec(line.trimEnd()));
  const column = rows.map((m) => (m ? m[0].indexOf(m[3], m[1].length + m[2].length) : -1));
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && column[j] >= 0 && column[j] === column[i]) j++;
    if (j - i >= MIN_ALIGNED_ROWS) {
      out.push("");
      for (let k = i; k < j; k++) {
        const m = rows[k] as RegExpExecArray;
        out.push(`${normalizeLine(m[2])}  ${normalizeLine(m[3])}`, "");
      }
      i = j;
    } else {
      out.push(normalizeLine(lines[i]));
      i++;
    }
  }
  return out;
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
  return closeUpSpacedCaps(trimmed.replace(/\s+/g, " "));
}

// A heading number before a letter-spaced title: "1 | ", "2.3 ", "IV. ".
const SPACED_PREFIX = /^((?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.)\s*(?:\|\s*)?)?(.*)$/;

/**
 * Closes up capitals that the PDF spaced out unevenly ("1 | I NTRO D U C TI O N" → "1 | INTRODUCTION",
 * "F I G U R E 2 Map" → "FIGURE 2 Map"): a run of capital fragments, mostly single letters. Word
 * boundaries inside such a run are lost; section names are matched without spaces.
 */
function closeUpSpacedCaps(line: string): string {
  // Cheap test first: most lines have no two capitals one space apart.
  if (!/\p{Lu} \p{Lu}/u.test(line)) return line;
  const [, prefix = "", rest = ""] = SPACED_PREFIX.exec(line) ?? [];
  const tokens = rest.split(" ");
  let run = 0;
  while (run < tokens.length && /^\p{Lu}{1,5}$/u.test(tokens[run] as string)) run++;
  const caps = tokens.slice(0, run);
  const singles = caps.filter((t) => t.length === 1).length;
  const letters = caps.join("").length;
  if (run < 4 || singles < 3 || singles < 0.6 * run || letters > 2.2 * run) return line;
  return `${prefix}${[caps.join(""), ...tokens.slice(run)].join(" ")}`;
}

// A manuscript line number: an integer (up to 5 digits) at the start of a line, alone or before text.
const LINE_NUMBER = /^(\d{1,5})(?:\s+(\S.*))?$/;
// Largest step between two consecutive line numbers of a chain (blank numbered lines, lines lost to
// figures or to text drawn in another row), and the number of candidates that must continue a chain start.
const MAX_LINE_STEP = 12;
const CHAIN_CHECK = 2;

/**
 * Removes manuscript line numbers ("212 We trained the network…", "594 References"). They are found as a
 * page-level pattern, never line by line: the page's lines mostly start with integers that increase in
 * small steps down the page (or, in manuscripts numbered every fifth line, in equal steps of 5 or 10).
 * Lines that are only a number of the chain are dropped; numbers off the chain (a list item, a table
 * row with a year) stay.
 *
 * @example stripLineNumbers(["12 We trained", "13 the network.", …]) // ["We trained", "the network.", …]
 */
export function stripLineNumbers(lines: string[], after = Number.NaN): string[] {
  return numberedLines(lines, after).lines;
}

/**
 * {@link stripLineNumbers}, also giving the page's last line number (NaN when none). `after` is the last
 * line number of the page before: a short page (the end of a manuscript) whose numbers go on from it
 * needs fewer numbered lines.
 */
function numberedLines(lines: string[], after: number): { lines: string[]; last: number } {
  const none = { lines, last: Number.NaN };
  const cands: Array<{ at: number; n: number }> = [];
  let nonEmpty = 0;
  lines.forEach((line, at) => {
    if (line === "") return;
    nonEmpty++;
    const m = LINE_NUMBER.exec(line);
    if (m) cands.push({ at, n: Number(m[1]) });
  });
  if (cands.length < 3) return none;
  // Walks the candidates once; a chain starts where the next candidates continue it, and a candidate
  // that does not continue the chain may start a new one (line numbers restart after a figure page).
  const chain: number[] = [];
  let last = Number.NaN;
  const continues = (a: number, b: number) => b > a && b - a <= MAX_LINE_STEP;
  const startsChain = (i: number) => {
    for (let k = 1; k <= CHAIN_CHECK; k++) {
      const [a, b] = [cands[i + k - 1], cands[i + k]];
      if (!a || !b || !continues(a.n, b.n)) return false;
    }
    return true;
  };
  cands.forEach((c, i) => {
    if (!Number.isNaN(last) && continues(last, c.n)) {
      chain.push(i);
      last = c.n;
    } else if (startsChain(i) && (Number.isNaN(last) || !continues(last, cands[i + 1]?.n ?? last))) {
      chain.push(i);
      last = c.n;
    }
  });
  const steps = chain
    .slice(1)
    .map((i, k) => (cands[i] as { n: number }).n - (cands[chain[k] as number] as { n: number }).n);
  // Text follows a line number; a year column of a table ("2019 12") is no manuscript numbering.
  const withText = chain.filter((i) => /\p{L}{3}/u.test(lines[(cands[i] as { at: number }).at] as string)).length;
  if (chain.length === 0 || withText < 0.6 * chain.length) return none;
  const first = (cands[chain[0] as number] as { n: number }).n;
  const goesOn = !Number.isNaN(after) && first > after && first - after <= 4 * MAX_LINE_STEP;
  const dense =
    chain.length >= (goesOn ? 3 : 8) &&
    (goesOn || chain.length >= 0.4 * nonEmpty) &&
    steps.filter((d) => d <= 2).length >= 0.6 * steps.length;
  const everyFifth =
    chain.length >= 4 && steps.length > 0 && steps.every((d) => d === steps[0] && (d === 5 || d === 10));
  if (!dense && !everyFifth) return none;
  const out = [...lines];
  for (const i of chain) {
    const { at } = cands[i] as { at: number };
    out[at] = LINE_NUMBER.exec(lines[at] as string)?.[2] ?? "";
  }
  return { lines: out, last: (cands[chain.at(-1) as number] as { n: number }).n };
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

// Digits, punctuation and word order do not matter: "TORRES ET AL. | 1803" on even pages and
// "1804 | TORRES ET AL." on odd ones are one running header.
const repeatKey = (line: string): string =>
  line
    .toLowerCase()
    .replace(/\d+/g, "#")
    .split(/[\s|•·]+/)
    .filter((w) => w !== "")
    .sort()
    .join(" ");

/**
 * Lines at the top or bottom of many pages: with ≥ 3 pages, those whose digit-normalised form
 * appears at the edges of ≥ 50% of the pages, or of ≥ 50% (and at least 3) of the odd or of the even
 * pages (books and LNCS papers put the title on one side and the authors on the other: "Short Title 5" /
 * "6 A. Author et al."); with 2 pages, exact repeats at the edges of both.
 */
function runningLineKeys(pages: string[][]): Set<string> {
  const keys = new Set<string>();
  if (pages.length < 2) return keys;
  const exact = pages.length === 2;
  const key = exact ? (line: string) => line : repeatKey;
  const counts = new Map<string, number>();
  // Occurrences on odd (index 0) and even (index 1) pages.
  const sides = new Map<string, [number, number]>();
  pages.forEach((lines, i) => {
    const seen = new Set(edgeIndexes(lines, EDGE).map((j) => key(lines[j] as string)));
    for (const k of seen) {
      counts.set(k, (counts.get(k) ?? 0) + 1);
      const side = sides.get(k) ?? [0, 0];
      side[i % 2]++;
      sides.set(k, side);
    }
  });
  const needed = exact ? 2 : Math.max(2, Math.ceil(pages.length / 2));
  const odd = Math.ceil(pages.length / 2);
  const sideNeeded = [Math.max(3, Math.ceil(odd / 2)), Math.max(3, Math.ceil((pages.length - odd) / 2))];
  for (const [k, n] of counts) {
    const [onOdd, onEven] = sides.get(k) ?? [0, 0];
    if (n >= needed || (!exact && (onOdd >= sideNeeded[0] || onEven >= sideNeeded[1]))) keys.add(k);
  }
  return keys;
}

const LONE_NUMBER = /^\d{1,4}$/;

/**
 * The printed page numbers' offset from the page index (page i of the file prints i + offset), or null: the
 * offset for which a lone number of at least half of the pages (and three) is the page's index plus it.
 */
function pageNumberOffset(pages: string[][]): number | null {
  if (pages.length < 3) return null;
  const counts = new Map<number, number>();
  pages.forEach((lines, i) => {
    const offsets = new Set(lines.filter((l) => LONE_NUMBER.test(l)).map((l) => Number(l) - (i + 1)));
    for (const o of offsets) counts.set(o, (counts.get(o) ?? 0) + 1);
  });
  let offset: number | null = null;
  let best = Math.max(3, Math.ceil(pages.length / 2)) - 1;
  for (const [o, n] of counts) {
    if (n > best) [offset, best] = [o, n];
  }
  return offset;
}

/**
 * Removes the printed page number (`printed`) where reading order put it inside the page: a two-column layout
 * reads a number at the top of the right column after the last line of the left one ("… classi-", "7",
 * "fication …"). Numbers at the page's edges are left to {@link stripEdges}.
 */
function dropPageNumber(lines: string[], printed: number | null): string[] {
  if (printed === null) return lines;
  return lines.map((line) => (LONE_NUMBER.test(line) && Number(line) === printed ? "" : line));
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

// A web address at the end of a line, and what a line can end with when the address goes on below.
const URL_AT_END = /(?:https?:\/\/|www\.|\b[\w-]+\.(?:com|org|net|io|edu|gov)\/)\S*$/i;
const URL_START = /(?:https?:\/\/|www\.)/i;
// A footnote marker glued to its address ("3http://…", "¹https://…" after NFKC).
const GLUED_FOOTNOTE = /^(\d{1,2}|[*†‡§])(?=https?:\/\/|www\.)/;
// A footnote: a marker, then at most a short label, then an address ("1 https://…", "2. UCI Repository: http://…").
const FOOTNOTE = /^(?:\d{1,2}\.?|[*†‡§])\s(?:[^\s:]+(?:\s[^\s:]+){0,5}:?\s)?(?:https?:\/\/|www\.)\S/;

// A short label and an address, without a marker: "Project repository: github.com/lab/ponds", "Code: https://…".
const LABELLED_ADDRESS =
  /^\p{Lu}[\p{L}-]*(?:\s[\p{L}-]+){0,3}:\s*(?:https?:\/\/|www\.|[\w-]+\.(?:com|org|net|io|edu|gov)\/)\S/u;

/**
 * Is `line` a footnote with a web address ("1 https://…", "2 The code is available at https://…"), or a
 * labelled address standing as a line of its own ("Project page: github.com/x/y"), which two-column layouts
 * put after whatever line came before it in reading order?
 * @example isAddressFootnote("1 The code is available at https://github.com/x/y") // true
 */
export function isAddressFootnote(line: string): boolean {
  return (FOOTNOTE.test(line) && URL_START.test(line)) || LABELLED_ADDRESS.test(line);
}

/** "3http://x.org" → "3 http://x.org"; "6Code repository on https://…" → "6 Code repository on https://…". */
function separateFootnoteMarker(line: string): string {
  if (!URL_START.test(line)) return line;
  return line.replace(GLUED_FOOTNOTE, "$1 ").replace(/^(\d{1,2})(?=\p{Lu}\p{Ll}+\s)/u, "$1 ");
}

/**
 * True when `line` continues the web address that ends `last`: the address was broken after "/", "_",
 * "=", "-" and the like, or after a "." when the next line starts with a path ("doi." + "org/10…",
 * "sklearn.cluster." + "Agglomerative.html"). A sentence that ends with an address ("…/x/y." + "We…") is not continued.
 */
function continuesUrl(last: string, line: string): boolean {
  const tail = URL_AT_END.exec(last)?.[0];
  if (tail === undefined || tail.length < 8) return false;
  const head = line.split(" ")[0] as string;
  if (/[_/=?&#~%]$/.test(tail)) return /^[\w%~.-]/.test(head) && !/^\p{Lu}\p{Ll}+[,.;:]?$/u.test(head);
  if (tail.endsWith("-")) return /^[\w]/.test(head);
  if (tail.endsWith(".")) return /^[\w%~-]+[/._#?=&][\w%~]/.test(head);
  return false;
}

/** Consecutive non-empty lines, with line-end hyphenation and broken web addresses joined. */
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
    if (last !== undefined && continuesUrl(last, line)) {
      block[block.length - 1] = last + line;
    } else if (last !== undefined && /[\p{L}\d]-$/u.test(last) && /^[\p{L}\d]/u.test(line) && !looksLikeHeading(line)) {
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
// A line that ends like this goes on in the next one.
const CONTINUES_LINE =
  /(?:[,\-–(]|\b(?:a|an|and|the|of|to|in|for|with|on|by|from|or|as|at|is|are|was|were|that|see))$/i;

/** A whole unnumbered section name on its own ("Abstract", "REFERENCES", "Data availability"). */
function isKnownName(line: string): boolean {
  const shape = parseHeading(line);
  return shape?.exact === true && shape.numbers.length === 0 && !shape.markdown;
}

// "A. Data sources", "C. Model training": a lettered subsection heading (IEEE style) on a line of its own. The
// title is a few words, starts with a capital and ends without punctuation.
const LETTERED_HEADING = /^[A-H]\.\s+\p{Lu}[\p{L}\d'’-]*(?:\s+[\p{L}\d'’()/-]+){0,7}$/u;
const TRAILING_MINOR = /\s(?:a|an|and|the|of|to|in|for|with|on|by|from|or|as|at)$/i;

/** A lettered subsection heading standing as a short line ("B. Feature extraction"), not a wrapped sentence. */
function isLetteredHeading(line: string, typical: number): boolean {
  return (
    LETTERED_HEADING.test(line) &&
    !TRAILING_MINOR.test(line) &&
    (typical === 0 || line.length < 0.7 * typical) &&
    !/\b(?:is|are|was|were|we|has|have)\b/i.test(line)
  );
}

/**
 * The second line of a wrapped heading: a few lower-case words without punctuation, followed by a line that
 * starts a sentence.
 */
function isHeadingTail(line: string, after: string | undefined): boolean {
  return (
    after !== undefined &&
    /^\p{Ll}[\p{L}-]*(?:\s[\p{L}-]+){0,3}$/u.test(line) &&
    !TRAILING_MINOR.test(` ${line}`) &&
    /^\p{Lu}/u.test(after)
  );
}

// The marker of a table footnote and the sentence it opens: "a Trained with …", "* Significant at …".
const TABLE_FOOTNOTE = /^(?:[a-h]|[*†‡§¶]{1,2})\s\p{Lu}\p{Ll}/u;
/** True for a line or sentence that opens as a table footnote does ("a Trained with Adam …"). */
export const isTableFootnote = (text: string): boolean => TABLE_FOOTNOTE.test(text);
/** A row of a table written with bars: "Model | IoU | F1". */
const isBarRow = (line: string): boolean => (line.match(/\s\|\s/g)?.length ?? 0) >= 2;

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
    let skip = -1;
    block.forEach((line, i) => {
      if (i === skip) return;
      const prev = block[i - 1];
      const next = block[i + 1];
      // A short line before the heading is also a break: a sidebar line ("Editor: A. Name") or a list item.
      const shortPrev = prev !== undefined && typical > 0 && prev.length < typical * 0.6 && !CONTINUES_LINE.test(prev);
      const afterBreak =
        prev === undefined || ENDS_SENTENCE.test(prev) || current.length === 0 || (shortPrev && isKnownName(line));
      const nextStarts = next === undefined || /^[\p{Lu}\d([]/u.test(next);
      if (afterBreak && nextStarts && (looksLikeHeading(line) || isLetteredHeading(line, typical))) {
        flush();
        paragraphs.push(line);
        return;
      }
      // A numbered heading wrapped onto a second short line ("4.2 Feature importance and dependence" +
      // "analysis") before the paragraph it heads.
      const after = block[i + 2];
      if (afterBreak && next !== undefined && looksLikeHeading(line) && isHeadingTail(next, after)) {
        flush();
        paragraphs.push(`${line} ${next}`);
        skip = i + 1;
        return;
      }
      // A footnote with a web address is a paragraph of its own, whatever the line before it.
      if (isAddressFootnote(line)) {
        flush();
        current.push(line);
        return;
      }
      // A table's footnote ("a Trained with Adam, learning rate 1e-4.", "† Two runs failed.") is a paragraph of its
      // own after the table's last row, a finished sentence or another footnote.
      if (
        prev !== undefined &&
        TABLE_FOOTNOTE.test(line) &&
        (ENDS_SENTENCE.test(prev) || isBarRow(prev) || TABLE_FOOTNOTE.test(prev))
      )
        flush();
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
 * Moves footnotes that reading order put inside a sentence to after it: at the foot of a column, footnotes
 * with addresses come between a paragraph that stops mid-sentence ("… a crowdsourcing spinout") and its
 * continuation at the top of the next column ("called PondWatch. …").
 */
function footnotesAfterSentence(paragraphs: string[]): string[] {
  const out = [...paragraphs];
  for (let k = 1; k < out.length; k++) {
    if (!isAddressFootnote(out[k] as string)) continue;
    let m = k;
    while (m + 1 < out.length && isAddressFootnote(out[m + 1] as string)) m++;
    const next = out[m + 1];
    if (next !== undefined && !/[.!?:;]["'”’)\]]*$/.test(out[k - 1] as string) && /^\p{Ll}/u.test(next)) {
      out.splice(k, 0, ...out.splice(m + 1, 1));
      k = m + 1;
    } else {
      k = m;
    }
  }
  return out;
}

// A figure label: a few words without an end of sentence ("frequency (# species)", "Recall", "Time (s)").
const LABEL = /^[^.!?]{1,40}$/;

/**
 * Moves figure labels that reading order put after a page's last line to before it, when that line's sentence
 * runs on to the next page: rotated text (a y-axis title) is read after the page's upright text, and would
 * otherwise sit inside the sentence ("… We" / "frequency (# species)" / next page: "integrated the records …").
 */
function labelsBeforeRunOn(paragraphs: string[], nextPageStart: string | undefined): string[] {
  if (nextPageStart === undefined || !/^\p{Ll}/u.test(nextPageStart)) return paragraphs;
  let k = paragraphs.length;
  while (k > 1 && LABEL.test(paragraphs[k - 1] as string) && (paragraphs[k - 1] as string).split(" ").length <= 5) k--;
  const last = paragraphs[k - 1];
  if (k === paragraphs.length || last === undefined || /[.!?:;]["'”’)\]]*$/.test(last)) return paragraphs;
  return [...paragraphs.slice(0, k - 1), ...paragraphs.slice(k), last];
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
  let lastNumber = Number.NaN;
  const lines = pages.map((page) => {
    const numbered = numberedLines(normalizePageLines(page), lastNumber);
    lastNumber = numbered.last;
    return stripBanners(numbered.lines).map(separateFootnoteMarker);
  });
  const offset = pageNumberOffset(lines);
  const running = runningLineKeys(lines);
  const exact = pages.length === 2;
  const paged = lines.map((pageLines, i) => {
    const printed = offset === null ? null : i + 1 + offset;
    return footnotesAfterSentence(
      toParagraphs(toBlocks(dropPageNumber(stripEdges(pageLines, running, exact), printed))),
    );
  });
  let text = "";
  const spans: PageSpan[] = [];
  paged.forEach((paragraphs, i) => {
    const pageText = labelsBeforeRunOn(paragraphs, paged[i + 1]?.[0]).join("\n\n");
    if (pageText !== "" && text !== "") text += "\n\n";
    const start = text.length;
    text += pageText;
    spans.push({ page: i + 1, start, end: text.length });
  });
  return { text, pages: spans };
}
