import { Ollama } from "ollama";
import { type Endpoint, fetchWithQuery, redactText, toEndpoint } from "../llm/credentials.js";
import { classifyOllamaError, guardedFetch } from "../llm/ollama.js";
import { retryPolicy, withRetry } from "../llm/retry.js";
import { batches, checkVectors, type Embedder, embedFailure } from "./types.js";

/** Options of {@link createOllamaEmbedder}. */
export interface OllamaEmbedderOptions {
  /** e.g. "nomic-embed-text", "all-minilm". */
  model: string;
  /**
   * Default "http://127.0.0.1:11434". Credentials in it (`http://user:pw@h:11434`: HTTP Basic, `http://TOKEN@h`:
   * Bearer) are split off and sent as headers, never shown (see src/llm/credentials.ts).
   */
  host?: string | Endpoint;
  /** Texts per request (default 32). */
  batchSize?: number;
  /** Retries on 429/5xx/network errors, with the LLM providers' policy (default 2). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Waits between retries (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. */
  fetch?: typeof fetch;
}

/**
 * Embeddings from Ollama's native `/api/embed` endpoint.
 * @example const embedder = createOllamaEmbedder({ model: "nomic-embed-text", host: "http://gpu-box:11434" });
 */
export function createOllamaEmbedder(options: OllamaEmbedderOptions): Embedder {
  const server = toEndpoint(options.host ?? "http://127.0.0.1:11434");
  // One client per attempt, as the chat provider does: its fetch carries the attempt's signal and
  // turns an HTTP error status into an error the shared retry policy understands.
  const clientFor = (signal: AbortSignal) =>
    new Ollama({
      host: server.url,
      headers: server.headers,
      fetch: fetchWithQuery(server.query, guardedFetch(signal, options.fetch ?? fetch)),
    });
  const id = `ollama:${options.model}`;
  const policy = retryPolicy({
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
  });
  return {
    id,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (const batch of batches(texts, options.batchSize ?? 32)) {
        try {
          const response = await withRetry(
            (signal) => clientFor(signal).embed({ model: options.model, input: batch }),
            policy,
            {
              label: id,
              classify: classifyOllamaError,
              secrets: server.secrets,
            },
          );
          out.push(...checkVectors(id, batch, response.embeddings));
        } catch (error) {
          throw embedFailure(id, error, { redact: (text) => redactText(text, server.secrets) });
        }
      }
      return out;
    },
  };
}
