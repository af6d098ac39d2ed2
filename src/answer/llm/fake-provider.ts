/**
 * An in-process LlmProvider for tests and offline measurements: replies come from a function,
 * every request is recorded, tokens are estimated at ~4 characters each.
 */
import type { ChatRequest, ChatResponse, LlmProvider } from "../../llm/types.js";

export interface FakeProvider extends LlmProvider {
  /** Every request received, in order. */
  readonly requests: ChatRequest[];
}

/** Rough token count: one per 4 characters (the tokenizer-free estimate used for budgets). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * A fake provider answering with `reply(request, callNumber)`.
 * @example const p = createFakeProvider(() => '{"answers":[]}'); await p.chat({ messages: [] });
 */
export function createFakeProvider(
  reply: (request: ChatRequest, call: number) => string | Promise<string>,
  options: { model?: string; id?: string } = {},
): FakeProvider {
  const requests: ChatRequest[] = [];
  const model = options.model ?? "fake-model";
  return {
    id: options.id ?? `fake:${model}`,
    kind: "fake",
    model,
    requests,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      requests.push(request);
      const text = await reply(request, requests.length);
      const prompt = request.messages.map((m) => m.content).join("\n");
      return { text, tokensIn: estimateTokens(prompt), tokensOut: estimateTokens(text), tokensEstimated: true, ms: 1 };
    },
  };
}
