import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { describeError, MethodscopeError } from "../errors.js";
import { type ChunkStrategy, chunkDocument } from "../ingest/chunk.js";
import { listInputs, loadDocument } from "../ingest/load.js";
import { DEFAULT_MAX_PAGES } from "../ingest/pdf.js";
import { builtinQuestions, questionSetHash } from "../questions/catalogue.js";
import { answerRow, failureRow, type ResultRow } from "../report/rows.js";
import { writeOutputs } from "../report/write-outputs.js";
import { createRetrieverFactory, type RetrieverFactory } from "../retrieve/hybrid.js";
import { openStore, type Store } from "../store/index.js";
import type { Answer, Document, Engine, Question } from "../types.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { buildManifest, type InputRecord, type RunManifest, type StageTimings } from "./manifest.js";

/** Options of {@link extract}. Only `inputs` is required. */
export interface ExtractOptions {
  /** Files and folders (folders are searched recursively for .pdf, .txt and .md). */
  inputs: string[];
  /** Folder for results.jsonl, results.csv, matrix.csv and run.json; nothing is written when absent. */
  outDir?: string;
  /** SQLite store path (":memory:" for none on disk). Default "methodscope.db" in the current folder. */
  dbPath?: string;
  /** An already open store (wins over dbPath; left open). */
  store?: Store;
  engine?: Engine;
  questions?: Question[];
  /** Where the question set came from, for the manifest. */
  questionSource?: string;
  chunking?: ChunkStrategy;
  /** How each paper's chunks are retrieved (default: BM25 in memory). The caller closes it. */
  retrieval?: RetrieverFactory;
  /** PDFs with more pages are rejected with `too-many-pages`. Default 1000. */
  maxPages?: number;
  /**
   * Answers of the members of a voting engine for one paper, stored under each member's own run key
   * (see createMemberAnswerBuffer in src/judge/vote.ts). Called once per paper, after answering.
   */
  memberAnswers?: (documentId: string) => Array<{ engine: Pick<Engine, "name" | "settings">; answers: Answer[] }>;
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
  rows: ResultRow[];
  manifest: RunManifest;
  /** Paths of the files written (empty when no outDir). */
  written: string[];
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
  const engine = options.engine ?? createExtractiveEngine();
  const questions = options.questions ?? builtinQuestions();
  const chunking = options.chunking ?? "sections";
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const qHash = questionSetHash(questions);
  // The question set is not part of the key: answers are kept per question and reused when the
  // question's wording is unchanged, so adding or removing questions re-answers only those.
  const retrieval = options.retrieval ?? createRetrieverFactory({ mode: "bm25" });
  const runKey = runKeyFor(engine, chunking, retrieval.settings);
  const runId = `${startedAt.toISOString().replace(/[:.]/g, "-")}-${runKey.slice(0, 8)}`;
  const store = options.store ?? openStore(options.dbPath ?? "methodscope.db");
  const timings: StageTimings = { list: 0, ingest: 0, chunk: 0, answer: 0, store: 0, write: 0, total: 0 };

  try {
    store.startRun({ id: runId, runKey, engine: engine.name, settings: engine.settings, questionSetHash: qHash });
    const listStart = performance.now();
    const { files, missing } = listInputs(options.inputs);
    timings.list = performance.now() - listStart;

    const records: InputRecord[] = missing.map((file) => ({
      file,
      sha256: null,
      status: "failed",
      error: describeError(new MethodscopeError("not-found", `no such file or folder: ${file}`)),
    }));
    const rows: ResultRow[] = records.map((r) => failureRow(r.file, null, engine.name, r.error ?? ""));
    const seen = new Map<string, string>();
    const total = files.length;
    for (const r of records) options.onProgress?.({ done: 0, total, file: r.file, status: r.status, error: r.error });

    for (const [i, file] of files.entries()) {
      const record = await processFile(file, {
        store,
        engine,
        questions,
        chunking,
        retrieval,
        memberAnswers: options.memberAnswers,
        maxPages,
        runKey,
        force: options.force ?? false,
        seen,
        timings,
        rows,
      });
      records.push(record);
      options.onProgress?.({ done: i + 1, total, file, status: record.status, error: record.error });
    }

    timings.total = performance.now() - t0;
    const manifest = buildManifest({
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      runId,
      runKey,
      startedAt,
      engine,
      chunking,
      retrieval: retrieval.settings,
      maxPages,
      questions,
      questionSetHash: qHash,
      questionSource: options.questionSource ?? "builtin",
      dbPath: options.store ? "(injected)" : (options.dbPath ?? "methodscope.db"),
      records,
      rows,
      timings,
    });
    let written: string[] = [];
    if (options.outDir) {
      const writeStart = performance.now();
      written = writeOutputs(
        options.outDir,
        rows,
        questions.map((q) => q.cq),
        manifest,
      );
      manifest.timings_ms.write = Math.round(performance.now() - writeStart);
    }
    store.finishRun(runId, manifest);
    return { rows, manifest, written };
  } finally {
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
  memberAnswers: ExtractOptions["memberAnswers"];
  maxPages: number;
  runKey: string;
  force: boolean;
  /** sha256 → first file seen with it, so the same paper twice is answered once. */
  seen: Map<string, string>;
  timings: StageTimings;
  rows: ResultRow[];
}

async function processFile(file: string, ctx: FileContext): Promise<InputRecord> {
  const { store, engine, timings } = ctx;
  let sha256: string | null = null;
  try {
    const ingestStart = performance.now();
    sha256 = hashFileIfReadable(file);
    const firstPath = sha256 ? ctx.seen.get(sha256) : undefined;
    if (sha256 && firstPath) return { file, sha256, paper_id: sha256, status: "duplicate", duplicate_of: firstPath };

    let document = sha256 && !ctx.force ? store.getDocument(sha256) : undefined;
    const reusedDocument = document !== undefined;
    const storedPath = document?.path;
    if (!document) {
      document = await loadDocument(file, { maxPages: ctx.maxPages });
      sha256 = document.id;
    }
    document = { ...document, path: file };
    timings.ingest += performance.now() - ingestStart;
    ctx.seen.set(document.id, file);

    const chunkStart = performance.now();
    const storedChunks = reusedDocument ? store.getChunks(document.id, ctx.chunking) : [];
    const newChunks = storedChunks.length === 0;
    const chunks = newChunks ? chunkDocument(document, ctx.chunking) : storedChunks;
    timings.chunk += performance.now() - chunkStart;

    const stored = new Map<number, Answer & { question: string }>(
      store.getAnswers(document.id, ctx.runKey).map((a) => [a.cq, a]),
    );
    const todo = ctx.force ? ctx.questions : ctx.questions.filter((q) => stored.get(q.cq)?.question !== q.text);
    let answers: Answer[] = [];
    if (todo.length > 0) {
      const answerStart = performance.now();
      const retrieve = await ctx.retrieval.forPaper({ db: store.db, document, chunks }, todo);
      const input = { document, chunks, retrieve };
      answers = engine.answerAll
        ? await engine.answerAll(input, todo)
        : await Promise.all(todo.map((q) => engine.answer(input, q)));
      timings.answer += performance.now() - answerStart;
    }

    // One transaction per paper: a killed run leaves each paper either complete or absent.
    const storeStart = performance.now();
    const byCq = new Map(todo.map((q) => [q.cq, q.text]));
    const doc = document;
    store.transaction(() => {
      if (!reusedDocument || storedPath !== file) store.upsertDocument(doc);
      if (newChunks) store.saveChunks(doc.id, ctx.chunking, chunks);
      if (answers.length > 0) {
        store.saveAnswers(
          doc.id,
          ctx.runKey,
          answers.map((a) => ({ ...a, question: byCq.get(a.cq) ?? "" })),
        );
      }
      for (const member of ctx.memberAnswers?.(doc.id) ?? []) {
        const memberKey = runKeyFor(member.engine, ctx.chunking, ctx.retrieval.settings);
        store.saveAnswers(
          doc.id,
          memberKey,
          member.answers.map((a) => ({ ...a, question: byCq.get(a.cq) ?? "" })),
        );
      }
      store.clearFailure(file, ctx.runKey);
    });
    timings.store += performance.now() - storeStart;
    const current = new Map<number, Answer>(stored);
    for (const a of answers) current.set(a.cq, a);
    pushAnswerRows(ctx, document, file, current);
    return {
      file,
      sha256: document.id,
      paper_id: document.id,
      title: document.title,
      pages: document.pageCount,
      status: todo.length === 0 ? "reused" : "done",
      answered: todo.length,
    };
  } catch (error) {
    if (sha256) ctx.memberAnswers?.(sha256); // drop what a failed paper left behind
    const message = describeError(error);
    const code = error instanceof MethodscopeError ? error.code : "internal";
    store.recordFailure({ path: file, fileHash: sha256, runKey: ctx.runKey, code, message });
    ctx.rows.push(failureRow(file, sha256, engine.name, message));
    return { file, sha256, status: "failed", error: message };
  }
}

function pushAnswerRows(ctx: FileContext, document: Document, file: string, answers: Map<number, Answer>): void {
  const paper = { id: document.id, file, title: document.title };
  for (const q of ctx.questions) {
    const answer = answers.get(q.cq);
    if (answer) ctx.rows.push(answerRow(paper, q, answer));
  }
}

function hashFileIfReadable(file: string): string | null {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return null; // loadDocument reports why the file cannot be read
  }
}

/**
 * The key under which an engine's answers are stored: engine, its settings, chunking and (unless
 * BM25, so stores made before dense retrieval stay valid) the retrieval settings.
 */
export function runKeyFor(
  engine: Pick<Engine, "name" | "settings">,
  chunking: string,
  retrieval: Record<string, unknown> = { retrieval: "bm25" },
): string {
  const retrievalKey = retrieval.retrieval === "bm25" ? undefined : retrieval;
  return hashJson({ engine: engine.name, settings: engine.settings, chunking, retrieval: retrievalKey });
}

/** SHA-256 of a value's JSON with sorted keys: equal settings give equal hashes. */
export function hashJson(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
