import type Database from "better-sqlite3";
import { MethodscopeError } from "../errors.js";
import type { Candidate, Evidence } from "../types.js";
import { packCandidates, packEvidence } from "./_rows.js";
import { VOTE_PACKS_SCHEMA } from "./vote-packs.js";

/** One schema step. Runs inside a transaction; never edit a released step, append a new one. */
export type Migration = (db: Database.Database) => void;

// Schema version N is reached by running MIGRATIONS[0..N-1]; `PRAGMA user_version` records N.
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        text TEXT NOT NULL,
        pages_json TEXT NOT NULL,
        sections_json TEXT NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        strategy TEXT NOT NULL,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        section TEXT NOT NULL,
        page INTEGER NOT NULL,
        UNIQUE (document_id, strategy, idx)
      ) STRICT;

      -- External-content index: the text lives once, in chunks; triggers keep the index in step.
      CREATE VIRTUAL TABLE chunks_fts USING fts5(
        text, content = 'chunks', content_rowid = 'id', tokenize = 'porter unicode61'
      );
      CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER chunks_fts_update AFTER UPDATE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
      END;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        run_key TEXT NOT NULL,
        engine TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        question_set_hash TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        manifest_json TEXT
      ) STRICT;
      CREATE INDEX runs_by_key ON runs (run_key);

      CREATE TABLE answers (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        run_key TEXT NOT NULL,
        cq INTEGER NOT NULL,
        engine TEXT NOT NULL,
        reported TEXT NOT NULL CHECK (reported IN ('yes', 'no')),
        answer TEXT NOT NULL,
        values_json TEXT NOT NULL,
        confidence REAL NOT NULL,
        evidence_json TEXT NOT NULL,
        flags_json TEXT,
        question TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (document_id, run_key, cq)
      ) STRICT;

      -- Only the latest failure per input and run key is kept.
      CREATE TABLE failures (
        path TEXT NOT NULL,
        file_hash TEXT,
        run_key TEXT NOT NULL,
        error_code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (path, run_key)
      ) STRICT;
    `);
  },
  // 2: reviewers' decisions. Never overwrite machine answers: every decision is a new row, the
  // latest per (document, cq) is the gold label.
  (db) => {
    db.exec(`
      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        cq INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'note')),
        reported TEXT CHECK (reported IN ('yes', 'no')),
        answer TEXT,
        note TEXT,
        reviewer TEXT NOT NULL,
        run_key TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_by_paper ON reviews (document_id, cq, id);
    `);
  },
  // 3: LLM response cache, keyed by (provider, model, prompt hash, parameters), so a re-run makes no call.
  (db) => {
    db.exec(`
      CREATE TABLE llm_cache (
        key TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        response_text TEXT NOT NULL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        ms REAL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
  // 4: indexes for the review server's per-request reads (src/store/read-model.ts), so a page or a
  // review POST reads only the rows it shows instead of every answer in the store.
  (db) => {
    db.exec(`
      -- One (paper, CQ) cell, and the vote summary of every cell without touching answer text.
      CREATE INDEX answers_by_cell ON answers (document_id, cq, run_key, engine, reported, confidence, flags_json);
      -- The CQs and run keys in use (read by skipping through these, not by scanning every answer),
      -- each CQ's wording (its first answer by paper and run key) and each run key's first answer.
      CREATE INDEX answers_by_cq ON answers (cq, document_id, run_key);
      CREATE INDEX answers_by_run ON answers (run_key, document_id, cq);
      -- The gold label of a cell is its latest accept/correct review.
      CREATE INDEX reviews_gold ON reviews (document_id, cq, id) WHERE action <> 'note';
    `);
  },
  // 5: the hash of what of a question shaped each answer (wording, retrieval terms, cues), so an
  // answer is reused only while all of that is unchanged.
  (db) => {
    db.exec(`ALTER TABLE answers ADD COLUMN question_hash TEXT;`);
  },
  // 6: the paper's deep-learning verdict, stored when an engine without the extractive detection
  // answers it, so the report never runs detection while rendering.
  (db) => {
    db.exec(`ALTER TABLE documents ADD COLUMN deep_learning INTEGER;`);
  },
  // 7: which reader made a document and what it knows beyond the text (JATS/TEI metadata, a GROBID fallback).
  (db) => {
    db.exec(`ALTER TABLE documents ADD COLUMN reader TEXT; ALTER TABLE documents ADD COLUMN metadata_json TEXT;`);
  },
  // "Where we looked": the sentences the engine considered for a "no" (null: not recorded), and the
  // sentence a reviewer chose as the evidence of a review (null: none).
  (db) => {
    db.exec(`ALTER TABLE answers ADD COLUMN candidates_json TEXT; ALTER TABLE reviews ADD COLUMN evidence_json TEXT;`);
  },
  // Reviewers' edits of a paper's metadata (title, authors, year, venue, DOI). Like reviews, never an
  // overwrite: each edit is a new row with the fields it sets; the latest per field wins (src/store/metadata.ts).
  (db) => {
    db.exec(`
      CREATE TABLE metadata_edits (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        fields_json TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX metadata_edits_by_paper ON metadata_edits (document_id, id);
    `);
  },
  // The store-wide full-text index (chunks_fts) is brought up to date when searchStore uses it, not by
  // a trigger on every chunk written (issue 15): the chunks up to indexed_max are indexed; a deleted or
  // changed chunk marks the index stale, and the next search rebuilds it. Today's index is complete.
  (db) => {
    db.exec(`
      DROP TRIGGER chunks_fts_insert;
      DROP TRIGGER chunks_fts_delete;
      DROP TRIGGER chunks_fts_update;
      CREATE TABLE chunks_fts_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_max INTEGER NOT NULL,
        stale INTEGER NOT NULL
      ) STRICT;
      INSERT INTO chunks_fts_state (id, indexed_max, stale) SELECT 1, coalesce(max(id), 0), 0 FROM chunks;
      CREATE TRIGGER chunks_fts_stale_delete AFTER DELETE ON chunks
        WHEN old.id <= (SELECT indexed_max FROM chunks_fts_state) BEGIN
          UPDATE chunks_fts_state SET stale = 1 WHERE stale = 0;
        END;
      CREATE TRIGGER chunks_fts_stale_update AFTER UPDATE ON chunks
        WHEN old.id <= (SELECT indexed_max FROM chunks_fts_state) BEGIN
          UPDATE chunks_fts_state SET stale = 1 WHERE stale = 0;
        END;
    `);
  },
  // A store that stays small (issue 15). Each question's wording and hash are stored once, in
  // `questions`, and answers name it by id; quotes that are slices of the paper's text (evidence and
  // "where we looked") are stored as offsets; a chunk whose text is its slice of the paper stores no
  // text. The tables are `answer_rows` and `chunk_rows`; the views `answers` and `chunks` show them as
  // before (question text joined, chunk text rebuilt), so reads and the full-text index (whose content
  // is the view `chunks`) are unchanged. See compactStore.
  compactStore,
  // The index of answers by question (cq, paper id, run key) served one query, the list of questions and
  // their wording, which now reads the `questions` table and the primary key (ReadQueries.wordings). Its
  // 64-character keys were a quarter of the answer bytes: 4.4 KiB per paper (issue 15).
  (db) => {
    db.exec("DROP INDEX IF EXISTS answers_by_cq");
  },
  // Corpus scale (issue 15): every answer's vote packed per (paper, run key) and kept by triggers
  // (src/store/vote-packs.ts), so the overview's and the report's summary of 100,000 papers reads a few
  // hundred thousand short rows, not every answer; and the papers' listing (id, path, title, pages) and
  // metadata (the last column, behind the paper's text) as indexes, so reading them for every paper
  // no longer walks every paper's text.
  (db) => {
    db.exec(VOTE_PACKS_SCHEMA);
    db.exec(`
      CREATE INDEX documents_listing ON documents (id, path, title, page_count);
      CREATE INDEX documents_metadata ON documents (id, metadata_json) WHERE metadata_json IS NOT NULL;
    `);
  },
];

/** The schema version from which answers and chunks are stored compactly (see compactStore). */
export const COMPACT_SCHEMA_VERSION = MIGRATIONS.indexOf(compactStore) + 1;

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `db` up to {@link SCHEMA_VERSION}, one transaction per step, and returns the version found.
 * A database from a newer methodscope is refused rather than half-understood.
 */
export function migrate(db: Database.Database, label: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const found = db.pragma("user_version", { simple: true }) as number;
  if (found > migrations.length) {
    throw new MethodscopeError(
      "store",
      `${label} has schema version ${found}, but this methodscope only knows versions up to ${migrations.length}. ` +
        "Upgrade methodscope, or point it at another database file.",
    );
  }
  for (let version = found; version < migrations.length; version++) {
    const step = migrations[version];
    db.transaction(() => {
      step(db);
      // user_version lives in the database header, so it commits or rolls back with the step.
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return found;
}

/**
 * The compact step. Answers are rebuilt into `answer_rows` (WITHOUT ROWID, keyed in the order every
 * reader reads them: paper, CQ, run key; the covering index answers_by_cell and the rowid key are then
 * redundant), every row and column kept: `question` and `question_hash` become a `questions` row
 * (a NULL hash is stored as ''), and quotes are packed against the paper's text (src/store/_rows.ts).
 * Chunks move to `chunk_rows` with their ids, so the full-text index stays valid as it is.
 */
function compactStore(db: Database.Database): void {
  db.exec(`
    CREATE TABLE questions (
      id INTEGER PRIMARY KEY,
      cq INTEGER NOT NULL,
      text TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (cq, hash, text)
    ) STRICT;
    INSERT INTO questions (cq, text, hash)
      SELECT DISTINCT cq, question, coalesce(question_hash, '') FROM answers ORDER BY cq, question, question_hash;

    CREATE TABLE answer_rows (
      document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      cq INTEGER NOT NULL,
      run_key TEXT NOT NULL,
      engine TEXT NOT NULL,
      reported TEXT NOT NULL CHECK (reported IN ('yes', 'no')),
      answer TEXT NOT NULL,
      values_json TEXT NOT NULL,
      confidence REAL NOT NULL,
      evidence_json TEXT NOT NULL,
      flags_json TEXT,
      question_id INTEGER NOT NULL REFERENCES questions(id),
      created_at TEXT NOT NULL,
      candidates_json TEXT,
      PRIMARY KEY (document_id, cq, run_key)
    ) STRICT, WITHOUT ROWID;
  `);
  const papers = db.prepare("SELECT DISTINCT document_id FROM answers").pluck().all() as string[];
  const text = db.prepare("SELECT text FROM documents WHERE id = ?").pluck();
  const rows = db.prepare(`
    SELECT a.*, q.id AS question_id FROM answers a
    JOIN questions q ON q.cq = a.cq AND q.text = a.question AND q.hash = coalesce(a.question_hash, '')
    WHERE a.document_id = ?`);
  const insert = db.prepare(`
    INSERT INTO answer_rows (document_id, cq, run_key, engine, reported, answer, values_json, confidence,
      evidence_json, flags_json, question_id, created_at, candidates_json)
    VALUES (@document_id, @cq, @run_key, @engine, @reported, @answer, @values_json, @confidence,
      @evidence_json, @flags_json, @question_id, @created_at, @candidates_json)`);
  for (const paper of papers) {
    const paperText = text.get(paper) as string | undefined;
    for (const row of rows.all(paper) as Record<string, string | number | null>[]) {
      insert.run({
        ...pick(row),
        evidence_json: repack(row.evidence_json as string, (items) => packEvidence(items as Evidence[], paperText)),
        candidates_json:
          row.candidates_json === null
            ? null
            : repack(row.candidates_json as string, (items) => packCandidates(items as Candidate[], paperText)),
      });
    }
  }
  db.exec(`
    DROP TABLE answers;
    CREATE INDEX answers_by_cq ON answer_rows (cq, document_id, run_key);
    CREATE INDEX answers_by_run ON answer_rows (run_key, document_id, cq);
    -- LEFT JOIN on a unique key: a query that reads no question column skips the join.
    CREATE VIEW answers AS
      SELECT a.document_id, a.run_key, a.cq, a.engine, a.reported, a.answer, a.values_json, a.confidence,
             a.evidence_json, a.flags_json, q.text AS question, a.created_at, nullif(q.hash, '') AS question_hash,
             a.candidates_json, a.question_id
      FROM answer_rows a LEFT JOIN questions q ON q.id = a.question_id;

    DROP TRIGGER chunks_fts_stale_delete;
    DROP TRIGGER chunks_fts_stale_update;
    CREATE TABLE chunk_rows (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      strategy TEXT NOT NULL,
      idx INTEGER NOT NULL,
      text TEXT,
      start INTEGER NOT NULL,
      "end" INTEGER NOT NULL,
      section TEXT NOT NULL,
      page INTEGER NOT NULL,
      UNIQUE (document_id, strategy, idx)
    ) STRICT;
    -- NULL text: the chunk is its span of the paper's text, as SQLite's substr cuts it (compared here,
    -- so that reading it back through the view gives exactly the text that was stored).
    INSERT INTO chunk_rows (id, document_id, strategy, idx, text, start, "end", section, page)
      SELECT c.id, c.document_id, c.strategy, c.idx,
             CASE WHEN c.text IS substr(d.text, c.start + 1, c."end" - c.start) THEN NULL ELSE c.text END,
             c.start, c."end", c.section, c.page
      FROM chunks c LEFT JOIN documents d ON d.id = c.document_id;
    DROP TABLE chunks;
    CREATE VIEW chunks AS
      SELECT c.id, c.document_id, c.strategy, c.idx,
             coalesce(c.text, substr(d.text, c.start + 1, c."end" - c.start)) AS text,
             c.start, c."end", c.section, c.page
      FROM chunk_rows c LEFT JOIN documents d ON d.id = c.document_id;
    CREATE TRIGGER chunks_fts_stale_delete AFTER DELETE ON chunk_rows
      WHEN old.id <= (SELECT indexed_max FROM chunks_fts_state) BEGIN
        UPDATE chunks_fts_state SET stale = 1 WHERE stale = 0;
      END;
    CREATE TRIGGER chunks_fts_stale_update AFTER UPDATE ON chunk_rows
      WHEN old.id <= (SELECT indexed_max FROM chunks_fts_state) BEGIN
        UPDATE chunks_fts_state SET stale = 1 WHERE stale = 0;
      END;
  `);
}

/** The columns of an old answer row that move unchanged. */
function pick(row: Record<string, string | number | null>): Record<string, string | number | null> {
  const { document_id, cq, run_key, engine, reported, answer, values_json, confidence, flags_json } = row;
  return {
    document_id,
    cq,
    run_key,
    engine,
    reported,
    answer,
    values_json,
    confidence,
    flags_json,
    question_id: row.question_id,
    created_at: row.created_at,
  };
}

/** A JSON list column packed again; anything that is not a list stays as it was. */
function repack(json: string, pack: (items: unknown[]) => string): string {
  const items = JSON.parse(json) as unknown;
  return Array.isArray(items) ? pack(items) : json;
}
