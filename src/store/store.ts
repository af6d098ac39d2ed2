import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { type ErrorCode, MethodscopeError } from "../errors.js";
import type { Answer, Chunk, Document } from "../types.js";
import {
  type AnswerRow,
  answerToParams,
  type ChunkRow,
  type DocumentRow,
  documentToRow,
  type FailureRow,
  lastTextCache,
  type PackedRow,
  type RunRow,
  repackQuotes,
  rowToAnswer,
  rowToChunk,
  rowToDocument,
  rowToFailure,
  rowToRun,
} from "./_rows.js";
import { prepareStatements } from "./_statements.js";
import { COMPACT_SCHEMA_VERSION, migrate, SCHEMA_VERSION } from "./migrations.js";
import type { FailureInput, FailureRecord, RunRecord, RunStart } from "./records.js";
import { type VotePackWriter, votePackWriter } from "./vote-packs.js";

export type { FailureInput, FailureRecord, RunRecord, RunStart };

/**
 * An answer as stored: the engine's answer plus the question wording it answered and, when given,
 * the hash of everything of the question that shaped it (`questionHash` in questions/catalogue.ts).
 */
export type StoredAnswer = Answer & { question: string; questionHash?: string };

export interface DocumentSummary {
  id: string;
  path: string;
  title: string;
  pageCount: number;
}

export interface StoreOptions {
  /** Clock for the timestamp columns; injected so tests are deterministic. */
  now?: () => Date;
  /**
   * Open an existing store for reading only (report, gold export, eval): the file is never created,
   * migrated or written, and a file that is not a methodscope store is refused with `not-a-store`.
   */
  readonly?: boolean;
  /** How long a write waits for another process's write to finish, in ms (default 30 s). */
  busyTimeoutMs?: number;
}

/** Long enough for another process to store a paper (one transaction) many times over. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

/**
 * The oldest schema a read-only open accepts as it is. Steps after it add only what reading does
 * not need. Raise it when a step changes a table that the read-only commands read: the compact
 * step (questions stored once, quotes as offsets; issue 15) did.
 */
export const MIN_READABLE_SCHEMA_VERSION = COMPACT_SCHEMA_VERSION;

/** The action a read-only open reports in its errors (and the cue for the -wal hint). */
const READ_OPEN = "open for reading";

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** A transaction left open by {@link Store.openTransaction}. */
export interface OpenTransaction {
  commit(): void;
  /** Undoes everything since the transaction began; does nothing once it has ended. */
  rollback(): void;
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
  /**
   * Upserts answers in one transaction. A paper answered under `runKey` has no failure there any
   * more, so the failure rows of `runKey` with this file hash (under any path) are removed with it.
   */
  saveAnswers(documentId: string, runKey: string, answers: StoredAnswer[]): void;
  getAnswers(documentId: string, runKey: string): StoredAnswer[];
  /** Records a paper's deep-learning verdict (see migration 6). */
  setDeepLearning(documentId: string, dl: boolean): void;
  /** The recorded deep-learning verdict; undefined when none was recorded (or the store predates it). */
  getDeepLearning(documentId: string): boolean | undefined;
  /** The question hash each stored answer of a paper and run key was made from (null: not recorded). */
  questionHashes(documentId: string, runKey: string): Map<number, string | null>;
  answeredCqs(documentId: string, runKey: string): Set<number>;
  deleteAnswers(documentId: string, runKey: string): void;
  recordFailure(failure: FailureInput): void;
  /**
   * Removes the failure rows a stored paper makes stale: those of `runKey` for `path` and, when
   * given, for the file's hash (the same paper failed under another path). Other run keys keep
   * theirs: a paper stored by one engine may still have failed with another.
   */
  clearFailure(path: string, runKey: string, fileHash?: string | null): void;
  listFailures(runKey?: string): FailureRecord[];
  /**
   * Runs `fn` in one transaction (nestable), e.g. to write a paper's document, chunks and answers at
   * once. The transaction is IMMEDIATE: it takes the write lock before its first read, so a writer
   * in another process makes it wait (up to the busy timeout) instead of failing as "locked".
   * On a read-only store it is a plain read transaction (one consistent snapshot).
   */
  transaction<T>(fn: () => T): T;
  /**
   * Begins an IMMEDIATE transaction that stays open across awaits until `commit` or `rollback`
   * (the batch writer fills one while papers arrive). Calls to {@link Store.transaction} meanwhile
   * are savepoints inside it. Throws when a transaction is already open.
   */
  openTransaction(): OpenTransaction;
  /** True when opened with `readonly: true`. */
  readonly readonly: boolean;
  close(): void;
}

/**
 * Opens (creating if needed) the store at `path` and brings its schema up to date; `":memory:"`
 * gives a private in-memory store. With `readonly: true` the store must already exist, with a
 * schema from {@link MIN_READABLE_SCHEMA_VERSION} on, and nothing is written (see
 * {@link StoreOptions.readonly}).
 * Refuses a file that is not a methodscope store (`not-a-store`) rather than migrating it.
 * @example const store = openStore(".methodscope/store.db"); store.upsertDocument(doc); store.close();
 * @example const store = openStore("methodscope.db", { readonly: true }); // report, gold export, eval
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const label = path === ":memory:" ? "the in-memory store" : `the store ${path}`;
  const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const readonly = options.readonly ?? false;
  const db = readonly ? openReadonly(path, label, busyTimeout) : openWritable(path, label, busyTimeout);
  return createStore(db, label, options.now ?? (() => new Date()), readonly);
}

function openWritable(path: string, label: string, busyTimeout: number): Database.Database {
  if (path !== ":memory:") inspectStoreFile(path, label, { mustExist: false });
  const db = guard(label, "open", () => connect(path, label, busyTimeout));
  try {
    // Several processes may open a new store at once: the write lock is taken before the version is
    // read again, so exactly one of them migrates and the others wait, then find it current.
    if (guard(label, "open", () => schemaVersion(db)) !== SCHEMA_VERSION) {
      const upgrade = db.transaction(() => migrate(db, label));
      guard(label, "migrate", () => upgrade.immediate());
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function connect(path: string, label: string, busyTimeout: number): Database.Database {
  const db = new Database(path);
  try {
    // First, so that switching a new file to WAL also waits for a process doing the same.
    db.pragma(`busy_timeout = ${busyTimeout}`);
    // Before anything is written, not even the switch to WAL (one read transaction: one snapshot).
    db.transaction(() => refuseForeignDatabase(db, label)).deferred();
    // WAL + NORMAL: a killed process never loses a committed transaction; only power loss may drop the last ones.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Checkpoint every 10,000 pages (40 MB of log) rather than SQLite's 1,000: a corpus run commits a
    // batch of papers every few hundred ms, and each checkpoint copies the pages the log holds (the
    // same index and table pages again and again) into the store and syncs it. Fewer checkpoints
    // copy each such page once per 40 MB, not once per 4 MB (issue 15: ~0.1-0.2 ms less per paper).
    db.pragma("wal_autocheckpoint = 10000");
    db.pragma("foreign_keys = ON");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens an existing, current store without writing to it. SQLite's read-only mode still creates
 * `-wal` and `-shm` files beside the store; where the store or its folder is not writable it
 * either cannot, or leaves them with the store's read-only mode, so that its owner can no longer
 * write to it. There, when no write-ahead log is pending (no writer is active), the file is read
 * into memory and opened from there: nothing is created beside it.
 */
function openReadonly(path: string, label: string, busyTimeout: number): Database.Database {
  if (path === ":memory:") throw new MethodscopeError("usage", "An in-memory store cannot be opened read-only.");
  inspectStoreFile(path, label, { mustExist: true });
  const inMemory = !existsSync(`${path}-wal`) && !(writable(path) && writable(dirname(path)));
  const db = guard(label, READ_OPEN, () =>
    inMemory ? openSnapshot(path) : new Database(path, { readonly: true, fileMustExist: true }),
  );
  try {
    db.pragma(`busy_timeout = ${busyTimeout}`);
    // One read transaction, so a writer migrating the file meanwhile cannot be half seen.
    const check = db.transaction(() => {
      refuseForeignDatabase(db, label);
      checkReadableVersion(schemaVersion(db), path, label);
    });
    guard(label, READ_OPEN, () => check.deferred());
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A read-only in-memory copy of the store file. An in-memory database has no write-ahead log, so
 * the copy's header is switched from WAL to the rollback journal (bytes 18 and 19; the file itself
 * is not touched). It costs memory the size of the file.
 */
function openSnapshot(path: string): Database.Database {
  const bytes = readFileSync(path);
  if (bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Refuses what SQLite cannot or should not open as a store: a folder, a FIFO or device (reading
 * one could hang), a file that is not an SQLite database, and (read-only) a missing or empty file.
 */
function inspectStoreFile(path: string, label: string, { mustExist }: { mustExist: boolean }): void {
  const fail = (code: ErrorCode, message: string, cause?: unknown) => new MethodscopeError(code, message, { cause });
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === "ENOENT" && !mustExist) return;
    if (errno === "ENOENT") {
      throw fail("not-found", `No store at ${path}. Run \`methodscope extract <papers> --db ${path}\` first.`, error);
    }
    throw fail("unreadable", `Cannot read ${label}: ${(error as Error).message}.`, error);
  }
  if (stat.isDirectory()) {
    throw fail(
      "not-a-store",
      `${path} is a folder, not a methodscope store. Give the store file (e.g. methodscope.db).`,
    );
  }
  if (!stat.isFile()) {
    throw fail(
      "not-a-regular-file",
      `${path} is not a regular file (a FIFO, device or socket), so it cannot be a store.`,
    );
  }
  if (stat.size === 0) {
    if (!mustExist) return; // SQLite makes an empty file a new database.
    throw fail(
      "not-a-store",
      `${path} is an empty file, not a methodscope store. Give the file that \`methodscope extract --db\` wrote.`,
    );
  }
  if (!readHeader(path, label).equals(SQLITE_HEADER)) {
    throw fail("not-a-store", `${path} is not a methodscope store (not an SQLite database). Check the --db path.`);
  }
}

function readHeader(path: string, label: string): Buffer {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, header, 0, header.length, 0);
    return header;
  } catch (error) {
    throw new MethodscopeError("unreadable", `Cannot read ${label}: ${(error as Error).message}.`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An SQLite database that methodscope never touched (version 0, but with tables) is someone else's. */
function refuseForeignDatabase(db: Database.Database, label: string): void {
  if (schemaVersion(db) !== 0) return;
  const tables = db.prepare("SELECT count(*) FROM sqlite_master").pluck().get() as number;
  if (tables > 0) {
    throw new MethodscopeError(
      "not-a-store",
      `${label} is an SQLite database but not a methodscope store; it is left as it is. Check the --db path.`,
    );
  }
}

/**
 * A read-only command cannot migrate, so it reads stores from {@link MIN_READABLE_SCHEMA_VERSION}
 * on. An older store is upgraded by any command that writes to it (extract, serve), which is what
 * the message says; a store of version 0 is an empty SQLite file.
 */
function checkReadableVersion(version: number, path: string, label: string): void {
  if (version === 0) {
    throw new MethodscopeError("not-a-store", `${label} is an empty SQLite database, not a methodscope store.`);
  }
  if (version > SCHEMA_VERSION) {
    throw new MethodscopeError(
      "store",
      `${label} has schema version ${version}, but this methodscope only knows versions up to ${SCHEMA_VERSION}. ` +
        "Upgrade methodscope, or point it at another database file.",
    );
  }
  if (version < MIN_READABLE_SCHEMA_VERSION) {
    throw new MethodscopeError(
      "store",
      `${label} was written by an older methodscope (schema version ${version}), and this command only reads ` +
        "it. Upgrade it once with a command that writes to it, e.g. " +
        `\`methodscope extract <papers> --db ${path}\` or \`methodscope serve --db ${path}\`, then run this one again.`,
    );
  }
}

function createStore(db: Database.Database, label: string, now: () => Date, readonly: boolean): Store {
  const st = prepareStatements(db);
  const schemaVersion = db.pragma("user_version", { simple: true }) as number;
  const stamp = () => now().toISOString();
  const run = <T>(action: string, fn: () => T): T => guard(label, action, fn);
  // Every write transaction is IMMEDIATE: a DEFERRED one that reads first cannot wait for another
  // process's write (SQLite answers "database is locked" at once). Nested calls become savepoints.
  // A read-only store only reads, so a deferred (read) transaction is all it can and needs to take.
  const begin = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) => {
    const tx = db.transaction(fn);
    return readonly ? tx.deferred : tx.immediate;
  };

  const replaceChunks = begin((documentId: string, strategy: string, chunks: Chunk[]) => {
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
  const upsertDoc = begin((doc: Document) => {
    const old = st.documentText.get(doc.id) as string | undefined;
    // Chunk offsets point into the old text; dropping them makes the pipeline chunk again.
    if (old !== undefined && old !== doc.text) {
      st.deleteAllChunks.run(doc.id);
      // Quotes stored as offsets into the old text are stored again against the new one.
      for (const row of st.packedAnswers.all(doc.id) as PackedRow[]) {
        st.repackAnswer.run({ ...row, ...repackQuotes(row, old, doc.text) });
      }
    }
    st.upsertDocument.run(documentToRow(doc, stamp()));
  });
  // The answer's `questions` row, added when new. No cache: a rolled-back save would leave it stale.
  const questionIdOf = (a: StoredAnswer): number => {
    const key = [a.cq, a.questionHash ?? "", a.question] as const;
    const id = st.findQuestion.get(...key) as number | undefined;
    return id ?? Number(st.insertQuestion.run(...key).lastInsertRowid);
  };
  let packs: VotePackWriter | undefined;
  const upsertAnswers = begin((documentId: string, runKey: string, answers: StoredAnswer[]) => {
    const createdAt = stamp();
    // Quotes that are slices of the paper's text are stored as offsets (see packEvidence).
    const text = st.documentText.get(documentId) as string | undefined;
    for (const a of answers) {
      const questionId = questionIdOf(a);
      st.upsertAnswer.run(answerToParams(documentId, runKey, a, createdAt, questionId, text));
    }
    // The paper is answered under this run key: its earlier failures there (under any path) are stale.
    st.deleteFailuresOfHash.run({ run_key: runKey, file_hash: documentId });
    // Its votes packed again (the triggers marked the pack stale), so readers need not read these rows.
    packs ??= votePackWriter(db);
    packs.repack(documentId, runKey);
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
    getAnswers: (documentId, runKey) => {
      const rows = run("read answers", () => st.getAnswers.all(documentId, runKey)) as AnswerRow[];
      const text = lastTextCache((id) => st.documentText.get(id) as string | undefined)(documentId);
      return rows.map((row) => rowToAnswer(row, text));
    },
    setDeepLearning: (documentId, dl) => {
      run("save deep-learning verdict", () => st.setDeepLearning.run(dl ? 1 : 0, documentId));
    },
    getDeepLearning: (documentId) => {
      if (schemaVersion < 6) return undefined; // an older store opened read-only has no such column
      const row = run("read deep-learning verdict", () => st.getDeepLearning.get(documentId)) as
        | { dl: number | null }
        | undefined;
      return row?.dl === null || row?.dl === undefined ? undefined : row.dl === 1;
    },
    questionHashes: (documentId, runKey) =>
      new Map(
        (
          run("read answers", () => st.questionHashes.all(documentId, runKey)) as { cq: number; hash: string | null }[]
        ).map((r) => [r.cq, r.hash]),
      ),
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
    clearFailure: (path, runKey, fileHash) => {
      run("clear failure", () => st.deleteFailure.run({ path, run_key: runKey, file_hash: fileHash ?? null }));
    },
    listFailures: (runKey) =>
      (run("list failures", () => st.listFailures.all({ run_key: runKey ?? null })) as FailureRow[]).map(rowToFailure),
    openTransaction: () => {
      if (db.inTransaction) throw new MethodscopeError("internal", "openTransaction: a transaction is already open");
      run("begin", () => db.exec(readonly ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE"));
      let open = true;
      return {
        commit: () => {
          if (!open) throw new MethodscopeError("internal", "commit: the transaction has ended");
          run("commit", () => db.exec("COMMIT"));
          open = false;
        },
        rollback: () => {
          if (!open) return;
          open = false;
          // SQLite may have rolled back already (e.g. after a full disk); then there is nothing to undo.
          if (db.inTransaction) db.exec("ROLLBACK");
        },
      };
    },
    transaction: (fn) => {
      try {
        return begin(fn)();
      } catch (error) {
        // Only SQLite's own errors (e.g. BEGIN timing out) are the store's; fn's errors pass unchanged.
        throw error instanceof Database.SqliteError ? storeError(label, "write", error) : error;
      }
    },
    readonly,
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
    throw storeError(label, action, error);
  }
}

function storeError(label: string, action: string, error: unknown): MethodscopeError {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
    return new MethodscopeError("store", `Cannot ${action}: the document is not in the store; save it first.`, {
      cause: error,
    });
  }
  if (code === "SQLITE_NOTADB") {
    return new MethodscopeError(
      "not-a-store",
      `Cannot ${action} ${label}: it is not a methodscope store (${detail}).`,
      {
        cause: error,
      },
    );
  }
  if (action === READ_OPEN && typeof code === "string" && /^SQLITE_(READONLY|CANTOPEN)/.test(code)) {
    return new MethodscopeError(
      "store",
      `Cannot ${action} (${label}): ${detail.replace(/\.$/, "")}. Reading a store needs its folder to be writable ` +
        "while a write-ahead log (the -wal file) is pending: open it once with write access, or copy the store " +
        "with its -wal file into a writable folder.",
      { cause: error },
    );
  }
  const busy = code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
  const hint = busy ? " Another process is writing to it; try again when it has finished." : "";
  return new MethodscopeError("store", `Cannot ${action} (${label}): ${detail.replace(/\.$/, "")}.${hint}`, {
    cause: error,
    retryable: busy,
  });
}
