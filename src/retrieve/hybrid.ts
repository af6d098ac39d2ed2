/**
 * Retrieval modes: BM25 alone, dense alone, or both fused by reciprocal rank fusion, behind one
 * asynchronous seam ({@link RetrieverFactory}) that the pipeline calls once per paper before
 * answering, so the engines keep a synchronous `retrieve`.
 */
import type Database from "better-sqlite3";
import type { Embedder } from "../embed/types.js";
import type { Chunk, Document, Question, RetrieveOptions, ScoredChunk } from "../types.js";
import { createMemoryRetriever, type Retriever } from "./bm25.js";
import { prepareDenseRetriever } from "./dense.js";

export type RetrievalMode = "bm25" | "dense" | "hybrid";

/** Options of {@link createHybridRetriever}. */
export interface HybridOptions {
  /** Default number of chunks returned when a call gives no `k` (default 4). */
  k?: number;
  /** The RRF constant: each list adds 1 / (rrfK + rank) (default 60, as in Cormack et al. 2009). */
  rrfK?: number;
  /** How many chunks each retriever ranks before fusion (default max(50, 5·k)). */
  depth?: number;
}

/**
 * Reciprocal rank fusion of ranked lists (best first) of chunks, identified by their index.
 * Score = Σ 1 / (rrfK + rank), rank counted from 1; ties keep document order.
 * @example fuseRankings([bm25Hits, denseHits], 60).slice(0, 4)
 */
export function fuseRankings(rankings: readonly (readonly ScoredChunk[])[], rrfK = 60): ScoredChunk[] {
  const fused = new Map<number, { chunk: Chunk; score: number }>();
  for (const ranking of rankings) {
    ranking.forEach((chunk, i) => {
      const entry = fused.get(chunk.index) ?? { chunk, score: 0 };
      entry.score += 1 / (rrfK + i + 1);
      fused.set(chunk.index, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.chunk.index - b.chunk.index)
    .map(({ chunk, score }) => ({ ...stripScore(chunk), score }));
}

/**
 * A retriever that ranks with both `bm25` and `dense` (same section filters) and fuses the lists.
 * @example const retrieve = createHybridRetriever(createMemoryRetriever(chunks), dense, { rrfK: 60 });
 */
export function createHybridRetriever(bm25: Retriever, dense: Retriever, options: HybridOptions = {}): Retriever {
  const rrfK = options.rrfK ?? 60;
  return (question: Question, retrieveOptions: RetrieveOptions = {}) => {
    const k = Math.max(0, Math.floor(retrieveOptions.k ?? options.k ?? 4));
    if (k === 0) return [];
    const depth = Math.max(k, options.depth ?? Math.max(50, 5 * k));
    const deep = { ...retrieveOptions, k: depth };
    return fuseRankings([bm25(question, deep), dense(question, deep)], rrfK).slice(0, k);
  };
}

/** What the pipeline gives the factory for one paper. */
export interface PaperRetrievalInput {
  /** The store's connection: dense vectors are cached there. */
  db: Database.Database;
  document: Document;
  chunks: Chunk[];
}

/** Builds each paper's retriever; may do asynchronous work (embedding) first. */
export interface RetrieverFactory {
  /** Settings that change rankings: belong in the run key and the manifest. */
  readonly settings: Record<string, unknown>;
  /** The retriever for one paper, ready for these questions. */
  forPaper(input: PaperRetrievalInput, questions: readonly Question[]): Promise<Retriever>;
  close?(): Promise<void>;
}

/** Options of {@link createRetrieverFactory}. */
export interface RetrieverFactoryOptions {
  mode: RetrievalMode;
  /** Required for "dense" and "hybrid". */
  embedder?: Embedder;
  rrfK?: number;
  minSimilarity?: number;
  /** The text embedded for a question (default: its text and query terms); k24 mode passes its filled query template. */
  queryText?: (question: Question) => string;
  /** Names `queryText` in the settings (e.g. a hash of the template), since a function cannot be hashed. */
  queryTextLabel?: string;
}

/**
 * The factory for a retrieval mode. "bm25" needs no embedder and does no asynchronous work.
 * @example const factory = createRetrieverFactory({ mode: "hybrid", embedder }); const retrieve = await factory.forPaper({ db: store.db, document, chunks }, questions);
 */
export function createRetrieverFactory(options: RetrieverFactoryOptions): RetrieverFactory {
  const { mode, embedder } = options;
  if (mode !== "bm25" && !embedder) throw new TypeError(`retrieval mode ${mode} needs an embedder`);
  const settings: Record<string, unknown> =
    mode === "bm25"
      ? { retrieval: "bm25" }
      : {
          retrieval: mode,
          embedder: embedder?.id,
          ...(mode === "hybrid" ? { rrfK: options.rrfK ?? 60 } : {}),
          ...(options.minSimilarity !== undefined ? { minSimilarity: options.minSimilarity } : {}),
          ...(options.queryTextLabel !== undefined ? { queryText: options.queryTextLabel } : {}),
        };
  return {
    settings,
    forPaper: async ({ db, chunks }, questions) => {
      const bm25 = createMemoryRetriever(chunks);
      if (mode === "bm25" || !embedder) return bm25;
      const dense = await prepareDenseRetriever({
        db,
        embedder,
        chunks,
        questions,
        minSimilarity: options.minSimilarity,
      });
      return mode === "dense" ? dense : createHybridRetriever(bm25, dense, { rrfK: options.rrfK });
    },
    close: async () => {
      await embedder?.close?.();
    },
  };
}

function stripScore(chunk: Chunk | ScoredChunk): Chunk {
  const { index, text, start, end, section, page } = chunk;
  return { index, text, start, end, section, page };
}
