/**
 * Reviewers' decisions and the read-only corpus queries the review views need.
 * A review is never an edit: every decision is a new row in `reviews`, machine answers stay as
 * they are, and the latest accept/correct per (document, cq) is that question's gold label.
 */
import { MethodscopeError } from "../errors.js";
import type { Evidence, PageSpan, YesNo } from "../types.js";
import { type AnswerRow, lastTextCache, rowToAnswer } from "./_rows.js";
import { candidatesColumn } from "./_statements.js";
import type { Store, StoredAnswer } from "./store.js";

export type ReviewAction = "accept" | "correct" | "note";

/** What a reviewer decided about one (paper, CQ). */
export interface ReviewInput {
  documentId: string;
  cq: number;
  /** accept: the machine label is right; correct: this label (and answer) is right; note: a remark only. */
  action: ReviewAction;
  reported?: YesNo | null;
  answer?: string | null;
  note?: string | null;
  reviewer: string;
  /** The run whose answer was reviewed, when there is one. */
  runKey?: string | null;
  /**
   * The passage the reviewer chose as evidence of a "yes" (a candidate sentence or a selection in
   * the paper's text). Checked against the stored text: the quote must equal the text at its offsets.
   * The page is looked up from the offsets.
   */
  evidence?: { quote: string; start: number; end: number } | null;
}

/** A stored review. */
export interface Review {
  id: number;
  documentId: string;
  cq: number;
  action: ReviewAction;
  reported: YesNo | null;
  answer: string | null;
  note: string | null;
  reviewer: string;
  runKey: string | null;
  createdAt: string;
  /** The passage the reviewer chose as evidence (absent when none). */
  evidence?: Evidence;
}

/** A machine answer with the run it belongs to. */
export interface RunAnswer extends StoredAnswer {
  documentId: string;
  runKey: string;
}

/** One run key as the views show it: engine name and the settings of its latest run. */
export interface RunKeyInfo {
  runKey: string;
  engine: string;
  settings: Record<string, unknown>;
  startedAt: string;
}

export interface ReviewRow {
  id: number;
  document_id: string;
  cq: number;
  action: ReviewAction;
  reported: YesNo | null;
  answer: string | null;
  note: string | null;
  reviewer: string;
  run_key: string | null;
  created_at: string;
  /** Absent in stores from before reviews carried evidence. */
  evidence_json?: string | null;
}

const MAX_TEXT = 20_000;

/** Key of a (document, cq) pair in the maps below. */
export function cellKey(documentId: string, cq: number): string {
  return `${documentId}#${cq}`;
}

/**
 * Records one review and returns it with its id and time. Throws MethodscopeError("usage") for an
 * incomplete decision and ("not-found") for a paper that is not in the store.
 * @example addReview(store, { documentId, cq: 7, action: "correct", reported: "no", reviewer: "ana" })
 */
export function addReview(store: Store, input: ReviewInput, now: Date = new Date()): Review {
  const review = validate(input);
  const createdAt = now.toISOString();
  // One immediate transaction: the paper check and the insert see the same store, and a writer in
  // another process (an extract run) makes this wait instead of failing as "locked".
  return store.transaction(() => insertReview(store, review, createdAt));
}

// Statements of a connection, prepared once: the review server inserts hundreds of reviews a second,
// and compiling the SQL each time cost as much as running it. Keyed by connection, gone with it.
const statements = new WeakMap<Store["db"], Map<string, ReturnType<Store["db"]["prepare"]>>>();

function prepared(store: Store, sql: string): ReturnType<Store["db"]["prepare"]> {
  let forDb = statements.get(store.db);
  if (!forDb) {
    forDb = new Map();
    statements.set(store.db, forDb);
  }
  let statement = forDb.get(sql);
  if (!statement) {
    statement = store.db.prepare(sql);
    forDb.set(sql, statement);
  }
  return statement;
}

const PAPER_EXISTS = "SELECT 1 FROM documents WHERE id = ?";
const PAPER_TEXT = "SELECT text, pages_json FROM documents WHERE id = ?";
const INSERT_REVIEW = `INSERT INTO reviews (document_id, cq, action, reported, answer, note, reviewer, run_key, created_at, evidence_json)
       VALUES (@document_id, @cq, @action, @reported, @answer, @note, @reviewer, @run_key, @created_at, @evidence_json)`;

type Checked = Omit<Review, "id" | "createdAt" | "evidence"> & { evidence: ReviewInput["evidence"] };

function insertReview(store: Store, checked: Checked, createdAt: string): Review {
  const known = prepared(store, PAPER_EXISTS).get(checked.documentId) !== undefined;
  if (!known) throw new MethodscopeError("not-found", `No paper with id ${checked.documentId} in the store.`);
  const { evidence: given, ...rest } = checked;
  const evidence = given ? verifiedEvidence(store, checked.documentId, given) : undefined;
  const review: Omit<Review, "id" | "createdAt"> = evidence ? { ...rest, evidence } : rest;
  const info = prepared(store, INSERT_REVIEW).run({
    document_id: review.documentId,
    cq: review.cq,
    action: review.action,
    reported: review.reported,
    answer: review.answer,
    note: review.note,
    reviewer: review.reviewer,
    run_key: review.runKey,
    created_at: createdAt,
    evidence_json: evidence ? JSON.stringify(evidence) : null,
  });
  return { ...review, id: Number(info.lastInsertRowid), createdAt };
}

/**
 * The chosen passage as evidence, when its quote is the stored text at its offsets (else a usage
 * error: a forged or stale quote is never stored), with the page it starts on.
 */
function verifiedEvidence(store: Store, documentId: string, given: NonNullable<ReviewInput["evidence"]>): Evidence {
  const row = prepared(store, PAPER_TEXT).get(documentId) as { text: string; pages_json: string };
  const { quote, start, end } = given;
  const fits = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= row.text.length;
  if (!fits || typeof quote !== "string" || row.text.slice(start, end) !== quote) {
    throw new MethodscopeError(
      "usage",
      "The evidence quote is not the paper's text at the given offsets; select it again in the paper's text.",
    );
  }
  const pages = JSON.parse(row.pages_json) as PageSpan[];
  const page = pages.find((p) => p.start <= start && start < p.end)?.page ?? pages[0]?.page ?? 1;
  return { quote, page, start, end };
}

function validate(input: ReviewInput): Checked {
  const fail = (message: string) => new MethodscopeError("usage", message);
  if (!["accept", "correct", "note"].includes(input.action)) throw fail(`Unknown review action "${input.action}".`);
  if (!Number.isInteger(input.cq) || input.cq < 1) throw fail("A review needs a positive whole question number.");
  if (typeof input.documentId !== "string" || input.documentId === "") throw fail("A review needs a paper id.");
  const reviewer = (input.reviewer ?? "").trim();
  if (reviewer === "" || reviewer.length > 100) throw fail("A review needs a reviewer name (1–100 characters).");
  const reported = input.reported ?? null;
  if (reported !== null && reported !== "yes" && reported !== "no") throw fail('reported must be "yes" or "no".');
  if (input.action !== "note" && reported === null) throw fail(`An ${input.action} review needs reported yes or no.`);
  const note = input.note?.trim() || null;
  if (input.action === "note" && note === null) throw fail("A note review needs a note.");
  const answer = input.answer ?? null;
  for (const [name, text] of [
    ["answer", answer],
    ["note", note],
  ] as const) {
    if (text !== null && (typeof text !== "string" || text.length > MAX_TEXT)) {
      throw fail(`The ${name} must be text of at most ${MAX_TEXT} characters.`);
    }
  }
  const evidence = input.evidence ?? null;
  if (evidence !== null && (input.action === "note" || reported !== "yes"))
    throw fail('Evidence goes with a "yes" label (an accept or correct review), not with a note or a "no".');
  if (evidence !== null && (typeof evidence.quote !== "string" || evidence.quote.length > MAX_TEXT))
    throw fail(`The evidence quote must be text of at most ${MAX_TEXT} characters.`);
  return {
    documentId: input.documentId,
    cq: input.cq,
    action: input.action,
    reported,
    answer,
    note,
    reviewer,
    runKey: input.runKey ?? null,
    evidence,
  };
}

/** Reviews in the order they were made, optionally of one paper (and one CQ). */
export function listReviews(store: Store, filter: { documentId?: string; cq?: number } = {}): Review[] {
  const rows = store.db
    .prepare(
      `SELECT * FROM reviews
       WHERE (@doc IS NULL OR document_id = @doc) AND (@cq IS NULL OR cq = @cq)
       ORDER BY id`,
    )
    .all({ doc: filter.documentId ?? null, cq: filter.cq ?? null }) as ReviewRow[];
  return rows.map(rowToReview);
}

/**
 * The gold label of every reviewed (paper, CQ): its latest accept or correct review (notes do not
 * change a label). Keyed by {@link cellKey}.
 */
export function goldReviews(store: Store): Map<string, Review> {
  const gold = new Map<string, Review>();
  for (const r of listReviews(store)) if (r.action !== "note") gold.set(cellKey(r.documentId, r.cq), r);
  return gold;
}

/** Every machine answer in the store, every run key, ordered by paper, CQ and run key. */
export function listAllAnswers(store: Store): RunAnswer[] {
  const rows = store.db
    .prepare(
      `SELECT document_id, run_key, cq, engine, reported, answer, values_json, confidence, evidence_json,
              flags_json, question, ${candidatesColumn(store.db)}
       FROM answers ORDER BY document_id, cq, run_key`,
    )
    .all() as (AnswerRow & { document_id: string; run_key: string })[];
  const text = paperTexts(store);
  return rows.map((row) => ({
    ...rowToAnswer(row, text(row.document_id)),
    documentId: row.document_id,
    runKey: row.run_key,
  }));
}

/**
 * Papers' texts for rebuilding quotes stored as offsets, one read per paper for rows in paper order.
 * @example rowToAnswer(row, paperTexts(store)(row.document_id))
 */
export function paperTexts(store: Store): (documentId: string) => () => string {
  const statement = store.db.prepare("SELECT text FROM documents WHERE id = ?").pluck();
  return lastTextCache((id) => statement.get(id) as string | undefined);
}

/** Each run key that has runs, with the engine and settings of its latest run. */
export function listRunKeys(store: Store): RunKeyInfo[] {
  const rows = store.db
    .prepare(
      `SELECT run_key, engine, settings_json, MAX(started_at) AS started_at
       FROM runs GROUP BY run_key ORDER BY started_at, run_key`,
    )
    .all() as { run_key: string; engine: string; settings_json: string; started_at: string }[];
  return rows.map((r) => ({
    runKey: r.run_key,
    engine: r.engine,
    settings: JSON.parse(r.settings_json) as Record<string, unknown>,
    startedAt: r.started_at,
  }));
}

/** A `reviews` row as a {@link Review} (also used by the read model). */
export function rowToReview(row: ReviewRow): Review {
  return {
    id: row.id,
    documentId: row.document_id,
    cq: row.cq,
    action: row.action,
    reported: row.reported,
    answer: row.answer,
    note: row.note,
    reviewer: row.reviewer,
    runKey: row.run_key,
    createdAt: row.created_at,
    ...(row.evidence_json ? { evidence: JSON.parse(row.evidence_json) as Evidence } : {}),
  };
}
