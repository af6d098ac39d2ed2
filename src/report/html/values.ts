/**
 * The values table: one row per paper, one column per value kind ({@link VALUE_COLUMNS}), each cell
 * the normalised values of the paper's "yes" answers, linked to the answer card (and its evidence)
 * they came from. The client script sorts it by a clicked header and filters it by a text box.
 */
import type { RunAnswer } from "../../store/reviews.js";
import { columnValues, mergeValues, VALUE_COLUMNS, type ValueColumn } from "../rows.js";
import type { PaperView } from "./corpus.js";
import type { HeatmapPage, Links } from "./overview.js";
import { pager } from "./overview.js";
import { type Html, html } from "./template.js";

/** One cell of the table: the values, and the answer (CQ) and quote they came from first. */
export interface ValueCell {
  values: string[];
  cq: number;
  quote?: string;
}

/** One paper's row; `cells` follows {@link VALUE_COLUMNS} (undefined where no answer gave a value). */
export interface PaperValues {
  id: string;
  title: string;
  cells: (ValueCell | undefined)[];
}

/** Each column's CQs, in order (computed once). */
const COLUMN_CQS = new Map(
  VALUE_COLUMNS.map((c) => [c, [...new Set(c.sources.map((s) => s.cq))].sort((a, b) => a - b)] as const),
);

/** Longest quote shown in a cell's tooltip: a table of thousands of papers stays a few MB. */
const QUOTE_CHARS = 160;

/**
 * A paper's values: for each column, the values of its "yes" cells in CQ order. A cell's values are
 * those of the answer shown (`primary`), else of the first other answer that says "yes".
 * @example paperValues(corpus.papers[0]).cells[VALUE_COLUMNS.findIndex((c) => c.name === "optimizer")]?.values // ["Adam"]
 */
export function paperValues(paper: PaperView<RunAnswer>): PaperValues {
  // Only the CQs a column reads are visited: a few cells per column, not every cell.
  const yes = new Map(paper.cells.filter((c) => c.label === "yes").map((c) => [c.cq, c]));
  const cells = VALUE_COLUMNS.map((column): ValueCell | undefined => {
    const found: { cq: number; answer: RunAnswer; values: string[] }[] = [];
    for (const cq of COLUMN_CQS.get(column) ?? []) {
      const cell = yes.get(cq);
      if (!cell) continue;
      const candidates = [cell.primary, ...cell.answers.filter((a) => a !== cell.primary && a.reported === "yes")];
      for (const answer of candidates) {
        const values = columnValues(column, cq, answer.values ?? {});
        if (values.length > 0) {
          found.push({ cq, answer, values });
          break;
        }
      }
    }
    if (found.length === 0) return undefined;
    const first = found[0];
    return {
      values: mergeValues(found.map((f) => f.values)),
      cq: first.cq,
      quote: quoteFor(first.answer, first.values),
    };
  });
  return { id: paper.id, title: paper.title, cells };
}

/** The evidence quote that names one of `values`, else the answer's first quote. */
function quoteFor(answer: RunAnswer, values: string[]): string | undefined {
  const lower = values.map((v) => v.toLowerCase());
  const naming = answer.evidence.find((e) => lower.some((v) => e.quote.toLowerCase().includes(v)));
  const quote = (naming ?? answer.evidence[0])?.quote;
  return quote && quote.length > QUOTE_CHARS ? `${quote.slice(0, QUOTE_CHARS - 1)}…` : quote;
}

/**
 * The values section (`id="values"`). Only columns with a value in some row are shown. `page`, in the
 * served UI, names which papers of `total` these rows are, with links to the other pages.
 * @example renderValues(corpus.papers.map(paperValues), REPORT_LINKS)
 */
export function renderValues(
  rows: PaperValues[],
  links: Links,
  options: {
    total?: number;
    page?: HeatmapPage;
    columnsOf?: readonly PaperValues[];
    columns?: readonly { column: ValueColumn; i: number }[];
  } = {},
): Html {
  // `columnsOf` or `columns`: what decides the columns, when `rows` are one page of them (the report).
  const shown = options.columns ?? shownColumns(options.columnsOf ?? rows);
  const total = options.total ?? rows.length;
  // The report pages its rows in the browser (from JSON); the count then names every paper.
  const clientPaged = options.page !== undefined && options.page.href === undefined;
  const head = shown.map(({ column }) => header(column));
  const body = rows.map(
    (r) =>
      html`<tr data-paper="${r.id}"><th scope="row" class="paper" title="${r.title}"><a href="${links.paper(r.id)}">${r.title}</a></th>${shown.map(
        ({ column, i }) => valueCell(r, column, r.cells[i], links),
      )}</tr>`,
  );
  const table =
    shown.length === 0
      ? html`<p class="empty">No values were extracted from these papers.</p>`
      : html`<div class="scroll"><table class="values" data-values${clientPaged ? html` data-values-paged` : ""}><thead><tr><th scope="col" aria-sort="none"><button type="button" data-sort="0">Paper</button></th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  const nav = links.overview ? html`<nav class="crumbs"><a href="${links.overview}">← Overview</a></nav>` : "";
  const counted = clientPaged ? total : rows.length;
  return html`<section class="page" id="values" data-page>
${nav}<h1>Values per paper</h1>
<p class="lede">The values the answers name (normalised), one row per paper and one column per kind of value. Each cell links to the answer and its evidence. Click a column header to sort; type to filter.</p>
<div class="panel"><div class="filters"><label class="group"><span>Filter</span><input type="search" data-values-filter placeholder="paper or value, e.g. Adam" aria-label="Filter papers by title or value"></label><span class="hint" data-values-count aria-live="polite">${counted} of ${counted} papers</span></div>
${pager(total, options.page)}${table}${pager(total, options.page)}</div>
</section>`;
}

function header(column: ValueColumn): Html {
  const tip = columnTip(column);
  return html`<th scope="col" aria-sort="none" title="${tip}"><button type="button" data-sort="${column.name}">${column.label}</button></th>`;
}

function valueCell(row: PaperValues, column: ValueColumn, cell: ValueCell | undefined, links: Links): Html {
  if (!cell) return html`<td data-col="${column.name}"></td>`;
  const tip = cell.quote ? `CQ${cell.cq}: “${cell.quote}”` : `CQ${cell.cq}`;
  return html`<td data-col="${column.name}"><a href="${links.answer(row.id, cell.cq)}" title="${tip}">${cell.values.join("; ")}</a></td>`;
}

/** The columns that have a value in some row, with their index in {@link VALUE_COLUMNS}. */
export function shownColumns(rows: readonly PaperValues[]): { column: ValueColumn; i: number }[] {
  return VALUE_COLUMNS.map((column, i) => ({ column, i })).filter(({ i }) =>
    rows.some((r) => r.cells[i] !== undefined),
  );
}

/** A column header's tooltip: the label, the CQs it reads, its values.csv name. */
export function columnTip(column: ValueColumn): string {
  const from = column.sources.map((s) => `CQ${s.cq}`);
  return `${column.label} (from ${[...new Set(from)].join(", ")}); values.csv column ${column.name}`;
}
