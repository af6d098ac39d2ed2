/**
 * The overview's numbers that are a pass over every cell — the tiles' counts, the answered and
 * "yes" cells per question (all papers, deep-learning ones, the others) and the "Reporting rates"
 * panel's tallies — kept so that a review moves one cell's contribution ({@link moveCell}) instead of
 * counting millions of cells again. They are integer counts, and each paper's completeness as the
 * summary holds it, in paper order (so its mean is the same sum in the same order): kept across any
 * reviews they equal a fresh count exactly, and the overview rendered from them is byte-identical to
 * a full recomputation.
 */
import type { AnswerVote } from "../../store/read-model.js";
import type { Question } from "../../types.js";
import { moveRateCell, type RateCell, type RatePaper, type RateTallies, tallyRates } from "../rates.js";
import type { Cell, Corpus, PaperView } from "./corpus.js";
import { cellState } from "./states.js";
import type { MetadataOf } from "./trends.js";

/** The overview's paper filters: every paper, the deep-learning studies, the others. */
export type PaperFilter = "all" | "dl" | "nondl";

/** The papers of one filter: answered and "yes" cells per CQ (indexed by CQ), and each paper's completeness. */
export interface FilterCounts {
  answered: Int32Array;
  yes: Int32Array;
  /** Each paper's completeness, in the corpus' paper order (the histogram's values). */
  completeness: number[];
}

/** The tiles' cell counts and the per-question counts and completeness of each paper filter. */
export interface OverviewCounts {
  cells: number;
  /** Cells with a gold label. */
  reviewed: number;
  /** Cells whose engines disagree (agreement < 1). */
  disagreements: number;
  byFilter: Record<PaperFilter, FilterCounts>;
  /** Where each paper (by id) sits in `completeness` of "all" and of its own filter ("dl" or "nondl"). */
  slots: Map<string, { all: number; own: number }>;
}

/** Everything the overview counts over cells: {@link OverviewCounts} and the rates panel's tallies. */
export interface OverviewAggregates {
  counts: OverviewCounts;
  rates: RateTallies;
}

/** A summary cell that a review replaced, in its paper (what `CorpusReader.reviewed` returns). */
export interface CellChange {
  paper: PaperView<AnswerVote>;
  before: Cell<AnswerVote>;
  after: Cell<AnswerVote>;
}

/**
 * The tiles' and per-question counts of `corpus`, in one pass over its cells.
 * @example overviewCounts(reader.summary()).byFilter.dl.yes[7] // deep-learning papers reporting CQ7
 */
export function overviewCounts(corpus: Corpus<AnswerVote>): OverviewCounts {
  // Only the questions' own CQs are shown, so a cell of any other CQ counts in the tiles only.
  const size = 1 + Math.max(0, ...corpus.questions.map((q) => q.cq));
  const filter = (): FilterCounts => ({ answered: new Int32Array(size), yes: new Int32Array(size), completeness: [] });
  const counts: OverviewCounts = {
    cells: 0,
    reviewed: 0,
    disagreements: 0,
    byFilter: { all: filter(), dl: filter(), nondl: filter() },
    slots: new Map(),
  };
  for (const paper of corpus.papers) {
    const [all, own] = filtersOf(counts, paper);
    counts.slots.set(paper.id, { all: all.completeness.length, own: own.completeness.length });
    all.completeness.push(paper.completeness);
    own.completeness.push(paper.completeness);
    for (const cell of paper.cells) countCell(counts, paper, cell, 1);
  }
  return counts;
}

/**
 * The aggregates of `corpus`: its counts, and the rates panel's tallies grouped by `groupBy` with
 * `metadataOf`'s metadata (the same numbers as `ratesFromCorpus`, see trends.ts).
 * @example const aggregates = overviewAggregates(summary, (id) => meta.get(id), ["year"])
 */
export function overviewAggregates(
  corpus: Corpus<AnswerVote>,
  metadataOf: MetadataOf,
  groupBy: readonly string[],
): OverviewAggregates {
  const byCq = new Map(corpus.questions.map((q) => [q.cq, q]));
  // A paper's rate cells are made as the tally reaches it and dropped after: nothing holds every cell.
  function* papers(): Generator<RatePaper> {
    for (const p of corpus.papers)
      yield { metadata: metadataOf(p.id), cells: p.cells.map((c) => rateCellOf(c, byCq.get(c.cq), p)) };
  }
  return { counts: overviewCounts(corpus), rates: tallyRates(papers(), groupBy) };
}

/**
 * Follows a review: takes `change.before`'s contribution out of `aggregates` and adds
 * `change.after`'s, and takes the paper's completeness as it is now. The paper must be one of the
 * corpus the aggregates were built from, counted with the same `metadataOf` and `questions`.
 * @example const change = reader.reviewed(review); if (change) moveCell(aggregates, change, summary.questions, (id) => meta.get(id))
 */
export function moveCell(
  aggregates: OverviewAggregates,
  change: CellChange,
  questions: readonly Question[],
  metadataOf: MetadataOf,
): void {
  const { paper, before, after } = change;
  const { counts } = aggregates;
  countCell(counts, paper, before, -1);
  countCell(counts, paper, after, 1);
  const slot = counts.slots.get(paper.id);
  if (slot) {
    const [all, own] = filtersOf(counts, paper);
    all.completeness[slot.all] = paper.completeness;
    own.completeness[slot.own] = paper.completeness;
  }
  const question = questions.find((q) => q.cq === after.cq);
  moveRateCell(
    aggregates.rates,
    metadataOf(paper.id),
    rateCellOf(before, question, paper),
    rateCellOf(after, question, paper),
  );
}

/** The filters a paper counts in: every paper's, and deep learning's or the others'. */
function filtersOf(counts: OverviewCounts, paper: { dl: boolean }): [FilterCounts, FilterCounts] {
  const { byFilter } = counts;
  return [byFilter.all, paper.dl ? byFilter.dl : byFilter.nondl];
}

/** Adds (`sign` 1) or takes away (-1) one cell's counts. */
function countCell(counts: OverviewCounts, paper: { dl: boolean }, cell: Cell<AnswerVote>, sign: 1 | -1): void {
  counts.cells += sign;
  if (cell.gold) counts.reviewed += sign;
  if (cell.agreement < 1) counts.disagreements += sign;
  for (const f of filtersOf(counts, paper)) {
    if (!(cell.cq >= 0 && cell.cq < f.answered.length)) continue;
    f.answered[cell.cq] += sign;
    if (cell.label === "yes") f.yes[cell.cq] += sign;
  }
}

/**
 * A cell as a rate counts it (as `ratesFromCorpus` does): reported when its label is "yes", counted
 * nowhere when not applicable.
 */
function rateCellOf(cell: Cell<AnswerVote>, question: Question | undefined, paper: { dl: boolean }): RateCell {
  const state = cellState(cell.label, question, paper);
  return { cq: cell.cq, reported: state === "yes", applicable: state !== "na" };
}
