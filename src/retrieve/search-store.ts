import type { Store } from "../store/index.js";
import type { RetrieveOptions, ScoredChunk } from "../types.js";
import { toMatchExpression } from "./query.js";

/** A chunk found by {@link searchStore}, with the paper it belongs to. */
export interface StoreHit extends ScoredChunk {
  documentId: string;
  strategy: string;
}

export interface SearchStoreOptions extends RetrieveOptions {
  /** Only chunks of this chunking strategy; all strategies when absent. */
  strategy?: string;
}

/**
 * Searches the chunks of every paper in the store (its FTS5 index), best first. Unlike a per-paper
 * {@link Retriever}, term statistics here are those of the whole store, which is what ranking across
 * papers needs. Same term handling and section defaults as the retrievers; `k` defaults to 10.
 * @example searchStore(store, ["random forest"], { strategy: "sections", k: 5 })
 */
export function searchStore(store: Store, terms: readonly string[], options: SearchStoreOptions = {}): StoreHit[] {
  const match = toMatchExpression(terms);
  const k = Math.max(0, Math.floor(options.k ?? 10));
  if (match === undefined || k === 0) return [];
  const only = options.onlySections;
  const exclude = options.excludeSections ?? (only === undefined ? ["references", "floats"] : []);
  const rows = store.db
    .prepare(`
      SELECT c.document_id AS documentId, c.strategy, c.idx AS "index", c.text, c.start, c."end", c.section, c.page,
             -bm25(chunks_fts) AS score
      FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
      WHERE chunks_fts MATCH @match
        AND (@strategy IS NULL OR c.strategy = @strategy)
        AND (@only IS NULL OR c.section IN (SELECT value FROM json_each(@only)))
        AND c.section NOT IN (SELECT value FROM json_each(@exclude))
      ORDER BY score DESC, c.document_id, c.strategy, c.idx
      LIMIT @k`)
    .all({
      match,
      k,
      strategy: options.strategy ?? null,
      only: only === undefined ? null : JSON.stringify(only),
      exclude: JSON.stringify(exclude),
    });
  return rows as StoreHit[];
}
