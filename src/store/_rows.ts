// Row shapes of the SQLite tables and their conversion to and from the pipeline's types.
// JSON columns hold plain JSON: JSON.stringify writes the shortest string that parses back to the
// same double, so numbers in values and evidence round-trip exactly (NaN and ±Infinity become null).
import type {
  Answer,
  Candidate,
  Chunk,
  Document,
  DocumentMetadata,
  Evidence,
  ReaderName,
  SectionKind,
  YesNo,
} from "../types.js";
import type { FailureRecord, RunRecord } from "./records.js";

export interface DocumentRow {
  id: string;
  path: string;
  title: string;
  page_count: number;
  text: string;
  pages_json: string;
  sections_json: string;
  added_at: string;
  /** Schema 7 (absent when read from an older store). */
  reader?: string | null;
  metadata_json?: string | null;
}

export interface ChunkRow {
  idx: number;
  text: string;
  start: number;
  end: number;
  section: string;
  page: number;
}

export interface AnswerRow {
  /** The paper's id: lets a reader rebuild quotes from that paper's text (absent: quotes stored whole). */
  document_id?: string;
  cq: number;
  engine: string;
  reported: string;
  answer: string;
  values_json: string;
  confidence: number;
  evidence_json: string;
  flags_json: string | null;
  /** The wording, joined from `questions` (the answer row itself keeps `question_id`). */
  question: string;
  /** "Where we looked" (null: not recorded; absent in reads that do not ask for it). */
  candidates_json?: string | null;
}

export interface RunRow {
  id: string;
  run_key: string;
  engine: string;
  settings_json: string;
  question_set_hash: string;
  started_at: string;
  finished_at: string | null;
  manifest_json: string | null;
}

export interface FailureRow {
  path: string;
  file_hash: string | null;
  run_key: string;
  error_code: string;
  message: string;
  at: string;
}

export function documentToRow(doc: Document, addedAt: string): DocumentRow {
  return {
    id: doc.id,
    path: doc.path,
    title: doc.title,
    page_count: doc.pageCount,
    text: doc.text,
    pages_json: JSON.stringify(doc.pages),
    sections_json: JSON.stringify(doc.sections),
    added_at: addedAt,
    reader: doc.reader ?? null,
    metadata_json: doc.metadata === undefined ? null : JSON.stringify(doc.metadata),
  };
}

export function rowToDocument(row: DocumentRow): Document {
  const doc: Document = {
    id: row.id,
    path: row.path,
    title: row.title,
    pageCount: row.page_count,
    text: row.text,
    pages: JSON.parse(row.pages_json),
    sections: JSON.parse(row.sections_json),
  };
  if (row.reader) doc.reader = row.reader as ReaderName;
  if (row.metadata_json) doc.metadata = JSON.parse(row.metadata_json) as DocumentMetadata;
  return doc;
}

export function rowToChunk(row: ChunkRow): Chunk {
  return {
    index: row.idx,
    text: row.text,
    start: row.start,
    end: row.end,
    section: row.section as SectionKind,
    page: row.page,
  };
}

/**
 * The columns of an answer row. `text` is the paper's text: quotes that are its exact slices are
 * stored as offsets only (see {@link packEvidence}); `questionId` is the answer's `questions` row.
 */
export function answerToParams(
  documentId: string,
  runKey: string,
  answer: Answer,
  createdAt: string,
  questionId: number,
  text: string | undefined,
): Record<string, string | number | null> {
  return {
    document_id: documentId,
    run_key: runKey,
    cq: answer.cq,
    engine: answer.engine,
    reported: answer.reported,
    answer: answer.answer,
    values_json: JSON.stringify(answer.values ?? {}),
    confidence: answer.confidence,
    evidence_json: packEvidence(answer.evidence ?? [], text),
    flags_json: answer.flags === undefined ? null : JSON.stringify(answer.flags),
    question_id: questionId,
    created_at: createdAt,
    candidates_json: answer.candidates === undefined ? null : packCandidates(answer.candidates, text),
  };
}

/**
 * An answer row as an Answer. `text` gives the paper's text when a quote stored as offsets has to be
 * rebuilt (called at most once per row, and only then).
 */
export function rowToAnswer(row: AnswerRow, text: () => string = noText): Answer & { question: string } {
  const answer: Answer & { question: string } = {
    cq: row.cq,
    reported: row.reported as YesNo,
    answer: row.answer,
    values: JSON.parse(row.values_json) as Record<string, unknown>,
    confidence: row.confidence,
    evidence: unpackEvidence(row.evidence_json, text),
    engine: row.engine,
    question: row.question,
  };
  if (row.flags_json !== null) answer.flags = JSON.parse(row.flags_json) as string[];
  if (row.candidates_json) answer.candidates = unpackCandidates(row.candidates_json, text);
  return answer;
}

function noText(): string {
  throw new Error("store: a quote stored as offsets was read without its paper's text");
}

// Quotes stored as offsets (issue 15: "where we looked" was the biggest column). An evidence item or
// candidate whose quote is exactly `text.slice(start, end)`, with the engines' own key order, is stored
// as an array: evidence [start, end, page, section?], a candidate [start, end, page, score, scale,
// reasons, section?]; on read the quote is sliced from the text again. Anything else (a quote that is
// not a slice, other keys) is stored as the object it is, so every value round-trips unchanged.
const EVIDENCE_KEYS = ["quote,page,start,end", "quote,page,start,end,section"];
const CANDIDATE_KEYS = ["quote,page,start,end,score,scale,reasons", "quote,page,start,end,score,scale,reasons,section"];
const SCALE_CODES: Record<string, string> = { probability: "p", rule: "r" };
const SCALES: Record<string, Candidate["scale"]> = { p: "probability", r: "rule" };

/**
 * Evidence as stored: quotes that are slices of `text` as offsets only.
 * @example packEvidence([{ quote: "Adam", page: 1, start: 0, end: 4 }], "Adam was used.") // "[[0,4,1]]"
 */
export function packEvidence(evidence: readonly Evidence[], text: string | undefined): string {
  return JSON.stringify(
    evidence.map((e) => {
      if (!isSlice(e, text, EVIDENCE_KEYS)) return e;
      return e.section === undefined ? [e.start, e.end, e.page] : [e.start, e.end, e.page, e.section];
    }),
  );
}

/** Candidates as stored: like {@link packEvidence}, with the score, scale and reasons after the page. */
export function packCandidates(candidates: readonly Candidate[], text: string | undefined): string {
  return JSON.stringify(
    candidates.map((c) => {
      if (!isSlice(c, text, CANDIDATE_KEYS) || !(c.scale in SCALE_CODES) || !Array.isArray(c.reasons)) return c;
      const packed: unknown[] = [c.start, c.end, c.page, c.score, SCALE_CODES[c.scale], c.reasons];
      if (c.section !== undefined) packed.push(c.section);
      return packed;
    }),
  );
}

/** The evidence column read back, quotes rebuilt (see {@link packEvidence}). */
export function unpackEvidence(json: string, text: () => string): Evidence[] {
  return (JSON.parse(json) as unknown[]).map((item) => {
    if (!Array.isArray(item)) return item as Evidence;
    const [start, end, page, section] = item as [number, number, number, string | undefined];
    const e: Evidence = { quote: text().slice(start, end), page, start, end };
    if (section !== undefined) e.section = section;
    return e;
  });
}

/** The candidates column read back, quotes rebuilt (see {@link packCandidates}). */
export function unpackCandidates(json: string, text: () => string): Candidate[] {
  return (JSON.parse(json) as unknown[]).map((item) => {
    if (!Array.isArray(item)) return item as Candidate;
    const [start, end, page, score, scale, reasons, section] = item as [
      number,
      number,
      number,
      number,
      string,
      Candidate["reasons"],
      string | undefined,
    ];
    const c: Candidate = { quote: text().slice(start, end), page, start, end, score, scale: SCALES[scale], reasons };
    if (section !== undefined) c.section = section;
    return c;
  });
}

/** True when `item` has exactly the keys of `shapes` (in that order) and its quote is its span of `text`. */
function isSlice(item: Evidence, text: string | undefined, shapes: readonly string[]): boolean {
  return (
    text !== undefined &&
    shapes.includes(Object.keys(item).join(",")) &&
    Number.isInteger(item.start) &&
    Number.isInteger(item.end) &&
    typeof item.page === "number" &&
    (item.section === undefined || typeof item.section === "string") &&
    text.slice(item.start, item.end) === item.quote
  );
}

/** The quote columns of an answer row, with its key. */
export interface PackedRow {
  document_id: string;
  cq: number;
  run_key: string;
  evidence_json: string;
  candidates_json: string | null;
}

/**
 * The quote columns of a row packed against `oldText`, unpacked and packed again against `newText`
 * (a quote that is no longer a slice of the paper is then stored whole).
 */
export function repackQuotes(
  row: PackedRow,
  oldText: string,
  newText: string,
): Pick<PackedRow, "evidence_json" | "candidates_json"> {
  const old = () => oldText;
  return {
    evidence_json: packEvidence(unpackEvidence(row.evidence_json, old), newText),
    candidates_json:
      row.candidates_json === null ? null : packCandidates(unpackCandidates(row.candidates_json, old), newText),
  };
}

/**
 * Reads papers' texts for {@link rowToAnswer}, keeping the last one: rows read in paper order fetch
 * each text once.
 */
export function lastTextCache(read: (documentId: string) => string | undefined): (documentId: string) => () => string {
  let id: string | undefined;
  let text = "";
  return (documentId) => () => {
    if (documentId !== id) {
      text = read(documentId) ?? "";
      id = documentId;
    }
    return text;
  };
}

export function rowToRun(row: RunRow): RunRecord {
  const record: RunRecord = {
    id: row.id,
    runKey: row.run_key,
    engine: row.engine,
    settings: JSON.parse(row.settings_json),
    questionSetHash: row.question_set_hash,
    startedAt: row.started_at,
  };
  if (row.finished_at !== null) record.finishedAt = row.finished_at;
  if (row.manifest_json !== null) record.manifest = JSON.parse(row.manifest_json);
  return record;
}

export function rowToFailure(row: FailureRow): FailureRecord {
  const record: FailureRecord = {
    path: row.path,
    runKey: row.run_key,
    code: row.error_code,
    message: row.message,
    at: row.at,
  };
  if (row.file_hash !== null) record.fileHash = row.file_hash;
  return record;
}
