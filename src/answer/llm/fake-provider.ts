/**
 * An in-process LlmProvider for tests and offline measurements: replies come from a function,
 * every request is recorded, tokens are estimated with src/llm/tokens.ts (the same rule as budgets).
 */
import { estimateChatTokens, estimateTokens } from "../../llm/tokens.js";
import type { ChatRequest, ChatResponse, LlmProvider } from "../../llm/types.js";

export interface FakeProvider extends LlmProvider {
  /** Every request received, in order. */
  readonly requests: ChatRequest[];
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
      return {
        text,
        tokensIn: estimateChatTokens(request.messages),
        tokensOut: estimateTokens(text),
        tokensEstimated: true,
        ms: 1,
      };
    },
  };
}
