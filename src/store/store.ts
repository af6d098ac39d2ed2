import Database from "better-sqlite3";
import { MethodscopeError } from "../errors.js";
import type { Answer, Chunk, Document } from "../types.js";
import {
  type AnswerRow,
  answerToParams,
  type ChunkRow,
  type DocumentRow,
  documentToRow,
  type FailureRow,
  type RunRow,
  rowToAnswer,
  rowToChunk,
  rowToDocument,
  rowToFailure,
  rowToRun,
} from "./_rows.js";
import { prepareStatements } from "./_statements.js";
import { migrate } from "./migrations.js";

/** An answer as stored: the engine's answer plus the question wording it answered. */
export type StoredAnswer = Answer & { question: string };

export interface DocumentSummary {
  id: string;
  path: string;
  title: string;
  pageCount: number;
}

export interface RunStart {
  id: string;
  runKey: string;
  engine: string;
  settings: Record<string, unknown>;
  questionSetHash: string;
}

export interface RunRecord extends RunStart {
  startedAt: string;
  finishedAt?: string;
  manifest?: unknown;
}

export interface FailureInput {
  path: string;
  /** SHA-256 of the file, when it could be read. */
  fileHash?: string | null;
  runKey: string;
  /** Usually a MethodscopeError code. */
  code: string;
  message: string;
}

export interface FailureRecord {
  path: string;
  fileHash?: string;
  runKey: string;
  code: string;
  message: string;
  at: string;
}

export interface StoreOptions {
  /** Clock for the timestamp columns; injected so tests are deterministic. */
  now?: () => Date;
}

/** The SQLite store: documents, chunks (with an FTS5 index), runs, answers and failures. */
export interface Store {
  /** The raw connection, for retrieval queries. Do not write through it. */
  readonly db: Database.Database;
  upsertDocument(doc: Document): void;
  getDocument(id: string): Document | undefined;
  listDocuments(): DocumentSummary[];
  saveChunks(documentId: string, strategy: string, chunks: Chunk[]): void;
  getChunks(documentId: string, strategy: string): Chunk[];
  hasChunks(documentId: string, strategy: string): boolean;
  startRun(run: RunStart): void;
  finishRun(id: string, manifest: unknown): void;
  getRun(id: string): RunRecord | undefined;
  saveAnswers(documentId: string, runKey: string, answers: StoredAnswer[]): void;
  getAnswers(documentId: string, runKey: string): StoredAnswer[];
  answeredCqs(documentId: string, runKey: string): Set<number>;
  deleteAnswers(documentId: string, runKey: string): void;
  recordFailure(failure: FailureInput): void;
  clearFailure(path: string, runKey: string): void;
  listFailures(runKey?: string): FailureRecord[];
  /** Runs `fn` in one transaction (nestable), e.g. to write a paper's document, chunks and answers at once. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating if needed) the store at `path` and brings its schema up to date.
 * `":memory:"` gives a private in-memory store.
 * @example const store = openStore(".methodscope/store.db"); store.upsertDocument(doc); store.close();
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const label = path === ":memory:" ? "the in-memory store" : `the store ${path}`;
  const db = guard(label, "open", () => connect(path));
  try {
    guard(label, "migrate", () => migrate(db, label));
  } catch (error) {
    db.close();
    throw error;
  }
  return createStore(db, label, options.now ?? (() => new Date()));
}

function connect(path: string): Database.Database {
  const db = new Database(path);
  try {
    // WAL + NORMAL: a killed process never loses a committed transaction; only power loss may drop the last ones.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function createStore(db: Database.Database, label: string, now: () => Date): Store {
  const st = prepareStatements(db);
  const stamp = () => now().toISOString();
  const run = <T>(action: string, fn: () => T): T => guard(label, action, fn);

  const replaceChunks = db.transaction((documentId: string, strategy: string, chunks: Chunk[]) => {
    st.deleteChunks.run(documentId, strategy);
    for (const c of chunks) {
      st.insertChunk.run({
        document_id: documentId,
        strategy,
        idx: c.index,
        text: c.text,
        start: c.start,
        end: c.end,
        section: c.section,
        page: c.page,
      });
    }
  });
  const upsertDoc = db.transaction((doc: Document) => {
    const old = st.documentText.get(doc.id) as { text: string } | undefined;
    // Chunk offsets point into the old text; dropping them makes the pipeline chunk again.
    if (old !== undefined && old.text !== doc.text) st.deleteAllChunks.run(doc.id);
    st.upsertDocument.run(documentToRow(doc, stamp()));
  });
  const upsertAnswers = db.transaction((documentId: string, runKey: string, answers: StoredAnswer[]) => {
    const createdAt = stamp();
    for (const a of answers) st.upsertAnswer.run(answerToParams(documentId, runKey, a, createdAt));
  });

  return {
    db,
    upsertDocument: (doc) => run("save document", () => upsertDoc(doc)),
    getDocument: (id) => {
      const row = run("read document", () => st.getDocument.get(id)) as DocumentRow | undefined;
      return row === undefined ? undefined : rowToDocument(row);
    },
    listDocuments: () => run("list documents", () => st.listDocuments.all()) as DocumentSummary[],
    saveChunks: (documentId, strategy, chunks) =>
      run(`save chunks of ${documentId}`, () => replaceChunks(documentId, strategy, chunks)),
    getChunks: (documentId, strategy) =>
      (run("read chunks", () => st.getChunks.all(documentId, strategy)) as ChunkRow[]).map(rowToChunk),
    hasChunks: (documentId, strategy) => run("read chunks", () => st.hasChunks.get(documentId, strategy)) !== undefined,
    startRun: (r) =>
      run(`start run ${r.id}`, () =>
        st.insertRun.run({
          id: r.id,
          run_key: r.runKey,
          engine: r.engine,
          settings_json: JSON.stringify(r.settings),
          question_set_hash: r.questionSetHash,
          started_at: stamp(),
        }),
      ),
    finishRun: (id, manifest) => {
      const info = run(`finish run ${id}`, () => st.finishRun.run(stamp(), JSON.stringify(manifest ?? null), id));
      if (info.changes === 0) throw new MethodscopeError("store", `Cannot finish run ${id}: it was never started.`);
    },
    getRun: (id) => {
      const row = run("read run", () => st.getRun.get(id)) as RunRow | undefined;
      return row === undefined ? undefined : rowToRun(row);
    },
    saveAnswers: (documentId, runKey, answers) =>
      run(`save answers of ${documentId}`, () => upsertAnswers(documentId, runKey, answers)),
    getAnswers: (documentId, runKey) =>
      (run("read answers", () => st.getAnswers.all(documentId, runKey)) as AnswerRow[]).map(rowToAnswer),
    answeredCqs: (documentId, runKey) =>
      new Set(run("read answers", () => st.answeredCqs.all(documentId, runKey)) as number[]),
    deleteAnswers: (documentId, runKey) => {
      run("delete answers", () => st.deleteAnswers.run(documentId, runKey));
    },
    recordFailure: (f) => {
      run("record failure", () =>
        st.upsertFailure.run({
          path: f.path,
          file_hash: f.fileHash ?? null,
          run_key: f.runKey,
          error_code: f.code,
          message: f.message,
          at: stamp(),
        }),
      );
    },
    clearFailure: (path, runKey) => {
      run("clear failure", () => st.deleteFailure.run(path, runKey));
    },
    listFailures: (runKey) =>
      (run("list failures", () => st.listFailures.all({ run_key: runKey ?? null })) as FailureRow[]).map(rowToFailure),
    transaction: (fn) => db.transaction(fn)(),
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** Runs one store operation, turning SQLite errors into MethodscopeErrors that say what failed. */
function guard<T>(label: string, action: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    const code = (error as { code?: unknown }).code;
    const detail = error instanceof Error ? error.message : String(error);
    if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
      throw new MethodscopeError("store", `Cannot ${action}: the document is not in the store; save it first.`, {
        cause: error,
      });
    }
    const busy = code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
    const hint = busy ? " Another process is writing to it; try again when it has finished." : "";
    throw new MethodscopeError("store", `Cannot ${action} (${label}): ${detail.replace(/\.$/, "")}.${hint}`, {
      cause: error,
      retryable: busy,
    });
  }
}
