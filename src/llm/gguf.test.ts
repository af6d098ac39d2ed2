import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { z } from "zod";
import { writeTinyGguf } from "../../test/fixtures/tiny-gguf.js";
import { MethodscopeError } from "../errors.js";
import { createGgufProvider, GGUF_MISSING_MESSAGE } from "./gguf.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-gguf-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// An enum field closes after a few tokens, whatever the random weights prefer.
const schema = {
  type: "object",
  properties: { reported: { enum: ["yes", "no"] }, cq: { type: "integer" } },
  required: ["reported", "cq"],
  additionalProperties: false,
};
const Reply = z.object({ reported: z.enum(["yes", "no"]), cq: z.number().int() }).strict();

describe("createGgufProvider (real node-llama-cpp, tiny random model)", () => {
  const path = writeTinyGguf(dir);
  const llm = createGgufProvider({ path, threads: 1, contextSize: 256, gpu: false });
  after(() => llm.close?.());

  test("names itself after the file", () => {
    assert.equal(llm.id, "gguf:tiny-llama.gguf");
    assert.equal(llm.kind, "gguf");
    assert.equal(llm.model, "tiny-llama.gguf");
  });

  test("a JSON-schema grammar makes even random weights answer valid JSON", async () => {
    const request = {
      messages: [
        { role: "system" as const, content: "Answer in JSON." },
        { role: "user" as const, content: "Is a dataset named?" },
      ],
      maxTokens: 60,
      jsonSchema: { name: "reply", schema },
    };
    const first = await llm.chat(request);
    const parsed = Reply.parse(JSON.parse(first.text));
    assert.ok(["yes", "no"].includes(parsed.reported));
    assert.ok(first.tokensIn > 5, `prompt tokens counted: ${first.tokensIn}`);
    assert.ok(first.tokensOut > 0 && first.tokensOut <= 60);
    assert.ok(first.ms >= 0);
    // Temperature 0 is greedy: the same request gives the same text, on the reused sequence too.
    const second = await llm.chat(request);
    assert.equal(second.text, first.text);
  });

  test("without a schema, maxTokens bounds the output", async () => {
    const reply = await llm.chat({ messages: [{ role: "user", content: "hello" }], maxTokens: 5 });
    assert.equal(typeof reply.text, "string");
    assert.ok(reply.tokensOut <= 5);
  });

  test("counts tokens with the model's tokenizer", async () => {
    const n = await llm.countTokens?.("the cat sat on the mat");
    assert.ok(n !== undefined && n > 0 && n <= 22);
  });

  test("an aborted call is cancelled, and the provider still answers afterwards", async () => {
    const controller = new AbortController();
    controller.abort();
    const messages = [{ role: "user" as const, content: "hi" }];
    await assert.rejects(llm.chat({ messages, maxTokens: 3, signal: controller.signal }), { code: "cancelled" });
    assert.equal(typeof (await llm.chat({ messages, maxTokens: 3 })).text, "string");
  });

  test("refuses a request that does not end with a user message", async () => {
    await assert.rejects(llm.chat({ messages: [{ role: "system", content: "x" }] }), MethodscopeError);
  });
});

describe("createGgufProvider errors", () => {
  test("a missing node-llama-cpp gives the install hint", async () => {
    const path = writeTinyGguf(dir, "other.gguf");
    const llm = createGgufProvider({
      path,
      importModule: () =>
        Promise.reject(Object.assign(new Error("Cannot find package"), { code: "ERR_MODULE_NOT_FOUND" })),
    });
    await assert.rejects(llm.chat({ messages: [{ role: "user", content: "hi" }] }), (error: unknown) => {
      assert.ok(error instanceof MethodscopeError);
      assert.equal(error.message, GGUF_MISSING_MESSAGE);
      return true;
    });
  });

  test("a missing model file is not-found", async () => {
    const llm = createGgufProvider({ path: join(dir, "absent.gguf"), gpu: false });
    await assert.rejects(llm.chat({ messages: [{ role: "user", content: "hi" }] }), { code: "not-found" });
  });
});
