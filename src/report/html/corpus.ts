/**
 * The corpus as the report and the review UI show it: per paper and CQ every engine's answer, the
 * vote, agreement, and the reviewer's gold label. Built once from the store; rendering is pure.
 */
import { basename } from "node:path";
import { detectDeepLearning } from "../../answer/extractive/dl-detect.js";
import { builtinQuestions } from "../../questions/catalogue.js";
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
import type { Store } from "../../store/store.js";
import type { Question, YesNo } from "../../types.js";

/** Below this confidence an answer is shown as uncertain and moves up the review queue. */
export const LOW_CONFIDENCE = 0.7;

/** A run key with the name the views give it. */
export interface RunView extends RunKeyInfo {
  label: string;
  /** True for a run whose answers are already a vote over other runs (engine "vote" or "…-vote"). */
  isVote: boolean;
}

/** Everything known about one (paper, CQ). */
export interface Cell {
  cq: number;
  /** One answer per (non-vote) run, in run order. */
  answers: RunAnswer[];
  /** The stored vote run's answer, when a vote run answered. */
  vote?: RunAnswer;
  /** The vote's label, else the majority of `answers` (a tie goes to the most confident answer). */
  consensus: YesNo;
  /** The answer shown: the vote's, else the most confident answer that agrees with the consensus. */
  primary: RunAnswer;
  /** Share of `answers` that agree with the consensus (1 with a single engine). */
  agreement: number;
  gold?: Review;
  notes: Review[];
  /** The label the corpus views use: gold when reviewed, else the consensus. */
  label: YesNo;
}

export interface PaperView {
  id: string;
  title: string;
  /** File name only: full paths stay out of pages. */
  file: string;
  pageCount: number;
  dl: boolean;
  cells: Cell[];
  /** Share of answered CQs whose label is "yes". */
  completeness: number;
}

export interface Corpus {
  questions: Question[];
  runs: RunView[];
  papers: PaperView[];
}

/**
 * Reads answers, runs and reviews from the store into a {@link Corpus}.
 * @example const corpus = loadCorpus(openStore("methodscope.db"));
 */
export function loadCorpus(store: Store, catalogue: Question[] = builtinQuestions()): Corpus {
  const answers = listAllAnswers(store);
  const runs = runViews(listRunKeys(store), answers);
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
    const cells = [...groupBy(paperAnswers, (a) => String(a.cq)).values()].map((group) =>
      buildCell(group, runs, gold.get(cellKey(summary.id, group[0].cq)), notes.get(cellKey(summary.id, group[0].cq))),
    );
    cells.sort((a, b) => a.cq - b.cq);
    papers.push({
      id: summary.id,
      title: summary.title || basename(summary.path),
      file: basename(summary.path),
      pageCount: summary.pageCount,
      dl: isDeepLearning(store, summary.id, paperAnswers),
      cells,
      completeness: cells.filter((c) => c.label === "yes").length / cells.length,
    });
  }
  papers.sort((a, b) => a.title.localeCompare(b.title));
  return { questions: questionsFor(answers, catalogue), runs, papers };
}

function runViews(keys: RunKeyInfo[], answers: RunAnswer[]): RunView[] {
  const used = new Set(answers.map((a) => a.runKey));
  const known = keys.filter((k) => used.has(k.runKey));
  // Answers whose run row is missing still get a column.
  for (const key of used) {
    if (!known.some((k) => k.runKey === key)) {
      const engine = answers.find((a) => a.runKey === key)?.engine ?? "unknown";
      known.push({ runKey: key, engine, settings: {}, startedAt: "" });
    }
  }
  const engineCount = new Map<string, number>();
  for (const k of known) engineCount.set(k.engine, (engineCount.get(k.engine) ?? 0) + 1);
  return known.map((k) => {
    const model = typeof k.settings.model === "string" ? k.settings.model : undefined;
    let label = model ? `${k.engine}: ${model}` : k.engine;
    if (!model && (engineCount.get(k.engine) ?? 0) > 1) label = `${k.engine} (${k.runKey.slice(0, 6)})`;
    return { ...k, label, isVote: k.engine === "vote" || k.engine.endsWith("-vote") };
  });
}

function buildCell(group: RunAnswer[], runs: RunView[], gold?: Review, notes: Review[] = []): Cell {
  const order = new Map(runs.map((r, i) => [r.runKey, i]));
  const vote = group.find((a) => runs.find((r) => r.runKey === a.runKey)?.isVote);
  const others = group.filter((a) => a !== vote);
  const answers = (others.length > 0 ? others : group).sort(
    (a, b) => (order.get(a.runKey) ?? 0) - (order.get(b.runKey) ?? 0),
  );
  const yes = answers.filter((a) => a.reported === "yes").length;
  const no = answers.length - yes;
  const strongest = [...answers].sort((a, b) => b.confidence - a.confidence)[0];
  const consensus: YesNo = vote ? vote.reported : yes === no ? strongest.reported : yes > no ? "yes" : "no";
  const primary =
    vote ?? [...answers].filter((a) => a.reported === consensus).sort((a, b) => b.confidence - a.confidence)[0];
  return {
    cq: group[0].cq,
    answers,
    vote,
    consensus,
    primary,
    agreement: answers.filter((a) => a.reported === consensus).length / answers.length,
    gold,
    notes,
    label: gold?.reported ?? consensus,
  };
}

// The extractive engine flags every answer it gates as "non-dl-paper"; papers answered only by
// other engines are classified from their stored text.
function isDeepLearning(store: Store, id: string, answers: RunAnswer[]): boolean {
  if (answers.some((a) => a.flags?.includes("non-dl-paper"))) return false;
  if (answers.some((a) => a.engine === "extractive")) return true;
  const doc = store.getDocument(id);
  return doc ? detectDeepLearning(doc).dl : true;
}

function questionsFor(answers: RunAnswer[], catalogue: Question[]): Question[] {
  const byCq = new Map(catalogue.map((q) => [q.cq, q]));
  const seen = new Map<number, Question>();
  for (const a of answers) {
    if (seen.has(a.cq)) continue;
    const known = byCq.get(a.cq);
    seen.set(
      a.cq,
      known
        ? { ...known, text: a.question || known.text }
        : { cq: a.cq, label: `CQ${a.cq}`, category: "other", text: a.question, query: [], dlSpecific: false },
    );
  }
  return [...seen.values()].sort((a, b) => a.cq - b.cq);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
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
export function reviewQueue(corpus: Corpus): { paper: PaperView; cell: Cell }[] {
  const items = corpus.papers.flatMap((paper) => paper.cells.map((cell) => ({ paper, cell })));
  const rank = ({ cell }: { cell: Cell }) => [cell.gold ? 1 : 0, cell.agreement < 1 ? 0 : 1, cell.primary.confidence];
  return items.sort((x, y) => {
    const a = rank(x);
    const b = rank(y);
    return (
      a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || x.paper.title.localeCompare(y.paper.title) || x.cell.cq - y.cell.cq
    );
  });
}
