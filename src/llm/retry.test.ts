import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { backoffDelay, LlmCallError, parseRetryAfter, redact, retryPolicy, withRetry } from "./retry.js";

function recorder() {
  const sleeps: number[] = [];
  const policy = retryPolicy({
    maxRetries: 3,
    timeoutMs: 50,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { sleeps, policy };
}

const passThrough = (e: unknown) => (e instanceof LlmCallError ? e : new LlmCallError("malformed", String(e)));

describe("parseRetryAfter", () => {
  test("seconds, fractional seconds, retry-after-ms, HTTP date, garbage", () => {
    assert.equal(parseRetryAfter("2"), 2000);
    assert.equal(parseRetryAfter("0.5"), 500);
    assert.equal(parseRetryAfter("7", "1234"), 1234);
    const now = Date.parse("2025-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", null, now), 30_000);
    assert.equal(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", null, now), 0);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});

test("backoff is full jitter under a doubling, capped ceiling", () => {
  const p = { baseDelayMs: 1000, maxDelayMs: 5000 };
  assert.equal(backoffDelay(0, { ...p, random: () => 0.999 }), 999);
  assert.equal(backoffDelay(2, { ...p, random: () => 0.5 }), 2000);
  assert.equal(backoffDelay(10, { ...p, random: () => 0.5 }), 2500);
  assert.equal(backoffDelay(3, { ...p, random: () => 0 }), 0);
});

describe("withRetry", () => {
  test("retries retryable failures with backoff, then succeeds", async () => {
    const { sleeps, policy } = recorder();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new LlmCallError("http", "HTTP 503", { status: 503 });
        return "done";
      },
      policy,
      { label: "p", classify: passThrough },
    );
    assert.equal(result, "done");
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [500, 1000]);
  });

  test("Retry-After wins over backoff and is capped", async () => {
    const { sleeps, policy } = recorder();
    let calls = 0;
    await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new LlmCallError("http", "HTTP 429", { status: 429, retryAfterMs: 3000 });
        if (calls === 2) throw new LlmCallError("http", "HTTP 429", { status: 429, retryAfterMs: 10 ** 9 });
        return 1;
      },
      policy,
      { label: "p", classify: passThrough },
    );
    assert.deepEqual(sleeps, [3000, policy.maxRetryAfterMs]);
  });

  test("non-retryable errors fail at once with the label and without retries", async () => {
    const { sleeps, policy } = recorder();
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw new LlmCallError("http", "HTTP 401 (bad key sk-secret-123)", { status: 401 });
        },
        policy,
        { label: "openai:m at http://h/v1", classify: passThrough, secrets: ["sk-secret-123"] },
      ),
      (e: unknown) =>
        e instanceof MethodscopeError &&
        !e.retryable &&
        e.message === "openai:m at http://h/v1: HTTP 401 (bad key ***)" &&
        (e as LlmCallError).status === 401,
    );
    assert.equal(calls, 1);
    assert.deepEqual(sleeps, []);
  });

  test("a hanging attempt times out, is retried, and the last error says how often", async () => {
    const { policy } = recorder();
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return new Promise<never>(() => {}); // ignores its signal on purpose
        },
        { ...policy, maxRetries: 2, timeoutMs: 20 },
        { label: "p", classify: passThrough },
      ),
      (e: unknown) =>
        e instanceof LlmCallError &&
        e.reason === "timeout" &&
        e.retryable &&
        /no answer within 20 ms after 2 retries$/.test(e.message),
    );
    assert.equal(calls, 3);
  });

  test("the caller's abort stops at once, without retry", async () => {
    const { policy } = recorder();
    const controller = new AbortController();
    let calls = 0;
    const pending = withRetry(
      (signal) => {
        calls++;
        return new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error("abort"))));
      },
      { ...policy, timeoutMs: 10_000 },
      { label: "p", classify: passThrough, signal: controller.signal },
    );
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof LlmCallError && e.reason === "aborted" && !e.retryable);
    assert.equal(calls, 1);
  });
});

test("redact ignores very short secrets and replaces every occurrence", () => {
  assert.equal(redact("k=abcd and abcd", ["abcd"]), "k=*** and ***");
  assert.equal(redact("a b c", ["a"]), "a b c");
});
