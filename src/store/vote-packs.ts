/**
 * Vote packs (issue 15): what the overview, the queue and the report's summary need of every answer
 * (its CQ, label, confidence, engine and flags, not its text or evidence), kept as one short text per
 * (paper, run key). Reading 100,000 papers' votes from `answer_rows` walked every answer's full row
 * (3.4 s of SQLite alone at 5.6 million answers) and made seven values per answer in JavaScript
 * (10–20 s); the packs are a few hundred thousand short rows, split in bulk.
 *
 * Triggers on `answer_rows` (migration 13) mark a (paper, run key) stale whenever one of its answers
 * is inserted, updated in a field packed here, or deleted; a stale pair's pack is never read. A
 * writer repacks ({@link votePackWriter}, {@link refreshVotePacks}); a reader reads a stale pair's
 * answers from `answer_rows` instead, so the votes read are always exactly those of `answer_rows`.
 */
import type Database from "better-sqlite3";
import type { YesNo } from "../types.js";

/** What the overview and the queue need of an answer: its vote, not its text or evidence. */
export interface AnswerVote {
  documentId: string;
  runKey: string;
  cq: number;
  engine: string;
  reported: YesNo;
  confidence: number;
  flags?: string[];
}

/** Between the fields of one vote, and between votes: control characters JSON always escapes. */
const FIELD = "\x1f";
const VOTE = "\x1e";

/**
 * One answer as packed text: CQ, label ("y"/"n"), confidence (its shortest text when that reads back
 * as the same double, else 17 digits, which always does), engine ("" for the pack's engine, else a
 * JSON string), flags as stored (JSON). A pack stays under SQLite's local payload (about 1,000 bytes
 * in a WITHOUT ROWID table; beyond it the rest of a row takes an overflow page of its own).
 */
const VOTE_TEXT = `a.cq || char(31) || substr(a.reported, 1, 1) || char(31) ||
  CASE WHEN CAST(CAST(a.confidence AS TEXT) AS REAL) = a.confidence THEN CAST(a.confidence AS TEXT)
       ELSE printf('%!.17g', a.confidence) END || char(31) ||
  CASE WHEN a.engine = r.engine THEN '' ELSE json_quote(a.engine) END || char(31) || coalesce(a.flags_json, '')`;

/**
 * The packs of the answers `from` names `a` (narrowed by `where`), one row per (paper, run key):
 * its engine is its run's (the `runs` row's, "" without one), named once per pack.
 */
function packSelect(from: string, where = ""): string {
  return `SELECT a.document_id, a.run_key, coalesce(r.engine, ''), group_concat(${VOTE_TEXT}, char(30) ORDER BY a.cq)
    FROM ${from} LEFT JOIN (SELECT run_key, MIN(engine) AS engine FROM runs GROUP BY run_key) r ON r.run_key = a.run_key
    ${where} GROUP BY a.document_id, a.run_key`;
}

/**
 * A trigger's statement marking the pair of the `row` ("old"/"new") stale. Not INSERT OR IGNORE: the
 * conflict clause of the statement that fires a trigger overrides the trigger's own (an upsert's
 * update would fail on a pair already marked).
 */
function markStale(row: "old" | "new"): string {
  return `INSERT INTO vote_packs_stale (document_id, run_key) SELECT ${row}.document_id, ${row}.run_key
      WHERE NOT EXISTS (SELECT 1 FROM vote_packs_stale WHERE document_id = ${row}.document_id AND run_key = ${row}.run_key);`;
}

/** The schema of migration 13: the packs, the stale marks, their triggers, and every pack made once. */
export const VOTE_PACKS_SCHEMA = `
  CREATE TABLE vote_packs (
    document_id TEXT NOT NULL,
    run_key TEXT NOT NULL,
    engine TEXT NOT NULL,
    votes TEXT NOT NULL,
    PRIMARY KEY (document_id, run_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE vote_packs_stale (
    document_id TEXT NOT NULL,
    run_key TEXT NOT NULL,
    PRIMARY KEY (document_id, run_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER vote_packs_insert AFTER INSERT ON answer_rows BEGIN
    ${markStale("new")}
  END;
  CREATE TRIGGER vote_packs_update
    AFTER UPDATE OF document_id, run_key, cq, engine, reported, confidence, flags_json ON answer_rows BEGIN
    ${markStale("old")}
    ${markStale("new")}
  END;
  CREATE TRIGGER vote_packs_delete AFTER DELETE ON answer_rows BEGIN
    ${markStale("old")}
  END;
  INSERT INTO vote_packs (document_id, run_key, engine, votes) ${packSelect("answer_rows a")};
`;

/** Whether `db` has vote packs (an older store opened read-only has not). */
export function hasVotePacks(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vote_packs'").get() !== undefined;
}

/** Statements that repack one (paper, run key), prepared once per connection. */
export interface VotePackWriter {
  repack(documentId: string, runKey: string): void;
}

/**
 * Repacks one (paper, run key) from its answers and clears its stale mark: what `saveAnswers` runs
 * after writing a paper's answers, in the same transaction.
 * @example const packs = votePackWriter(db); packs.repack(paperId, runKey)
 */
export function votePackWriter(db: Database.Database): VotePackWriter {
  const drop = db.prepare("DELETE FROM vote_packs WHERE document_id = ? AND run_key = ?");
  const insert = db.prepare(
    `INSERT INTO vote_packs (document_id, run_key, engine, votes)
     ${packSelect("answer_rows a", "WHERE a.document_id = @doc AND a.run_key = @run")}`,
  );
  const clear = db.prepare("DELETE FROM vote_packs_stale WHERE document_id = ? AND run_key = ?");
  return {
    repack: (documentId, runKey) => {
      drop.run(documentId, runKey);
      insert.run({ doc: documentId, run: runKey });
      clear.run(documentId, runKey);
    },
  };
}

/**
 * Repacks every stale (paper, run key) of a writable store, in one transaction; pairs whose answers
 * are gone lose their pack. Returns how many pairs were stale.
 * @example refreshVotePacks(store.db) // 0 after an extract
 */
export function refreshVotePacks(db: Database.Database): number {
  const stale = db.prepare("SELECT count(*) FROM vote_packs_stale").pluck().get() as number;
  if (stale === 0) return 0;
  db.transaction(() => {
    db.exec(`
      DELETE FROM vote_packs WHERE (document_id, run_key) IN (SELECT document_id, run_key FROM vote_packs_stale);
      INSERT INTO vote_packs (document_id, run_key, engine, votes)
        ${packSelect("vote_packs_stale s CROSS JOIN answer_rows a ON a.document_id = s.document_id AND a.run_key = s.run_key")};
      DELETE FROM vote_packs_stale;
    `);
  })();
  return stale;
}

/** An answer's vote as a row: document id, run key, CQ, engine, label, confidence, flags (JSON or null). */
export type VoteRow = [string, string, number, string, YesNo, number, string | null];

/** The vote of a {@link VoteRow}. */
export function voteOfRow([documentId, runKey, cq, engine, reported, confidence, flags]: VoteRow): AnswerVote {
  const vote: AnswerVote = { documentId, runKey, cq, engine, reported, confidence };
  if (flags !== null) vote.flags = JSON.parse(flags) as string[];
  return vote;
}

/**
 * Every paper's votes, a paper at a time in paper-id order, each paper's in the order of
 * `answers ORDER BY cq, run_key`: the votes `ReadQueries.eachAnswerVote` gives, grouped by paper.
 * Packs of run keys that `keep` rejects are not even split. Requires {@link hasVotePacks}.
 */
export function eachPaperVotes(
  db: Database.Database,
  visit: (documentId: string, votes: AnswerVote[]) => void,
  keep: (runKey: string) => boolean = () => true,
): void {
  // The stale marks and the packs from one snapshot (a deferred transaction: no write lock).
  db.transaction(() => readPaperVotes(db, visit, keep))();
}

function readPaperVotes(
  db: Database.Database,
  visit: (documentId: string, votes: AnswerVote[]) => void,
  keep: (runKey: string) => boolean,
): void {
  // The answers of stale pairs, read as rows (none after a writer repacked), by paper. CROSS JOIN
  // keeps the stale marks the outer loop: SQLite would otherwise walk every answer and look each up.
  const stale = new Map<string, AnswerVote[]>();
  const staleRows = db
    .prepare(
      `SELECT a.document_id, a.run_key, a.cq, a.engine, a.reported, a.confidence, a.flags_json
       FROM vote_packs_stale s CROSS JOIN answer_rows a ON a.document_id = s.document_id AND a.run_key = s.run_key
       ORDER BY a.document_id, a.cq, a.run_key`,
    )
    .raw(true)
    .all() as VoteRow[];
  for (const row of staleRows) {
    if (!keep(row[1])) continue;
    const vote = voteOfRow(row);
    const list = stale.get(vote.documentId);
    if (list) list.push(vote);
    else stale.set(vote.documentId, [vote]);
  }
  const staleIds = [...stale.keys()].sort(compareText);
  let nextStale = 0;
  const flushStaleBefore = (documentId: string | undefined) => {
    while (
      nextStale < staleIds.length &&
      (documentId === undefined || compareText(staleIds[nextStale], documentId) < 0)
    ) {
      const id = staleIds[nextStale++];
      visit(id, stale.get(id) as AnswerVote[]);
    }
  };
  const parse = createVoteParser();
  let current: string | undefined;
  let votes: AnswerVote[] = [];
  let packs = 0;
  const finish = () => {
    if (current === undefined) return;
    const extra = stale.get(current);
    if (extra) {
      votes.push(...extra);
      nextStale++;
    }
    // One pack is in CQ order already; several come in run-key order, so a stable sort by CQ orders
    // them as the answers are (paper, CQ, run key); stale rows beside them need the run key compared.
    if (extra) votes.sort(byCqThenRunKey);
    else if (packs > 1) votes = stableByCq(votes);
    if (votes.length > 0) visit(current, votes);
  };
  // Without stale pairs (the usual case) every pack is read, with no look-up per pack.
  const fresh =
    staleRows.length === 0 && db.prepare("SELECT 1 FROM vote_packs_stale LIMIT 1").get() === undefined
      ? ""
      : "WHERE NOT EXISTS (SELECT 1 FROM vote_packs_stale s WHERE s.document_id = p.document_id AND s.run_key = p.run_key)";
  const rows = db
    .prepare(
      `SELECT p.document_id, p.run_key, p.engine, p.votes FROM vote_packs p ${fresh} ORDER BY p.document_id, p.run_key`,
    )
    .raw(true)
    .iterate() as IterableIterator<[string, string, string, string]>;
  for (const [documentId, runKey, engine, text] of rows) {
    if (documentId !== current) {
      finish();
      flushStaleBefore(documentId);
      current = documentId;
      votes = [];
      packs = 0;
    }
    if (!keep(runKey)) continue;
    packs++;
    parse(documentId, runKey, engine, text, votes);
  }
  finish();
  flushStaleBefore(undefined);
}

/**
 * A parser of pack texts into votes, by character positions: no list of fields per vote, one
 * substring (the confidence) per vote. Engines and flags repeat across millions of votes: each is
 * compared with the one before in place, parsed once per distinct text, and shared by the votes
 * (which readers never mutate).
 */
function createVoteParser(): (
  documentId: string,
  runKey: string,
  packEngine: string,
  text: string,
  into: AnswerVote[],
) => void {
  const engines = new Map<string, string>();
  const flagLists = new Map<string, string[]>();
  let lastEngineJson = "";
  let lastEngine = "";
  let lastFlagsJson = "";
  let lastFlags: string[] = [];
  return (documentId, runKey, packEngine, text, into) => {
    let at = 0;
    while (at < text.length) {
      const fieldEnd = text.indexOf(FIELD, at);
      const cq = digitsAt(text, at, fieldEnd);
      at = fieldEnd + 1;
      const reported: YesNo = text.charCodeAt(at) === 121 /* y */ ? "yes" : "no";
      at = text.indexOf(FIELD, at) + 1;
      const confidenceEnd = text.indexOf(FIELD, at);
      const confidence = confidenceOf(text.slice(at, confidenceEnd));
      at = confidenceEnd + 1;
      const engineEnd = text.indexOf(FIELD, at);
      let engine = packEngine;
      if (engineEnd > at) {
        if (!(engineEnd - at === lastEngineJson.length && text.startsWith(lastEngineJson, at))) {
          lastEngineJson = text.slice(at, engineEnd);
          lastEngine = engines.get(lastEngineJson) ?? (JSON.parse(lastEngineJson) as string);
          engines.set(lastEngineJson, lastEngine);
        }
        engine = lastEngine;
      }
      at = engineEnd + 1;
      let voteEnd = text.indexOf(VOTE, at);
      if (voteEnd < 0) voteEnd = text.length;
      const vote: AnswerVote = { documentId, runKey, cq, engine, reported, confidence };
      if (voteEnd > at) {
        if (!(voteEnd - at === lastFlagsJson.length && text.startsWith(lastFlagsJson, at))) {
          lastFlagsJson = text.slice(at, voteEnd);
          lastFlags = flagLists.get(lastFlagsJson) ?? (JSON.parse(lastFlagsJson) as string[]);
          flagLists.set(lastFlagsJson, lastFlags);
        }
        vote.flags = lastFlags;
      }
      into.push(vote);
      at = voteEnd + 1;
    }
  };
}

/** The integer written in `text` from `start` to `end` (CQs: digits, a minus sign at most). */
function digitsAt(text: string, start: number, end: number): number {
  if (text.charCodeAt(start) === 45 /* - */) return -digitsAt(text, start + 1, end);
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** A packed confidence as the double stored (SQLite writes infinities as "Inf"). */
function confidenceOf(text: string): number {
  if (text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** `votes` in CQ order, those of one CQ in the order given: a counting sort (CQs are small numbers). */
function stableByCq(votes: AnswerVote[]): AnswerVote[] {
  let max = 0;
  let min = 0;
  for (const v of votes) {
    if (v.cq > max) max = v.cq;
    if (v.cq < min) min = v.cq;
  }
  if (max > 4096 || min < 0) return votes.sort((a, b) => a.cq - b.cq); // Array#sort is stable
  const starts = new Int32Array(max + 2);
  for (const v of votes) starts[v.cq + 1]++;
  for (let c = 1; c < starts.length; c++) starts[c] += starts[c - 1];
  const out = new Array<AnswerVote>(votes.length);
  for (const v of votes) out[starts[v.cq]++] = v;
  return out;
}

function byCqThenRunKey(a: AnswerVote, b: AnswerVote): number {
  return a.cq - b.cq || compareText(a.runKey, b.runKey);
}

// SQLite orders TEXT by bytes; for the hex ids and ASCII run keys methodscope writes, code-unit order is the same.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
