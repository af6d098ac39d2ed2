import { columnValues, mergeValues, type ResultRow, VALUE_COLUMNS } from "./rows.js";

/** The paper metadata columns every CSV has after paper_id, file and title. */
export const METADATA_COLUMNS = ["authors", "year", "venue", "doi"] as const;

/** What joins several authors in one cell. */
export const AUTHOR_SEPARATOR = "; ";

/** A row's metadata cells, in {@link METADATA_COLUMNS} order (empty when unknown). */
function metadataCells(row: ResultRow): unknown[] {
  const m = row.metadata;
  return [(m?.authors ?? []).join(AUTHOR_SEPARATOR), m?.year ?? "", m?.journal ?? "", m?.doi ?? ""];
}

/** Quotes one CSV field as RFC 4180 asks: only when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Joins rows of fields into CSV text (CRLF line ends, as RFC 4180 and spreadsheet tools expect). */
export function toCsv(rows: unknown[][]): string {
  return rows.map(csvLine).join("");
}

/** One CSV line of fields, with its CRLF end. */
export function csvLine(fields: unknown[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

const RESULT_COLUMNS = [
  "paper_id",
  "file",
  "title",
  ...METADATA_COLUMNS,
  "cq",
  "question",
  "reported",
  "answer",
  "values",
  "confidence",
  "evidence_quotes",
  "evidence_pages",
  "engine",
  "flags",
  "error",
  "applicable",
] as const;

/**
 * results.csv: the rows of results.jsonl, flattened (values as JSON, quotes joined by " | "). The paper's
 * metadata (authors joined by "; ", year, venue, DOI) follows its title. `applicable` is last; it is
 * empty on failure rows.
 */
export function resultsCsv(rows: ResultRow[]): string {
  return [...resultsCsvLines(rows)].join("");
}

/** results.csv line by line (header first), so a corpus of any size is written without one huge string. */
export function* resultsCsvLines(rows: Iterable<ResultRow>): Generator<string> {
  yield resultsCsvHeader();
  for (const r of rows) yield resultsCsvLine(r);
}

/** results.csv's header line. */
export function resultsCsvHeader(): string {
  return csvLine([...RESULT_COLUMNS]);
}

/** results.csv's line of one row. */
export function resultsCsvLine(r: ResultRow): string {
  return csvLine([
    r.paper_id,
    r.file,
    r.title,
    ...metadataCells(r),
    r.cq,
    r.question,
    r.reported,
    r.answer,
    Object.keys(r.values).length > 0 ? r.values : "",
    r.confidence,
    r.evidence.map((e) => e.quote).join(" | "),
    r.evidence.map((e) => e.page).join(" | "),
    r.engine,
    (r.flags ?? []).join(" "),
    r.error ?? "",
    r.applicable ?? "",
  ]);
}

/**
 * matrix.csv: one row per paper (and per failed input): its identity and metadata, one yes/no column
 * per question, plus the number of questions reported. Failed inputs carry their error and empty answer cells.
 */
export function matrixCsv(rows: ResultRow[], cqs: number[]): string {
  return [...matrixCsvLines(rows, cqs)].join("");
}

/** matrix.csv line by line (header first). */
export function* matrixCsvLines(rows: Iterable<ResultRow>, cqs: number[]): Generator<string> {
  yield matrixCsvHeader(cqs);
  for (const paperRows of rowsByPaper(rows)) yield matrixCsvLine(paperRows, cqs);
}

/** The key that groups a paper's rows; each failed input is a group of its own. */
export function paperKey(row: ResultRow): string {
  return row.paper_id && !row.error ? row.paper_id : `failed:${row.file}`;
}

/** Rows grouped by {@link paperKey}, groups in the order of their first row. */
export function rowsByPaper(rows: Iterable<ResultRow>): ResultRow[][] {
  const papers = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const key = paperKey(r);
    const list = papers.get(key);
    if (list) list.push(r);
    else papers.set(key, [r]);
  }
  return [...papers.values()];
}

/** matrix.csv's header line. */
export function matrixCsvHeader(cqs: number[]): string {
  return csvLine([
    "paper_id",
    "file",
    "title",
    ...METADATA_COLUMNS,
    "reported_count",
    ...cqs.map((n) => `CQ${n}`),
    "error",
  ]);
}

/** matrix.csv's line of one paper, from its rows (one {@link paperKey}; the first names the paper). */
export function matrixCsvLine(paperRows: readonly ResultRow[], cqs: number[]): string {
  const row = paperRows[0] as ResultRow;
  const answers = new Map<number, string>();
  for (const r of paperRows) if (r.cq !== null && r.reported) answers.set(r.cq, r.reported);
  return csvLine([
    row.paper_id,
    row.file,
    row.title,
    ...metadataCells(row),
    row.error ? "" : [...answers.values()].filter((v) => v === "yes").length,
    ...cqs.map((n) => answers.get(n) ?? ""),
    row.error ?? "",
  ]);
}

/** What joins several values in one cell of values.csv. */
export const VALUE_SEPARATOR = "; ";

/**
 * values.csv: one row per paper (failed inputs have none), in the order the rows first name it:
 * paper_id, file, title, the metadata columns, then one column per {@link VALUE_COLUMNS} kind holding the normalised
 * values of the paper's "yes" answers, joined by "; " (empty when no answer gave one).
 * @example valuesCsv(rows) // "paper_id,file,title,authors,year,venue,doi,data_collection,…\r\nab12…,a.pdf,A,A. Smith,2021,,,camera traps; database,…"
 */
export function valuesCsv(rows: ResultRow[]): string {
  return [...valuesCsvLines(rows)].join("");
}

/** values.csv line by line (header first). */
export function* valuesCsvLines(rows: Iterable<ResultRow>): Generator<string> {
  yield valuesCsvHeader();
  for (const paperRows of rowsByPaper(rows)) {
    const line = valuesCsvLine(paperRows);
    if (line !== undefined) yield line;
  }
}

/** values.csv's header line. */
export function valuesCsvHeader(): string {
  return csvLine(["paper_id", "file", "title", ...METADATA_COLUMNS, ...VALUE_COLUMNS.map((c) => c.name)]);
}

/**
 * values.csv's line of one paper, from its rows (one {@link paperKey}): the values of its "yes" answers,
 * merged per column; undefined for a failed input, which has no line.
 */
export function valuesCsvLine(paperRows: readonly ResultRow[]): string | undefined {
  const answered = paperRows.filter((r) => r.paper_id && !r.error && r.cq !== null);
  const row = answered[0];
  if (!row) return undefined;
  const byCq = answered.filter((r) => r.reported === "yes").sort((a, b) => (a.cq ?? 0) - (b.cq ?? 0));
  return csvLine([
    row.paper_id,
    row.file,
    row.title,
    ...metadataCells(row),
    ...VALUE_COLUMNS.map((column) =>
      mergeValues(byCq.map((r) => columnValues(column, r.cq ?? 0, r.values))).join(VALUE_SEPARATOR),
    ),
  ]);
}
