/**
 * The corpus as the report and the review UI show it: per paper and CQ every engine's answer, the
 * vote, agreement, and the reviewer's gold label. `loadCorpus` reads it all at once (report,
 * exports, evaluation); the parts here also build one paper or cell at a time (./reader.ts).
 * Rendering is pure.
 */
import { basename } from "node:path";
import { detectDeepLearning } from "../../answer/extractive/dl-detect.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { AnswerVote, QuestionWording, UsedRunKeys } from "../../store/read-model.js";
import {
  cellKey,
  goldReviews,
  listAllAnswers,
  listReviews,
  listRunKeys,
  type Review,
  type RunAnswer,
  type RunKeyInfo,
} from "../../store/reviews.js";
import type { DocumentSummary, Store } from "../../store/store.js";
import type { Question, YesNo } from "../../types.js";

/** Below this confidence an answer is shown as uncertain and moves up the review queue. */
export const LOW_CONFIDENCE = 0.7;

/** A run key with the name the views give it. */
export interface RunView extends RunKeyInfo {
  label: string;
  /** True for a run whose answers are already a vote over other runs (engine "vote(…)", "vote" or "…-vote"). */
  isVote: boolean;
}

/**
 * Everything known about one (paper, CQ). `A` is the answer shape: full answers (the default) for
 * cards, or only their votes ({@link AnswerVote}) for the overview and the queue order.
 */
export interface Cell<A extends AnswerVote = RunAnswer> {
  cq: number;
  /** One answer per (non-vote) run, in run order. */
  answers: A[];
  /** The stored vote run's answer, when a vote run answered. */
  vote?: A;
  /** The vote's label, else the majority of `answers` (a tie goes to the most confident answer). */
  consensus: YesNo;
  /** The answer shown: the vote's, else the most confident answer that agrees with the consensus. */
  primary: A;
  /** Share of `answers` that agree with the consensus (1 with a single engine). */
  agreement: number;
  gold?: Review;
  /** Reviews with a note (empty in vote-only summaries, which show no notes). */
  notes: Review[];
  /** The label the corpus views use: gold when reviewed, else the consensus. */
  label: YesNo;
}

export interface PaperView<A extends AnswerVote = RunAnswer> {
  id: string;
  title: string;
  /** File name only: full paths stay out of pages. */
  file: string;
  pageCount: number;
  dl: boolean;
  cells: Cell<A>[];
  /** Share of answered CQs whose label is "yes". */
  completeness: number;
}

export interface Corpus<A extends AnswerVote = RunAnswer> {
  questions: Question[];
  runs: RunView[];
  papers: PaperView<A>[];
}

/**
 * Reads answers, runs and reviews from the store into a {@link Corpus}: every answer of every
 * paper, for the single-file report, exports and evaluation. The review server reads less per
 * request (`createCorpusReader`).
 * @example const corpus = loadCorpus(openStore("methodscope.db"));
 */
export function loadCorpus(
  store: Store,
  catalogue: Question[] = builtinQuestions(),
  options: CorpusOptions = {},
): Corpus {
  const shown = options.runs;
  const answers = shown ? listAllAnswers(store).filter((a) => shown.has(a.runKey)) : listAllAnswers(store);
  const keys = shown ? listRunKeys(store).filter((k) => shown.has(k.runKey)) : listRunKeys(store);
  const runs = runViews(keys, usedRunKeysOf(answers, keys));
  const gold = goldReviews(store);
  const notes = groupBy(
    listReviews(store).filter((r) => r.note !== null),
    (r) => cellKey(r.documentId, r.cq),
  );
  const byPaper = groupBy(answers, (a) => a.documentId);
  const papers: PaperView[] = [];
  for (const summary of store.listDocuments()) {
    const paperAnswers = byPaper.get(summary.id);
    if (!paperAnswers) continue;
    const dl = dlFromAnswers(paperAnswers) ?? dlFromText(store, summary.id);
    papers.push(buildPaper(summary, paperAnswers, runs, { gold, notes }, dl));
  }
  return { questions: questionsFor(wordingsOf(answers), catalogue), runs, papers: sortPapers(papers) };
}

/** Which runs a view shows. */
export interface CorpusOptions {
  /**
   * The run keys to show (see `selectRuns` in src/store/runs.ts: by default the latest run of each
   * engine family); all of them when absent.
   */
  runs?: ReadonlySet<string>;
}

/** Gold labels and notes of the cells being built, keyed by {@link cellKey}. */
export interface CellReviews {
  gold: Map<string, Review>;
  notes: Map<string, Review[]>;
}

/**
 * One paper's view from its answers (any order; grouped by CQ here).
 * @example buildPaper(store.listDocuments()[0], answers, runs, { gold, notes }, true)
 */
export function buildPaper<A extends AnswerVote>(
  summary: DocumentSummary,
  answers: A[],
  runs: RunView[],
  reviews: CellReviews,
  dl: boolean,
): PaperView<A> {
  const cells = [...groupBy(answers, (a) => String(a.cq)).values()].map((group) => {
    const key = cellKey(summary.id, group[0].cq);
    return buildCell(group, runs, reviews.gold.get(key), reviews.notes.get(key));
  });
  cells.sort((a, b) => a.cq - b.cq);
  return {
    id: summary.id,
    title: paperTitle(summary),
    file: basename(summary.path),
    pageCount: summary.pageCount,
    dl,
    cells,
    completeness: cells.filter((c) => c.label === "yes").length / cells.length,
  };
}

/** The title a paper is shown and sorted by: its own, else its file name. */
export function paperTitle(summary: Pick<DocumentSummary, "title" | "path">): string {
  return summary.title || basename(summary.path);
}

// One collator for every comparison: the same order as String#localeCompare without its per-call setup.
const collator = new Intl.Collator();

/** Papers in the views' order: by title (stable, so equal titles keep the store's path order). */
export function sortPapers<P extends { title: string }>(papers: P[]): P[] {
  return papers.sort((a, b) => collator.compare(a.title, b.title));
}

/** The run keys of `answers` in first-appearance order; those without a row in `keys` are orphans. */
function usedRunKeysOf(answers: AnswerVote[], keys: RunKeyInfo[]): UsedRunKeys {
  const all = new Set(answers.map((a) => a.runKey));
  const known = new Set(keys.map((k) => k.runKey));
  const orphans = [...all]
    .filter((runKey) => !known.has(runKey))
    .map((runKey) => ({ runKey, engine: answers.find((a) => a.runKey === runKey)?.engine ?? "unknown" }));
  return { all, orphans };
}

/**
 * The runs the views show: those with answers, in run order, then answers whose run row is missing.
 * Two runs of one engine without a model are told apart by their key.
 */
export function runViews(keys: RunKeyInfo[], used: UsedRunKeys): RunView[] {
  const known: RunKeyInfo[] = keys.filter((k) => used.all.has(k.runKey));
  // Answers whose run row is missing still get a column.
  for (const orphan of used.orphans) known.push({ ...orphan, settings: {}, startedAt: "" });
  const engineCount = new Map<string, number>();
  for (const k of known) engineCount.set(k.engine, (engineCount.get(k.engine) ?? 0) + 1);
  return known.map((k) => {
    const model = typeof k.settings.model === "string" ? k.settings.model : undefined;
    let label = model ? `${k.engine}: ${model}` : k.engine;
    if (!model && (engineCount.get(k.engine) ?? 0) > 1) label = `${k.engine} (${k.runKey.slice(0, 6)})`;
    const isVote = k.engine === "vote" || k.engine.startsWith("vote(") || k.engine.endsWith("-vote");
    return { ...k, label, isVote };
  });
}

/** One (paper, CQ) cell from its answers (one per run key). */
export function buildCell<A extends AnswerVote>(
  group: A[],
  runs: RunView[],
  gold?: Review,
  notes: Review[] = [],
): Cell<A> {
  const order = runOrder(runs);
  const { vote, consensus, primary, agreement } = voteOutcome(group, order);
  const others = group.filter((a) => a !== vote);
  const answers = (others.length > 0 ? others : group).sort(
    (a, b) => (order.rank.get(a.runKey) ?? 0) - (order.rank.get(b.runKey) ?? 0),
  );
  return {
    cq: group[0].cq,
    answers,
    vote,
    consensus,
    primary,
    agreement,
    gold,
    notes,
    label: gold?.reported ?? consensus,
  };
}

/** Each run key's place in the runs' order and which runs are votes: what a cell looks up per answer. */
export interface RunOrder {
  rank: ReadonlyMap<string, number>;
  votes: ReadonlySet<string>;
}

/**
 * The lookups of `runs` that {@link voteOutcome} needs; make it once for many cells.
 * @example const order = runOrder(corpus.runs); voteOutcome(answers, order).consensus
 */
export function runOrder(runs: RunView[]): RunOrder {
  const votes = new Set<string>();
  const seen = new Set<string>();
  for (const r of runs) {
    if (seen.has(r.runKey)) continue;
    seen.add(r.runKey);
    if (r.isVote) votes.add(r.runKey);
  }
  return { rank: new Map(runs.map((r, i) => [r.runKey, i])), votes };
}

/**
 * A cell's outcome from its answers (one per run key), as {@link buildCell} gives it: the vote run's
 * answer, else the majority of the other answers (a tie goes to the most confident); the primary
 * answer; the share that agrees. Ties in confidence go to the answer first in run order. Nothing is
 * copied or sorted: the summary of every cell (reader.ts) calls it millions of times.
 * @example voteOutcome(answers, runOrder(runs)).consensus // "yes"
 */
export function voteOutcome<A extends AnswerVote>(
  group: readonly A[],
  order: RunOrder,
): { vote: A | undefined; consensus: YesNo; primary: A; agreement: number } {
  let vote: A | undefined;
  for (const a of group) {
    if (order.votes.has(a.runKey)) {
      vote = a;
      break;
    }
  }
  // The answers shown: all but the vote's, or the vote's alone when no other run answered.
  let onlyVote = true;
  for (const a of group) if (a !== vote) onlyVote = false;
  let count = 0;
  let yes = 0;
  for (const a of group) {
    if (!onlyVote && a === vote) continue;
    count++;
    if (a.reported === "yes") yes++;
  }
  const no = count - yes;
  const consensus: YesNo = vote
    ? vote.reported
    : yes === no
      ? strongest(group, order, onlyVote, vote, undefined).reported
      : yes > no
        ? "yes"
        : "no";
  let agree = 0;
  for (const a of group) if ((onlyVote || a !== vote) && a.reported === consensus) agree++;
  return {
    vote,
    consensus,
    primary: vote ?? strongest(group, order, onlyVote, vote, consensus),
    agreement: agree / count,
  };
}

/**
 * The most confident answer shown (of those reporting `label`, when given); on a tie the first in the
 * cell's answer order (run order, then as given).
 */
function strongest<A extends AnswerVote>(
  group: readonly A[],
  order: RunOrder,
  onlyVote: boolean,
  vote: A | undefined,
  label: YesNo | undefined,
): A {
  let best = -1;
  let bestRank = 0;
  for (let i = 0; i < group.length; i++) {
    const a = group[i];
    if ((!onlyVote && a === vote) || (label !== undefined && a.reported !== label)) continue;
    const rank = order.rank.get(a.runKey) ?? 0;
    const b = group[best];
    // Later in `group` with the same rank comes later in the answers, so only a lower rank wins a tie.
    if (best < 0 || a.confidence > b.confidence || (a.confidence === b.confidence && rank < bestRank)) {
      best = i;
      bestRank = rank;
    }
  }
  return group[best];
}

/**
 * Whether a paper is a deep-learning study, when its answers say: the extractive engine flags every
 * answer it gates as "non-dl-paper". Undefined for papers answered only by other engines, which
 * are classified from their stored text ({@link dlFromText}).
 */
export function dlFromAnswers(answers: AnswerVote[]): boolean | undefined {
  if (answers.some((a) => a.flags?.includes("non-dl-paper"))) return false;
  if (answers.some((a) => a.engine === "extractive")) return true;
  return undefined;
}

/**
 * A paper's deep-learning verdict when no extractive answer gives it: the one `extract` stored with
 * the paper; only a store written before that was recorded (schema < 6) falls back to detecting it
 * from the stored text (true when the text is gone).
 */
export function dlFromText(store: Store, id: string): boolean {
  const stored = store.getDeepLearning(id);
  if (stored !== undefined) return stored;
  const doc = store.getDocument(id);
  return doc ? detectDeepLearning(doc).dl : true;
}

/** The wording of each CQ as first met in `answers`. */
function wordingsOf(answers: RunAnswer[]): QuestionWording[] {
  const seen = new Map<number, QuestionWording>();
  for (const a of answers) if (!seen.has(a.cq)) seen.set(a.cq, { cq: a.cq, question: a.question });
  return [...seen.values()];
}

/** The questions the views show: catalogue entries with the stored wording, ordered by CQ. */
export function questionsFor(wordings: QuestionWording[], catalogue: Question[]): Question[] {
  const byCq = new Map(catalogue.map((q) => [q.cq, q]));
  const seen = new Map<number, Question>();
  for (const w of wordings) {
    if (seen.has(w.cq)) continue;
    const known = byCq.get(w.cq);
    seen.set(
      w.cq,
      known
        ? { ...known, text: w.question || known.text }
        : { cq: w.cq, label: `CQ${w.cq}`, category: "other", text: w.question, query: [], dlSpecific: false },
    );
  }
  return [...seen.values()].sort((a, b) => a.cq - b.cq);
}

/** Groups `items` by `key`, keeping their order inside each group and the groups' first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Review priority: unreviewed first, then disagreements, then the least confident. */
export function reviewQueue<A extends AnswerVote>(corpus: Corpus<A>): { paper: PaperView<A>; cell: Cell<A> }[] {
  const items = corpus.papers.flatMap((paper) => paper.cells.map((cell) => ({ paper, cell })));
  const rank = ({ cell }: { cell: Cell<A> }) => [
    cell.gold ? 1 : 0,
    cell.agreement < 1 ? 0 : 1,
    cell.primary.confidence,
  ];
  return items.sort((x, y) => {
    const a = rank(x);
    const b = rank(y);
    return (
      a[0] - b[0] ||
      a[1] - b[1] ||
      a[2] - b[2] ||
      collator.compare(x.paper.title, y.paper.title) ||
      x.cell.cq - y.cell.cq
    );
  });
}
