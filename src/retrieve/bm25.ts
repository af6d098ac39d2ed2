import Database from "better-sqlite3";
import type { Store } from "../store/index.js";
import type { Chunk, Question, RetrieveOptions, ScoredChunk, SectionKind } from "../types.js";
import { queryFromText, toMatchExpression } from "./query.js";

/** Ranks a paper's chunks for a question, best first. */
export type Retriever = (question: Question, options?: RetrieveOptions) => ScoredChunk[];

const DEFAULT_K = 4;
const DEFAULT_EXCLUDE: readonly SectionKind[] = ["references", "floats"];

/**
 * BM25 retrieval over the chunks that `store` holds for one document and chunking strategy.
 * The chunks are read once, on the first call, into a private FTS5 index of this document alone:
 * BM25's term statistics then come from this paper only, so a paper's ranking (and so its answers)
 * does not change when other papers are added to the store, and equals {@link createMemoryRetriever}'s.
 * @example const retrieve = createBm25Retriever(store, doc.id, "sections"); retrieve(question, { k: 6 });
 */
export function createBm25Retriever(store: Store, documentId: string, strategy: string): Retriever {
  let retriever: Retriever | undefined;
  return (question, options) => {
    retriever ??= createMemoryRetriever(store.getChunks(documentId, strategy));
    return retriever(question, options);
  };
}

/**
 * BM25 retrieval over `chunks`, through an in-memory SQLite FTS5 index (tokenizer `porter unicode61`)
 * built once, on the first call (engines that never retrieve, like the extractive one, pay nothing). Questions are matched on their `query` terms (any of them;
 * multi-word terms as phrases), or on the content words of their text when they have none.
 * Scores are FTS5's bm25 negated, so higher is better. By default `k` is 4 and reference-list
 * chunks are left out; `onlySections` keeps only the listed sections (and then nothing is excluded
 * unless `excludeSections` says so).
 * @example createMemoryRetriever(chunks)(question, { k: 3, onlySections: ["methods"] })
 */
export function createMemoryRetriever(chunks: readonly Chunk[]): Retriever {
  let search: ChunkSearch | undefined;
  return (question, options = {}) => {
    const match = toMatchExpression(question.query) ?? toMatchExpression(queryFromText(question.text));
    const k = Math.max(0, Math.floor(options.k ?? DEFAULT_K));
    if (match === undefined || k === 0 || chunks.length === 0) return [];
    const only = options.onlySections;
    const exclude = options.excludeSections ?? (only === undefined ? DEFAULT_EXCLUDE : []);
    search ??= createChunkIndex(chunks);
    return search(match, k, only, exclude).map(({ pos, rank }) => ({ ...chunks[pos], score: -rank }));
  };
}

type ChunkSearch = (
  match: string,
  k: number,
  only: readonly SectionKind[] | undefined,
  exclude: readonly SectionKind[],
) => { pos: number; rank: number }[];

// One in-memory database per retriever; better-sqlite3 closes it when the retriever is garbage-collected.
function createChunkIndex(chunks: readonly Chunk[]): ChunkSearch {
  const db = new Database(":memory:");
  db.exec(`CREATE VIRTUAL TABLE chunk_text USING fts5(text, section UNINDEXED, tokenize = 'porter unicode61')`);
  const insert = db.prepare("INSERT INTO chunk_text (rowid, text, section) VALUES (?, ?, ?)");
  db.transaction(() => {
    chunks.forEach((chunk, pos) => {
      insert.run(pos, chunk.text, chunk.section);
    });
  })();
  // The rowid is the chunk's position in `chunks`; ties keep document order.
  const query = db.prepare(`
    SELECT rowid AS pos, bm25(chunk_text) AS rank FROM chunk_text
    WHERE chunk_text MATCH @match
      AND (@only IS NULL OR section IN (SELECT value FROM json_each(@only)))
      AND section NOT IN (SELECT value FROM json_each(@exclude))
    ORDER BY rank, pos
    LIMIT @k`);
  return (match, k, only, exclude) =>
    query.all({
      match,
      k,
      only: only === undefined ? null : JSON.stringify(only),
      exclude: JSON.stringify(exclude),
    }) as { pos: number; rank: number }[];
}
