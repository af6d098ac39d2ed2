/**
 * `methodscope report`: the whole corpus as one self-contained HTML file (inline CSS, SVG and
 * script; no network). Pages are sections switched by the URL fragment, so links work from disk.
 *
 * At any size the file stays quick to open: the overview holds aggregates and the first page of the
 * heatmap, the values table its first page; the client script pages both from compact JSON. Up to
 * `inlinePapers` papers, every paper's page is plain HTML in the file; above that, papers' pages are
 * gzip-compressed HTML in `<script type="application/json">` blocks of `chunkSize` papers (blocks.ts;
 * the text every card repeats written once, shared-text.ts), which the browser neither parses nor runs
 * until a link (`#p-…`, `#a-…-cq`) asks for one of their papers; with `blockFiles` the blocks are
 * files in a folder beside the report instead, so the file stays small. Blocks are rendered on this thread and,
 * from a store file, in worker threads too (block-pool.ts).
 * The file is written piece by piece ({@link writeReport}), never held as one string.
 */
import { createHash } from "node:crypto";
import type { AnswerVote } from "../../store/read-model.js";
import type { Store } from "../../store/store.js";
import type { DocumentMetadata } from "../../types.js";
import { TOOL_VERSION } from "../../version.js";
import { VALUE_COLUMNS } from "../rows.js";
import {
  type BlockHeadStart,
  type BlockPoolSetup,
  defaultBlockWorkers,
  endHeadStart,
  renderBlocks,
  startHeadStart,
} from "./block-pool.js";
import { clientScript } from "./client.js";
import type { Corpus, CorpusOptions, PaperView } from "./corpus.js";
import { safeId } from "./escape.js";
import { type ExportLink, renderOverview } from "./overview.js";
import { keyHelp, sharedCardText } from "./paper.js";
import { blockTasks, createBlockRenderer, REPORT_LINKS, type ReadPapers } from "./paper-blocks.js";
import { type CardContext, createCorpusReader } from "./reader.js";
import { heatIndex, type ValuesRow, valuesRow, writeValuesIndex } from "./report-data.js";
import { createTokenText, tokenEntries } from "./shared-text.js";
import { createLineSpool, type LineSpool } from "./spool.js";
import { stylesheet } from "./styles.js";
import { html, raw } from "./template.js";
import { type MetadataOf, ratesFromCorpus } from "./trends.js";
import { type PaperValues, renderValues } from "./values.js";

export { REPORT_LINKS } from "./paper-blocks.js";

export interface ReportOptions {
  /** Links to the CSV/JSONL exports, relative to the report file. */
  exports?: ExportLink[];
  /** Shown in the header; injected so output is reproducible. */
  generatedAt?: Date;
  /** The "Reporting rates" panel's grouping (default: none, the overall rates only). */
  rates?: ReportRatesOptions;
  /** A paper's metadata (review edits applied), shown under its title on its page (no edit form). */
  metadata?: (paperId: string) => DocumentMetadata | undefined;
  /** Rows of the heatmap and of the values table per page (default {@link PAGE_SIZE}). */
  pageSize?: number;
  /** Up to this many papers, papers' pages are plain HTML; above, compressed and rendered on demand (default 200). */
  inlinePapers?: number;
  /** Papers per compressed block (default {@link CHUNK_SIZE}). */
  chunkSize?: number;
  /**
   * Worker threads that render compressed blocks besides this one, for a source read from a store
   * file (default: one per core but this one's, at most 3, for reports of 20 blocks or more; 0: this
   * thread alone). The report is the same whatever the number.
   */
  workers?: number;
  /**
   * Where compressed blocks go instead of the report file: one small script file per block in a
   * folder beside it ({@link BlockFiles}), so the report file, and the time the browser takes to load
   * it, no longer grow with every paper's page. Used only when pages are compressed (above `inlinePapers`).
   */
  blockFiles?: BlockFiles;
  /**
   * Block workers started before the summary was read ({@link startPagesEarly}, with the same `metadata`), already
   * rendering the first blocks. Used when its papers, order, context and block size are the report's; ended otherwise.
   */
  headStart?: PagesHeadStart;
}

/** Block workers started early, with what they were given (checked against the report's own). */
export interface PagesHeadStart {
  early: BlockHeadStart;
  /** The papers in the order the workers were given them. */
  order: readonly { id: string; title: string }[];
  /** The cards' questions and runs as the workers were given them, as JSON. */
  context: string;
  chunkSize: number;
}

/**
 * Blocks sent ahead at most (~3 s of a worker's time, the main thread reads the summary meanwhile): each waits as
 * a message of ~250 KB until the main thread joins, so more would add to the peak memory what they save in time.
 */
const AHEAD_BLOCKS = 48;

/**
 * Starts the block workers of a large report before the summary of every paper is read (6 s of the main thread
 * alone at 100,000 papers): they render the first blocks' pages meanwhile, from a listing of the papers in page
 * order, and `writeReport` joins them with `options.headStart`. Undefined when the report would use no workers
 * (a store in memory, fewer than 20 blocks).
 * @example const headStart = startPagesEarly(store, { runs }); writeReport(storeSource(store, { runs }), { headStart }, write)
 */
export function startPagesEarly(
  store: Store,
  options: CorpusOptions & {
    metadata?: (paperId: string) => DocumentMetadata | undefined;
    chunkSize?: number;
    workers?: number;
  } = {},
): PagesHeadStart | undefined {
  const file = storeFile(store, options);
  if (file === undefined) return undefined;
  const reader = createCorpusReader(store, undefined, options);
  const order = reader.order();
  const chunkSize = Math.max(1, options.chunkSize ?? CHUNK_SIZE);
  const blocks = Math.ceil(order.length / chunkSize);
  const workers = options.workers ?? defaultBlockWorkers(blocks);
  if (workers < 1) return undefined;
  const { questions, runs } = reader.context();
  const context = { questions, runs };
  const tasks = blockTasks(order, chunkSize, options.metadata);
  const early = startHeadStart(poolSetup(file, context), workers, tasks, Math.min(AHEAD_BLOCKS, Math.ceil(blocks / 4)));
  return { early, order, context: JSON.stringify(context), chunkSize };
}

/**
 * A folder of block files beside the report. Each file is a one-line script,
 * `methodscopeBlock(<index>,"<base64>")`, that the report's client script adds to the page when a
 * link asks for one of its papers (`<script src>` works from disk, where reading a file does not).
 */
export interface BlockFiles {
  /** The folder's URL relative to the report file, ending in "/" (e.g. `report_files/`). */
  href: string;
  /** Writes the file `name` (e.g. `12.js`) of the folder. */
  write(name: string, text: string): void;
}

/** How the report groups its papers for the rate charts. */
export interface ReportRatesOptions {
  /** Metadata keys ("year", "venue", …). */
  groupBy: readonly string[];
  /** A paper's metadata by id (see `readPaperMetadata`). */
  metadataOf: MetadataOf;
}

/** Rows per page of the heatmap and of the values table. */
export const PAGE_SIZE = 100;
/** Papers per compressed block: opening a paper inflates the ~1–4 MB of its block's pages. */
export const CHUNK_SIZE = 50;
const INLINE_PAPERS = 200;
/** Papers read per query block when pages are plain HTML. */
const READ_BLOCK = 50;

/**
 * What the report reads: the vote summary of every paper (the overview), and one paper's full
 * answers at a time (its page, its values). From a loaded corpus ({@link corpusSource}) or straight
 * from a store ({@link storeSource}), which keeps one paper in memory at a time.
 */
export interface ReportSource {
  summary: Corpus<AnswerVote>;
  paper(id: string): PaperView | undefined;
  /**
   * Several papers at once (a block of pages, read in a few queries); those missing are left out.
   * Without it, each paper is read with `paper`.
   */
  papers?(ids: readonly string[]): Map<string, PaperView>;
  /** How another thread reads the same papers: the store file and the runs shown (a store source only). */
  file?: { db: string; runs?: string[] };
}

/** A source over a corpus already in memory. @example renderReport(loadCorpus(store)) */
export function corpusSource(corpus: Corpus): ReportSource {
  const byId = new Map(corpus.papers.map((p) => [p.id, p]));
  const paper = (id: string) => byId.get(id);
  return {
    summary: corpus,
    paper,
    papers: (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as PaperView]] : []))),
  };
}

/**
 * A source that reads the store paper by paper (`report` at 100,000 papers).
 * @example writeReport(storeSource(store, { runs }), options, (s) => out.write(s))
 */
export function storeSource(store: Store, options: CorpusOptions = {}): ReportSource {
  const reader = createCorpusReader(store, undefined, options);
  const file = storeFile(store, options);
  return {
    summary: reader.summary(),
    paper: (id) => reader.paper(id)?.paper,
    papers: (ids) => reader.papers(ids),
    ...(file && { file }),
  };
}

/**
 * Renders the report as one HTML string (small corpora, tests); {@link writeReport} streams it.
 * Every value is escaped by the `html` template; a Content-Security-Policy meta tag allows only this
 * file's own style and module script (by hash): injected markup could not run even if it escaped escaping.
 * @example writeFileSync("report.html", renderReport(loadCorpus(store)));
 */
export function renderReport(corpus: Corpus | ReportSource, options: ReportOptions = {}): string {
  const parts: string[] = [];
  writeReport("summary" in corpus ? corpus : corpusSource(corpus), options, (part) => parts.push(part));
  return parts.join("");
}

/**
 * Writes the report through `write`, piece by piece: the head and overview, then each paper's page
 * (plain or in compressed blocks), then the values table and the data the client pages from.
 * @example writeReport(storeSource(store), {}, (s) => writeSync(fd, s))
 */
export function writeReport(source: ReportSource, options: ReportOptions, write: (part: string) => void): void {
  const { summary } = source;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const lazy = summary.papers.length > (options.inlinePapers ?? INLINE_PAPERS);
  const chunkSize = Math.max(1, options.chunkSize ?? CHUNK_SIZE);
  const paged = summary.papers.length > pageSize;
  const css = stylesheet(summary.questions.map((q) => q.category));
  const script = clientScript();
  const blockFiles = lazy ? options.blockFiles : undefined;
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(css)}'`,
    // Block files are loaded by the report's own script (trust passed on by 'strict-dynamic'); a
    // script element in the markup still runs only with the hash.
    `script-src '${sha256(script)}'${blockFiles ? " 'strict-dynamic'" : ""}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const when = options.generatedAt ? ` · ${options.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  const overview = renderOverview(
    summary,
    REPORT_LINKS,
    options.exports ?? [],
    paged ? { offset: 0, limit: pageSize } : undefined,
    options.rates && {
      rows: ratesFromCorpus(summary, options.rates.metadataOf, options.rates.groupBy),
      groupBy: options.rates.groupBy,
    },
  );
  // The stylesheet and the compiled client script are this package's own text, not data: raw.
  write(
    html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>methodscope report</title>
<style>${raw(css)}</style>
</head>
<body data-mode="report" data-dl="all" data-cat="all"${lazy ? html` data-lazy-papers` : ""}${blockFiles ? html` data-block-files="${blockFiles.href}"` : ""}>
<div class="top"><span class="brand">methodscope</span><a href="#overview">Overview</a><a href="#values">Values</a><span class="who">report · methodscope ${TOOL_VERSION}${when}</span></div>
<main>
${overview}
`.toString(),
  );
  const heat = heatIndex(summary, lazy ? chunkSize : 0, pageSize);
  if (paged || lazy) writeJsonBlock("heat", (part) => part(JSON.stringify(heat)), write);
  const spool = createLineSpool();
  try {
    const values = writePapers(source, options, { lazy, chunkSize, firstRows: pageSize }, write, spool);
    const columns = VALUE_COLUMNS.map((column, i) => ({ column, i })).filter(({ i }) => values.used[i]);
    write(
      `${renderValues(values.first, REPORT_LINKS, {
        total: values.total,
        columns,
        ...(paged ? { page: { offset: 0, limit: pageSize } } : {}),
      })}\n`,
    );
    if (paged) {
      // The index of every row, streamed from the spool.
      const rows = (function* () {
        for (const line of spool.lines()) yield JSON.parse(line) as ValuesRow;
      })();
      writeJsonBlock("values", (part) => writeValuesIndex(rows, pageSize, columns, part), write);
    }
  } finally {
    spool.close();
  }
  write(
    html`</main>
${keyHelp(false)}
<script type="module">${raw(script)}</script>
</body>
</html>
`.toString(),
  );
}

/** What the values table needs of every paper, without holding every row. */
interface ValuesRows {
  /** The first rows (the table's first page), kept in memory. */
  first: PaperValues[];
  /** Per column of VALUE_COLUMNS: some row has a value in it. */
  used: boolean[];
  total: number;
}

/**
 * Each paper's page, in the overview's order: written as it is rendered (plain), or gathered into
 * blocks of `chunkSize` and written compressed, the blocks rendered here and in worker threads when
 * the source is a store file (block-pool.ts). Each paper's values row goes to `spool` (all columns,
 * as {@link valuesRow}); the first `firstRows` are also returned, with the columns any row uses.
 */
function writePapers(
  source: ReportSource,
  options: ReportOptions,
  layout: { lazy: boolean; chunkSize: number; firstRows: number },
  write: (part: string) => void,
  spool: LineSpool,
): ValuesRows {
  const { summary } = source;
  const values: ValuesRows = { first: [], used: VALUE_COLUMNS.map(() => false), total: 0 };
  const addRow = (row: PaperValues) => {
    row.cells.forEach((cell, c) => {
      if (cell !== undefined) values.used[c] = true;
    });
    if (values.first.length < layout.firstRows) values.first.push(row);
    values.total++;
    spool.add(JSON.stringify(valuesRow(row)));
  };
  // Pages are read a block of papers at a time: a few queries per block, not several per paper.
  const tasks = blockTasks(summary.papers, layout.lazy ? layout.chunkSize : READ_BLOCK, options.metadata);
  if (!layout.lazy) {
    if (options.headStart) endHeadStart(options.headStart.early);
    const renderer = createBlockRenderer(readPapers(source), summary);
    for (const task of tasks) {
      const block = renderer.render(task);
      block.values.forEach(addRow);
      for (const page of block.pages ?? []) if (page) write(`${page}\n`);
    }
    return values;
  }
  // The text every block's cards share, as tokens the client script expands (shared-text.ts).
  const context = { questions: summary.questions, runs: summary.runs };
  const shared = sharedCardText(context);
  const renderer = createBlockRenderer(readPapers(source), summary, createTokenText(shared));
  // Worker threads read the papers from the store file themselves.
  const pool = source.file && poolSetup(source.file, context, shared);
  const blocks = Math.ceil(summary.papers.length / layout.chunkSize);
  const workers = pool ? (options.workers ?? defaultBlockWorkers(blocks)) : 0;
  const early = pool && joinable(options.headStart, summary.papers, context, layout.chunkSize);
  if (options.headStart && !early) endHeadStart(options.headStart.early);
  for (const block of renderBlocks(tasks, renderer, pool, workers, early)) {
    // base64: nothing in it can close the element or the script's string.
    if (options.blockFiles)
      options.blockFiles.write(`${block.index}.js`, `methodscopeBlock(${block.index},"${block.packed}");\n`);
    else write(`<script type="application/json" data-chunk="${block.index}">${block.packed}</script>\n`);
    block.values.forEach(addRow);
  }
  writeJsonBlock("shared", (part) => part(JSON.stringify(tokenEntries(shared))), write);
  return values;
}

/** How another thread reads `store`: its file and the runs shown; undefined for a store in memory. */
function storeFile(store: Store, options: CorpusOptions): { db: string; runs?: string[] } | undefined {
  return store.db.memory ? undefined : { db: store.db.name, runs: options.runs && [...options.runs] };
}

/** What block workers start with: the store file, the cards' questions and runs, and the text the cards share. */
function poolSetup(
  file: { db: string; runs?: string[] },
  context: CardContext,
  shared = sharedCardText(context),
): BlockPoolSetup {
  return { ...file, context, shared };
}

/** Ends the workers of a head start that `writeReport` did not join (again: ending them twice does nothing more). */
export function endPagesEarly(headStart: PagesHeadStart): void {
  endHeadStart(headStart.early);
}

/** The head start's workers, when they were given the papers, context and block size of this report. */
function joinable(
  headStart: PagesHeadStart | undefined,
  papers: readonly { id: string; title: string }[],
  context: object,
  chunkSize: number,
): BlockHeadStart | undefined {
  if (headStart === undefined || headStart.chunkSize !== chunkSize || headStart.order.length !== papers.length)
    return undefined;
  const same = papers.every((p, i) => p.id === headStart.order[i].id && p.title === headStart.order[i].title);
  return same && headStart.context === JSON.stringify(context) ? headStart.early : undefined;
}

/** Several papers of `source` at once. */
function readPapers(source: ReportSource): ReadPapers {
  return (ids) => {
    if (source.papers) return source.papers(ids);
    const out = new Map<string, PaperView>();
    for (const id of ids) {
      const paper = source.paper(id);
      if (paper) out.set(id, paper);
    }
    return out;
  };
}

/**
 * Data for the client script, in a JSON script element written piece by piece: `body` hands each piece
 * of JSON to `part`, which escapes `<` so the text can never close its element.
 */
function writeJsonBlock(
  name: string,
  body: (part: (json: string) => void) => void,
  write: (text: string) => void,
): void {
  write(`<script type="application/json" data-index="${safeId(name)}">`);
  body((json) => write(json.replace(/</g, "\\u003c")));
  write("</script>\n");
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}
