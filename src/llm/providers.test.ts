// One contract suite, run against every network provider through the loopback server (no network).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type LlmServer, startLlmServer } from "../../test/fixtures/llm-server.js";
import { MethodscopeError } from "../errors.js";
import { createOllamaProvider } from "./ollama.js";
import { createOpenAIProvider } from "./openai.js";
import { LlmCallError } from "./retry.js";
import { estimateChatTokens } from "./tokens.js";
import type { ChatRequest, LlmProvider, ProviderOptions } from "./types.js";

type Factory = (addresses: string[], options: ProviderOptions) => LlmProvider;

const KINDS: { kind: "openai" | "ollama"; make: Factory; address: (s: LlmServer) => string }[] = [
  {
    kind: "openai",
    make: (baseURLs, o) => createOpenAIProvider({ model: "test-model", baseURLs, ...o }),
    address: (s) => s.openaiBaseURL,
  },
  {
    kind: "ollama",
    make: (hosts, o) => createOllamaProvider({ model: "llama3.1:8b", hosts, ...o }),
    address: (s) => s.url,
  },
];

const SECRET = "sk-test-SECRET-0123456789";
const hello: ChatRequest = {
  messages: [
    { role: "system", content: "Answer in JSON." },
    { role: "user", content: "Which optimizer?\nThe paper says: Adam (lr 0.001)." },
  ],
  maxTokens: 64,
};

for (const { kind, make, address } of KINDS) {
  describe(`${kind} provider`, () => {
    let server: LlmServer;
    let sleeps: number[];
    const options = (extra: ProviderOptions = {}): ProviderOptions => ({
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      timeoutMs: 2000,
      maxRetries: 3,
      ...extra,
    });
    const provider = (extra: ProviderOptions = {}) => make([address(server)], options(extra));
    const chats = () => server.requests.filter((r) => r.endpoint === "chat");

    before(async () => {
      server = await startLlmServer();
    });
    after(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
      server.setHandler(() => ({ type: "chat", content: "ok" }));
      sleeps = [];
    });

    test("sends the messages verbatim with temperature 0 and the token limit; reads the usage", async () => {
      server.enqueue({ type: "chat", content: '{"a":1}', usage: { promptTokens: 42, completionTokens: 7 } });
      const llm = provider();
      const res = await llm.chat(hello);
      assert.equal(res.text, '{"a":1}');
      assert.equal(res.tokensIn, 42);
      assert.equal(res.tokensOut, 7);
      assert.equal(res.tokensEstimated, undefined);
      assert.ok(res.ms >= 0);
      const [req] = chats();
      const body = req.body as Record<string, unknown>;
      assert.deepEqual(body.messages, hello.messages);
      assert.equal(body.model, llm.model);
      if (kind === "openai") {
        assert.equal(body.temperature, 0);
        assert.equal(body.max_tokens, 64);
        assert.equal(body.response_format, undefined);
      } else {
        assert.deepEqual(body.options, { temperature: 0, num_predict: 64 });
        assert.equal(body.stream, false);
        assert.equal(body.format, undefined);
      }
      assert.ok(llm.id.startsWith(`${kind}:${llm.model}@http://127.0.0.1:`));
    });

    test("passes the JSON schema through", async () => {
      const schema = { type: "object", properties: { cq: { type: "integer" } }, required: ["cq"] };
      await provider().chat({ ...hello, jsonSchema: { name: "answers", schema } });
      const body = chats()[0].body as Record<string, unknown>;
      if (kind === "openai") {
        assert.deepEqual(body.response_format, {
          type: "json_schema",
          json_schema: { name: "answers", schema, strict: true },
        });
      } else {
        assert.deepEqual(body.format, schema);
      }
    });

    test("estimates tokens when the server reports no usage", async () => {
      server.enqueue({ type: "chat", content: "three small words", usage: null });
      const res = await provider().chat(hello);
      assert.equal(res.tokensIn, estimateChatTokens(hello.messages));
      assert.equal(res.tokensOut, 3);
      assert.equal(res.tokensEstimated, true);
    });

    test("model output that is not valid JSON comes back verbatim (the engine repairs it)", async () => {
      server.enqueue({ type: "chat", content: '{"cq": 1, "answer": ' });
      const res = await provider().chat({ ...hello, jsonSchema: { name: "x", schema: { type: "object" } } });
      assert.equal(res.text, '{"cq": 1, "answer": ');
    });

    test("honours Retry-After on 429 (seconds) and on 503 (HTTP date)", async () => {
      server.enqueue(
        { type: "error", status: 429, headers: { "retry-after": "2" } },
        { type: "error", status: 503, headers: { "retry-after": new Date(Date.now() + 60_000).toUTCString() } },
        { type: "chat", content: "fine" },
      );
      const res = await provider().chat(hello);
      assert.equal(res.text, "fine");
      assert.equal(chats().length, 3);
      assert.equal(sleeps[0], 2000);
      assert.ok(sleeps[1] > 55_000 && sleeps[1] <= 60_000, `${sleeps[1]}`);
    });

    test("retries 500 with jittered backoff, then succeeds", async () => {
      server.enqueue({ type: "error", status: 500 }, { type: "error", status: 502 }, { type: "chat", content: "fine" });
      const res = await provider().chat(hello);
      assert.equal(res.text, "fine");
      assert.equal(chats().length, 3);
      assert.deepEqual(sleeps, [500, 1000]);
    });

    test("gives up after maxRetries with a message naming the server, status and retries", async () => {
      server.setHandler(() => ({ type: "error", status: 500, message: "engine overloaded" }));
      await assert.rejects(provider({ maxRetries: 2 }).chat(hello), (e: unknown) => {
        assert.ok(e instanceof LlmCallError && e instanceof MethodscopeError);
        assert.equal(e.status, 500);
        assert.equal(e.retryable, true);
        const where = kind === "openai" ? server.openaiBaseURL : server.url;
        assert.match(
          e.message,
          new RegExp(`^${kind}:\\S+ at ${where}: HTTP 500 \\(.*engine overloaded.*\\) after 2 retries$`),
        );
        return true;
      });
      assert.equal(chats().length, 3);
    });

    test("a hang times out, is retried, then fails with reason timeout", async () => {
      server.setHandler(() => ({ type: "hang" }));
      const started = Date.now();
      await assert.rejects(
        provider({ timeoutMs: 150, maxRetries: 1 }).chat(hello),
        (e: unknown) => e instanceof LlmCallError && e.reason === "timeout" && /after 1 retry$/.test(e.message),
      );
      assert.equal(chats().length, 2);
      assert.ok(Date.now() - started < 1500);
    });

    test("a malformed JSON body is an error, not an empty answer, and is not retried", async () => {
      server.enqueue({ type: "raw", body: '{"choices": [ {"mess' });
      await assert.rejects(
        provider().chat(hello),
        (e: unknown) => e instanceof LlmCallError && e.reason === "malformed" && !e.retryable,
      );
      assert.equal(chats().length, 1);
    });

    test("an answer without message content is an error", async () => {
      server.enqueue({ type: "raw", body: JSON.stringify({ choices: [], message: null, done: true }) });
      await assert.rejects(
        provider().chat(hello),
        (e: unknown) => e instanceof LlmCallError && e.reason === "malformed",
      );
    });

    test("400/401/404 fail at once", async () => {
      for (const status of [400, 401, 404]) {
        server.requests.length = 0;
        server.enqueue({ type: "error", status });
        await assert.rejects(
          provider().chat(hello),
          (e: unknown) => e instanceof LlmCallError && e.status === status && !e.retryable,
        );
        assert.equal(chats().length, 1, `status ${status}`);
      }
      assert.deepEqual(sleeps, []);
    });

    test("network errors are retried", async () => {
      const dead = await startLlmServer();
      const url = address(dead);
      await dead.close();
      await assert.rejects(
        make([url], options({ maxRetries: 2 })).chat(hello),
        (e: unknown) =>
          e instanceof LlmCallError && e.reason === "network" && e.retryable && /after 2 retries$/.test(e.message),
      );
      assert.equal(sleeps.length, 2);
    });

    test("the API key never shows in errors or ids", async () => {
      server.enqueue({ type: "error", status: 401, message: `Incorrect API key provided: ${SECRET}` });
      const llm = provider({ apiKey: SECRET });
      assert.ok(!llm.id.includes(SECRET));
      await assert.rejects(llm.chat(hello), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.ok(!e.message.includes(SECRET), e.message);
        assert.ok(!String(e.stack).includes(SECRET));
        assert.match(e.message, /HTTP 401 \(Incorrect API key provided: \*\*\*\)/);
        return true;
      });
      assert.equal(chats()[0].headers.authorization, `Bearer ${SECRET}`);
    });

    test("keeps to its concurrency limit", async () => {
      server.setHandler(() => ({ type: "chat", content: "ok", delayMs: 40 }));
      const llm = provider({ concurrency: 2 });
      const before = server.maxInFlight;
      assert.ok(before <= 2);
      await Promise.all(Array.from({ length: 6 }, () => llm.chat(hello)));
      assert.equal(chats().length, 6);
      assert.equal(server.maxInFlight, 2);
    });

    test("spreads calls over several servers of one model", async () => {
      const second = await startLlmServer();
      try {
        const llm = make([address(server), address(second)], options({ concurrency: 4 }));
        await Promise.all(Array.from({ length: 4 }, () => llm.chat(hello)));
        for (let i = 0; i < 4; i++) await llm.chat(hello);
        assert.equal(chats().length, 4);
        assert.equal(second.requests.filter((r) => r.endpoint === "chat").length, 4);
        assert.ok(llm.id.includes(",http://127.0.0.1:"));
      } finally {
        await second.close();
      }
    });

    test("a failing server's retry goes to the other one", async () => {
      const second = await startLlmServer();
      try {
        server.setHandler(() => ({ type: "error", status: 500 }));
        const llm = make([address(server), address(second)], options());
        const res = await llm.chat(hello);
        assert.equal(res.text, "ok");
        assert.equal(chats().length, 1);
        assert.equal(second.requests.length, 1);
      } finally {
        await second.close();
      }
    });
  });
}

test("openai: no key for api.openai.com is a usage error; local servers get a placeholder key", async () => {
  assert.throws(
    () => createOpenAIProvider({ model: "gpt-4o-mini", baseURLs: ["https://api.openai.com/v1"] }),
    (e: unknown) => e instanceof MethodscopeError && e.code === "usage" && /OPENAI_API_KEY/.test(e.message),
  );
  const server = await startLlmServer();
  try {
    await createOpenAIProvider({ model: "m", baseURLs: [server.openaiBaseURL] }).chat(hello);
    assert.equal(server.requests[0].headers.authorization, "Bearer sk-no-key-required");
  } finally {
    await server.close();
  }
});
