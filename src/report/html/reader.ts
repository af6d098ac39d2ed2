/**
 * Per-request reads for the review server: each view reads only what it shows (the vote summary of
 * every cell for the overview and the queue order; one paper's or one cell's answers and reviews
 * for a page or a card), so a request costs a few small queries instead of a corpus load. Views
 * equal those of `loadCorpus` (same grouping, order and labels).
 */
import { basename } from "node:path";
import { builtinQuestions } from "../../questions/catalogue.js";
import { type AnswerVote, type CellRef, createReadQueries } from "../../store/read-model.js";
import { cellKey, listRunKeys, type Review, type RunAnswer } from "../../store/reviews.js";
import type { DocumentSummary, Store } from "../../store/store.js";
import { hasVotePacks, refreshVotePacks } from "../../store/vote-packs.js";
import type { Question } from "../../types.js";
import {
  buildCell,
  buildPaper,
  type Cell,
  type CellReviews,
  type Corpus,
  type CorpusOptions,
  dlFromAnswers,
  dlFromText,
  groupBy,
  type PaperView,
  paperTitle,
  questionsFor,
  type RunView,
  runOrder,
  runViews,
  sortPapers,
  voteOutcome,
} from "./corpus.js";

/** What a card needs besides its cell: the questions' wording and the runs' names. */
export interface CardContext {
  questions: Question[];
  runs: RunView[];
}

/** A paper as links and card headers name it. */
export interface PaperRef {
  id: string;
  title: string;
  /** Whether the paper is a deep-learning study, when known: a card shows "Not applicable" by it. */
  dl?: boolean;
}

/** One paper's page: the paper with every card, and its neighbours in the overview's order. */
export interface PaperRead {
  context: CardContext;
  paper: PaperView;
  prev?: PaperRef;
  next?: PaperRef;
}

/** One (paper, CQ) card. */
export interface CellRead {
  context: CardContext;
  paper: PaperRef;
  cell: Cell;
}

/** One page of the review queue. */
export interface QueueRead {
  context: CardContext;
  items: { paper: PaperRef; cell: Cell }[];
  /** Cells in the queue (all answered cells). */
  total: number;
  /** Cells without a gold label. */
  open: number;
}

export interface CorpusReader {
  /**
   * Every paper with the vote summary of each cell: the overview and the queue order. A summary cell
   * holds its label, consensus, agreement, gold label and primary vote only (no `answers`, `vote` or
   * notes; its primary's `documentId` is empty), and cells alike in all of these are one shared,
   * never mutated object: 100,000 papers' summary takes tens of MB, not GB.
   */
  summary(): Corpus<AnswerVote>;
  /**
   * The papers in page order (id and title), read without the summary: a listing, not a vote per cell (the
   * summary's order when no run is left out; see `summary` for papers that no shown run answered).
   */
  order(): readonly PaperRef[];
  /** The questions and runs the cards show. */
  context(): CardContext;
  /** Several papers' pages (full answers, reviews, notes) in a few queries: a block of report pages. */
  papers(documentIds: readonly string[]): Map<string, PaperView>;
  /** A paper's page, or undefined when the paper is not in the store or has no answers. */
  paper(documentId: string): PaperRead | undefined;
  /**
   * One cell, or undefined when the store has no answer for it. Pass the `context` of an earlier
   * read to skip reading it again (a review changes no question or run).
   */
  cell(documentId: string, cq: number, context?: CardContext): CellRead | undefined;
  /** `limit` queue items from `offset` (unreviewed first, then disagreements, then least confident). */
  queue(offset: number, limit: number): QueueRead;
  /**
   * Tells the reader that this connection stored `review` (a write of its own does not change SQLite's
   * data_version): the cached summary's cell is updated in place instead of reading every paper again.
   * Returns the cell replaced (for aggregates kept over the summary, see overview-aggregates.ts), or
   * undefined when no summary is cached, the cell is not in it, or the review is a note.
   */
  reviewed(review: Review): SummaryChange | undefined;
}

/** A summary cell that `reviewed` replaced: the summary, its paper (updated in place), the cell before and after. */
export interface SummaryChange {
  summary: Corpus<AnswerVote>;
  paper: PaperView<AnswerVote>;
  before: Cell<AnswerVote>;
  after: Cell<AnswerVote>;
}

/**
 * A reader over `store`. It keeps two caches: the questions and runs (until another connection
 * commits), and the deep-learning verdict of papers that only non-extractive engines answered, read
 * from their text once (a paper's id is its file's SHA-256, so the text behind an id does not change).
 * @example const reader = createCorpusReader(store); reader.cell(paperId, 7)?.cell.label
 */
export function createCorpusReader(
  store: Store,
  catalogue: Question[] = builtinQuestions(),
  options: CorpusOptions = {},
): CorpusReader {
  const q = createReadQueries(store);
  const shown = options.runs;
  const keep = <A extends { runKey: string }>(list: A[]): A[] =>
    shown ? list.filter((a) => shown.has(a.runKey)) : list;
  const dlByText = new Map<string, boolean>();
  const dlOf = (id: string, answers: AnswerVote[]): boolean => {
    const fromAnswers = dlFromAnswers(answers);
    if (fromAnswers !== undefined) return fromAnswers;
    let dl = dlByText.get(id);
    if (dl === undefined) {
      dl = dlFromText(store, id);
      dlByText.set(id, dl);
    }
    return dl;
  };
  // The questions and runs change only when another connection (an extract run) commits: keep
  // them until SQLite's data_version says so, instead of three scans of the answers per request.
  let cached: { version: number; context: CardContext } | undefined;
  const context = (): CardContext => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (cached?.version === version) return cached.context;
    const used = q.usedRunKeys();
    const runs = runViews(
      keep(listRunKeys(store)),
      shown ? { all: new Set([...used.all].filter((k) => shown.has(k))), orphans: keep(used.orphans) } : used,
    );
    cached = { version, context: { questions: questionsFor(q.questionWordings(), catalogue), runs } };
    return cached.context;
  };
  const reviewsOf = (filter: Partial<CellRef>): CellReviews => ({
    gold: new Map(q.goldReviews(filter).map((r) => [cellKey(r.documentId, r.cq), r])),
    notes: filter.documentId === undefined ? new Map() : notesByCell(q.noteReviews(filter)),
  });
  const readCell = (ctx: CardContext, documentId: string, cq: number): CellRead | undefined => {
    const answers = keep(q.paperAnswers(documentId, cq));
    const summary = q.documentSummary(documentId);
    if (answers.length === 0 || summary === undefined) return undefined;
    const reviews = reviewsOf({ documentId, cq });
    const key = cellKey(documentId, cq);
    const cell = buildCell(answers, ctx.runs, reviews.gold.get(key), reviews.notes.get(key));
    const paper: PaperRef = { id: documentId, title: paperTitle(summary), dl: dlOf(documentId, answers) };
    return { context: ctx, paper, cell };
  };

  // The summary of every paper (the overview and the queue order) is kept until another connection
  // commits; reviews made through this reader update it in place (`reviewed`).
  let summaryCache:
    | { version: number; corpus: Corpus<AnswerVote>; position: Map<string, number>; queue?: QueueOrder }
    | undefined;
  // The papers in page order (for previous/next links) while no summary is kept, until another connection commits.
  let orderCache: { version: number; order: PaperRef[]; position: Map<string, number> } | undefined;
  const current = () => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (summaryCache?.version === version) return summaryCache;
    const corpus = readSummary();
    summaryCache = { version, corpus, position: positions(corpus.papers) };
    orderCache = undefined;
    return summaryCache;
  };
  const summary = (): Corpus<AnswerVote> => current().corpus;
  // The summary's papers are in page order already: with a summary kept, no second list of every paper
  // (it also leaves out, as `loadCorpus` does, papers that no shown run answered: their page is not found).
  const paperOrder = (): { order: readonly PaperRef[]; position: ReadonlyMap<string, number> } => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (summaryCache?.version === version)
      return { order: summaryCache.corpus.papers, position: summaryCache.position };
    if (orderCache?.version !== version) {
      const order = sortPapers(q.answeredDocuments().map((d) => ({ id: d.id, title: paperTitle(d) })));
      orderCache = { version, order, position: positions(order) };
    }
    return orderCache;
  };
  const reviewed = (review: Review): SummaryChange | undefined => {
    const at = summaryCache?.position.get(review.documentId);
    if (!summaryCache || at === undefined || review.action === "note") return undefined;
    const paper = summaryCache.corpus.papers[at];
    const index = paper.cells.findIndex((c) => c.cq === review.cq);
    const cell = paper.cells[index];
    if (cell === undefined) return undefined;
    // A gold label changes the label only (consensus, agreement and the primary answer are the
    // engines'): the same cell `buildCell` gives with this review. Never mutated: cells are shared.
    const after: Cell<AnswerVote> = { ...cell, gold: review, label: review.reported ?? cell.consensus };
    paper.cells[index] = after;
    paper.completeness = paper.cells.filter((c) => c.label === "yes").length / paper.cells.length;
    if (summaryCache.queue) markReviewed(summaryCache.queue, at, index, !cell.gold);
    return { summary: summaryCache.corpus, paper, before: cell, after };
  };
  const readSummary = (): Corpus<AnswerVote> => {
    // Pairs whose pack other writes left stale (a pruned run, a deleted paper) are read from their
    // answers; a writable store packs them again first, so that is paid once, not on every read. Only
    // an optimisation: when another process holds the write lock, the stale pairs are read as they are.
    if (!store.readonly && hasVotePacks(store.db)) {
      try {
        refreshVotePacks(store.db);
      } catch {
        // SQLITE_BUSY (an extract writing meanwhile): the votes read below are exact either way.
      }
    }
    const { questions, runs } = context();
    const gold = new Map<string, Map<number, Review>>();
    for (const r of q.goldReviews()) {
      const paper = gold.get(r.documentId) ?? new Map<number, Review>();
      gold.set(r.documentId, paper.set(r.cq, r));
    }
    const docs = new Map(q.answeredDocuments().map((d) => [d.id, d]));
    const built = new Map<string, PaperView<AnswerVote>>();
    const cellOf = summaryCells(runs);
    let group: AnswerVote[] = [];
    const flush = () => {
      const doc = group.length > 0 ? docs.get(group[0].documentId) : undefined;
      if (doc !== undefined) {
        const paperGold = gold.get(doc.id);
        const cells: Cell<AnswerVote>[] = [];
        // The votes come by CQ: each run of one CQ's votes is a cell.
        for (let start = 0, end = 1; start < group.length; end++) {
          if (end < group.length && group[end].cq === group[start].cq) continue;
          cells.push(cellOf(group.slice(start, end), paperGold?.get(group[start].cq)));
          start = end;
        }
        built.set(doc.id, summaryPaper(doc, cells, dlOf(doc.id, group)));
      }
      group = [];
    };
    // One pass over the votes in paper order (then CQ, then run key): one paper's votes in memory at a time.
    q.eachPaperVotes(
      (_, votes) => {
        group = votes;
        flush();
      },
      shown && ((runKey) => shown.has(runKey)),
    );
    const papers = [...docs.keys()].flatMap((id) => built.get(id) ?? []);
    return { questions, runs, papers: sortPapers(papers) };
  };
  const queueOrder = (): QueueOrder => {
    const cache = current();
    cache.queue ??= buildQueueOrder(cache.corpus);
    return cache.queue;
  };
  const readPapers = (documentIds: readonly string[]): Map<string, PaperView> => {
    const ctx = context();
    const docs = new Map(q.documentSummaries(documentIds).map((d) => [d.id, d]));
    const reviews = q.papersReviews(documentIds);
    const cellReviews: CellReviews = {
      gold: new Map(reviews.gold.map((r) => [cellKey(r.documentId, r.cq), r])),
      notes: notesByCell(reviews.notes),
    };
    const out = new Map<string, PaperView>();
    for (const [id, answers] of groupBy(keep(q.papersAnswers(documentIds)), (a) => a.documentId)) {
      const doc = docs.get(id);
      if (doc) out.set(id, buildPaper(doc, answers, ctx.runs, cellReviews, dlOf(id, answers)));
    }
    return out;
  };

  return {
    summary,
    order: () => paperOrder().order,
    context,
    reviewed,
    paper: (documentId) => {
      const doc = q.documentSummary(documentId);
      const answers: RunAnswer[] = doc ? keep(q.paperAnswers(documentId)) : [];
      if (doc === undefined || answers.length === 0) return undefined;
      const ctx = context();
      const paper = buildPaper(doc, answers, ctx.runs, reviewsOf({ documentId }), dlOf(doc.id, answers));
      const { order, position } = paperOrder();
      const index = position.get(documentId) ?? -1;
      return { context: ctx, paper, prev: order[index - 1], next: order[index + 1] };
    },
    papers: readPapers,
    cell: (documentId, cq, ctx) => readCell(ctx ?? context(), documentId, cq),
    queue: (offset, limit) => {
      const order = queueOrder();
      const { corpus } = current();
      const ctx: CardContext = { questions: corpus.questions, runs: corpus.runs };
      const items = queueSlice(order, offset, limit).flatMap(({ paper, cell }) => {
        const read = readCell(ctx, paper.id, cell.cq);
        return read ? [{ paper: read.paper, cell: read.cell }] : [];
      });
      return { context: ctx, items, total: order.items.length, open: order.open };
    },
  };
}

/**
 * A cell as it reads after `review` was added to it, without asking the store again: an accept or
 * correction becomes the gold label, a note joins the notes.
 * @example withReview(read, addReview(store, request)).cell.label
 */
export function withReview(read: CellRead, review: Review): CellRead {
  const { cell } = read;
  const group = cell.vote ? [...cell.answers, cell.vote] : [...cell.answers];
  const gold = review.action === "note" ? cell.gold : review;
  const notes = review.note !== null ? [...cell.notes, review] : cell.notes;
  return { ...read, cell: buildCell(group, read.context.runs, gold, notes) };
}

/** Each paper's index by its id. */
function positions(papers: readonly { id: string }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [i, p] of papers.entries()) out.set(p.id, i);
  return out;
}

function notesByCell(notes: Review[]): Map<string, Review[]> {
  return groupBy(notes, (r) => cellKey(r.documentId, r.cq));
}

/**
 * A paper of the summary: the paper `buildPaper` gives for these cells. Made here, not by
 * `buildPaper`: V8 decides per object literal whether to make its objects in the old generation,
 * and the summary's papers all live on while `buildPaper`'s page views do not; with one literal for
 * both, most votes read for the summary ended in the old generation too (at 20,000 papers a 190 MB
 * heap for 35 MB of summary).
 */
function summaryPaper(doc: DocumentSummary, cells: Cell<AnswerVote>[], dl: boolean): PaperView<AnswerVote> {
  cells.sort((a, b) => a.cq - b.cq);
  let yes = 0;
  for (const cell of cells) if (cell.label === "yes") yes++;
  return {
    id: doc.id,
    title: paperTitle(doc),
    file: basename(doc.path),
    pageCount: doc.pageCount,
    dl,
    cells,
    completeness: yes / cells.length,
  };
}

/**
 * Makes the summary's cells from each cell's votes (one per run key) and gold label: the outcome
 * `buildCell` gives (`voteOutcome`), without the votes (no `answers`, `vote` or notes; the primary's
 * `documentId` is empty). Cells without a gold label that agree in every field are one shared object
 * (a few tens of thousands of distinct ones whatever the corpus size), found before anything is made:
 * the summary of 100,000 papers makes millions of cells and keeps few.
 */
function summaryCells(runs: RunView[]): (votes: AnswerVote[], gold: Review | undefined) => Cell<AnswerVote> {
  const order = runOrder(runs);
  // Run keys and engines by number; each string kept once.
  const numbers = new Map<string, number>();
  const texts: string[] = [];
  const numberOf = (text: string): number => {
    let n = numbers.get(text);
    if (n === undefined) {
      n = texts.push(text) - 1;
      numbers.set(text, n);
    }
    return n;
  };
  // Cells alike, by one map per field in turn: no key string per cell (a key was a quarter of what
  // reading the summary allocated).
  const shared: Nested = new Map();
  return (votes, gold) => {
    const { consensus, primary: p, agreement } = voteOutcome(votes, order);
    const cq = votes[0].cq;
    const run = numberOf(p.runKey);
    const engine = numberOf(p.engine);
    const alike = gold
      ? undefined
      : (nested(
          nested(nested(nested(nested(nested(shared, cq), consensus), agreement), run), engine),
          p.reported,
        ) as Map<number, Cell<AnswerVote>>);
    const known = alike?.get(p.confidence);
    if (known) return known;
    const primary: AnswerVote = {
      documentId: "",
      runKey: texts[run],
      cq: p.cq,
      engine: texts[engine],
      reported: p.reported,
      confidence: p.confidence,
    };
    const cell: Cell<AnswerVote> = {
      cq,
      answers: [],
      consensus,
      primary,
      agreement,
      gold,
      notes: [],
      label: gold?.reported ?? consensus,
    };
    alike?.set(p.confidence, cell);
    return cell;
  };
}

type Nested = Map<unknown, unknown>;

/** The map under `key` in `map`, made when missing. */
function nested(map: Nested, key: unknown): Nested {
  let next = map.get(key) as Nested | undefined;
  if (next === undefined) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/**
 * The review queue's order (unreviewed first, then disagreements, then the least confident, then
 * title and CQ: `reviewQueue`'s) kept as the order of every cell by the last four keys alone; a
 * review only moves its cell from the unreviewed part to the reviewed part, so a page is a scan of
 * that order, never a sort of every cell per request.
 */
interface QueueOrder {
  papers: PaperView<AnswerVote>[];
  /** Cells per paper row in `items` (the most cells any paper has). */
  stride: number;
  /** paper index × stride + cell index, in the order of the keys after "reviewed". */
  items: Int32Array;
  /** Whether each item (by its position in `items`) has a gold label. */
  gold: Uint8Array;
  /** Position in `items` of each paper index × stride + cell index. */
  position: Int32Array;
  /** Items without a gold label. */
  open: number;
}

const queueCollator = new Intl.Collator();

function buildQueueOrder(corpus: Corpus<AnswerVote>): QueueOrder {
  const { papers } = corpus;
  let stride = 1;
  for (const p of papers) stride = Math.max(stride, p.cells.length);
  const cellAt = (item: number) => papers[Math.floor(item / stride)].cells[item % stride];
  // A counting sort, stable, by disagreement then confidence (as many buckets as distinct values, few
  // in practice) over the items visited in the order of the last keys: no comparison sort of millions
  // of items, and no temporary array of them.
  const distinct = new Set<number>();
  for (const p of papers) for (const c of p.cells) distinct.add(c.primary.confidence);
  const confidences = [...distinct].sort((a, b) => a - b);
  const rank = new Map(confidences.map((c, r) => [c, r]));
  const bucketOf = (item: number) => {
    const cell = cellAt(item);
    return (cell.agreement < 1 ? 0 : confidences.length) + (rank.get(cell.primary.confidence) ?? 0);
  };
  const starts = new Int32Array(2 * confidences.length + 1);
  let total = 0;
  byTitleThenCq(papers, stride, (item) => {
    starts[bucketOf(item) + 1]++;
    total++;
  });
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const items = new Int32Array(total);
  byTitleThenCq(papers, stride, (item) => {
    items[starts[bucketOf(item)]++] = item;
  });
  const gold = new Uint8Array(items.length);
  const position = new Int32Array(papers.length * stride).fill(-1);
  let open = 0;
  items.forEach((item, k) => {
    position[item] = k;
    if (cellAt(item).gold) gold[k] = 1;
    else open++;
  });
  return { papers, stride, items, gold, position, open };
}

/**
 * Visits every item (paper index × `stride` + cell index) by title, CQ, then paper index: papers are
 * in title order already, so only a run of equal titles is sorted, by CQ (as in reviewQueue).
 */
function byTitleThenCq(papers: PaperView<AnswerVote>[], stride: number, visit: (item: number) => void): void {
  for (let start = 0, end = 1; start < papers.length; start = end, end = start + 1) {
    while (end < papers.length && queueCollator.compare(papers[end - 1].title, papers[end].title) === 0) end++;
    if (end - start === 1) {
      // One paper: its cells are in CQ order.
      for (let j = 0; j < papers[start].cells.length; j++) visit(start * stride + j);
      continue;
    }
    const tied: { cq: number; item: number }[] = [];
    for (let i = start; i < end; i++) {
      for (const [j, c] of papers[i].cells.entries()) tied.push({ cq: c.cq, item: i * stride + j });
    }
    tied.sort((a, b) => a.cq - b.cq || a.item - b.item);
    for (const t of tied) visit(t.item);
  }
}

function markReviewed(order: QueueOrder, paperIndex: number, cellIndex: number, wasOpen: boolean): void {
  const k = order.position[paperIndex * order.stride + cellIndex];
  if (k < 0 || k === undefined) return;
  order.gold[k] = 1;
  if (wasOpen) order.open--;
}

/** `limit` queue items from `offset`: the unreviewed items in order, then the reviewed ones. */
function queueSlice(
  order: QueueOrder,
  offset: number,
  limit: number,
): { paper: PaperView<AnswerVote>; cell: Cell<AnswerVote> }[] {
  const out: { paper: PaperView<AnswerVote>; cell: Cell<AnswerVote> }[] = [];
  let skip = offset;
  for (const wanted of [0, 1]) {
    for (let k = 0; k < order.items.length && out.length < limit; k++) {
      if (order.gold[k] !== wanted) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      const item = order.items[k];
      const paper = order.papers[Math.floor(item / order.stride)];
      out.push({ paper, cell: paper.cells[item % order.stride] });
    }
  }
  return out;
}
