import type OpenAI from "openai";
import { type Endpoint, redactText, toEndpoint } from "../llm/credentials.js";
import { classifyOpenAIError, loadOpenAI, type OpenAISdk } from "../llm/openai.js";
import { retryPolicy, withRetry } from "../llm/retry.js";
import { batches, checkVectors, type Embedder, embedFailure } from "./types.js";

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  /** e.g. "text-embedding-3-small", or the name a vLLM/llama.cpp server gives its embedding model. */
  model: string;
  /**
   * Default "https://api.openai.com/v1". Credentials in it (`http://user:pw@h/v1`: HTTP Basic, `http://TOKEN@h/v1`:
   * Bearer, `?api_key=`) are split off, sent as headers/query and shown as `***` (see src/llm/credentials.ts).
   */
  baseURL?: string | Endpoint;
  /** Never stored or logged; local servers usually accept any value. */
  apiKey?: string;
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Retries on 429/5xx/network errors, with the LLM providers' policy (backoff, Retry-After; default 2). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Waits between retries (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. */
  fetch?: typeof fetch;
}

/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, vLLM, llama.cpp, LM Studio…).
 * @example const embedder = createOpenAIEmbedder({ model: "bge-small", baseURL: "http://h:8000/v1" });
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const server = toEndpoint(options.baseURL ?? "https://api.openai.com/v1");
  // The SDK is loaded, and the client made, on the first embed call.
  let client: OpenAI | undefined;
  const clientOf = (Sdk: OpenAISdk): OpenAI => {
    client ??= new Sdk({
      baseURL: server.url,
      // The SDK refuses to start without a key; local servers ignore it.
      apiKey: options.apiKey ?? "unused",
      // The URL's own credentials win over the key from the environment.
      defaultHeaders: server.headers,
      defaultQuery: server.query,
      logLevel: "off",
      // Retries and timeouts are withRetry's, the same policy as the chat providers'.
      maxRetries: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return client;
  };
  const policy = retryPolicy({
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
  });
  const id = `openai:${options.model}@${server.shown}`;
  const secrets = [...server.secrets, ...(options.apiKey ? [options.apiKey] : [])];
  return {
    id,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      const Sdk = await loadOpenAI();
      for (const batch of batches(texts, options.batchSize ?? 64)) {
        try {
          // Floats, not the SDK's default base64: not every compatible server speaks base64.
          const response = await withRetry(
            (signal) =>
              clientOf(Sdk).embeddings.create(
                { model: options.model, input: batch, encoding_format: "float" },
                { signal },
              ),
            policy,
            { label: id, classify: (error) => classifyOpenAIError(error, Sdk), secrets },
          );
          const ordered = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
          out.push(...checkVectors(id, batch, ordered));
        } catch (error) {
          throw embedFailure(id, error, { redact: (text) => redactText(text, secrets) });
        }
      }
      return out;
    },
  };
}
