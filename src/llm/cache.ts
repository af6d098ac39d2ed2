/**
 * A response cache in the store: the same request to the same model is answered from `llm_cache`, so a
 * re-run (or a resume after a crash) makes no call. The key leaves out the server address and the key, so
 * spreading calls over servers, or moving to another one, still hits.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../hash.js";
import type { Store } from "../store/index.js";
import { openLlmCacheTable } from "../store/llm-cache.js";
import type { ChatRequest, ChatResponse, LlmProvider } from "./types.js";

export { canonicalJson };

export interface CacheOptions {
  /** Skip lookups but still store answers (refresh the cache). */
  refresh?: boolean;
  /** Mixed into every key, to keep apart answers that must not be shared (e.g. a prompt version). */
  salt?: string;
  /** Clock for created_at. */
  now?: () => Date;
}

/**
 * The cache key of a request to a model: sha256 of the provider kind, model, messages, temperature,
 * maxTokens and JSON schema (and the salt), in a canonical JSON form.
 * @example cacheKey("openai", "llama3", { messages: [{ role: "user", content: "Hi" }] })
 */
export function cacheKey(kind: string, model: string, request: ChatRequest, salt = ""): string {
  const material = canonicalJson({
    v: 1,
    kind,
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature ?? 0,
    maxTokens: request.maxTokens ?? null,
    jsonSchema: request.jsonSchema ?? null,
    salt,
  });
  return createHash("sha256").update(material).digest("hex");
}

/**
 * Wraps a provider with the store's response cache. A hit returns `cached: true` with the stored tokens
 * and `ms` 0; identical requests running at once share one call.
 * @example const llm = withCache(createOpenAIProvider(opts), store);
 */
export function withCache(provider: LlmProvider, store: Pick<Store, "db">, options: CacheOptions = {}): LlmProvider {
  const table = openLlmCacheTable(store.db);
  const now = options.now ?? (() => new Date());
  const pending = new Map<string, Promise<ChatResponse>>();

  async function callAndStore(key: string, request: ChatRequest): Promise<ChatResponse> {
    const response = await provider.chat(request);
    table.put({
      key,
      provider: provider.kind,
      model: provider.model,
      responseText: response.text,
      tokensIn: response.tokensIn,
      tokensOut: response.tokensOut,
      ms: response.ms,
      createdAt: now().toISOString(),
    });
    return response;
  }

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    const key = cacheKey(provider.kind, provider.model, request, options.salt);
    if (!options.refresh) {
      const hit = table.get(key);
      if (hit) {
        return {
          text: hit.responseText,
          tokensIn: hit.tokensIn ?? 0,
          tokensOut: hit.tokensOut ?? 0,
          ms: 0,
          cached: true,
        };
      }
    }
    const running = pending.get(key);
    if (running) return { ...(await running), ms: 0, cached: true };
    const call = callAndStore(key, request);
    pending.set(key, call);
    try {
      return await call;
    } finally {
      pending.delete(key);
    }
  }

  return {
    id: provider.id,
    kind: provider.kind,
    model: provider.model,
    chat,
    forget: (request) => table.delete(cacheKey(provider.kind, provider.model, request, options.salt)),
    ...(provider.countTokens && { countTokens: provider.countTokens.bind(provider) }),
    ...(provider.close && { close: provider.close.bind(provider) }),
  };
}
