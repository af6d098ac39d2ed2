import { Ollama } from "ollama";
import { type Endpoint, fetchWithQuery, redactText, toEndpoint } from "../llm/credentials.js";
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
  /** Injected for tests. */
  fetch?: typeof fetch;
}

/**
 * Embeddings from Ollama's native `/api/embed` endpoint.
 * @example const embedder = createOllamaEmbedder({ model: "nomic-embed-text", host: "http://gpu-box:11434" });
 */
export function createOllamaEmbedder(options: OllamaEmbedderOptions): Embedder {
  const server = toEndpoint(options.host ?? "http://127.0.0.1:11434");
  const client = new Ollama({
    host: server.url,
    headers: server.headers,
    fetch: fetchWithQuery(server.query, options.fetch ?? fetch),
  });
  const id = `ollama:${options.model}`;
  return {
    id,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (const batch of batches(texts, options.batchSize ?? 32)) {
        try {
          const response = await client.embed({ model: options.model, input: batch });
          out.push(...checkVectors(id, batch, response.embeddings));
        } catch (error) {
          throw embedFailure(id, error, { redact: (text) => redactText(text, server.secrets) });
        }
      }
      return out;
    },
  };
}
