/** Codes for everything that can go wrong with one input or one call. */
export type ErrorCode =
  | "not-found"
  | "unreadable"
  | "unsupported-type"
  | "empty-file"
  | "not-a-pdf"
  | "corrupt-pdf"
  | "encrypted-pdf"
  | "no-text-layer"
  | "too-many-pages"
  | "usage"
  | "llm-http"
  | "llm-timeout"
  | "llm-malformed"
  | "cancelled"
  | "store"
  | "internal";

/**
 * The one error type of methodscope. `code` says what kind of failure it is, `retryable` whether
 * trying the same thing again may succeed. Messages are written for the user: what happened and
 * what they can do.
 */
export class MethodscopeError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MethodscopeError";
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A one-line description of any thrown value, for result rows and stderr. */
export function describeError(error: unknown): string {
  if (error instanceof MethodscopeError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `internal: ${error.message.split("\n")[0]}`;
  return `internal: ${String(error)}`;
}
