import assert from "node:assert/strict";
import { test } from "node:test";
import { startLlmServer } from "../../test/fixtures/llm-server.js";
import { openStore } from "../store/index.js";
import { openLlmCacheTable } from "../store/llm-cache.js";
import { cacheKey, canonicalJson, withCache } from "./cache.js";
import { createOpenAIProvider } from "./openai.js";
import type { ChatRequest, ChatResponse, LlmProvider } from "./types.js";

const request: ChatRequest = { messages: [{ role: "user", content: "Which dataset?" }], maxTokens: 100 };

function fakeProvider(answer = "ImageNet"): LlmProvider & { calls: number } {
  const p = {
    id: "fake:m@x",
    kind: "fake" as const,
    model: "m",
    calls: 0,
    async chat(): Promise<ChatResponse> {
      p.calls++;
      await new Promise((r) => setTimeout(r, 5));
      return { text: answer, tokensIn: 10, tokensOut: 2, ms: 5 };
    },
  };
  return p;
}

test("cacheKey covers kind, model, messages and parameters, in canonical form", () => {
  const k = cacheKey("openai", "m", request);
  assert.match(k, /^[0-9a-f]{64}$/);
  assert.equal(cacheKey("openai", "m", { ...request, temperature: 0 }), k, "temperature defaults to 0");
  assert.equal(cacheKey("openai", "m", { ...request, signal: new AbortController().signal }), k, "signal ignored");
  const variants: ChatRequest[] = [
    { ...request, temperature: 0.7 },
    { ...request, maxTokens: 101 },
    { ...request, messages: [{ role: "user", content: "Which dataset? " }] },
    { ...request, jsonSchema: { name: "a", schema: { type: "object" } } },
  ];
  for (const v of variants) assert.notEqual(cacheKey("openai", "m", v), k);
  assert.notEqual(cacheKey("ollama", "m", request), k);
  assert.notEqual(cacheKey("openai", "m2", request), k);
  assert.notEqual(cacheKey("openai", "m", request, "v2"), k);
  const s1 = { name: "a", schema: { type: "object", required: ["x"] } };
  const s2 = { name: "a", schema: { required: ["x"], type: "object" } };
  assert.equal(
    cacheKey("openai", "m", { ...request, jsonSchema: s1 }),
    cacheKey("openai", "m", { ...request, jsonSchema: s2 }),
  );
  assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
});

test("a hit is served from the store without a call; concurrent twins share one call", async () => {
  const store = openStore(":memory:");
  try {
    const inner = fakeProvider();
    const llm = withCache(inner, store, { now: () => new Date("2025-01-01T00:00:00Z") });
    assert.equal(llm.id, inner.id);
    const [a, b] = await Promise.all([llm.chat(request), llm.chat(request)]);
    assert.equal(inner.calls, 1);
    assert.equal(a.cached, undefined);
    assert.equal(b.cached, true);
    const c = await llm.chat(request);
    assert.deepEqual(c, { text: "ImageNet", tokensIn: 10, tokensOut: 2, ms: 0, cached: true });
    assert.equal(inner.calls, 1);
    const row = openLlmCacheTable(store.db).get(cacheKey("fake", "m", request));
    assert.deepEqual(row && { ...row, key: "" }, {
      key: "",
      provider: "fake",
      model: "m",
      responseText: "ImageNet",
      tokensIn: 10,
      tokensOut: 2,
      ms: 5,
      createdAt: "2025-01-01T00:00:00.000Z",
    });
    // refresh: no lookup, but the answer is stored again
    await withCache(inner, store, { refresh: true }).chat(request);
    assert.equal(inner.calls, 2);
  } finally {
    store.close();
  }
});

test("errors are not cached", async () => {
  const store = openStore(":memory:");
  try {
    let fail = true;
    const inner: LlmProvider = {
      id: "fake",
      kind: "fake",
      model: "m",
      async chat() {
        if (fail) throw new Error("boom");
        return { text: "ok", tokensIn: 1, tokensOut: 1, ms: 1 };
      },
    };
    const llm = withCache(inner, store);
    await assert.rejects(llm.chat(request), /boom/);
    fail = false;
    assert.equal((await llm.chat(request)).text, "ok");
    assert.equal(openLlmCacheTable(store.db).count(), 1);
  } finally {
    store.close();
  }
});

test("through a real server: a re-run on another server and key makes no request", async () => {
  const a = await startLlmServer();
  const b = await startLlmServer();
  const store = openStore(":memory:");
  try {
    a.enqueue({ type: "chat", content: "PyTorch", usage: { promptTokens: 9, completionTokens: 1 } });
    const first = withCache(createOpenAIProvider({ model: "m", baseURLs: [a.openaiBaseURL], apiKey: "k-one" }), store);
    assert.equal((await first.chat(request)).text, "PyTorch");
    const second = withCache(createOpenAIProvider({ model: "m", baseURLs: [b.openaiBaseURL], apiKey: "k-two" }), store);
    const again = await second.chat(request);
    assert.deepEqual(again, { text: "PyTorch", tokensIn: 9, tokensOut: 1, ms: 0, cached: true });
    assert.equal(a.requests.length, 1);
    assert.equal(b.requests.length, 0);
    const dump = JSON.stringify(store.db.prepare("SELECT * FROM llm_cache").all());
    assert.ok(!dump.includes("k-one") && !dump.includes("127.0.0.1"), dump);
  } finally {
    store.close();
    await a.close();
    await b.close();
  }
});
