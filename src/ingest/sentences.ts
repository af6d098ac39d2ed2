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

// A letter after a number is a unit, not an initial: "… took approximately 9 h. Earlier work …".
const UNIT_AFTER_NUMBER = /\d\s?$/;
// Words that open a sentence and never follow a person's initial: "… records flagged G. The trained network …"
// ends a sentence where "J. Smith" or "A. B. Jones" does not.
const SENTENCE_OPENER = /^(?:The|This|These|Those|We|Our|It|They|However|Finally|Each|All|After|Then)\b/;
/** The short label of a settings line, as workshop notes write them ("HP sel.:", "Runs:", "Post-proc.:"). */
export const SHORT_LABEL_SOURCE = String.raw`[A-Z][\w./+-]{0,12}(?: [\w./+-]{1,12})?:`;
// A line of settings under a short label ("Post-proc.: sigmoid thr. 0.5; morph. opening").
const LABELLED_LINE = new RegExp(String.raw`^${SHORT_LABEL_SOURCE}\s`);
// What follows the period runs on, on the same line, to the semicolon of the list item ("thr. 0.5; …", "val. IoU; …").
const LIST_ITEM_GOES_ON = /^(?:[^.;\n]|\.\d){1,40};/;

/**
 * Splits `text` (or the part between `from` and `to`) into sentences, returned as offset spans with
 * surrounding whitespace trimmed. A sentence ends at `.`, `!` or `?` followed by whitespace and an
 * upper-case letter, digit or opening bracket, unless the word before the period is a known
 * abbreviation or a single initial (not before a word such as "The" or "We" that opens a sentence), or abbreviates a word
 * in a labelled settings line whose list item goes on to a semicolon ("Post-proc.: sigmoid thr. 0.5; …"); a blank line
 * always ends a sentence, and a bullet ("•") after a sentence's end starts the next.
 *
 * @example splitSentences("We used Adam. It worked.") // [{start:0,end:13},{start:14,end:24}]
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = from;
  // A bullet after the end of a sentence starts the next one ("… (Table 5). • Recall fell …").
  // A web address without a stop ends its line's statement when a new sentence follows ("… at:
  // https://github.com/x/y The data are at …").
  // (The address is matched, not looked behind for at every space: a lookbehind cost 1.5% of a bench run.)
  const boundary =
    /([.!?])(["')\]]*)(\s+)(?=[A-Z0-9(["'\u00C0-\u00DE•▪●■])|\n\s*\n|((?:https?:\/\/|www\.)[^\s]*[\w/])(\s+)(?=(?:The|We|Our|This|These|Those|It|They|All|Data|Code|In|For)\s)/g;
  boundary.lastIndex = from;
  for (let m = boundary.exec(text); m !== null && m.index < to; m = boundary.exec(text)) {
    if (m[4] !== undefined) {
      if (m.index + m[4].length >= to) break;
      pushTrimmed(text, start, m.index + m[4].length, spans);
      start = m.index + m[0].length;
    } else if (m[1] !== undefined) {
      const wordStart = lastWordStart(text, m.index, start);
      const word = text.slice(wordStart, m.index).toLowerCase();
      // A blank line ends the sentence even after an abbreviation ("Augmentation: no." above the next paragraph).
      const paragraphEnds = /\n\s*\n/.test(m[3] ?? "");
      if (
        !paragraphEnds &&
        (ABBREVIATIONS.has(word) ||
          (/^[a-z]$/i.test(word) &&
            !SENTENCE_OPENER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 10)) &&
            !UNIT_AFTER_NUMBER.test(text.slice(Math.max(start, wordStart - 3), wordStart))) ||
          /\bet al$/i.test(text.slice(Math.max(start, m.index - 6), m.index)) ||
          isHeadingNumber(text, m.index, start) ||
          isAbbreviationInSettingsLine(text, m.index, m.index + m[0].length))
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

/**
 * A period inside a labelled settings line whose list item goes on to a semicolon abbreviates a word
 * ("HP sel.: lr by grid on val. IoU; all other HPs = defaults."); it does not end a sentence.
 */
function isAbbreviationInSettingsLine(text: string, periodAt: number, nextAt: number): boolean {
  const next = text.slice(nextAt, nextAt + 42);
  if (!LIST_ITEM_GOES_ON.test(next) || SENTENCE_OPENER.test(next)) return false;
  const lineStart = text.lastIndexOf("\n", periodAt) + 1;
  return LABELLED_LINE.test(text.slice(lineStart, lineStart + 30));
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

/** A sentence span; `caption` marks a table or figure caption cut out of (or standing at the start of) it. */
export interface CaptionSpan extends Span {
  caption?: boolean;
}

// "TABLE II", "TABLE 3": the upper-case label of a table caption (IEEE style). Prose writes "Table 2".
const UPPER_TABLE = /\bTABLE (?:[IVXL]{1,6}|\d{1,2})\b/g;
// "Fig. 1: Map …", "Figure 3 | Yields …", "Table 2: Settings …": a caption label with its colon or bar and a
// title in capitals. A reference in prose has none ("as shown in Fig. 1.", "Table 2 lists …") or follows a
// word that points to it ("results in Table 3: maize leads").
const LABEL_WITH_COLON =
  /(?<!\b(?:in|see|of|from|to|and|or|by|with|cf\.|also)\s)\b(?:Fig\.|Figure|FIG\.|FIGURE|Table|TABLE) \d{1,2}[a-z]?\s?[:|]\s+(?=\p{Lu})/gu;
// A word of an upper-case caption title: no lower-case letter and no digit ("CALLS", "(NIGHT", "COUNTS).",
// ":"), or another label ("TABLE", "II"). Numbers are not title words: "PER POND 840 calls" goes on in prose.
const TITLE_WORD = /^[^\p{Ll}\d]+$/u;

/**
 * Cuts table and figure captions out of sentences. Two-column PDFs place a caption between two lines
 * of a paragraph, and reading order pastes it into the sentence ("… the survey logged TABLE II CALLS
 * PER POND 840 calls …", "… scored by ear- Fig. 2: Map of the ponds phones."). A caption label
 * inside a sentence is a boundary: the prose before it stays a sentence, the caption becomes a span of
 * its own marked `caption`, and after an upper-case title ("TABLE II CALLS PER POND") whatever
 * follows is a sentence again; a caption with a colon ("Fig. 1: …") runs to the sentence's end. An
 * upper-case table title that opens a sentence is marked too. References in prose ("see Table 2",
 * "as shown in Fig. 3.") are no captions. Offsets stay offsets into `text`, so every piece is verbatim.
 *
 * @example cutAtCaptions("Frogs call TABLE I CALL COUNTS 30 times.", [{ start: 0, end: 40 }])
 * // [{start:0,end:10}, {start:11,end:30,caption:true}, {start:31,end:40}]
 */
export function cutAtCaptions(text: string, spans: readonly Span[]): CaptionSpan[] {
  const out: CaptionSpan[] = [];
  for (const span of spans) {
    let start = span.start;
    for (;;) {
      const label = nextCaption(text, start, span.end);
      if (!label) break;
      pushTrimmed(text, start, label.start, out);
      out.push({ start: label.start, end: label.end, caption: true });
      start = label.end;
    }
    if (start === span.start) out.push({ start: span.start, end: span.end });
    else pushTrimmed(text, start, span.end, out);
  }
  return out;
}

/** The first caption in text[from, to): a label inside the sentence, or an upper-case title at its start. */
function nextCaption(text: string, from: number, to: number): Span | null {
  const piece = text.slice(from, to);
  let best: Span | null = null;
  UPPER_TABLE.lastIndex = 0;
  for (let m = UPPER_TABLE.exec(piece); m !== null; m = UPPER_TABLE.exec(piece)) {
    const end = upperTitleEnd(piece, m.index + m[0].length);
    // A label needs a title (or the sentence's end) after it, so "TABLE 2 SHOWS" in a line of capitals
    // is one too, and a bare "TABLE 2" followed by lower-case prose is not.
    if (end === null) continue;
    best = { start: from + m.index, end: from + end };
    break;
  }
  LABEL_WITH_COLON.lastIndex = 0;
  for (let m = LABEL_WITH_COLON.exec(piece); m !== null; m = LABEL_WITH_COLON.exec(piece)) {
    // At the sentence's start it is a caption standing on its own: prose of the paper, left as it is.
    if (/^\s*$/.test(piece.slice(0, m.index))) continue;
    if (!best || from + m.index < best.start) best = { start: from + m.index, end: to };
    break;
  }
  return best;
}

/**
 * Where the upper-case title after a "TABLE II" label ends (index into `piece`), or null when no title
 * follows and the sentence goes on. The title may be empty only at the sentence's end.
 */
function upperTitleEnd(piece: string, after: number): number | null {
  const word = /\S+/g;
  word.lastIndex = after;
  let end = after;
  let words = 0;
  for (let m = word.exec(piece); m !== null; m = word.exec(piece)) {
    if (!TITLE_WORD.test(m[0])) break;
    end = m.index + m[0].length;
    if (/\p{Lu}/u.test(m[0])) words++;
  }
  if (words === 0) return /^\s*[.:]?\s*$/.test(piece.slice(after)) ? piece.length : null;
  return end;
}
