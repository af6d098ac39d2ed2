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
  cq: number;
  engine: string;
  reported: string;
  answer: string;
  values_json: string;
  confidence: number;
  evidence_json: string;
  flags_json: string | null;
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

export function answerToParams(
  documentId: string,
  runKey: string,
  answer: Answer & { question: string; questionHash?: string },
  createdAt: string,
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
    evidence_json: JSON.stringify(answer.evidence ?? []),
    flags_json: answer.flags === undefined ? null : JSON.stringify(answer.flags),
    question: answer.question,
    question_hash: answer.questionHash ?? null,
    created_at: createdAt,
    candidates_json: answer.candidates === undefined ? null : JSON.stringify(answer.candidates),
  };
}

export function rowToAnswer(row: AnswerRow): Answer & { question: string } {
  const answer: Answer & { question: string } = {
    cq: row.cq,
    reported: row.reported as YesNo,
    answer: row.answer,
    values: JSON.parse(row.values_json) as Record<string, unknown>,
    confidence: row.confidence,
    evidence: JSON.parse(row.evidence_json) as Evidence[],
    engine: row.engine,
    question: row.question,
  };
  if (row.flags_json !== null) answer.flags = JSON.parse(row.flags_json) as string[];
  if (row.candidates_json) answer.candidates = JSON.parse(row.candidates_json) as Candidate[];
  return answer;
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
