import type Database from "better-sqlite3";
import type { Embedder } from "../embed/types.js";
import { MethodscopeError } from "../errors.js";
import { knownDimensions, openVectorSpace, textHash, type VectorSpace } from "../store/vectors.js";
import type { Chunk, Question, RetrieveOptions, ScoredChunk, SectionKind } from "../types.js";
import type { Retriever } from "./bm25.js";

const DEFAULT_K = 4;
const DEFAULT_EXCLUDE: readonly SectionKind[] = ["references", "floats"];
/** Texts embedded per call, and stored per transaction, so a crash keeps what was done. */
const EMBED_BATCH = 64;

/** Options of {@link prepareDenseRetriever}. */
export interface DenseRetrieverOptions {
  /** The store's connection (`store.db`): vectors are cached there. */
  db: Database.Database;
  embedder: Embedder;
  /** The paper's chunks (saved in the store or not). */
  chunks: readonly Chunk[];
  /** The questions the retriever will be asked; each is embedded once. */
  questions: readonly Question[];
  /** The text embedded for a question (default {@link denseQueryText}). */
  queryText?: (question: Question) => string;
  /** Chunks less similar than this (cosine similarity, -1…1) are never returned. */
  minSimilarity?: number;
}

/**
 * What a question is embedded as: its text, then its query terms (which name the things to look
 * for in a paper's own words).
 */
export function denseQueryText(question: Question): string {
  return question.query.length > 0 ? `${question.text}\n${question.query.join(", ")}` : question.text;
}

/**
 * Embeds a paper's chunks and the questions (only those the store does not hold yet), then returns
 * a synchronous {@link Retriever} that ranks chunks by cosine similarity to the question, computed
 * by sqlite-vec. Sections are filtered like BM25's (references left out unless `onlySections` or
 * `excludeSections` say otherwise); `score` is the similarity, ties keep document order.
 * A question that was not prepared is refused: retrieval stays synchronous.
 * @example const retrieve = await prepareDenseRetriever({ db: store.db, embedder, chunks, questions });
 */
export async function prepareDenseRetriever(options: DenseRetrieverOptions): Promise<Retriever> {
  const { chunks, embedder } = options;
  const queryText = options.queryText ?? denseQueryText;
  const chunkHashes = chunks.map((c) => textHash(c.text));
  const questionHashes = new Map(options.questions.map((q) => [questionKey(q), textHash(queryText(q))]));
  const texts = new Map<string, string>();
  chunks.forEach((c, i) => {
    texts.set(chunkHashes[i], c.text);
  });
  for (const q of options.questions) texts.set(questionHashes.get(questionKey(q)) ?? "", queryText(q));

  const { space, ids } = await embedMissing(options.db, embedder, texts);
  const chunkIds = chunkHashes.map((h) => ids.get(h));
  const minSimilarity = options.minSimilarity ?? Number.NEGATIVE_INFINITY;

  return (question, retrieveOptions = {}) => {
    const k = Math.max(0, Math.floor(retrieveOptions.k ?? DEFAULT_K));
    const hash = questionHashes.get(questionKey(question));
    if (hash === undefined || textHash(queryText(question)) !== hash) {
      throw new MethodscopeError(
        "internal",
        `dense retrieval was not prepared for CQ${question.cq}: pass every question to prepare it before answering`,
      );
    }
    if (k === 0 || chunks.length === 0 || !space) return [];
    const keep = sectionFilter(retrieveOptions);
    const candidates = chunks.map((c, pos) => ({ c, pos })).filter(({ c }) => keep(c.section));
    const distances = space.distances(
      ids.get(hash) as number,
      unique(candidates.map(({ pos }) => chunkIds[pos] as number)),
    );
    return candidates
      .map(({ c, pos }) => ({ c, pos, score: 1 - (distances.get(chunkIds[pos] as number) ?? 2) }))
      .filter((r) => r.score >= minSimilarity)
      .sort((a, b) => b.score - a.score || a.pos - b.pos)
      .slice(0, k)
      .map(({ c, score }): ScoredChunk => ({ ...c, score }));
  };
}

// A question object may be rebuilt by an engine; its number and wording identify it.
const questionKey = (q: Question) => `${q.cq}\u0000${q.text}`;
const unique = (ids: number[]) => [...new Set(ids)];

function sectionFilter(options: RetrieveOptions): (section: SectionKind) => boolean {
  const only = options.onlySections;
  const exclude = options.excludeSections ?? (only === undefined ? DEFAULT_EXCLUDE : []);
  return (section) => (only === undefined || only.includes(section)) && !exclude.includes(section);
}

/**
 * Looks the texts' vectors up, embeds those missing in batches, stores them, and returns all ids.
 * When the embedder does not declare its dimensions, the space is the one its id last used, until
 * a new vector shows another length (another model behind the same name): then a new space is used.
 */
async function embedMissing(
  db: Database.Database,
  embedder: Embedder,
  texts: Map<string, string>,
): Promise<{ space: VectorSpace | undefined; ids: Map<string, number> }> {
  const hashes = [...texts.keys()];
  if (hashes.length === 0) return { space: undefined, ids: new Map() };
  const dims = embedder.dimensions ?? knownDimensions(db, embedder.id)[0];
  let space = dims !== undefined ? openVectorSpace(db, embedder.id, dims) : undefined;
  let ids = space ? space.lookup(hashes) : new Map<string, number>();
  let missing = hashes.filter((h) => !ids.has(h));
  while (missing.length > 0) {
    const batch = missing.slice(0, EMBED_BATCH);
    const vectors = await embedder.embed(batch.map((h) => texts.get(h) ?? ""));
    if (vectors.length !== batch.length || vectors[0].length === 0) {
      throw new MethodscopeError(
        "internal",
        `${embedder.id} returned ${vectors.length} vectors for ${batch.length} texts`,
      );
    }
    const length = vectors[0].length;
    if (!space || (length !== space.dimensions && embedder.dimensions === undefined)) {
      space = openVectorSpace(db, embedder.id, length);
      ids = space.lookup(hashes);
    }
    for (const [hash, id] of space.put(batch.map((hash, j) => ({ hash, vector: vectors[j] })))) ids.set(hash, id);
    missing = hashes.filter((h) => !ids.has(h));
  }
  return { space, ids };
}

/** Options of {@link createDenseRetriever}: a paper in the store. */
export interface StoredPaperDenseOptions {
  store: { db: Database.Database; getChunks(documentId: string, strategy: string): Chunk[] };
  documentId: string;
  strategy: string;
  embedder: Embedder;
  minSimilarity?: number;
}

/**
 * Dense retrieval over a stored paper's chunks: `prepare(questions)` embeds what is missing and
 * gives the synchronous retriever.
 * @example const retrieve = await createDenseRetriever({ store, documentId, strategy: "sections", embedder }).prepare(questions);
 */
export function createDenseRetriever(options: StoredPaperDenseOptions): {
  prepare(questions: readonly Question[]): Promise<Retriever>;
} {
  return {
    prepare: (questions) =>
      prepareDenseRetriever({
        db: options.store.db,
        embedder: options.embedder,
        chunks: options.store.getChunks(options.documentId, options.strategy),
        questions,
        minSimilarity: options.minSimilarity,
      }),
  };
}
