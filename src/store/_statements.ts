// Every statement the store runs, prepared once per connection.
import type { Database, Statement } from "better-sqlite3";

const CHUNK_COLUMNS = `idx, text, start, "end", section, page`;
const ANSWER_COLUMNS = `cq, engine, reported, answer, values_json, confidence, evidence_json, flags_json, question`;

/**
 * The candidates column of an answer read: the column itself, or NULL in a store opened read-only
 * before the migration step that added it (so reads of older stores keep working).
 */
export function candidatesColumn(db: Database): string {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('answers')`).pluck().all() as string[];
  return columns.includes("candidates_json") ? "candidates_json" : "NULL AS candidates_json";
}

/** The store's prepared statements, by name (a plain record keeps the declaration emit simple). */
export type Statements = Record<string, Statement>;

/**
 * The statements, each prepared on first use: a read-only open of an older schema never prepares
 * a write statement that names a column the older schema lacks.
 */
export function prepareStatements(db: Database): Statements {
  const sql = statementTexts(candidatesColumn(db));
  const prepared = new Map<string, Statement>();
  return new Proxy({} as Statements, {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      let statement = prepared.get(name);
      if (statement === undefined) {
        const text = sql[name];
        if (text === undefined) throw new Error(`store: no statement named ${name}`);
        statement = PLUCKED.has(name) ? db.prepare(text).pluck() : db.prepare(text);
        prepared.set(name, statement);
      }
      return statement;
    },
  });
}

/** Statements that return their first column's value instead of a row object. */
const PLUCKED = new Set(["answeredCqs", "findQuestion", "documentText"]);

function statementTexts(candidates: string): Record<string, string> {
  const p = (text: string): string => text;
  return {
    documentText: p(`SELECT text FROM documents WHERE id = ?`),
    // ON CONFLICT DO UPDATE, not INSERT OR REPLACE: a replace deletes the row and would cascade to chunks and answers.
    upsertDocument: p(`
      INSERT INTO documents (id, path, title, page_count, text, pages_json, sections_json, added_at, reader, metadata_json)
      VALUES (@id, @path, @title, @page_count, @text, @pages_json, @sections_json, @added_at, @reader, @metadata_json)
      ON CONFLICT (id) DO UPDATE SET
        path = excluded.path, title = excluded.title, page_count = excluded.page_count, text = excluded.text,
        pages_json = excluded.pages_json, sections_json = excluded.sections_json,
        reader = excluded.reader, metadata_json = excluded.metadata_json`),
    getDocument: p(`SELECT * FROM documents WHERE id = ?`),
    // Schema 6.
    setDeepLearning: p(`UPDATE documents SET deep_learning = ? WHERE id = ?`),
    getDeepLearning: p(`SELECT deep_learning AS dl FROM documents WHERE id = ?`),
    listDocuments: p(`SELECT id, path, title, page_count AS pageCount FROM documents ORDER BY path, id`),

    // Writes go to the tables; reads go through the views `chunks` and `answers` (see migrations.ts).
    deleteChunks: p(`DELETE FROM chunk_rows WHERE document_id = ? AND strategy = ?`),
    deleteAllChunks: p(`DELETE FROM chunk_rows WHERE document_id = ?`),
    // A chunk that is its span of the paper's text (as the view cuts it) stores no text.
    insertChunk: p(`
      INSERT INTO chunk_rows (document_id, strategy, ${CHUNK_COLUMNS})
      VALUES (@document_id, @strategy, @idx,
              CASE WHEN @text IS (SELECT substr(text, @start + 1, @end - @start) FROM documents WHERE id = @document_id)
                   THEN NULL ELSE @text END,
              @start, @end, @section, @page)`),
    getChunks: p(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE document_id = ? AND strategy = ? ORDER BY idx`),
    hasChunks: p(`SELECT 1 FROM chunks WHERE document_id = ? AND strategy = ? LIMIT 1`),

    insertRun: p(`
      INSERT INTO runs (id, run_key, engine, settings_json, question_set_hash, started_at)
      VALUES (@id, @run_key, @engine, @settings_json, @question_set_hash, @started_at)`),
    finishRun: p(`UPDATE runs SET finished_at = ?, manifest_json = ? WHERE id = ?`),
    getRun: p(`SELECT * FROM runs WHERE id = ?`),

    upsertAnswer: p(`
      INSERT INTO answer_rows (document_id, run_key, cq, engine, reported, answer, values_json, confidence,
                               evidence_json, flags_json, question_id, created_at, candidates_json)
      VALUES (@document_id, @run_key, @cq, @engine, @reported, @answer, @values_json, @confidence,
              @evidence_json, @flags_json, @question_id, @created_at, @candidates_json)
      ON CONFLICT (document_id, run_key, cq) DO UPDATE SET
        engine = excluded.engine, reported = excluded.reported, answer = excluded.answer,
        values_json = excluded.values_json, confidence = excluded.confidence,
        evidence_json = excluded.evidence_json, flags_json = excluded.flags_json,
        question_id = excluded.question_id, created_at = excluded.created_at,
        candidates_json = excluded.candidates_json`),
    // Each question's wording and hash once ('' for no hash); answers name it by id.
    findQuestion: p(`SELECT id FROM questions WHERE cq = ? AND hash = ? AND text = ?`),
    insertQuestion: p(`INSERT INTO questions (cq, hash, text) VALUES (?, ?, ?)`),
    getAnswers: p(
      `SELECT document_id, ${ANSWER_COLUMNS}, ${candidates} FROM answers WHERE document_id = ? AND run_key = ? ORDER BY cq`,
    ),
    answeredCqs: p(`SELECT cq FROM answers WHERE document_id = ? AND run_key = ? ORDER BY cq`),
    // Schema 5: what of each question an answer was made from (see questionHash).
    questionHashes: p(`SELECT cq, question_hash AS hash FROM answers WHERE document_id = ? AND run_key = ?`),
    packedAnswers: p(
      `SELECT document_id, cq, run_key, evidence_json, candidates_json FROM answer_rows WHERE document_id = ?`,
    ),
    repackAnswer: p(`
      UPDATE answer_rows SET evidence_json = @evidence_json, candidates_json = @candidates_json
      WHERE document_id = @document_id AND cq = @cq AND run_key = @run_key`),
    deleteAnswers: p(`DELETE FROM answer_rows WHERE document_id = ? AND run_key = ?`),

    upsertFailure: p(`
      INSERT INTO failures (path, file_hash, run_key, error_code, message, at)
      VALUES (@path, @file_hash, @run_key, @error_code, @message, @at)
      ON CONFLICT (path, run_key) DO UPDATE SET
        file_hash = excluded.file_hash, error_code = excluded.error_code, message = excluded.message, at = excluded.at`),
    deleteFailure: p(`
      DELETE FROM failures
      WHERE run_key = @run_key AND (path = @path OR (@file_hash IS NOT NULL AND file_hash = @file_hash))`),
    deleteFailuresOfHash: p(`DELETE FROM failures WHERE run_key = @run_key AND file_hash = @file_hash`),
    listFailures: p(`SELECT * FROM failures WHERE @run_key IS NULL OR run_key = @run_key ORDER BY run_key, path`),
  };
}
