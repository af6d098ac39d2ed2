import assert from "node:assert/strict";
import { test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { createProvider, type GgufFactory } from "./index.js";

test("createProvider builds the provider a spec names", async () => {
  const openai = await createProvider("openai:llama3@http://127.0.0.1:9/v1,http://127.0.0.1:10/v1");
  assert.deepEqual(
    [openai.kind, openai.model, openai.id],
    ["openai", "llama3", "openai:llama3@http://127.0.0.1:9/v1,http://127.0.0.1:10/v1"],
  );
  const ollama = await createProvider("ollama:llama3.1:8b");
  assert.deepEqual(
    [ollama.kind, ollama.model, ollama.id],
    ["ollama", "llama3.1:8b", "ollama:llama3.1:8b@http://127.0.0.1:11434"],
  );
});

test("gguf specs go to the injected factory with the provider options", async () => {
  const seen: unknown[] = [];
  const gguf: GgufFactory = async (spec, options) => {
    seen.push(spec, options.timeoutMs);
    return {
      id: `gguf:${spec.path}`,
      kind: "gguf",
      model: spec.path,
      chat: async () => ({ text: "", tokensIn: 0, tokensOut: 0, ms: 0 }),
    };
  };
  const llm = await createProvider("gguf:/m/tiny.gguf", { gguf, timeoutMs: 5 });
  assert.equal(llm.kind, "gguf");
  assert.deepEqual(seen, [{ kind: "gguf", path: "/m/tiny.gguf" }, 5]);
});

test("bad specs are usage errors", async () => {
  await assert.rejects(createProvider("nope:x"), (e: unknown) => e instanceof MethodscopeError && e.code === "usage");
});
