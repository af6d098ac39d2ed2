/**
 * A faithful port of LangChain's `RecursiveCharacterTextSplitter` (Python `langchain_text_splitters`,
 * defaults keep_separator=True, is_separator_regex=False, strip_whitespace=True, length_function=len),
 * the splitter behind the K24 reference pipeline (chunk size 1000, overlap 50).
 *
 * Lengths are counted in Unicode code points, as Python's `len()` does, so that chunk boundaries match
 * the reference even for text with astral-plane characters.
 */

/** Options of {@link splitTextK24}; the defaults are K24's settings. */
export interface K24SplitOptions {
  chunkSize?: number;
  chunkOverlap?: number;
  separators?: string[];
}

export const K24_CHUNK_SIZE = 1000;
export const K24_CHUNK_OVERLAP = 50;
export const K24_SEPARATORS: readonly string[] = ["\n\n", "\n", " ", ""];

// Python's str.isspace() set: JS trim() differs (it strips U+FEFF but not U+001C–U+001F or U+0085).
const PY_WHITESPACE = new Set([
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  "\x1c",
  "\x1d",
  "\x1e",
  "\x1f",
  " ",
  "\x85",
  "\xa0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2002",
  "\u2003",
  "\u2004",
  "\u2005",
  "\u2006",
  "\u2007",
  "\u2008",
  "\u2009",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
]);

/** Python's `len()`: the number of code points. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Python's `str.strip()` with no argument. */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_WHITESPACE.has(s[start] as string)) start++;
  while (end > start && PY_WHITESPACE.has(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

/**
 * Splits `text` exactly as LangChain's `RecursiveCharacterTextSplitter(...).split_text(text)` does.
 *
 * @example splitTextK24("aaaa bbbb cccc", { chunkSize: 10, chunkOverlap: 0 }) // ["aaaa bbbb", "cccc"]
 */
export function splitTextK24(text: string, options: K24SplitOptions = {}): string[] {
  const chunkSize = options.chunkSize ?? K24_CHUNK_SIZE;
  const chunkOverlap = options.chunkOverlap ?? K24_CHUNK_OVERLAP;
  // `separators or [...]` in Python: an empty list also falls back to the defaults.
  const separators = options.separators && options.separators.length > 0 ? options.separators : [...K24_SEPARATORS];
  if (chunkOverlap > chunkSize) {
    throw new RangeError(
      `Got a larger chunk overlap (${chunkOverlap}) than chunk size (${chunkSize}), should be smaller.`,
    );
  }
  return splitRecursive(text, separators, chunkSize, chunkOverlap);
}

function splitRecursive(text: string, separators: string[], chunkSize: number, chunkOverlap: number): string[] {
  const finalChunks: string[] = [];
  let separator = separators[separators.length - 1] as string;
  let newSeparators: string[] = [];
  for (let i = 0; i < separators.length; i++) {
    const s = separators[i] as string;
    if (s === "") {
      separator = s;
      break;
    }
    if (text.includes(s)) {
      separator = s;
      newSeparators = separators.slice(i + 1);
      break;
    }
  }
  const splits = splitKeepingSeparator(text, separator);
  // With keep_separator the pieces already carry their separators, so merging joins with "".
  let goodSplits: string[] = [];
  for (const s of splits) {
    if (codePointLength(s) < chunkSize) {
      goodSplits.push(s);
      continue;
    }
    if (goodSplits.length > 0) {
      finalChunks.push(...mergeSplits(goodSplits, chunkSize, chunkOverlap));
      goodSplits = [];
    }
    if (newSeparators.length === 0) finalChunks.push(s);
    else finalChunks.push(...splitRecursive(s, newSeparators, chunkSize, chunkOverlap));
  }
  if (goodSplits.length > 0) finalChunks.push(...mergeSplits(goodSplits, chunkSize, chunkOverlap));
  return finalChunks;
}

/**
 * `_split_text_with_regex(text, re.escape(sep), keep_separator=True)`: the separator is glued to the
 * START of the piece that follows it; empty pieces are dropped; "" splits into code points.
 * `re.split` on a literal scans leftmost, non-overlapping, like `String.prototype.split`.
 */
function splitKeepingSeparator(text: string, separator: string): string[] {
  if (separator === "") return Array.from(text);
  const parts = text.split(separator);
  const out: string[] = [];
  if (parts[0] !== "") out.push(parts[0] as string);
  for (let i = 1; i < parts.length; i++) out.push(separator + parts[i]);
  return out;
}

/** `_merge_splits(splits, "")`: pack pieces up to chunkSize, carrying at most chunkOverlap forward. */
function mergeSplits(splits: string[], chunkSize: number, chunkOverlap: number): string[] {
  const docs: string[] = [];
  // The current document is splits[head..next) (a window, so popping from the front is O(1)).
  let head = 0;
  let total = 0;
  const lengths = splits.map(codePointLength);
  for (let next = 0; next < splits.length; next++) {
    const len = lengths[next] as number;
    if (total + len > chunkSize && next > head) {
      const doc = joinDocs(splits.slice(head, next));
      if (doc !== null) docs.push(doc);
      // Pop from the front while the carried part is longer than the overlap, or still too long to
      // take the next piece (the separator length is 0 because separators are kept in the pieces).
      while (total > chunkOverlap || (total + len > chunkSize && total > 0)) {
        total -= lengths[head] as number;
        head++;
      }
    }
    total += len;
  }
  const doc = joinDocs(splits.slice(head));
  if (doc !== null) docs.push(doc);
  return docs;
}

/** `_join_docs(docs, "")` with strip_whitespace: null for a chunk that is only whitespace. */
function joinDocs(docs: string[]): string | null {
  const text = pythonStrip(docs.join(""));
  return text === "" ? null : text;
}

/**
 * The start offsets LangChain's `add_start_index` gives each chunk: search from the previous start
 * plus the previous length minus the overlap. Falls back to an earlier search (never -1) so every
 * offset is usable; `text.slice(start, start + chunk.length) === chunk` always holds.
 */
export function k24StartOffsets(text: string, chunks: string[], chunkOverlap = K24_CHUNK_OVERLAP): number[] {
  const starts: number[] = [];
  let index = 0;
  let previous: string | null = null;
  for (const chunk of chunks) {
    const offset = previous === null ? 0 : index + previous.length - chunkOverlap;
    let found = text.indexOf(chunk, Math.max(0, offset));
    if (found < 0) found = text.indexOf(chunk, index);
    if (found < 0) found = text.indexOf(chunk);
    if (found < 0) found = index;
    starts.push(found);
    index = found;
    previous = chunk;
  }
  return starts;
}
