/**
 * Small read queries for the review server: each page or review POST reads only the rows it shows
 * (one paper, one cell, the vote summary of every cell) instead of every answer in the store.
 * Indexes for them are migration step 4; without it (an older store opened read-only) they are
 * slower but give the same rows. Orders match `listAllAnswers` and `listReviews`, so views built
 * from these equal the ones `loadCorpus` builds.
 */
import type Database from "better-sqlite3";
import { type AnswerRow, lastTextCache, rowToAnswer } from "./_rows.js";
import { candidatesColumn } from "./_statements.js";
import { type Review, type ReviewRow, type RunAnswer, rowToReview } from "./reviews.js";
import type { DocumentSummary, Store } from "./store.js";
import { type AnswerVote, eachPaperVotes, hasVotePacks, type VoteRow, voteOfRow } from "./vote-packs.js";

// What the overview and the queue need of an answer (its vote) is declared with the vote packs that store it.
export type { AnswerVote } from "./vote-packs.js";

/** A run key that has answers, with the engine of its first answer (by paper, CQ). */
export interface UsedRunKey {
  runKey: string;
  engine: string;
}

/** The run keys that have answers; see {@link ReadQueries.usedRunKeys}. */
export interface UsedRunKeys {
  all: Set<string>;
  orphans: UsedRunKey[];
}

/** The wording of a CQ as first stored (by paper, then run key). */
export interface QuestionWording {
  cq: number;
  question: string;
}

/** A (paper, CQ) pair. */
export interface CellRef {
  documentId: string;
  cq: number;
}

export interface ReadQueries {
  /** Every answer's vote (no text), ordered by paper, CQ and run key. */
  answerVotes(): AnswerVote[];
  /**
   * Every answer's vote, one at a time in the order of {@link answerVotes}, without holding them all
   * (the summary of 100,000 papers is built from one pass over this cursor).
   */
  eachAnswerVote(visit: (vote: AnswerVote) => void): void;
  /**
   * The votes of {@link eachAnswerVote} a paper at a time (papers in id order), only those of run keys
   * `keep` accepts; read from the vote packs (vote-packs.ts) when the store has them.
   */
  eachPaperVotes(visit: (documentId: string, votes: AnswerVote[]) => void, keep?: (runKey: string) => boolean): void;
  /** One paper's answers (or one cell's, with `cq`), ordered by CQ and run key. */
  paperAnswers(documentId: string, cq?: number): RunAnswer[];
  /** The answers of several papers in one query, ordered by paper, CQ and run key (a block of report pages). */
  papersAnswers(documentIds: readonly string[]): RunAnswer[];
  /** Several papers in one query (those in the store), in no particular order. */
  documentSummaries(documentIds: readonly string[]): DocumentSummary[];
  /**
   * The run keys that have answers. `orphans` are those without a `runs` row, in the order
   * `loadCorpus` meets them (first answer by paper, CQ, run key), each with its first answer's engine.
   */
  usedRunKeys(): UsedRunKeys;
  /** Each answered CQ with the wording of its first answer (by paper, run key), ordered by CQ. */
  questionWordings(): QuestionWording[];
  /** The papers that have answers, in `listDocuments` order (path, id). */
  answeredDocuments(): DocumentSummary[];
  /** One paper, when it is in the store. */
  documentSummary(documentId: string): DocumentSummary | undefined;
  /** The latest accept/correct review (the gold label) of every cell, or of one paper (and one CQ). */
  goldReviews(filter?: Partial<CellRef>): Review[];
  /** Reviews that carry a note, of one paper (and one CQ), oldest first. */
  noteReviews(filter: Partial<CellRef>): Review[];
  /** Gold labels (as {@link goldReviews}) and reviews with a note (oldest first) of several papers, in one query each. */
  papersReviews(documentIds: readonly string[]): { gold: Review[]; notes: Review[] };
}

/** The latest accept/correct review per cell, narrowed by `filter` (a SQL condition on reviews). */
function goldSql(filter: string): string {
  return `SELECT r.* FROM reviews r
    JOIN (SELECT MAX(id) AS id FROM reviews WHERE action <> 'note' ${filter}
          GROUP BY document_id, cq) latest ON latest.id = r.id
    ORDER BY r.id`;
}

const SQL = {
  answerVotes: `SELECT document_id, run_key, cq, engine, reported, confidence, flags_json
    FROM answers ORDER BY document_id, cq, run_key`,
  paperAnswers: `SELECT document_id, run_key, cq, engine, reported, answer, values_json, confidence, evidence_json,
      flags_json, question, {candidates}
    FROM answers WHERE document_id = @doc AND (@cq IS NULL OR cq = @cq) ORDER BY cq, run_key`,
  // Distinct values by skipping through an index (one lookup per value), not by reading every answer.
  runKeys: `WITH RECURSIVE k(run_key) AS (
      SELECT MIN(run_key) FROM answers
      UNION ALL
      SELECT (SELECT MIN(run_key) FROM answers WHERE run_key > k.run_key) FROM k WHERE k.run_key IS NOT NULL
    ) SELECT run_key FROM k WHERE run_key IS NOT NULL`,
  knownRunKeys: `SELECT DISTINCT run_key FROM runs`,
  firstOfRun: `SELECT engine, document_id, cq FROM answers WHERE run_key = ? ORDER BY document_id, cq LIMIT 1`,
  // The questions asked (a few dozen rows in `questions`), each with the wording of its first answer in paper
  // order. The answers' primary key (paper, CQ, run key) is walked in order until the first paper that has the
  // CQ (NOT INDEXED: the planner would otherwise build a temporary index of every answer), so this stays a
  // few rows per question at any corpus size.
  wordings: `SELECT cq, question FROM (
      SELECT c.cq, (SELECT q.text FROM answer_rows a NOT INDEXED JOIN questions q ON q.id = a.question_id
                    WHERE a.cq = c.cq ORDER BY a.document_id, a.cq, a.run_key LIMIT 1) AS question
      FROM (SELECT DISTINCT cq FROM questions) c
    ) WHERE question IS NOT NULL ORDER BY cq`,
  answeredDocuments: `SELECT id, path, title, page_count AS pageCount FROM documents d
    WHERE EXISTS (SELECT 1 FROM answers a WHERE a.document_id = d.id) ORDER BY path, id`,
  // The same from the vote packs (migration 13): a paper has answers when it has a pack not marked
  // stale (a pack is made only from answers), or a stale pair that still has answers. Probing the
  // packs, not the answers' table (gigabytes at 100,000 papers), for every paper.
  answeredDocumentsPacked: `SELECT id, path, title, page_count AS pageCount FROM documents d
    WHERE EXISTS (SELECT 1 FROM vote_packs p WHERE p.document_id = d.id AND NOT EXISTS (
            SELECT 1 FROM vote_packs_stale s WHERE s.document_id = p.document_id AND s.run_key = p.run_key))
       OR EXISTS (SELECT 1 FROM vote_packs_stale s CROSS JOIN answer_rows a
                  ON a.document_id = s.document_id AND a.run_key = s.run_key WHERE s.document_id = d.id)
    ORDER BY path, id`,
  documentSummary: `SELECT id, path, title, page_count AS pageCount FROM documents WHERE id = ?`,
  documentText: `SELECT text FROM documents WHERE id = ?`,
  // Several papers at once: the ids as one JSON array parameter (no limit on how many).
  papersAnswers: `SELECT document_id, run_key, cq, engine, reported, answer, values_json, confidence, evidence_json,
      flags_json, question, {candidates}
    FROM answers WHERE document_id IN (SELECT value FROM json_each(@ids)) ORDER BY document_id, cq, run_key`,
  documentSummaries: `SELECT id, path, title, page_count AS pageCount FROM documents
    WHERE id IN (SELECT value FROM json_each(@ids))`,
  // The same from the listing index (migration 13): SQLite would look each id up in the primary key's
  // index and then read the paper's row, whose text makes it pages long.
  documentSummariesListed: `SELECT id, path, title, page_count AS pageCount FROM documents INDEXED BY documents_listing
    WHERE id IN (SELECT value FROM json_each(@ids))`,
  goldReviewsPapers: goldSql("AND document_id IN (SELECT value FROM json_each(@ids))"),
  noteReviewsPapers: `SELECT * FROM reviews WHERE note IS NOT NULL AND document_id IN (SELECT value FROM json_each(@ids))
    ORDER BY id`,
  // One statement per filter shape: "(@doc IS NULL OR document_id = @doc)" would stop SQLite from using
  // the index, and every review POST would scan all reviews.
  goldReviewsAll: goldSql(""),
  goldReviewsPaper: goldSql("AND document_id = @doc"),
  goldReviewsCell: goldSql("AND document_id = @doc AND cq = @cq"),
  noteReviewsPaper: `SELECT * FROM reviews WHERE note IS NOT NULL AND document_id = @doc ORDER BY id`,
  noteReviewsCell: `SELECT * FROM reviews WHERE note IS NOT NULL AND document_id = @doc AND cq = @cq ORDER BY id`,
  noteReviewsAll: `SELECT * FROM reviews WHERE note IS NOT NULL ORDER BY id`,
} as const;

/**
 * The read queries over `store`, each statement prepared once on first use (a review POST runs a
 * handful of them; preparing costs more than running).
 * @example const q = createReadQueries(store); q.paperAnswers(paperId, 7)
 */
export function createReadQueries(store: Store): ReadQueries {
  const prepared = new Map<keyof typeof SQL, Database.Statement>();
  const st = (name: keyof typeof SQL): Database.Statement => {
    let statement = prepared.get(name);
    if (statement === undefined) {
      // {candidates}: the column, or NULL in an older store read without migrating.
      statement = store.db.prepare(SQL[name].replace("{candidates}", () => candidatesColumn(store.db)));
      prepared.set(name, statement);
    }
    return statement;
  };
  const eachVoteRow = (visit: (row: VoteRow) => void) => {
    for (const row of st("answerVotes").raw(true).iterate() as IterableIterator<VoteRow>) visit(row);
  };
  let packs: boolean | undefined;
  let listed: boolean | undefined;
  // Quotes stored as offsets are rebuilt from their paper's text, read once per paper and query.
  const texts = () => lastTextCache((id) => st("documentText").pluck(true).get(id) as string | undefined);
  return {
    answerVotes: () => (st("answerVotes").raw(true).all() as VoteRow[]).map(voteOfRow),
    eachAnswerVote: (visit) => eachVoteRow((row) => visit(voteOfRow(row))),
    eachPaperVotes: (visit, keep = () => true) => {
      packs ??= hasVotePacks(store.db);
      if (packs) {
        eachPaperVotes(store.db, visit, keep);
        return;
      }
      // A store without packs (read-only, older schema): the answers' rows, grouped by paper.
      let group: AnswerVote[] = [];
      eachVoteRow((row) => {
        if (!keep(row[1])) return;
        if (group.length > 0 && group[0].documentId !== row[0]) {
          visit(group[0].documentId, group);
          group = [];
        }
        group.push(voteOfRow(row));
      });
      if (group.length > 0) visit(group[0].documentId, group);
    },
    papersAnswers: (documentIds) =>
      (
        st("papersAnswers")
          .raw(true)
          .all({ ids: JSON.stringify(documentIds) }) as AnswerCells[]
      ).map(toRunAnswer(texts())),
    documentSummaries: (documentIds) => {
      listed ??= hasIndex(store, "documents_listing");
      const statement = st(listed ? "documentSummariesListed" : "documentSummaries");
      return statement.all({ ids: JSON.stringify(documentIds) }) as DocumentSummary[];
    },
    papersReviews: (documentIds) => {
      const ids = JSON.stringify(documentIds);
      return {
        gold: (st("goldReviewsPapers").all({ ids }) as ReviewRow[]).map(rowToReview),
        notes: (st("noteReviewsPapers").all({ ids }) as ReviewRow[]).map(rowToReview),
      };
    },
    paperAnswers: (documentId, cq) =>
      (
        st("paperAnswers")
          .raw(true)
          .all({ doc: documentId, cq: cq ?? null }) as AnswerCells[]
      ).map(toRunAnswer(texts())),
    usedRunKeys: () => {
      const all = new Set(st("runKeys").pluck(true).all() as string[]);
      const known = new Set(st("knownRunKeys").pluck(true).all() as string[]);
      const orphans = [...all]
        .filter((runKey) => !known.has(runKey))
        .map((runKey) => ({
          runKey,
          ...(st("firstOfRun").get(runKey) as { engine: string; document_id: string; cq: number }),
        }))
        .sort((a, b) => compareText(a.document_id, b.document_id) || a.cq - b.cq || compareText(a.runKey, b.runKey));
      return { all, orphans: orphans.map(({ runKey, engine }) => ({ runKey, engine })) };
    },
    questionWordings: () => st("wordings").all() as QuestionWording[],
    answeredDocuments: () => {
      packs ??= hasVotePacks(store.db);
      return st(packs ? "answeredDocumentsPacked" : "answeredDocuments").all() as DocumentSummary[];
    },
    documentSummary: (documentId) => st("documentSummary").get(documentId) as DocumentSummary | undefined,
    goldReviews: (filter = {}) =>
      (st(`goldReviews${shape(filter)}`).all(params(filter)) as ReviewRow[]).map(rowToReview),
    noteReviews: (filter) => (st(`noteReviews${shape(filter)}`).all(params(filter)) as ReviewRow[]).map(rowToReview),
  };
}

/** The columns of `paperAnswers` and `papersAnswers`, read as arrays (cheaper than row objects). */
type AnswerCells = [
  document_id: string,
  run_key: string,
  cq: number,
  engine: string,
  reported: string,
  answer: string,
  values_json: string,
  confidence: number,
  evidence_json: string,
  flags_json: string | null,
  question: string,
  candidates_json: string | null,
];

/**
 * A row of `answers` as a RunAnswer, its quotes rebuilt from `text`'s paper texts. The paper's id
 * and run key are set on the answer `rowToAnswer` made (not copied into a new object): the same keys
 * in the same order, at a third of the cost for the report's hundreds of thousands of answers.
 */
function toRunAnswer(text: (documentId: string) => () => string): (cells: AnswerCells) => RunAnswer {
  return (cells) => {
    const [
      document_id,
      run_key,
      cq,
      engine,
      reported,
      answer,
      values_json,
      confidence,
      evidence_json,
      flags_json,
      question,
      candidates_json,
    ] = cells;
    const row: AnswerRow = {
      document_id,
      cq,
      engine,
      reported,
      answer,
      values_json,
      confidence,
      evidence_json,
      flags_json,
      question,
      candidates_json,
    };
    const out = rowToAnswer(row, text(document_id)) as RunAnswer;
    out.documentId = document_id;
    out.runKey = run_key;
    return out;
  };
}

/** Whether the store has the index `name` (an older store opened read-only may not). */
function hasIndex(store: Store, name: string): boolean {
  return store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) !== undefined;
}

/** Which statement a filter needs: a whole cell, a paper, or everything (a CQ alone filters nothing). */
function shape(filter: Partial<CellRef>): "Cell" | "Paper" | "All" {
  if (filter.documentId === undefined) return "All";
  return filter.cq === undefined ? "Paper" : "Cell";
}

function params(filter: Partial<CellRef>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (filter.documentId !== undefined) out.doc = filter.documentId;
  if (filter.documentId !== undefined && filter.cq !== undefined) out.cq = filter.cq;
  return out;
}

// SQLite's ORDER BY on TEXT compares bytes (BINARY); for the UTF-16 strings here code-unit order
// matches it for every id methodscope writes (hex digests and ASCII run keys).
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
