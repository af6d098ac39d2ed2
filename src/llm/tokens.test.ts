import assert from "node:assert/strict";
import { test } from "node:test";
import { countChatTokens, estimateChatTokens, estimateTokens, resolveUsage } from "./tokens.js";

test("estimateTokens follows the documented rule", () => {
  assert.equal(estimateTokens(""), 0);
  assert.equal(estimateTokens("the"), 1);
  assert.equal(estimateTokens("learning"), 2);
  assert.equal(estimateTokens("hyperparameters"), 3);
  assert.equal(estimateTokens("Adam optimizer, lr 0.001"), 8);
  assert.equal(estimateTokens("1234567"), 3);
  // Rough sanity against real tokenizers: ~0.75 words per token on prose.
  const prose = "We trained the convolutional network for 100 epochs with a batch size of 32 on two GPUs.";
  const n = estimateTokens(prose);
  assert.ok(n >= 18 && n <= 26, `${n}`);
});

test("chat estimates add per-message framing", () => {
  const messages = [
    { role: "system" as const, content: "Be brief." },
    { role: "user" as const, content: "Hi" },
  ];
  assert.equal(estimateChatTokens(messages), 3 + 4 + 3 + 4 + 1);
});

test("countChatTokens uses the provider's tokenizer when it answers", async () => {
  const messages = [{ role: "user" as const, content: "abc def" }];
  assert.deepEqual(await countChatTokens({ countTokens: async (t) => t.length }, messages), {
    tokens: 3 + 4 + 7,
    estimated: false,
  });
  assert.deepEqual(await countChatTokens({ countTokens: async () => undefined }, messages), {
    tokens: estimateChatTokens(messages),
    estimated: true,
  });
  assert.equal((await countChatTokens(undefined, messages)).estimated, true);
});

test("resolveUsage prefers the server's numbers and estimates only what is missing", () => {
  const messages = [{ role: "user" as const, content: "hello there" }];
  assert.deepEqual(resolveUsage({ tokensIn: 12, tokensOut: 3 }, messages, "x"), { tokensIn: 12, tokensOut: 3 });
  assert.deepEqual(resolveUsage({ tokensIn: undefined, tokensOut: 3 }, messages, "x"), {
    tokensIn: estimateChatTokens(messages),
    tokensOut: 3,
    tokensEstimated: true,
  });
  assert.deepEqual(resolveUsage({}, messages, "two words"), {
    tokensIn: estimateChatTokens(messages),
    tokensOut: 2,
    tokensEstimated: true,
  });
});
