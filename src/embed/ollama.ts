import { Ollama } from "ollama";
import { batches, checkVectors, type Embedder, embedFailure } from "./types.js";

/** Options of {@link createOllamaEmbedder}. */
export interface OllamaEmbedderOptions {
  /** e.g. "nomic-embed-text", "all-minilm". */
  model: string;
  /** Default "http://127.0.0.1:11434". */
  host?: string;
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
  const host = options.host ?? "http://127.0.0.1:11434";
  const client = new Ollama({ host, ...(options.fetch ? { fetch: options.fetch } : {}) });
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
          throw embedFailure(id, error);
        }
      }
      return out;
    },
  };
}
