import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { createExtractiveEngine, detectDeepLearning } from "../answer/extractive/index.js";
import { describeError, MethodscopeError } from "../errors.js";
import { hashJson, sha256Hex } from "../hash.js";
import { type ChunkStrategy, chunkDocument } from "../ingest/chunk.js";
import { type InputBytes, listInputs, type ReadLimits, readInputFile, readLimits } from "../ingest/load.js";
import { METADATA_VERSION } from "../ingest/metadata.js";
import { DEFAULT_MAX_PAGES } from "../ingest/pdf.js";
import {
  createReadPool,
  DEFAULT_READ_TIMEOUT_S,
  DEFAULT_WORKER_MEMORY_MB,
  defaultWorkers,
  type ReadPool,
} from "../ingest/read-pool.js";
import type { GrobidOptions, ReaderChoice } from "../ingest/readers/index.js";
import { createRecordMatcher, loadUserMetadata, type RecordMatcher, withUserRecord } from "../ingest/user-metadata.js";
import { builtinQuestions, questionHash, questionSetHash } from "../questions/catalogue.js";
import { answerRow, failureRow, type ResultRow } from "../report/rows.js";
import { openOutputSet } from "../report/write-outputs.js";
import { createRetrieverFactory, type RetrieverFactory } from "../retrieve/hybrid.js";
import { openStore, type Store } from "../store/index.js";
import type { Answer, Document, DocumentMetadata, Engine, MemberAnswers, Question } from "../types.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { type BatchWriter, createBatchWriter } from "./batch-writer.js";
import type { EngineSettingsInput } from "./engine.js";
import { everyNth, fullCollector } from "./heap.js";
import { createInputLog } from "./input-log.js";
import { buildManifest, createRowSummary, type InputRecord, type RunManifest, type StageTimings } from "./manifest.js";
import { type AnsweredPaper, engineKey, workerAnswering } from "./paper-worker.js";
import { workersFor } from "./pool-size.js";
import { aheadLimits, readAhead } from "./read-ahead.js";
import { checkUpToDate, keyToRecord, type OutputKeyParts, storeMark } from "./up-to-date.js";

/** Options of {@link extract}. Only `inputs` is required. */
export interface ExtractOptions {
  /** Files and folders (folders are searched recursively for .pdf, .txt, .md, .xml and .nxml). */
  inputs: string[];
  /** "auto" (by content, the default) or a forced reader. */
  reader?: ReaderChoice;
  /** A GROBID service for PDFs; the PDF reader is the fallback. */
  grobid?: GrobidOptions;
  /** Folder for results.jsonl, results.csv, matrix.csv, values.csv, rates.csv and run.json; nothing is written when absent. */
  outDir?: string;
  /**
   * A user's own records (CSV with a header, BibTeX or RIS) joined to the papers by DOI, else by file name;
   * their fields win over extracted ones (source "user:<file name>"). Unmatched records are counted in run.json.
   */
  metadata?: string;
  /** Metadata keys rates.csv groups the papers by (default: year; "venue" is the journal). */
  groupBy?: readonly string[];
  /**
   * Whether the result keeps every row (default true). The output files are written as papers finish
   * either way; a large corpus run without `keepRows` holds one paper's rows at a time.
   */
  keepRows?: boolean;
  /** SQLite store path (":memory:" for none on disk). Default "methodscope.db" in the current folder. */
  dbPath?: string;
  /** An already open store (wins over dbPath; left open). */
  store?: Store;
  engine?: Engine;
  /**
   * The settings `engine` was built from (`createEngine`). When they describe an engine that is a pure
   * function of them (the extractive engine, not LLMs, votes or cascades) and retrieval is BM25, each paper
   * is chunked and answered in the worker that read it, and the main thread only writes. Without `engine`,
   * the default extractive engine answers in the workers; with `engine` and no settings, on the main thread.
   */
  engineSettings?: EngineSettingsInput;
  questions?: Question[];
  /** Where the question set came from, for the manifest. */
  questionSource?: string;
  chunking?: ChunkStrategy;
  /** How each paper's chunks are retrieved (default: BM25 in memory). The caller closes it. */
  retrieval?: RetrieverFactory;
  /** PDFs with more pages are rejected with `too-many-pages`. Default 1000. */
  maxPages?: number;
  /**
   * Most worker threads that read files, and answer them when the engine allows (see `engineSettings`); up
   * to this many are read ahead. Default: one per core when they answer (the main thread only writes), else
   * cores − 1 (one is left for answering), at least 1. A small run starts fewer, as a thread's start-up
   * would cost it more than it saves (`workersFor`, pool-size.ts). Outputs are the same for any number.
   */
  workers?: number;
  /** Start exactly `workers` threads, however small the run (default false: `workersFor` decides). */
  exactWorkers?: boolean;
  /** Papers written per store transaction: at most `maxPapers` (default 50), none waiting over `maxMs` (default 200). */
  writeBatch?: { maxPapers?: number; maxMs?: number };
  /**
   * Largest input file in MB, checked before it is opened (`file-too-large`). Default 200 for
   * PDFs and 20 for .txt/.md; a value given applies to both.
   */
  maxFileMb?: number;
  /** Seconds one file may take to read before its worker is stopped (`timeout`). Default 120. */
  pdfTimeoutS?: number;
  /**
   * Memory one reading worker may use, in MB: its heap limit, and how far the process may grow
   * per file being read before the watchdog stops it (`pdf-too-large`). Default 1024.
   */
  workerMemoryMb?: number;
  /** Re-ingest and re-answer papers that the store already holds for these settings. */
  force?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

/** Sent after each input: how far the run is. */
export interface ProgressEvent {
  done: number;
  total: number;
  file: string;
  status: InputRecord["status"];
  /** Set when this input failed: one line, "code: message". */
  error?: string;
}

export interface ExtractResult {
  /** Every row, in input order (empty with `keepRows: false`). */
  rows: ResultRow[];
  manifest: RunManifest;
  /** Paths of the files written (empty when no outDir, or when nothing changed). */
  written: string[];
  /**
   * True when `outDir` already held what this run would write (run.json's output key, see
   * up-to-date.ts): nothing was read into the store or written, and `manifest` is that folder's run.json.
   * Only a run that keeps no rows (`keepRows: false`) and is not forced checks this.
   */
  unchanged?: boolean;
}

export { DEFAULT_MAX_PAGES };

/**
 * Runs the main job: every input is ingested, stored, and answered for every question; papers
 * and questions already answered with the same settings are reused. A failing input becomes one
 * error row and the run goes on.
 *
 * @example
 * const { rows, manifest } = await extract({ inputs: ["papers/"], outDir: "out" });
 */
export async function extract(options: ExtractOptions): Promise<ExtractResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  // Read first: a wrong --metadata file stops the run before anything is opened.
  const userMetadata = options.metadata ? loadUserMetadata(options.metadata) : undefined;
  const user = userMetadata && { label: userMetadata.label, matcher: createRecordMatcher(userMetadata) };
  const engine = options.engine ?? createExtractiveEngine();
  const questions = options.questions ?? builtinQuestions();
  const chunking = options.chunking ?? "sections";
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const qHash = questionSetHash(questions);
  // The question set is not part of the key: answers are kept per question and reused when the
  // question's wording is unchanged, so adding or removing questions re-answers only those.
  const retrieval = options.retrieval ?? createRetrieverFactory({ mode: "bm25" });
  const runKey = runKeyFor(engine, chunking, retrieval.settings);
  // Settings that do not parse stop the run here, before the store is opened.
  const answerSetup = workerAnswering(
    options.engine ? options.engineSettings : {},
    questions,
    chunking,
    retrieval.settings,
  );
  const runId = `${startedAt.toISOString().replace(/[:.]/g, "-")}-${runKey.slice(0, 8)}`;
  // Listed before the store and the pool open: how many inputs there are decides how many threads pay off.
  const listStart = performance.now();
  const { files, missing, unreadable } = listInputs(options.inputs);
  const listMs = performance.now() - listStart;
  const store = options.store ?? openStore(options.dbPath ?? "methodscope.db");
  const timings: StageTimings = { list: listMs, ingest: 0, chunk: 0, answer: 0, store: 0, write: 0, total: 0 };
  const limits = readLimits(options.maxFileMb);
  const pdfTimeoutS = options.pdfTimeoutS ?? DEFAULT_READ_TIMEOUT_S;
  const workerMemoryMb = options.workerMemoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const maxWorkers = options.workers ?? (answerSetup ? availableParallelism() : defaultWorkers());
  const pool = createReadPool<AnsweredPaper>({
    workers: options.exactWorkers ? maxWorkers : workersFor(maxWorkers, files),
    timeoutMs: pdfTimeoutS * 1000,
    memoryMb: workerMemoryMb,
    maxPages,
    reader: options.reader,
    grobid: options.grobid,
    worker: answerSetup && { filename: PAPER_WORKER_FILE, data: answerSetup },
  });
  const writer = createBatchWriter({
    transaction: store.transaction,
    open: store.openTransaction,
    ...options.writeBatch,
  });
  let closeOutput = () => {};
  let closeLog = () => {};

  // A vote's members are runs of their own (their answers are stored under their keys), so each can
  // be listed, selected and superseded like any engine.
  const members = (engine.members ?? []).map((member, i) => ({
    id: `${runId}-member${i + 1}`,
    runKey: runKeyFor(member, chunking, retrieval.settings),
    member,
  }));
  const keyParts: OutputKeyParts = {
    tool: TOOL_VERSION,
    runKey,
    memberRunKeys: members.map((m) => m.runKey),
    questions: questions.map((q) => ({ cq: q.cq, hash: questionHash(q), text: q.text })),
    options: {
      chunking,
      retrieval: retrieval.settings,
      maxPages,
      maxFileMb: [limits.pdfBytes, limits.textBytes],
      reader: options.reader ?? null,
      grobid: options.grobid ?? null,
      groupBy: options.groupBy ?? null,
      metadata: options.metadata ? sha256Hex(readFileSync(options.metadata)) : null,
      questionSource: options.questionSource ?? "builtin",
    },
  };

  try {
    const keepRows = options.keepRows ?? true;
    // A rerun into a folder that holds what it would write leaves the folder as it is (up-to-date.ts).
    if (options.outDir !== undefined && !options.force && !keepRows) {
      const check = await checkUpToDate(options.outDir, { files, missing, unreadable }, keyParts, { store, limits });
      if (check.upToDate) return { rows: [], manifest: check.manifest, written: [], unchanged: true };
    }
    store.startRun({ id: runId, runKey, engine: engine.name, settings: engine.settings, questionSetHash: qHash });
    for (const m of members) {
      store.startRun({
        id: m.id,
        runKey: m.runKey,
        engine: m.member.name,
        settings: m.member.settings,
        questionSetHash: qHash,
      });
    }
    // Every input's record, in input order: kept for the caller, or spooled to a file when rows are not kept.
    const log = createInputLog({ spool: !keepRows });
    closeLog = () => log.close();
    const unlisted: InputRecord[] = [
      ...missing.map((file) => ({
        file,
        sha256: null,
        status: "failed" as const,
        error: describeError(new MethodscopeError("not-found", `no such file or folder: ${file}`)),
      })),
      ...unreadable.map(({ path, error }) => ({
        file: path,
        sha256: null,
        status: "failed" as const,
        error: describeError(error),
      })),
    ];
    const rows: ResultRow[] = [];
    const summary = createRowSummary();
    const output =
      options.outDir === undefined
        ? undefined
        : openOutputSet(
            options.outDir,
            questions.map((q) => q.cq),
            {
              rates: {
                questions: questions.map((q) => ({ cq: q.cq, label: q.label })),
                groupBy: options.groupBy,
              },
            },
          );
    closeOutput = () => output?.abort();
    // Rows arrive a paper at a time, in input order: counted, written out, and kept when asked. The paper's
    // metadata goes with them for rates.csv.
    const emit = (paperRows: ResultRow[], metadata?: DocumentMetadata) => {
      for (const row of paperRows) summary.add(row);
      if (output) {
        const writeStart = performance.now();
        output.add(paperRows, metadata as Readonly<Record<string, unknown>> | undefined);
        timings.write += performance.now() - writeStart;
      }
      if (keepRows) rows.push(...paperRows);
    };
    for (const r of unlisted) {
      emit([failureRow(r.file, null, engine.name, r.error ?? "")]);
      log.add(r);
    }
    const seen = new Map<string, string>();
    const total = files.length;
    for (const r of unlisted) options.onProgress?.({ done: 0, total, file: r.file, status: r.status, error: r.error });

    const ctx: FileContext = {
      store,
      engine,
      questions,
      chunking,
      retrieval,
      runKey,
      questionHashes: new Map(questions.map((q) => [q.cq, questionHash(q)])),
      extractiveAnswers: [engine, ...(engine.members ?? [])].some((e) => e.name === "extractive"),
      force: options.force ?? false,
      user,
      seen,
      timings,
      emit,
      log: (record) => log.add(record),
      writer,
      engineKey: engineKey(engine),
    };
    const ahead = readAhead(files, aheadLimits(pool.workers), (file) =>
      prepareFile(file, { store, pool, limits, force: ctx.force, reusable: storedReadAsAsked(options) }),
    );
    // A corpus run keeps the heap near what is live (see heap.ts); small runs never reach the first collection.
    const collect = fullCollector();
    const afterPaper = collect ? everyNth(GC_EVERY_PAPERS, collect) : () => {};
    for (const [i, file] of files.entries()) {
      const record = await processFile(file, await ahead(i), ctx);
      options.onProgress?.({ done: i + 1, total, file, status: record.status, error: record.error });
      afterPaper();
    }
    writer.flush();

    timings.total = performance.now() - t0;
    const manifest = buildManifest({
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      runId,
      runKey,
      memberRunKeys: members.map((m) => m.runKey),
      startedAt,
      engine,
      chunking,
      retrieval: retrieval.settings,
      maxPages,
      readLimits: {
        workers: pool.workers,
        maxFileMb: { pdf: limits.pdfBytes / MB, text: limits.textBytes / MB },
        pdfTimeoutS,
        workerMemoryMb,
      },
      questions,
      questionSetHash: qHash,
      questionSource: options.questionSource ?? "builtin",
      dbPath: options.store ? "(injected)" : (options.dbPath ?? "methodscope.db"),
      inputs: log,
      summary,
      timings,
    });
    if (user) {
      const total = user.matcher.total();
      const unmatched = user.matcher.unmatched();
      manifest.user_metadata = { file: user.label, records: total, matched: total - unmatched, unmatched };
    }
    let written: string[] = [];
    const key = keyToRecord(keyParts, manifest.counts, log.inputsDigest(), storeMark(store));
    if (key) manifest.output_key = key;
    if (output) {
      const writeStart = performance.now();
      written = output.commit(manifest, log.records());
      manifest.timings_ms.write = Math.round(timings.write + performance.now() - writeStart);
    }
    for (const m of members) store.finishRun(m.id, { tool: manifest.tool, run_key: m.runKey, vote_run_id: runId });
    // The store keeps the manifest without its list of inputs: the documents and failures tables have them.
    const { inputs: _inputs, ...stored } = manifest;
    store.finishRun(runId, stored);
    return { rows, manifest, written };
  } finally {
    closeOutput();
    closeLog();
    // Papers answered before a failure are kept (each is complete); the failure itself is what is thrown.
    try {
      writer.flush();
    } catch {}
    await pool.close();
    if (!options.store) store.close();
    if (!options.engine) await engine.close?.();
  }
}

interface FileContext {
  store: Store;
  engine: Engine;
  questions: Question[];
  chunking: ChunkStrategy;
  retrieval: RetrieverFactory;
  runKey: string;
  /** Whether the extractive engine answers (alone or in a vote): its answers carry the DL verdict. */
  extractiveAnswers: boolean;
  /** Each question's `questionHash`: a stored answer made from another is answered again. */
  questionHashes: Map<number, string>;
  force: boolean;
  /** The user's records (`--metadata`) and which of them papers matched. */
  user?: { label: string; matcher: RecordMatcher };
  /** Records an input's outcome, in input order (called when its rows go out). */
  log: (record: InputRecord) => void;
  /** sha256 → first file seen with it, so the same paper twice is answered once. */
  seen: Map<string, string>;
  timings: StageTimings;
  /** Takes a paper's rows (or a failed input's row) once the paper is stored. */
  emit: (paperRows: ResultRow[], metadata?: DocumentMetadata) => void;
  /** Writes papers in batches; their rows are emitted once stored. */
  writer: BatchWriter;
  /** {@link engineKey} of `engine`: answers made in a worker must come from the same engine. */
  engineKey: string;
}

const MB = 1024 * 1024;
/** Papers between two full garbage collections of a corpus run. */
const GC_EVERY_PAPERS = 2000;

// The paper worker next to this module, with this module's own extension: .ts when run through tsx
// (worker threads inherit `--import tsx`), .js in the built package.
const PAPER_WORKER_FILE = fileURLToPath(
  new URL(`./paper-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** One input after reading: its bytes and hash, the stored Document or the pool's reading of it, or why not. */
interface Prepared {
  input?: InputBytes;
  /** The Document the store already holds for these bytes (not with --force). */
  stored?: Document;
  /** The pool's reading, started ahead; settles to the Document or the error, never rejects. */
  parsed?: Promise<{ document?: Document; answered?: AnsweredPaper; error?: unknown }>;
  error?: unknown;
}

interface PrepareContext {
  store: Store;
  pool: ReadPool<AnsweredPaper>;
  limits: ReadLimits;
  force: boolean;
  /** Whether a stored Document may stand for a fresh read under the run's reader choice. */
  reusable: (stored: Document) => boolean;
}

/**
 * Reads and hashes one file (stat first: only regular files within the size limit are opened),
 * and unless the store already holds its Document, starts reading it in the pool. Never throws.
 */
async function prepareFile(file: string, ctx: PrepareContext): Promise<Prepared> {
  let input: InputBytes;
  try {
    input = await readInputFile(file, ctx.limits);
  } catch (error) {
    return { error };
  }
  const found = ctx.force ? undefined : ctx.store.getDocument(input.sha256);
  const stored = found && ctx.reusable(found) ? found : undefined;
  if (stored) return { input, stored };
  const parsed = ctx.pool.readMore(input).then(
    ({ document, more }) => ({ document, answered: more }),
    (error: unknown) => ({ error }),
  );
  return { input, parsed };
}

async function processFile(file: string, prepared: Prepared, ctx: FileContext): Promise<InputRecord> {
  const { store, engine, timings } = ctx;
  let sha256: string | null = null;
  try {
    const ingestStart = performance.now();
    if (!prepared.input) throw prepared.error;
    sha256 = prepared.input.sha256;
    const firstPath = ctx.seen.get(sha256);
    if (firstPath) {
      const duplicate: InputRecord = { file, sha256, paper_id: sha256, status: "duplicate", duplicate_of: firstPath };
      ctx.writer.add({ write: () => {}, failed: () => {}, emit: () => ctx.log(duplicate) });
      return duplicate;
    }

    let document = prepared.stored;
    const reusedDocument = document !== undefined;
    const storedPath = document?.path;
    let answered: AnsweredPaper | undefined;
    if (!document) {
      const parsed = await prepared.parsed;
      if (!parsed?.document) throw parsed?.error;
      document = parsed.document;
      answered = parsed.answered;
      if (answered && answered.engineKey !== ctx.engineKey)
        throw new MethodscopeError(
          "internal",
          "a worker answered with another engine than the run's (engineSettings do not describe engine)",
        );
    }
    document = { ...document, path: file };
    const record = ctx.user?.matcher.match({ path: file, doi: document.metadata?.doi });
    if (record && ctx.user) document = withUserRecord(document, record, ctx.user.label);
    timings.ingest += performance.now() - ingestStart;
    ctx.seen.set(document.id, file);

    const chunkStart = performance.now();
    const storedChunks = reusedDocument ? store.getChunks(document.id, ctx.chunking) : [];
    const newChunks = storedChunks.length === 0;
    const chunks = newChunks ? (answered?.chunks ?? chunkDocument(document, ctx.chunking)) : storedChunks;
    timings.chunk += answered ? answered.chunkMs : performance.now() - chunkStart;

    // An answer is reused only when everything of its question that shaped it is unchanged (wording,
    // retrieval terms, cues); the run key covers the engine, its settings and content, and the tool.
    const madeFrom = store.questionHashes(document.id, ctx.runKey);
    const todo = ctx.force
      ? ctx.questions
      : ctx.questions.filter((q) => madeFrom.get(q.cq) !== ctx.questionHashes.get(q.cq));
    const stored = new Map<number, Answer>(
      todo.length === ctx.questions.length ? [] : store.getAnswers(document.id, ctx.runKey).map((a) => [a.cq, a]),
    );
    let answers: Answer[] = [];
    let members: MemberAnswers[] = [];
    if (todo.length > 0 && answered) {
      // The worker answered every question; those this paper needs are taken, in the order asked.
      const byCq = new Map(answered.answers.map((a) => [a.cq, a]));
      answers = todo.map((q) => byCq.get(q.cq)).filter((a): a is Answer => a !== undefined);
      timings.answer += answered.answerMs;
    } else if (todo.length > 0) {
      const answerStart = performance.now();
      const retrieve = await ctx.retrieval.forPaper({ db: store.db, document, chunks }, todo);
      const input = { document, chunks, retrieve };
      if (engine.answerWithMembers) ({ answers, members } = await engine.answerWithMembers(input, todo));
      else
        answers = engine.answerAll
          ? await engine.answerAll(input, todo)
          : await Promise.all(todo.map((q) => engine.answer(input, q)));
      timings.answer += performance.now() - answerStart;
    }

    const asked = new Map(todo.map((q) => [q.cq, { question: q.text, questionHash: ctx.questionHashes.get(q.cq) }]));
    const withQuestion = (list: Answer[]) => list.map((a) => ({ ...a, question: "", ...asked.get(a.cq) }));
    const doc = document;
    const result: InputRecord = {
      file,
      sha256: document.id,
      paper_id: document.id,
      title: document.title,
      pages: document.pageCount,
      ...(document.reader && { reader: document.reader }),
      ...(document.metadata && { metadata: document.metadata }),
      status: todo.length === 0 ? "reused" : "done",
      answered: todo.length,
    };
    const current = new Map<number, Answer>(stored);
    for (const a of answers) current.set(a.cq, a);
    let writeError: string | undefined;
    // Each paper is one savepoint of its batch's transaction: a killed run leaves it complete or absent.
    ctx.writer.add({
      write: () => {
        const storeStart = performance.now();
        if (!reusedDocument || storedPath !== file || record) store.upsertDocument(doc);
        // Views read a paper's deep-learning verdict from the extractive engine's answers; for papers no
        // extractive engine answered it is stored here, once, so nothing runs detection while rendering.
        if (!ctx.extractiveAnswers && store.getDeepLearning(doc.id) === undefined)
          store.setDeepLearning(doc.id, detectDeepLearning(doc).dl);
        if (newChunks) store.saveChunks(doc.id, ctx.chunking, chunks);
        if (answers.length > 0) store.saveAnswers(doc.id, ctx.runKey, withQuestion(answers));
        // A vote's members are stored under their own run keys, so each can be reported and scored alone.
        for (const member of members) {
          const memberKey = runKeyFor(member.engine, ctx.chunking, ctx.retrieval.settings);
          store.saveAnswers(doc.id, memberKey, withQuestion(member.answers));
        }
        store.clearFailure(file, ctx.runKey, doc.id);
        timings.store += performance.now() - storeStart;
      },
      failed: (error) => {
        writeError = describeError(error);
        const code = error instanceof MethodscopeError ? error.code : "internal";
        store.recordFailure({ path: file, fileHash: doc.id, runKey: ctx.runKey, code, message: writeError });
        Object.assign(result, { status: "failed", error: writeError, paper_id: undefined, answered: undefined });
      },
      emit: () => {
        if (writeError) ctx.emit([failureRow(file, doc.id, engine.name, writeError)]);
        else ctx.emit(answerRows(ctx, doc, file, current), doc.metadata);
        ctx.log(result);
      },
    });
    return result;
  } catch (error) {
    const message = describeError(error);
    const code = error instanceof MethodscopeError ? error.code : "internal";
    const fileHash = sha256;
    const failed: InputRecord = { file, sha256, status: "failed", error: message };
    ctx.writer.add({
      write: () => store.recordFailure({ path: file, fileHash, runKey: ctx.runKey, code, message }),
      failed: () => {},
      emit: () => {
        ctx.emit([failureRow(file, fileHash, engine.name, message)]);
        ctx.log(failed);
      },
    });
    return failed;
  }
}

function answerRows(ctx: FileContext, document: Document, file: string, answers: Map<number, Answer>): ResultRow[] {
  // The paper's stored verdict (papers no extractive engine answered) decides `applicable`; else the
  // extractive answers' own non-dl-paper flags do (see isApplicable).
  const paper = {
    id: document.id,
    file,
    title: document.title,
    dl: ctx.store.getDeepLearning(document.id),
    metadata: document.metadata,
  };
  return ctx.questions.flatMap((q) => {
    const answer = answers.get(q.cq);
    return answer ? [answerRow(paper, q, answer)] : [];
  });
}

/**
 * The key under which an engine's answers are stored: the tool's version, the engine, its settings
 * (which carry the content hash of its weights and vocabularies, or of its prompts), chunking and
 * (unless BM25) the retrieval settings. Anything that changes answers changes the key; the questions
 * are checked per answer (`questionHash`).
 */
export function runKeyFor(
  engine: Pick<Engine, "name" | "settings">,
  chunking: string,
  retrieval: Record<string, unknown> = { retrieval: "bm25" },
  toolVersion: string = TOOL_VERSION,
): string {
  const retrievalKey = retrieval.retrieval === "bm25" ? undefined : retrieval;
  return hashJson({
    tool: toolVersion,
    engine: engine.name,
    settings: engine.settings,
    chunking,
    retrieval: retrievalKey,
  });
}

/**
 * A stored paper is reused when it was read the way this run asks: a forced `--reader` must match the
 * reader that made it, with `--grobid` a PDF read by pdf.js alone (no GROBID attempt) is read again, and
 * so is a paper whose metadata an older metadata extractor made (`METADATA_VERSION`).
 */
function storedReadAsAsked(options: Pick<ExtractOptions, "reader" | "grobid">): (stored: Document) => boolean {
  return (stored) => {
    if (options.reader && options.reader !== "auto" && stored.reader !== undefined && stored.reader !== options.reader)
      return false;
    // Metadata from an older extractor (or none: stored before there was one) is refreshed by reading again.
    if (stored.metadata?.version !== METADATA_VERSION) return false;
    if (options.grobid && stored.reader === "pdf" && stored.metadata?.readerFallback === undefined) return false;
    return true;
  };
}
