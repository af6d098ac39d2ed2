/** A span of text given by offsets into a larger string. */
export interface Span {
  start: number;
  end: number;
}

// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS = new Set(
  [
    "e.g",
    "i.e",
    "et al",
    "al",
    "fig",
    "figs",
    "eq",
    "eqs",
    "tab",
    "ref",
    "refs",
    "sec",
    "no",
    "vs",
    "cf",
    "approx",
    "resp",
    "ca",
    "etc",
    "dr",
    "mr",
    "ms",
    "st",
    "sp",
    "spp",
    "var",
    "inc",
    "ltd",
    "co",
    "corp",
    "vol",
    "pp",
    "ed",
    "eds",
    "min",
    "max",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
  ].map((a) => a.toLowerCase()),
);

/**
 * Splits `text` (or the part between `from` and `to`) into sentences, returned as offset spans with
 * surrounding whitespace trimmed. A sentence ends at `.`, `!` or `?` followed by whitespace and an
 * upper-case letter, digit or opening bracket, unless the word before the period is a known
 * abbreviation or a single initial; a blank line always ends a sentence.
 *
 * @example splitSentences("We used Adam. It worked.") // [{start:0,end:13},{start:14,end:24}]
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  const boundary = /([.!?])(["')\]]*)(\s+)(?=[A-Z0-9(["'\u00C0-\u00DE])|\n\s*\n/g;
  boundary.lastIndex = from;
  for (let m = boundary.exec(text); m !== null && m.index < to; m = boundary.exec(text)) {
    if (m[1] !== undefined) {
      const wordStart = lastWordStart(text, m.index, start);
      const word = text.slice(wordStart, m.index).toLowerCase();
      if (
        ABBREVIATIONS.has(word) ||
        /^[a-z]$/i.test(word) ||
        /\bet al$/i.test(text.slice(Math.max(start, m.index - 6), m.index)) ||
        isHeadingNumber(text, m.index, start)
      ) {
        continue;
      }
      const end = m.index + 1 + (m[2]?.length ?? 0);
      pushTrimmed(text, start, end, spans);
      start = end;
    } else {
      pushTrimmed(text, start, m.index, spans);
      start = m.index + m[0].length;
    }
  }
  pushTrimmed(text, start, to, spans);
  return spans;
}

/**
 * Sentences of a short text whose lines are separate statements (an LLM answer with bullet lists):
 * every line break ends a sentence, and each line is split by {@link splitSentences}.
 *
 * @example lineSentences("One. Two here!\nThree") // ["One.", "Two here!", "Three"]
 */
export function lineSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const span of splitSentences(line)) out.push(line.slice(span.start, span.end));
  }
  return out;
}

/** "2." or "2.3." at the start of a line numbers a heading; it does not end a sentence. */
function isHeadingNumber(text: string, periodAt: number, floor: number): boolean {
  let i = periodAt;
  while (i > floor && /[0-9.]/.test(text[i - 1] ?? "")) i--;
  if (i === periodAt) return false;
  return i === 0 || text[i - 1] === "\n" || i === floor;
}

function lastWordStart(text: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && /[A-Za-z.]/.test(text[i - 1] ?? "")) i--;
  return i;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? "")) s++;
  while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
  if (e > s) out.push({ start: s, end: e });
}
