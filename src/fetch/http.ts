/**
 * A polite HTTP client for the open-access services: one rate limit shared by every request of a run,
 * retries with backoff on 429 (honouring Retry-After) and 5xx and network errors, a timeout per request
 * (body included), and a User-Agent naming the tool, its version and the user's contact e-mail, as
 * OpenAlex's and Unpaywall's terms ask. The state (the next free slot) lives in the client, not the module.
 */
import { MethodscopeError } from "../errors.js";

/** Settings of one client; times in milliseconds. */
export interface HttpClientOptions {
  /** Requests per second over all requests of the run (> 0). */
  rate: number;
  /** Further tries after the first, on 429, 5xx, timeouts and network errors. */
  retries: number;
  timeoutMs: number;
  userAgent: string;
  /** First backoff when no Retry-After is given; doubled each retry (default 1000). */
  backoffMs?: number;
  /** Retry-After values above this are not waited for: the request fails (default 120 000). */
  maxRetryAfterMs?: number;
  /** For tests. */
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The clock the rate limit reads (default Date.now); tests pass one that a fake sleep advances. */
  now?: () => number;
}

/** What a GET gave: the final response (after redirects) and the time it must finish by. */
export interface HttpResult {
  response: Response;
  /** Aborts the body read when the request's time is up; call `done()` once the body is read. */
  signal: AbortSignal;
  done: () => void;
}

export interface HttpClient {
  /**
   * GETs `url`, retrying transient failures. Resolves with any final response (2xx, or a 4xx other
   * than 429, for the caller to judge); throws MethodscopeError when every try failed.
   */
  get(url: string, accept: string): Promise<HttpResult>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A client with its own rate limiter. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.now ?? Date.now;
  const interval = 1000 / options.rate;
  const backoff = options.backoffMs ?? 1000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 120_000;
  let nextSlot = 0;

  /** Waits for this request's turn: starts are spaced `interval` apart over the whole run. */
  async function turn(): Promise<void> {
    const now = clock();
    const at = Math.max(now, nextSlot);
    nextSlot = at + interval;
    if (at > now) await sleep(at - now);
  }

  async function once(url: string, accept: string): Promise<HttpResult> {
    await turn();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new MethodscopeError("timeout", `no complete answer from ${url} in time`)),
      options.timeoutMs,
    );
    const done = () => clearTimeout(timer);
    try {
      const response = await fetchImpl(url, {
        headers: { "user-agent": options.userAgent, accept },
        redirect: "follow",
        signal: controller.signal,
      });
      return { response, signal: controller.signal, done };
    } catch (error) {
      done();
      if (controller.signal.aborted) {
        throw new MethodscopeError("timeout", `${url} did not answer within ${options.timeoutMs / 1000} s.`, {
          retryable: true,
        });
      }
      throw new MethodscopeError("unreadable", `could not reach ${url}: ${(error as Error).message}`, {
        retryable: true,
        cause: error,
      });
    }
  }

  return {
    async get(url, accept) {
      let lastError: MethodscopeError | undefined;
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        let wait = backoff * 2 ** attempt;
        let result: HttpResult;
        try {
          result = await once(url, accept);
        } catch (error) {
          if (!(error instanceof MethodscopeError) || !error.retryable) throw error;
          lastError = error;
          if (attempt < options.retries) await sleep(wait);
          continue;
        }
        const status = result.response.status;
        if (status !== 429 && status < 500) return result;
        result.done();
        await result.response.body?.cancel().catch(() => undefined);
        lastError = new MethodscopeError("unreadable", `${url} answered HTTP ${status}.`, { retryable: true });
        const asked = retryAfterMs(result.response.headers.get("retry-after"));
        if (asked !== undefined && asked > maxRetryAfter) {
          throw new MethodscopeError(
            "unreadable",
            `${url} answered HTTP ${status} and asked to wait ${Math.round(asked / 1000)} s; run again later.`,
            { retryable: true },
          );
        }
        if (asked !== undefined) wait = asked;
        if (attempt < options.retries) await sleep(wait);
      }
      throw lastError ?? new MethodscopeError("internal", `no request was made to ${url}.`);
    },
  };
}

/**
 * Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined when absent or
 * unreadable.
 * @example retryAfterMs("2") // 2000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The body of a response as text, at most `maxBytes` (a longer body is an error), within the request's time. */
export async function readText(result: HttpResult, maxBytes = 5_000_000): Promise<string> {
  try {
    const reader = result.response.body?.getReader();
    if (!reader) return "";
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new MethodscopeError("file-too-large", `${result.response.url} answered more than ${maxBytes} bytes.`);
      }
      parts.push(value);
    }
    return Buffer.concat(parts).toString("utf8");
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    if (result.signal.aborted) {
      throw new MethodscopeError("timeout", `${result.response.url} did not answer in time.`, { retryable: true });
    }
    throw new MethodscopeError("unreadable", `reading ${result.response.url} failed: ${(error as Error).message}`, {
      retryable: true,
    });
  } finally {
    result.done();
  }
}
