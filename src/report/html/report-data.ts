/**
 * The compact data the report's client script pages the heatmap and the values table from: a few
 * dozen bytes per paper instead of its rendered rows. Both are plain JSON, read by client/app.ts
 * (which builds every element with textContent and setAttribute, never from markup).
 */
import type { AnswerVote } from "../../store/read-model.js";
import type { ValueColumn } from "../rows.js";
import { type Corpus, LOW_CONFIDENCE } from "./corpus.js";
import { pct, safeId } from "./escape.js";
import { cellState } from "./states.js";
import { columnTip, type PaperValues, shownColumns } from "./values.js";

/** A cell's code: one character of this alphabet, its index = state + 4·low + 8·disagree + 16·reviewed. */
export const CELL_CODES = "0123456789abcdefghijklmnopqrstuv";
const STATE_CODE = { yes: 1, no: 2, na: 3 } as const;

/** The heatmap of every paper, one row each: `[safe id, title, dl 0|1, completeness "57%", cell codes]`. */
export interface HeatIndex {
  /** Papers per compressed block of pages (0: the pages are plain HTML in the file). */
  chunk: number;
  /** Rows per page. */
  size: number;
  /** The questions, in column order: `[cq, short label, category as a safe id]`. */
  q: [number, string, string][];
  p: [string, string, 0 | 1, string, string][];
}

/**
 * The heatmap's data: each paper's cells coded as {@link CELL_CODES} (a space where it has no answer).
 * @example heatIndex(corpus, 50, 100).p[0] // ["ab12…", "Owls", 1, "57%", "11222…"]
 */
export function heatIndex(corpus: Corpus<AnswerVote>, chunk: number, size: number): HeatIndex {
  const { questions } = corpus;
  return {
    chunk,
    size,
    q: questions.map((q) => [q.cq, q.label, safeId(q.category)]),
    p: corpus.papers.map((p) => {
      const byCq = new Map(p.cells.map((c) => [c.cq, c]));
      const codes = questions.map((q) => {
        const c = byCq.get(q.cq);
        if (!c) return " ";
        const state = STATE_CODE[cellState(c.label, q, p)];
        const low = c.primary.confidence < LOW_CONFIDENCE ? 4 : 0;
        return CELL_CODES[state + low + (c.agreement < 1 ? 8 : 0) + (c.gold ? 16 : 0)];
      });
      return [safeId(p.id), p.title, p.dl ? 1 : 0, pct(p.completeness), codes.join("")];
    }),
  };
}

/** A values-table row of every column (`[safe id, title, cells]`), before the shown columns are known. */
export type ValuesRow = [string, string, ([string, number, string] | 0)[]];

/** A paper's row of the values table over every column (empty cells 0), as the index stores it. */
export function valuesRow(r: PaperValues): ValuesRow {
  return [
    safeId(r.id),
    r.title,
    r.cells.map((cell) => (cell ? [cell.values.join("; "), cell.cq, cell.quote ?? ""] : 0)),
  ];
}

/**
 * The values index written a row at a time, as `JSON.stringify(valuesIndex(…))` would give it: `rows` yields each
 * paper's {@link valuesRow} (all columns), `shown` the column indexes with a value in some row. Nothing holds
 * every row, so a report of 100,000 papers writes it in constant memory.
 */
export function writeValuesIndex(
  rows: Iterable<ValuesRow>,
  size: number,
  shown: ShownColumns,
  write: (part: string) => void,
): void {
  write(`{"size":${JSON.stringify(size)},"cols":${JSON.stringify(indexColumns(shown))},"rows":[`);
  let first = true;
  for (const row of rows) {
    write(`${first ? "" : ","}${JSON.stringify(shownRow(row, shown))}`);
    first = false;
  }
  write("]}");
}

type ShownColumns = readonly { column: ValueColumn; i: number }[];

/** The index's `cols`: `[values.csv name, label, tooltip]` of each shown column. */
function indexColumns(shown: ShownColumns): ValuesIndex["cols"] {
  return shown.map(({ column }) => [column.name, column.label, columnTip(column)]);
}

/** A {@link valuesRow} cut to the shown columns. */
function shownRow([id, title, cells]: ValuesRow, shown: ShownColumns): ValuesRow {
  return [id, title, shown.map(({ i }) => cells[i] ?? 0)];
}

/** The values table: the columns with a value in some row, and per paper its cells in those columns. */
export interface ValuesIndex {
  /** Rows per page. */
  size: number;
  /** `[values.csv name, label, tooltip]` of each shown column. */
  cols: [string, string, string][];
  /** `[safe id, title, cells]`; a cell is `[values joined by "; ", CQ, quote or ""]`, or 0 when empty. */
  rows: [string, string, ([string, number, string] | 0)[]][];
}

/**
 * The values table's data, columns as `renderValues` shows them.
 * @example valuesIndex(corpus.papers.map(paperValues), 100).cols[0] // ["dataset", "Datasets", "…"]
 */
export function valuesIndex(rows: readonly PaperValues[], size: number): ValuesIndex {
  const shown = shownColumns(rows);
  return { size, cols: indexColumns(shown), rows: rows.map((r) => shownRow(valuesRow(r), shown)) };
}
