// The LLM response cache (table llm_cache, migration 3): one row per distinct request, so a re-run makes no call.
import type { Database } from "better-sqlite3";

export interface LlmCacheEntry {
  key: string;
  /** Provider kind ("openai", "ollama", "gguf"): never an address or a key. */
  provider: string;
  model: string;
  responseText: string;
  tokensIn: number | null;
  tokensOut: number | null;
  ms: number | null;
  createdAt: string;
}

export interface LlmCacheTable {
  get(key: string): LlmCacheEntry | undefined;
  /** Inserts or replaces the entry for `entry.key`. */
  put(entry: LlmCacheEntry): void;
  delete(key: string): void;
  count(): number;
}

interface Row {
  key: string;
  provider: string;
  model: string;
  response_text: string;
  tokens_in: number | null;
  tokens_out: number | null;
  ms: number | null;
  created_at: string;
}

/**
 * Prepared access to `llm_cache` on an open, migrated store connection (`store.db`).
 * @example const cache = openLlmCacheTable(store.db); cache.get(key)?.responseText;
 */
export function openLlmCacheTable(db: Database): LlmCacheTable {
  const get = db.prepare<[string], Row>(`SELECT * FROM llm_cache WHERE key = ?`);
  const put = db.prepare(`
    INSERT INTO llm_cache (key, provider, model, response_text, tokens_in, tokens_out, ms, created_at)
    VALUES (@key, @provider, @model, @response_text, @tokens_in, @tokens_out, @ms, @created_at)
    ON CONFLICT (key) DO UPDATE SET
      provider = excluded.provider, model = excluded.model, response_text = excluded.response_text,
      tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, ms = excluded.ms,
      created_at = excluded.created_at`);
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM llm_cache`);
  const remove = db.prepare(`DELETE FROM llm_cache WHERE key = ?`);
  return {
    get(key) {
      const row = get.get(key);
      if (!row) return undefined;
      return {
        key: row.key,
        provider: row.provider,
        model: row.model,
        responseText: row.response_text,
        tokensIn: row.tokens_in,
        tokensOut: row.tokens_out,
        ms: row.ms,
        createdAt: row.created_at,
      };
    },
    put(e) {
      put.run({
        key: e.key,
        provider: e.provider,
        model: e.model,
        response_text: e.responseText,
        tokens_in: e.tokensIn === null ? null : Math.round(e.tokensIn),
        tokens_out: e.tokensOut === null ? null : Math.round(e.tokensOut),
        ms: e.ms,
        created_at: e.createdAt,
      });
    },
    delete(key) {
      remove.run(key);
    },
    count: () => count.get()?.n ?? 0,
  };
}
