/**
 * Embedding vectors in the store, through the sqlite-vec extension. Vectors are content-addressed:
 * one row per (embedder, text hash), so a chunk text or question embedded once is never embedded
 * again, whatever paper, chunking or run it comes from, and whether or not its chunks are saved
 * yet. Each (embedder id, dimensions) pair gets its own `vec0` table, created on first use; these
 * tables live outside the numbered migrations because they exist only for users of dense retrieval.
 */
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import { MethodscopeError } from "../errors.js";

/** One embedder's vectors of one length. */
export interface VectorSpace {
  readonly embedderId: string;
  readonly dimensions: number;
  /** Vector ids of the texts (by {@link textHash}) already stored; absent hashes are not. */
  lookup(hashes: readonly string[]): Map<string, number>;
  /** Stores vectors (in one transaction) and returns the ids of all of them. */
  put(items: readonly { hash: string; vector: Float32Array }[]): Map<string, number>;
  /** Cosine distance (0 = same direction, 2 = opposite) from the vector `queryId` to each of `ids`. */
  distances(queryId: number, ids: readonly number[]): Map<number, number>;
}

/** SHA-256 (hex) of a text: the key of its vector. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Loads sqlite-vec into `db` unless it is there already. */
export function loadSqliteVec(db: Database.Database): void {
  try {
    db.prepare("SELECT vec_version()").get();
    return;
  } catch {
    // not loaded yet
  }
  try {
    sqliteVec.load(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MethodscopeError("store", `cannot load the sqlite-vec extension for dense retrieval: ${reason}`, {
      cause: error,
    });
  }
}

/** The dimensions of the vectors stored for `embedderId`, latest first (empty when none). */
export function knownDimensions(db: Database.Database, embedderId: string): number[] {
  ensureCatalog(db);
  const rows = db
    .prepare("SELECT dimensions FROM vector_spaces WHERE embedder = ? ORDER BY rowid DESC")
    .all(embedderId) as { dimensions: number }[];
  return rows.map((r) => r.dimensions);
}

/**
 * Opens (creating on first use) the vector space of `embedderId` with `dimensions`.
 * @example const space = openVectorSpace(store.db, "transformers:all-MiniLM-L12-v2", 384);
 */
export function openVectorSpace(db: Database.Database, embedderId: string, dimensions: number): VectorSpace {
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new MethodscopeError("internal", `invalid vector dimensions ${dimensions} for ${embedderId}`);
  }
  loadSqliteVec(db);
  ensureCatalog(db);
  const space = `${embedderId}#${dimensions}`;
  // The table name is derived, never user text: embedder ids may hold any character.
  const table = `vec_${createHash("sha256").update(space).digest("hex").slice(0, 16)}`;
  db.transaction(() => {
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(embedding float[${dimensions}] distance_metric=cosine)`,
    );
    db.prepare("INSERT OR IGNORE INTO vector_spaces (space, embedder, dimensions, vec_table) VALUES (?, ?, ?, ?)").run(
      space,
      embedderId,
      dimensions,
      table,
    );
  }).immediate(); // immediate: two runs on one store never deadlock upgrading a read lock

  const find = db.prepare("SELECT id FROM vector_texts WHERE space = ? AND text_hash = ?").pluck();
  const insertKey = db.prepare("INSERT INTO vector_texts (space, text_hash) VALUES (?, ?)");
  const insertVector = db.prepare(`INSERT INTO ${table} (rowid, embedding) VALUES (?, ?)`);
  const distance = db.prepare(`
    SELECT v.rowid AS id, vec_distance_cosine(v.embedding, q.embedding) AS distance
    FROM ${table} v, ${table} q
    WHERE q.rowid = @query AND v.rowid IN (SELECT value FROM json_each(@ids))`);

  const lookup = (hashes: readonly string[]) => {
    const found = new Map<string, number>();
    for (const hash of hashes) {
      const id = find.get(space, hash) as number | undefined;
      if (id !== undefined) found.set(hash, id);
    }
    return found;
  };
  const put = db.transaction((items: readonly { hash: string; vector: Float32Array }[]) => {
    const ids = lookup(items.map((i) => i.hash));
    for (const { hash, vector } of items) {
      if (ids.has(hash)) continue;
      if (vector.length !== dimensions) {
        throw new MethodscopeError(
          "internal",
          `${embedderId} returned a ${vector.length}-dimensional vector, expected ${dimensions}`,
        );
      }
      const id = Number(insertKey.run(space, hash).lastInsertRowid);
      insertVector.run(BigInt(id), vector);
      ids.set(hash, id);
    }
    return ids;
  });
  const distances = (queryId: number, ids: readonly number[]) => {
    const rows = distance.all({ query: queryId, ids: JSON.stringify(ids) }) as { id: number; distance: number }[];
    return new Map(rows.map((r) => [r.id, r.distance]));
  };
  return { embedderId, dimensions, lookup, put: (items) => put.immediate(items), distances };
}

function ensureCatalog(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS vector_spaces (
      space TEXT PRIMARY KEY,
      embedder TEXT NOT NULL,
      dimensions INTEGER NOT NULL,
      vec_table TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS vector_texts (
      id INTEGER PRIMARY KEY,
      space TEXT NOT NULL,
      text_hash TEXT NOT NULL,
      UNIQUE (space, text_hash)
    ) STRICT;`);
}
