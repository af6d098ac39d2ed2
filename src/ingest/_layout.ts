/**
 * Reading order for one PDF page, from positioned text items alone (pure functions, no pdf.js):
 * items → rows (shared baseline) → lines, split at a column gutter when the page has two columns →
 * left column top→bottom, then right column, with full-width rows (titles, running headers,
 * captions) kept in place → text with "\n" between lines and "\n\n" between blocks.
 */

/** A positioned string: (x, y) is the start of its baseline in PDF points (origin bottom-left). */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Items that share a baseline, sorted left→right. */
export interface Row {
  y: number;
  size: number;
  items: TextItem[];
}

export type Column = "full" | "left" | "right";

/** One output line: its text, where it sits, and which column (band = stretch between full rows). */
export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  column: Column;
  band: number;
}

// Items whose baselines differ by less than this share a row (fraction of the font size):
// keeps super- and subscripts on their line.
const ROW_TOLERANCE = 0.45;
// A horizontal gap wider than this (fraction of the font size) between two items is a space;
// smaller gaps are kerning or a word that the producer drew in pieces.
const SPACE_GAP = 0.15;
// A vertical step this much larger than the usual line pitch starts a new block.
const BLOCK_GAP = 1.4;

const sizeOf = (item: TextItem): number => (item.height > 0 ? item.height : 10);

function median(values: number[], fallback: number): number {
  if (values.length === 0) return fallback;
  const sorted = [...values].sort((a, b) => a - b);
  // The lower median: with few lines, paragraph gaps must not pass for the usual line pitch.
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

// A raised or lowered mark (footnote marker, exponent, index): a few characters in a font this much
// smaller than the page's text.
const MARK_SIZE = 0.8;
const MARK_LENGTH = 3;
// How far (fraction of the line's font size) a mark may sit above or below the baseline of its line.
const MARK_RISE = 0.6;

/**
 * Groups items into rows that share a baseline; rows top→bottom, items left→right.
 * Blank items (pdf.js end-of-line markers) are dropped. A small raised or lowered mark ("FreeSound²",
 * "10⁻³") joins the line it touches, not a row of the other column that happens to lie at its height.
 */
export function groupRows(items: TextItem[]): Row[] {
  const kept = items.filter((i) => i.str.trim() !== "");
  const body = median(kept.filter((i) => i.str.trim().length > MARK_LENGTH).map(sizeOf), 0);
  const isMark = (i: TextItem) => body > 0 && i.str.trim().length <= MARK_LENGTH && sizeOf(i) <= MARK_SIZE * body;
  const rows = baselineRows(kept.filter((i) => !isMark(i)));
  let maxSize = 0;
  for (const row of rows) maxSize = Math.max(maxSize, row.size);
  const extra: TextItem[] = [];
  for (const mark of kept.filter(isMark)) {
    const touched = nearestRow(rows, mark, maxSize, (row, dy) => {
      if (dy > MARK_RISE * row.size) return false;
      const reach = 0.5 * row.size;
      return row.items.some((i) => mark.x <= i.x + i.width + reach && mark.x + mark.width >= i.x - reach);
    });
    // A mark that touches no line (a table cell or figure label in a small font) joins a row at its height as
    // any text does.
    const row =
      touched ?? nearestRow(rows, mark, maxSize, (r, dy) => dy <= ROW_TOLERANCE * Math.max(r.size, sizeOf(mark)));
    if (row) row.items.push(mark);
    else extra.push(mark);
  }
  for (const row of rows) row.items.sort((a, b) => a.x - b.x);
  return extra.length === 0 ? rows : [...rows, ...baselineRows(extra)].sort((a, b) => b.y - a.y);
}

/**
 * The row nearest to the item's baseline among those that `fits` accepts (given the vertical distance).
 * Rows run top→bottom, so only the few rows near the item's height are looked at.
 */
function nearestRow(
  rows: Row[],
  item: TextItem,
  maxSize: number,
  fits: (row: Row, dy: number) => boolean,
): Row | undefined {
  const reach = Math.max(MARK_RISE, ROW_TOLERANCE) * Math.max(maxSize, sizeOf(item));
  // First row not above the reach (rows are sorted by y, highest first).
  let [lo, hi] = [0, rows.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as Row).y > item.y + reach) lo = mid + 1;
    else hi = mid;
  }
  let best: Row | undefined;
  for (let k = lo; k < rows.length && (rows[k] as Row).y >= item.y - reach; k++) {
    const row = rows[k] as Row;
    const dy = Math.abs(row.y - item.y);
    if ((best === undefined || dy < Math.abs(best.y - item.y)) && fits(row, dy)) best = row;
  }
  return best;
}

function baselineRows(items: TextItem[]): Row[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Row[] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    if (row && row.y - item.y <= ROW_TOLERANCE * Math.max(row.size, sizeOf(item))) {
      row.items.push(item);
      row.size = Math.max(row.size, sizeOf(item));
    } else {
      rows.push({ y: item.y, size: sizeOf(item), items: [item] });
    }
  }
  for (const row of rows) row.items.sort((a, b) => a.x - b.x);
  return rows;
}

/**
 * Joins items of one line left→right: a space where there is a visible gap, none inside a word
 * drawn in pieces; whitespace runs collapse to one space.
 * @example joinItems([{ str: "classi", x: 0, y: 0, width: 24, height: 9 }, { str: "fication", x: 24, y: 0, width: 30, height: 9 }]) // "classification"
 */
export function joinItems(items: TextItem[]): string {
  let text = "";
  let end = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    if (text !== "" && item.x - end > SPACE_GAP * sizeOf(item)) text += " ";
    text += item.str;
    end = Math.max(end, item.x + item.width);
  }
  return text.replace(/\s+/g, " ").trim();
}

/** Merged x-intervals covered by a row's items, widened by `pad` on each side. */
function rowIntervals(row: Row, pad: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const item of row.items) {
    const [a, b] = [item.x - pad, item.x + item.width + pad];
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const crosses = (row: Row, x: number): boolean => row.items.some((i) => i.x < x && i.x + i.width > x);

/**
 * The x of the gutter between two text columns, or null for a single-column page. The gutter is
 * the widest vertical strip in the middle half of the text area that (almost) no row crosses,
 * with several rows on each side of it. Word gaps do not qualify: items are widened first.
 */
export function findGutter(rows: Row[]): number | null {
  const items = rows.flatMap((r) => r.items);
  if (rows.length < 6) return null;
  // Loops rather than Math.min(...spread): pages drawn glyph by glyph can hold many thousand items.
  let [minX, maxX] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const i of items) [minX, maxX] = [Math.min(minX, i.x), Math.max(maxX, i.x + i.width)];
  const span = maxX - minX;
  // Narrow text needs no columns; absurd widths (broken transforms) would make a huge histogram.
  if (span < 100 || span > 20000) return null;
  const pad = 0.3 * median(items.map(sizeOf), 10);
  // Coverage histogram at 1-pt resolution, built with a difference array (linear time).
  const cover = new Int32Array(Math.ceil(span) + 2);
  for (const row of rows) {
    for (const [a, b] of rowIntervals(row, pad)) {
      cover[Math.max(0, Math.floor(a - minX))] += 1;
      cover[Math.min(cover.length - 1, Math.ceil(b - minX))] -= 1;
    }
  }
  for (let i = 1; i < cover.length; i++) cover[i] += cover[i - 1];
  const [from, to] = [Math.floor(0.25 * span), Math.ceil(0.75 * span)];
  let best = { cov: Number.POSITIVE_INFINITY, start: 0, width: 0 };
  for (let i = from; i <= to; ) {
    let j = i;
    while (j + 1 <= to && cover[j + 1] === cover[i]) j++;
    const width = j - i + 1;
    if (cover[i] < best.cov || (cover[i] === best.cov && width > best.width)) best = { cov: cover[i], start: i, width };
    i = j + 1;
  }
  const gutter = minX + best.start + best.width / 2;
  let [left, right, crossing] = [0, 0, 0];
  for (const row of rows) {
    if (crosses(row, gutter)) crossing++;
    else {
      if (row.items.some((i) => i.x + i.width <= gutter)) left++;
      if (row.items.some((i) => i.x >= gutter)) right++;
    }
  }
  return left >= 4 && right >= 4 && crossing < 0.75 * rows.length ? gutter : null;
}

function makeLine(items: TextItem[], column: Column, band: number): Line {
  const size = Math.max(...items.map(sizeOf));
  // The baseline of the line's text in its largest font: raised marks do not lift the line.
  const text = items.filter((i) => sizeOf(i) > MARK_SIZE * size);
  return {
    text: joinItems(items),
    x0: Math.min(...items.map((i) => i.x)),
    x1: Math.max(...items.map((i) => i.x + i.width)),
    y: Math.max(...(text.length > 0 ? text : items).map((i) => i.y)),
    size,
    column,
    band,
  };
}

/** Median baseline step between consecutive lines of the same column. */
function linePitch(lines: Line[]): number {
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1], lines[i]];
    const step = a.y - b.y;
    const sameFlow = a.column === b.column && (a.column === "full" || a.band === b.band);
    if (sameFlow && step > 0 && step < 3 * a.size) steps.push(step);
  }
  const sizes = lines.map((l) => l.size);
  return median(steps, 1.2 * median(sizes, 10));
}

/**
 * Marks running headers and footers as full-width: on a two-column page the journal banner
 * (left) and author line (right) share a row but must not be read as the start of each column.
 * They are the first/last rows, set apart from the body by a large vertical gap.
 */
function furnitureRows(rows: Row[], pitch: number): Set<Row> {
  const out = new Set<Row>();
  if (rows.length < 3) return out;
  const apart = (a: Row, b: Row) => a.y - b.y > 1.6 * Math.max(pitch, a.size, b.size);
  if (apart(rows[0], rows[1])) out.add(rows[0]);
  if (apart(rows.at(-2) as Row, rows.at(-1) as Row)) out.add(rows.at(-1) as Row);
  return out;
}

function columnLines(rows: Row[], gutter: number | null, full: Set<Row>): Line[] {
  const out: Line[] = [];
  let band = 0;
  let [left, right]: Line[][] = [[], []];
  const flush = () => {
    out.push(...left, ...right);
    [left, right] = [[], []];
    band++;
  };
  for (const row of rows) {
    if (gutter === null || full.has(row) || crosses(row, gutter)) {
      flush();
      out.push(makeLine(row.items, "full", band));
      continue;
    }
    const l = row.items.filter((i) => i.x + i.width / 2 < gutter);
    const r = row.items.filter((i) => i.x + i.width / 2 >= gutter);
    if (l.length > 0) left.push(makeLine(l, "left", band));
    if (r.length > 0) right.push(makeLine(r, "right", band));
  }
  flush();
  return out;
}

/**
 * Rows that read like lines of running text: at most two stretches of text (one per column). A
 * full-width table below two columns has rows of many cells whose gaps hide the gutter; without them
 * the columns above are found.
 */
function proseRows(rows: Row[]): Row[] {
  const pad =
    0.3 *
    median(
      rows.flatMap((r) => r.items.map(sizeOf)),
      10,
    );
  return rows.filter((r) => rowIntervals(r, pad).length <= 2);
}

/** Lines of a page in reading order (see the module comment). */
export function orderLines(items: TextItem[]): Line[] {
  const rows = groupRows(items);
  const gutter = findGutter(proseRows(rows)) ?? findGutter(rows);
  const provisional = columnLines(rows, gutter, new Set());
  const pitch = linePitch(provisional);
  if (gutter === null) return provisional;
  return columnLines(rows, gutter, furnitureRows(rows, pitch));
}

const ENDS_MID_SENTENCE = /[\p{Ll},;\-\u2010\u00ad]$/u;

// Full-width lines share one left edge per page; column lines one per column and band.
const edgeKey = (line: Line): string => (line.column === "full" ? "full" : `${line.column}:${line.band}`);

/** Whether a blank line belongs between two consecutive output lines. */
function startsBlock(prev: Line, cur: Line, pitch: number, leftEdge: Map<string, number>): boolean {
  const sameFlow = prev.column === cur.column;
  if (!sameFlow && prev.column !== "full" && cur.column !== "full") {
    // A sentence running from the foot of the left column into the right one stays one block.
    const sameBand = prev.column === "left" && cur.column === "right" && prev.band === cur.band;
    return !(sameBand && ENDS_MID_SENTENCE.test(prev.text));
  }
  // Between a full-width line and a column line only the vertical gap decides: the short last line
  // of a full-width abstract sits on one side of the gutter but still belongs to its paragraph.
  const step = prev.y - cur.y;
  const size = Math.max(prev.size, cur.size);
  if (step <= 0 || step > BLOCK_GAP * Math.max(pitch, 1.1 * size)) return true;
  if (Math.max(prev.size, cur.size) > 1.2 * Math.min(prev.size, cur.size)) return true;
  if (!sameFlow) return false;
  // First-line indent: the new line starts clearly right of the column edge, the previous does not
  // and ended a sentence (a hanging indent under a list item continues the item instead).
  const edge = leftEdge.get(edgeKey(cur)) ?? cur.x0;
  const indent = cur.x0 - edge;
  const indented = indent > 0.6 * cur.size && indent < 4 * cur.size && prev.x0 - edge < 0.3 * cur.size;
  return indented && !ENDS_MID_SENTENCE.test(prev.text);
}

/**
 * A page's text in reading order: lines joined by "\n", blocks (paragraphs, headings, columns)
 * separated by "\n\n".
 * @example layoutPage(items) // "Title\n\nleft column …\n\nright column …"
 */
export function layoutPage(items: TextItem[]): string {
  const lines = orderLines(items).filter((l) => l.text !== "");
  if (lines.length === 0) return "";
  const pitch = linePitch(lines);
  const leftEdge = new Map<string, number>();
  for (const line of lines) {
    const key = edgeKey(line);
    leftEdge.set(key, Math.min(leftEdge.get(key) ?? line.x0, line.x0));
  }
  let text = lines[0].text;
  for (let i = 1; i < lines.length; i++) {
    text += startsBlock(lines[i - 1], lines[i], pitch, leftEdge) ? "\n\n" : "\n";
    text += lines[i].text;
  }
  return text;
}
