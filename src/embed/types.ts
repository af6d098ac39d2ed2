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
 * `redact` scrubs the message (a remote embedder's credentials, which a server or fetch may echo).
 */
export function embedFailure(
  id: string,
  error: unknown,
  options: { local?: boolean; redact?: (text: string) => string } = {},
): MethodscopeError {
  if (error instanceof MethodscopeError) {
    // A failure after the shared retry policy (or a refused reply): kept as it is, named for the embedder.
    if (error.message.startsWith("embedding with ")) return error;
    return new MethodscopeError(error.code, `embedding with ${id} failed: ${error.message}`, {
      retryable: error.retryable,
    });
  }
  const raw = error instanceof Error ? `${error.message.split("\n")[0]}${causeOf(error)}` : String(error);
  const reason = options.redact ? options.redact(raw) : raw;
  const message = `embedding with ${id} failed: ${reason}`;
  if (options.local) return new MethodscopeError("internal", message, { cause: error });
  const status =
    (error as { status?: unknown; status_code?: unknown })?.status ?? (error as { status_code?: unknown })?.status_code;
  const retryable = typeof status === "number" ? status === 429 || status >= 500 : true;
  // The cause is dropped when redacting: it may hold the address with its credentials.
  return new MethodscopeError("llm-http", message, { retryable, ...(options.redact ? {} : { cause: error }) });
}

/** " (cause)" for a fetch failure, whose own message ("fetch failed") says nothing. */
function causeOf(error: Error): string {
  const cause = error.cause;
  if (!(cause instanceof Error) || error.message !== "fetch failed") return "";
  return ` (${(cause as NodeJS.ErrnoException).code ?? cause.message.split("\n")[0]})`;
}
