/**
 * Timeouts and retries for LLM calls, the same for every network provider: a per-attempt timeout
 * (AbortController), exponential backoff with full jitter on 429/5xx/network errors/timeouts, `Retry-After`
 * honoured, and errors that say which provider, what failed and after how many retries — never the API key.
 */
import { type ErrorCode, MethodscopeError } from "../errors.js";
import { redactText } from "./credentials.js";
import type { ProviderOptions } from "./types.js";

/** What kind of failure a call met. */
export type LlmFailureReason = "http" | "network" | "timeout" | "malformed" | "aborted";

/**
 * The error codes per failure. TODO(lead): once src/errors.ts has "llm-http", "llm-timeout" and
 * "llm-malformed", map http/network → "llm-http", timeout → "llm-timeout", malformed → "llm-malformed".
 */
const CODE_FOR: Record<LlmFailureReason, ErrorCode> = {
  http: "llm-http",
  network: "llm-http",
  timeout: "llm-timeout",
  malformed: "llm-malformed",
  aborted: "cancelled",
};

/** A failed LLM call: a MethodscopeError that also says why (`reason`), the HTTP status and Retry-After. */
export class LlmCallError extends MethodscopeError {
  readonly reason: LlmFailureReason;
  readonly status?: number;
  /** Delay the server asked for (Retry-After / retry-after-ms), in ms. */
  readonly retryAfterMs?: number;
  constructor(
    reason: LlmFailureReason,
    message: string,
    options: { status?: number; retryAfterMs?: number; retryable?: boolean } = {},
  ) {
    super(CODE_FOR[reason], message, { retryable: options.retryable ?? defaultRetryable(reason, options.status) });
    this.name = "LlmCallError";
    this.reason = reason;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

function defaultRetryable(reason: LlmFailureReason, status?: number): boolean {
  if (reason === "network" || reason === "timeout") return true;
  if (reason === "http") return status !== undefined && isRetryableStatus(status);
  return false;
}

/** 408/409/425/429 and 5xx (but 501/505, which will not change) are worth another try; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  if ([408, 409, 425, 429].includes(status)) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

/**
 * The delay a server asked for, in ms: `retry-after-ms`, else `Retry-After` as seconds or an HTTP date.
 * @example parseRetryAfter("2") // 2000
 */
export function parseRetryAfter(
  retryAfter: string | null | undefined,
  retryAfterMs?: string | null,
  now = Date.now(),
): number | undefined {
  if (retryAfterMs != null && retryAfterMs.trim() !== "") {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  }
  if (retryAfter == null || retryAfter.trim() === "") return undefined;
  const value = retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface RetryPolicy {
  maxRetries: number;
  timeoutMs: number;
  /** First backoff ceiling; doubles each retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After obeyed; a longer one is cut to this. */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_RETRIES = 3;

/** The retry policy for a provider's options (defaults: 3 retries, 5 min per attempt, 1 s → 60 s backoff). */
export function retryPolicy(options: ProviderOptions = {}): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    baseDelayMs: 1000,
    maxDelayMs: 60_000,
    maxRetryAfterMs: 600_000,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  };
}

/** Full-jitter backoff: a uniform delay in [0, min(max, base·2^attempt)). `attempt` counts from 0. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

export interface CallContext {
  /** Secret-free name for messages, e.g. "openai:llama3 at http://127.0.0.1:4000/v1" (read when the call ends). */
  label: string | (() => string);
  /** Turns whatever one attempt threw into an LlmCallError (the provider knows its SDK's errors). */
  classify: (error: unknown) => LlmCallError;
  /** Strings removed from every message (the API key, credentials split off the server's URL). */
  secrets?: string[];
  /** The caller's own abort: stops at once, no retry. */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error comes, or the retries are spent.
 * Each attempt gets a signal that aborts at `policy.timeoutMs`.
 * @example await withRetry((signal) => client.chat({ signal }), retryPolicy(opts), { label, classify });
 */
export async function withRetry<T>(
  attempt: (signal: AbortSignal, attemptIndex: number) => Promise<T>,
  policy: RetryPolicy,
  context: CallContext,
): Promise<T> {
  for (let i = 0; ; i++) {
    throwIfAborted(context);
    let failure: LlmCallError;
    try {
      return await attemptWithTimeout((signal) => attempt(signal, i), policy.timeoutMs, context.signal);
    } catch (error) {
      if (context.signal?.aborted) throw finalError(context, aborted(), i);
      failure = error instanceof TimedOut ? timedOut(policy.timeoutMs) : context.classify(error);
    }
    if (!failure.retryable || i >= policy.maxRetries) throw finalError(context, failure, i);
    const delay =
      failure.retryAfterMs !== undefined
        ? Math.min(failure.retryAfterMs, policy.maxRetryAfterMs)
        : backoffDelay(i, policy);
    await policy.sleep(delay);
  }
}

class TimedOut extends Error {}

/** Races one attempt against its timeout and the caller's abort, so even an attempt that ignores its signal ends. */
async function attemptWithTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<T> {
  const controller = new AbortController();
  let onAbort: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimedOut());
      controller.abort(new TimedOut());
    }, timeoutMs);
    onAbort = () => {
      reject(outer?.reason ?? new Error("aborted"));
      controller.abort(outer?.reason);
    };
    outer?.addEventListener("abort", onAbort, { once: true });
  });
  stopped.catch(() => {}); // the race below observes it; avoid an unhandled rejection when the attempt wins
  try {
    return await Promise.race([run(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener("abort", onAbort);
  }
}

function throwIfAborted(context: CallContext): void {
  if (context.signal?.aborted) throw finalError(context, aborted(), 0);
}

function aborted(): LlmCallError {
  return new LlmCallError("aborted", "cancelled", { retryable: false });
}

function timedOut(ms: number): LlmCallError {
  return new LlmCallError("timeout", `no answer within ${ms} ms`);
}

function finalError(context: CallContext, failure: LlmCallError, retries: number): LlmCallError {
  const tail = retries > 0 ? ` after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
  const label = typeof context.label === "function" ? context.label() : context.label;
  const message = redact(`${label}: ${failure.message}${tail}`, context.secrets);
  return new LlmCallError(failure.reason, message, {
    status: failure.status,
    retryAfterMs: failure.retryAfterMs,
    retryable: failure.retryable,
  });
}

/**
 * Replaces every secret (of 4+ characters) in `text` with "***", and the user, password and secret query
 * values of any URL in it (a server's error may echo the address it was called at).
 */
export function redact(text: string, secrets: string[] = []): string {
  return redactText(text, secrets);
}

/** Shortens a server's error text for a one-line message. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
