/**
 * Token counts when a server reports no usage. The estimate mimics byte-pair tokenizers of the GPT/Llama
 * kind on English prose without shipping a vocabulary: a word costs one token per started 5 letters
 * ("the" 1, "learning" 2, "hyperparameters" 3), a number one token per 3 digits, every other
 * non-space character one token, and each chat message 4 tokens of framing plus 3 for the reply's start.
 * On scientific English this lands within about ±20% of real tokenizers; it is for budgets and reports,
 * not for fitting a context window to the last token.
 */
import type { ChatMessage, ChatResponse, LlmProvider } from "./types.js";

const PIECE = /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu;

/**
 * Estimated tokens of `text` (see the module comment for the rule).
 * @example estimateTokens("Adam optimizer, lr 0.001") // 8
 */
export function estimateTokens(text: string): number {
  let n = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    if (/^\p{L}/u.test(piece)) n += Math.ceil(piece.length / 5);
    else if (/^\p{N}/u.test(piece)) n += Math.ceil(piece.length / 3);
    else n += 1;
  }
  return n;
}

/** Per-message framing of chat templates (role markers, separators), in tokens. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens that prime the assistant's reply. */
export const REPLY_PRIMING_TOKENS = 3;

/** Estimated prompt tokens of a chat: the messages' text plus the template's framing. */
export function estimateChatTokens(messages: readonly ChatMessage[]): number {
  let n = REPLY_PRIMING_TOKENS;
  for (const m of messages) n += MESSAGE_OVERHEAD_TOKENS + estimateTokens(m.content);
  return n;
}

/**
 * Prompt tokens of a chat with the provider's tokenizer when it has one, else the estimate.
 * @example const { tokens, estimated } = await countChatTokens(provider, messages);
 */
export async function countChatTokens(
  provider: Pick<LlmProvider, "countTokens"> | undefined,
  messages: readonly ChatMessage[],
): Promise<{ tokens: number; estimated: boolean }> {
  if (provider?.countTokens) {
    let total = REPLY_PRIMING_TOKENS;
    for (const m of messages) {
      const n = await provider.countTokens(m.content);
      if (n === undefined) return { tokens: estimateChatTokens(messages), estimated: true };
      total += MESSAGE_OVERHEAD_TOKENS + n;
    }
    return { tokens: total, estimated: false };
  }
  return { tokens: estimateChatTokens(messages), estimated: true };
}

/**
 * The token fields of a ChatResponse: the server's usage when it gave both numbers, else estimates.
 * Servers that omit only one number (Ollama skips prompt_eval_count on a KV-cache hit) get that one estimated.
 */
export function resolveUsage(
  reported: { tokensIn?: number | null; tokensOut?: number | null },
  messages: readonly ChatMessage[],
  text: string,
): Pick<ChatResponse, "tokensIn" | "tokensOut" | "tokensEstimated"> {
  const hasIn = typeof reported.tokensIn === "number" && reported.tokensIn > 0;
  const hasOut = typeof reported.tokensOut === "number" && reported.tokensOut >= 0;
  const tokensIn = hasIn ? (reported.tokensIn as number) : estimateChatTokens(messages);
  const tokensOut = hasOut ? (reported.tokensOut as number) : estimateTokens(text);
  return hasIn && hasOut ? { tokensIn, tokensOut } : { tokensIn, tokensOut, tokensEstimated: true };
}

/** A model's reply as the network providers parse it. */
export interface ParsedReply {
  content: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
}

/** The ChatResponse for a parsed reply: its text, usage (reported or estimated) and time since `started`. */
export function toChatResponse(reply: ParsedReply, messages: readonly ChatMessage[], started: number): ChatResponse {
  return {
    text: reply.content,
    ...resolveUsage({ tokensIn: reply.promptTokens, tokensOut: reply.completionTokens }, messages, reply.content),
    ms: performance.now() - started,
  };
}
