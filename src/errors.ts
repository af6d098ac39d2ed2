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
  | "pdf-too-large"
  | "timeout"
  | "file-too-large"
  | "binary-file"
  | "not-a-regular-file"
  | "not-a-store"
  | "worker-crashed"
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

/**
 * Control characters (a file named "evil\nmethodscope: all good.pdf") written as escapes, so a
 * message stays one line and cannot forge output.
 * @example escapeControl("a\nb") // "a\\nb"
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** A one-line description of any thrown value, for result rows and stderr (control characters escaped). */
export function describeError(error: unknown): string {
  if (error instanceof MethodscopeError) return escapeControl(`${error.code}: ${error.message}`);
  if (error instanceof Error) return escapeControl(`internal: ${error.message.split("\n")[0]}`);
  return escapeControl(`internal: ${String(error)}`);
}
