/**
 * Per-request reads for the review server: each view reads only what it shows (the vote summary of
 * every cell for the overview and the queue order; one paper's or one cell's answers and reviews
 * for a page or a card), so a request costs a few small queries instead of a corpus load. Views
 * equal those of `loadCorpus` (same grouping, order and labels).
 */
import { builtinQuestions } from "../../questions/catalogue.js";
import { type AnswerVote, type CellRef, createReadQueries } from "../../store/read-model.js";
import { cellKey, listRunKeys, type Review, type RunAnswer } from "../../store/reviews.js";
import type { Store } from "../../store/store.js";
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
  runViews,
  sortPapers,
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
    | { version: number; corpus: Corpus<AnswerVote>; byId: Map<string, PaperView<AnswerVote>>; queue?: QueueOrder }
    | undefined;
  const current = () => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (summaryCache?.version === version) return summaryCache;
    const corpus = readSummary();
    summaryCache = { version, corpus, byId: new Map(corpus.papers.map((p) => [p.id, p])) };
    return summaryCache;
  };
  const summary = (): Corpus<AnswerVote> => current().corpus;
  // The papers in page order (for previous/next links), kept until another connection commits.
  let orderCache: { version: number; order: PaperRef[]; position: Map<string, number> } | undefined;
  const paperOrder = () => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (orderCache?.version !== version) {
      const order = sortPapers(q.answeredDocuments().map((d) => ({ id: d.id, title: paperTitle(d) })));
      orderCache = { version, order, position: new Map(order.map((p, i) => [p.id, i])) };
    }
    return orderCache;
  };
  const reviewed = (review: Review): SummaryChange | undefined => {
    const paper = summaryCache?.byId.get(review.documentId);
    if (!summaryCache || !paper || review.action === "note") return undefined;
    const index = paper.cells.findIndex((c) => c.cq === review.cq);
    const cell = paper.cells[index];
    if (cell === undefined) return undefined;
    // A gold label changes the label only (consensus, agreement and the primary answer are the
    // engines'): the same cell `buildCell` gives with this review. Never mutated: cells are shared.
    const after: Cell<AnswerVote> = { ...cell, gold: review, label: review.reported ?? cell.consensus };
    paper.cells[index] = after;
    paper.completeness = paper.cells.filter((c) => c.label === "yes").length / paper.cells.length;
    if (summaryCache.queue) markReviewed(summaryCache.queue, paper, index, !cell.gold);
    return { summary: summaryCache.corpus, paper, before: cell, after };
  };
  const readSummary = (): Corpus<AnswerVote> => {
    const { questions, runs } = context();
    const reviews = reviewsOf({});
    const docs = new Map(q.answeredDocuments().map((d) => [d.id, d]));
    const built = new Map<string, PaperView<AnswerVote>>();
    const shared = new Map<string, Cell<AnswerVote>>();
    const intern = new Map<string, string>();
    const same = (text: string): string => {
      const known = intern.get(text);
      if (known !== undefined) return known;
      intern.set(text, text);
      return text;
    };
    let group: AnswerVote[] = [];
    const flush = () => {
      const doc = group.length > 0 ? docs.get(group[0].documentId) : undefined;
      if (doc !== undefined) {
        const paper = buildPaper(doc, group, runs, reviews, dlOf(doc.id, group));
        paper.cells = paper.cells.map((cell) => summaryCell(cell, shared, same));
        built.set(doc.id, paper);
      }
      group = [];
    };
    // One pass over the votes in paper order: one paper's votes in memory at a time.
    q.eachAnswerVote((vote) => {
      if (shown && !shown.has(vote.runKey)) return;
      if (group.length > 0 && group[0].documentId !== vote.documentId) flush();
      group.push(vote);
    });
    flush();
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

function notesByCell(notes: Review[]): Map<string, Review[]> {
  return groupBy(notes, (r) => cellKey(r.documentId, r.cq));
}

/**
 * A cell of the summary: the votes' outcome without the votes. Cells without a gold label that agree
 * in every field are one shared object (a few tens of thousands of distinct ones whatever the corpus size).
 */
function summaryCell(
  cell: Cell<AnswerVote>,
  shared: Map<string, Cell<AnswerVote>>,
  same: (text: string) => string,
): Cell<AnswerVote> {
  const { primary: p } = cell;
  const primary: AnswerVote = {
    documentId: "",
    runKey: same(p.runKey),
    cq: p.cq,
    engine: same(p.engine),
    reported: p.reported,
    confidence: p.confidence,
  };
  const slim: Cell<AnswerVote> = {
    cq: cell.cq,
    answers: [],
    consensus: cell.consensus,
    primary,
    agreement: cell.agreement,
    gold: cell.gold,
    notes: [],
    label: cell.label,
  };
  if (cell.gold) return slim;
  const key = `${cell.cq}|${cell.consensus}|${cell.agreement}|${p.runKey}|${p.engine}|${p.reported}|${p.confidence}`;
  const known = shared.get(key);
  if (known) return known;
  shared.set(key, slim);
  return slim;
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
  const stride = Math.max(1, ...papers.map((p) => p.cells.length));
  // Papers are in title order already: equal titles share a rank, so ties fall to the CQ as in reviewQueue.
  const titleRank = new Int32Array(papers.length);
  for (let i = 1; i < papers.length; i++) {
    const tie = queueCollator.compare(papers[i - 1].title, papers[i].title) === 0;
    titleRank[i] = tie ? titleRank[i - 1] : i;
  }
  const list: number[] = [];
  papers.forEach((p, i) => {
    for (let j = 0; j < p.cells.length; j++) list.push(i * stride + j);
  });
  const cellAt = (item: number) => papers[Math.floor(item / stride)].cells[item % stride];
  list.sort((x, y) => {
    const a = cellAt(x);
    const b = cellAt(y);
    return (
      (a.agreement < 1 ? 0 : 1) - (b.agreement < 1 ? 0 : 1) ||
      a.primary.confidence - b.primary.confidence ||
      titleRank[Math.floor(x / stride)] - titleRank[Math.floor(y / stride)] ||
      a.cq - b.cq ||
      x - y
    );
  });
  const items = Int32Array.from(list);
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

function markReviewed(order: QueueOrder, paper: PaperView<AnswerVote>, cellIndex: number, wasOpen: boolean): void {
  const i = order.papers.indexOf(paper);
  const k = i < 0 ? -1 : order.position[i * order.stride + cellIndex];
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
