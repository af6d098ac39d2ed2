import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { hashVector, type LlmServer, startLlmServer } from "../../test/fixtures/llm-server.js";
import { MethodscopeError } from "../errors.js";
import { createEmbedder, parseEmbedderSpec } from "./index.js";
import { createOllamaEmbedder } from "./ollama.js";
import { createOpenAIEmbedder } from "./openai.js";
import type { Embedder } from "./types.js";

let server: LlmServer;
before(async () => {
  server = await startLlmServer({ embeddingDim: 6 });
});
after(() => server.close());

const close = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => Math.abs(x - b[i]) < 1e-6);

// One contract for every network embedder: order kept, batches split, failures are MethodscopeErrors.
const contract: [string, () => Embedder, string, string][] = [
  [
    "ollama",
    () => createOllamaEmbedder({ model: "nomic", host: server.url, batchSize: 2, maxRetries: 0 }),
    "/api/embed",
    "ollama:nomic",
  ],
  [
    "openai",
    () =>
      createOpenAIEmbedder({ model: "bge", baseURL: server.openaiBaseURL, apiKey: "k", batchSize: 2, maxRetries: 0 }),
    "/v1/embeddings",
    "openai:bge@",
  ],
];

for (const [name, make, path, idPrefix] of contract) {
  describe(`${name} embedder against the loopback server`, () => {
    test("one vector per text, in order, in batches", async () => {
      const before = server.requests.length;
      const embedder = make();
      assert.ok(embedder.id.startsWith(idPrefix));
      const texts = ["alpha", "beta", "gamma"];
      const vectors = await embedder.embed(texts);
      assert.equal(vectors.length, 3);
      texts.forEach((t, i) => {
        assert.ok(vectors[i] instanceof Float32Array);
        assert.ok(close(vectors[i], hashVector(t, 6)), t);
      });
      const sent = server.requests.slice(before);
      assert.deepEqual(
        sent.map((r) => r.path),
        [path, path],
      );
      assert.deepEqual((sent[0].body as { input: string[] }).input, ["alpha", "beta"]);
    });

    test("a server error becomes a MethodscopeError naming the embedder", async () => {
      server.enqueue({ type: "error", status: 500, message: "boom" });
      await assert.rejects(make().embed(["x"]), (error: unknown) => {
        assert.ok(error instanceof MethodscopeError);
        assert.match(error.message, new RegExp(`embedding with ${name}:`));
        assert.equal(error.code, "llm-http");
        assert.equal(error.retryable, true);
        return true;
      });
    });

    test("a wrong number of vectors is refused", async () => {
      server.enqueue({ type: "embedding", vectors: [[1, 0]] });
      await assert.rejects(make().embed(["x", "y"]), /1 vectors for 2 texts/);
    });
  });
}

test("embedder specs name the backend, model and where it runs", () => {
  assert.deepEqual(parseEmbedderSpec("transformers:models/all-MiniLM-L12-v2"), {
    kind: "transformers",
    model: "models/all-MiniLM-L12-v2",
  });
  const { endpoint, ...ollama } = parseEmbedderSpec("ollama:nomic-embed-text@http://gpu:11434");
  assert.deepEqual(ollama, { kind: "ollama", model: "nomic-embed-text", location: "http://gpu:11434" });
  assert.equal(endpoint?.url, "http://gpu:11434");
  assert.deepEqual(parseEmbedderSpec("openai:text-embedding-3-small"), {
    kind: "openai",
    model: "text-embedding-3-small",
  });
  assert.throws(() => parseEmbedderSpec("gguf:x"), { code: "usage" });
  assert.throws(() => parseEmbedderSpec("ollama:"), { code: "usage" });
  const embedder = createEmbedder("openai:bge@http://127.0.0.1:1/v1", { apiKey: "secret" });
  assert.equal(embedder.id, "openai:bge@http://127.0.0.1:1/v1");
  assert.ok(!embedder.id.includes("secret"));
});

test("credentials in an embedder URL are sent as HTTP Basic and never shown", async () => {
  const auth = `Basic ${Buffer.from("alice:s3cret-pw").toString("base64")}`;
  const address = (base: string) => base.replace("http://", "http://alice:s3cret-pw@");
  const spec = parseEmbedderSpec(`openai:bge@${address(server.openaiBaseURL)}`);
  assert.equal(spec.location, address(server.openaiBaseURL).replace("alice:s3cret-pw", "***"));
  for (const embedder of [createEmbedder(spec), createEmbedder(`ollama:nomic@${address(server.url)}`)]) {
    const before = server.requests.length;
    await embedder.embed(["alpha"]);
    assert.equal(server.requests[before]?.headers.authorization, auth, embedder.id);
    assert.ok(!/s3cret|alice/.test(embedder.id), embedder.id);
  }
  // A failure's message names the server without its credentials.
  const dead = createOpenAIEmbedder({ model: "bge", baseURL: "http://alice:s3cret-pw@127.0.0.1:1/v1", maxRetries: 0 });
  await assert.rejects(dead.embed(["x"]), (error: unknown) => {
    assert.ok(error instanceof MethodscopeError);
    assert.ok(!/s3cret|alice/.test(error.message), error.message);
    assert.match(error.message, /\*\*\*@127\.0\.0\.1/);
    return true;
  });
});
