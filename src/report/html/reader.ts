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
  reviewQueue,
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
  /** Every paper with the vote summary of each cell (no answer text, no notes): the overview. */
  summary(): Corpus<AnswerVote>;
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
   */
  reviewed(review: Review): void;
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
    | { version: number; corpus: Corpus<AnswerVote>; byId: Map<string, PaperView<AnswerVote>> }
    | undefined;
  const summary = (): Corpus<AnswerVote> => {
    const version = store.db.pragma("data_version", { simple: true }) as number;
    if (summaryCache?.version === version) return summaryCache.corpus;
    const corpus = readSummary();
    summaryCache = { version, corpus, byId: new Map(corpus.papers.map((p) => [p.id, p])) };
    return corpus;
  };
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
  const reviewed = (review: Review): void => {
    const paper = summaryCache?.byId.get(review.documentId);
    if (!summaryCache || !paper || review.action === "note") return;
    const index = paper.cells.findIndex((c) => c.cq === review.cq);
    const cell = paper.cells[index];
    if (cell === undefined) return;
    const group = cell.vote ? [...cell.answers, cell.vote] : [...cell.answers];
    paper.cells[index] = buildCell(group, summaryCache.corpus.runs, review, cell.notes);
    paper.completeness = paper.cells.filter((c) => c.label === "yes").length / paper.cells.length;
  };
  const readSummary = (): Corpus<AnswerVote> => {
    const { questions, runs } = context();
    const byPaper = groupBy(keep(q.answerVotes()), (a) => a.documentId);
    const reviews = reviewsOf({});
    const papers = q.answeredDocuments().flatMap((doc) => {
      const answers = byPaper.get(doc.id);
      return answers ? [buildPaper(doc, answers, runs, reviews, dlOf(doc.id, answers))] : [];
    });
    return { questions, runs, papers: sortPapers(papers) };
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
    cell: (documentId, cq, ctx) => readCell(ctx ?? context(), documentId, cq),
    queue: (offset, limit) => {
      const corpus = summary();
      const queue = reviewQueue(corpus);
      const ctx: CardContext = { questions: corpus.questions, runs: corpus.runs };
      const items = queue.slice(offset, offset + limit).flatMap(({ paper, cell }) => {
        const read = readCell(ctx, paper.id, cell.cq);
        return read ? [{ paper: read.paper, cell: read.cell }] : [];
      });
      return { context: ctx, items, total: queue.length, open: queue.filter((x) => !x.cell.gold).length };
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
