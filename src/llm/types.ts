/**
 * The one interface every LLM backend implements (OpenAI-compatible servers, Ollama, embedded GGUF).
 * Engines (src/answer/llm/) talk only to this; SDKs are imported in their provider file only.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Default 0 (deterministic). */
  temperature?: number;
  /** Maximum new tokens. */
  maxTokens?: number;
  /** When set, the provider asks for JSON matching this schema (response_format / format / grammar). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Abort the call (timeouts are the provider's own, see ProviderOptions.timeoutMs). */
  signal?: AbortSignal;
}

export interface ChatResponse {
  text: string;
  /** Prompt tokens: from the server's usage when it reports them, else counted/estimated. */
  tokensIn: number;
  tokensOut: number;
  /** True when tokensIn/tokensOut were estimated locally rather than reported by the server. */
  tokensEstimated?: boolean;
  ms: number;
  /** True when served from the response cache (no call made). */
  cached?: boolean;
}

/** A chat-capable model behind some protocol. `id` is stable and secret-free, e.g. "openai:llama3@http://h:8000/v1". */
export interface LlmProvider {
  readonly id: string;
  readonly kind: "openai" | "ollama" | "gguf" | "fake";
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** Count tokens of a text with the model's tokenizer when the backend can, else undefined. */
  countTokens?(text: string): Promise<number | undefined>;
  /** Drop a cached reply to this request (a cache wrapper implements it), e.g. when it proved unusable. */
  forget?(request: ChatRequest): void;
  close?(): Promise<void>;
}

/** Settings shared by network providers. */
export interface ProviderOptions {
  /** Per-call timeout (ms). */
  timeoutMs?: number;
  /** Retries on 429/5xx/network errors (exponential backoff with jitter, Retry-After honoured). */
  maxRetries?: number;
  /** Concurrent calls per provider. */
  concurrency?: number;
  /** API key (already read from the environment by the CLI; never logged or stored). */
  apiKey?: string;
  /** Injected for tests: sleeping and randomness of the backoff. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}
