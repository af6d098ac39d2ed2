/**
 * The LLM layer: specs, providers, retries, the response cache and token counts.
 *
 * ```ts
 * const llm = withCache(await createProvider("ollama:llama3.1:8b@http://gpu:11434", { timeoutMs: 60_000 }), store);
 * const { text, tokensIn } = await llm.chat({ messages: [{ role: "user", content: "Hi" }] });
 * ```
 */
import { MethodscopeError } from "../errors.js";
import { createOllamaProvider } from "./ollama.js";
import { createOpenAIProvider } from "./openai.js";
import { type LlmSpec, parseLlmSpec } from "./spec.js";
import type { LlmProvider, ProviderOptions } from "./types.js";

export { type CacheOptions, cacheKey, withCache } from "./cache.js";
export {
  type Endpoint,
  fetchWithQuery,
  redactText,
  redactUrl,
  secretsOf,
  splitCredentials,
  toEndpoint,
} from "./credentials.js";
export { createOllamaProvider, type OllamaProviderOptions } from "./ollama.js";
export { createOpenAIProvider, type OpenAIProviderOptions, PLACEHOLDER_API_KEY } from "./openai.js";
export { createEndpointPool, createLimiter, type EndpointPool } from "./pool.js";
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  LlmCallError,
  type LlmFailureReason,
  parseRetryAfter,
  type RetryPolicy,
  redact,
  retryPolicy,
  withRetry,
} from "./retry.js";
export {
  DEFAULT_OLLAMA_HOST,
  DEFAULT_OPENAI_BASE_URL,
  type LlmSpec,
  parseLlmSpec,
  providerId,
  publicAddress,
} from "./spec.js";
export { countChatTokens, estimateChatTokens, estimateTokens, resolveUsage } from "./tokens.js";
export type * from "./types.js";

export type GgufSpec = Extract<LlmSpec, { kind: "gguf" }>;

/** Builds the provider of a `gguf:` spec (node-llama-cpp, lazily imported by its own module). */
export type GgufFactory = (spec: GgufSpec, options: ProviderOptions) => Promise<LlmProvider>;

export interface CreateProviderOptions extends ProviderOptions {
  /** Provider for `gguf:` specs. Defaults to the built-in one (see GGUF SLOT below). */
  gguf?: GgufFactory;
}

// ---- GGUF SLOT (helper 4c) -------------------------------------------------------------------------------
// Set this to the embedded provider's factory, e.g.
//   const defaultGguf: GgufFactory | undefined = (spec, options) =>
//     import("./gguf.js").then((m) => m.createGgufProvider({ path: spec.path, ...options }));
const defaultGguf: GgufFactory | undefined = (spec) =>
  import("./gguf.js").then((m) => m.createGgufProvider({ path: spec.path }));
// ------------------------------------------------------------------------------------------------------------

/**
 * The provider for a `--llm` spec (string or parsed).
 * @example const llm = await createProvider("openai:llama3@http://127.0.0.1:8000/v1", { apiKey });
 */
export async function createProvider(
  spec: string | LlmSpec,
  options: CreateProviderOptions = {},
): Promise<LlmProvider> {
  const parsed = typeof spec === "string" ? parseLlmSpec(spec) : spec;
  const { gguf, ...providerOptions } = options;
  switch (parsed.kind) {
    case "openai":
      return createOpenAIProvider({ ...providerOptions, model: parsed.model, baseURLs: parsed.endpoints });
    case "ollama":
      return createOllamaProvider({ ...providerOptions, model: parsed.model, hosts: parsed.endpoints });
    case "gguf": {
      const factory = gguf ?? defaultGguf;
      if (!factory) throw new MethodscopeError("usage", `gguf models are not available in this build (${parsed.path})`);
      return factory(parsed, providerOptions);
    }
  }
}
