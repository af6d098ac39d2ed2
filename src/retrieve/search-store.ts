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
 * Searches the chunks of every paper in the store (its FTS5 index, brought up to date first), best first. Unlike a per-paper
 * {@link Retriever}, term statistics here are those of the whole store, which is what ranking across
 * papers needs. Same term handling and section defaults as the retrievers; `k` defaults to 10.
 * @example searchStore(store, ["random forest"], { strategy: "sections", k: 5 })
 */
export function searchStore(store: Store, terms: readonly string[], options: SearchStoreOptions = {}): StoreHit[] {
  const match = toMatchExpression(terms);
  const k = Math.max(0, Math.floor(options.k ?? 10));
  if (match === undefined || k === 0) return [];
  if (!store.readonly) refreshChunkIndex(store);
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

/** What {@link refreshChunkIndex} did. */
export interface IndexRefresh {
  /** Chunks added to the index. */
  added: number;
  /** The index was rebuilt from all chunks, because indexed chunks were deleted or changed. */
  rebuilt: boolean;
}

/**
 * Brings the store-wide full-text index (`chunks_fts`) up to date: extract writes chunks without
 * indexing them, so the index is built here, on first use: the chunks added since the last refresh
 * are indexed, and when indexed chunks were deleted or changed since (a pruned paper, re-chunking)
 * the whole index is rebuilt. One transaction; cheap when nothing changed.
 *
 * @example refreshChunkIndex(store) // { added: 120, rebuilt: false }
 */
export function refreshChunkIndex(store: Store): IndexRefresh {
  const db = store.db;
  return db.transaction((): IndexRefresh => {
    const state = db.prepare("SELECT indexed_max AS indexedMax, stale FROM chunks_fts_state WHERE id = 1").get() as
      | { indexedMax: number; stale: number }
      | undefined;
    const max = (db.prepare("SELECT coalesce(max(id), 0) AS max FROM chunks").get() as { max: number }).max;
    if (!state || state.stale) {
      db.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild')");
      setState(store, max);
      const added = (db.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
      return { added, rebuilt: true };
    }
    if (max <= state.indexedMax) return { added: 0, rebuilt: false };
    const added = db
      .prepare("INSERT INTO chunks_fts (rowid, text) SELECT id, text FROM chunks WHERE id > ? ORDER BY id")
      .run(state.indexedMax).changes;
    setState(store, max);
    return { added, rebuilt: false };
  })();
}

function setState(store: Store, indexedMax: number): void {
  store.db
    .prepare(
      "INSERT INTO chunks_fts_state (id, indexed_max, stale) VALUES (1, ?, 0) " +
        "ON CONFLICT (id) DO UPDATE SET indexed_max = excluded.indexed_max, stale = 0",
    )
    .run(indexedMax);
}
