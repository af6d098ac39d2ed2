/**
 * Text embedders for dense retrieval. Implementations: transformers.js (a local ONNX model),
 * Ollama's `/api/embed`, and OpenAI-compatible `/v1/embeddings`. Their SDKs are imported in their
 * own file only.
 */
import { MethodscopeError } from "../errors.js";

/** Turns texts into vectors. `id` is stable and secret-free: vectors are cached in the store under it. */
export interface Embedder {
  /** e.g. "transformers:all-MiniLM-L12-v2", "ollama:nomic-embed-text", "openai:text-embedding-3-small". */
  readonly id: string;
  /** Vector length, when known before the first call. */
  readonly dimensions?: number;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Release models or sockets. */
  close?(): Promise<void>;
}

/** Splits `items` into batches of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out;
}

/** Checks that a backend returned one finite vector per text, all of one length. */
export function checkVectors(
  id: string,
  texts: readonly string[],
  vectors: readonly ArrayLike<number>[],
): Float32Array[] {
  if (vectors.length !== texts.length) {
    throw new MethodscopeError("internal", `${id} returned ${vectors.length} vectors for ${texts.length} texts`);
  }
  const dims = vectors[0]?.length ?? 0;
  return vectors.map((v) => {
    if (v.length === 0 || v.length !== dims)
      throw new MethodscopeError("internal", `${id} returned vectors of unequal or zero length`);
    const f = Float32Array.from(v);
    if (!f.every(Number.isFinite))
      throw new MethodscopeError("internal", `${id} returned a vector with non-finite values`);
    return f;
  });
}

/**
 * Wraps a backend failure into a MethodscopeError naming the embedder. Remote failures are
 * `llm-http` (retryable on network errors, 429 and 5xx); local ones (`local: true`) are `internal`.
 */
export function embedFailure(id: string, error: unknown, options: { local?: boolean } = {}): MethodscopeError {
  if (error instanceof MethodscopeError) return error;
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const message = `embedding with ${id} failed: ${reason}`;
  if (options.local) return new MethodscopeError("internal", message, { cause: error });
  const status =
    (error as { status?: unknown; status_code?: unknown })?.status ?? (error as { status_code?: unknown })?.status_code;
  const retryable = typeof status === "number" ? status === 429 || status >= 500 : true;
  return new MethodscopeError("llm-http", message, { retryable, cause: error });
}
