/**
 * Any server that speaks OpenAI's Chat Completions (vLLM, llama.cpp's server, LM Studio, Groq, OpenAI…),
 * through the openai 6.x SDK with its own retries off: timeouts and retries are retry.ts's, the same for
 * every provider.
 */
import type OpenAI from "openai";
import { MethodscopeError } from "../errors.js";
import { type Endpoint, secretsOf, toEndpoint } from "./credentials.js";
import { createEndpointPool, createLimiter, withLease } from "./pool.js";
import { LlmCallError, parseRetryAfter, retryPolicy, snippet, withRetry } from "./retry.js";
import { providerId } from "./spec.js";
import { toChatResponse } from "./tokens.js";
import type { ChatRequest, ChatResponse, LlmProvider, ProviderOptions } from "./types.js";

export interface OpenAIProviderOptions extends ProviderOptions {
  model: string;
  /**
   * One or more base URLs serving the same model (e.g. "http://127.0.0.1:8000/v1"); calls spread over them.
   * Credentials in a URL (`http://user:pw@h/v1`: HTTP Basic; `http://TOKEN@h/v1`: the API key) are split off
   * and sent as headers, never shown (see credentials.ts).
   */
  baseURLs: (string | Endpoint)[];
}

/** The SDK's client class. */
export type OpenAISdk = typeof OpenAI;

/**
 * The openai SDK (115 modules), imported when a provider or embedder first calls its server, so that
 * a run without one (extractive) never loads it.
 * @example const OpenAI = await loadOpenAI(); new OpenAI({ apiKey: "unused" })
 */
export async function loadOpenAI(): Promise<OpenAISdk> {
  return (await import("openai")).default;
}

/** Sent when no key is given to a server other than api.openai.com: local servers ignore the key. */
export const PLACEHOLDER_API_KEY = "sk-no-key-required";

/**
 * A provider for an OpenAI-compatible Chat Completions server.
 * @example const llm = createOpenAIProvider({ model: "llama3", baseURLs: ["http://127.0.0.1:8000/v1"] });
 * const { text } = await llm.chat({ messages: [{ role: "user", content: "Hi" }] });
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): LlmProvider {
  const { model } = options;
  const servers = options.baseURLs.map(toEndpoint);
  const id = providerId("openai", model, servers);
  const secrets = secretsOf(servers, [options.apiKey]);
  const policy = retryPolicy(options);
  const endpoints = servers.map((server) => {
    const apiKey = keyFor(server, model, options.apiKey);
    let client: OpenAI | undefined;
    // Made on the first call, with the SDK loaded then.
    const clientOf = (Sdk: OpenAISdk): OpenAI => {
      client ??= new Sdk({
        baseURL: server.url,
        apiKey,
        // The URL's own credentials (Basic, or a token as Bearer) win over the key from the environment.
        defaultHeaders: server.headers,
        defaultQuery: server.query,
        // Explicit values so the SDK reads nothing from the environment.
        organization: null,
        project: null,
        webhookSecret: null,
        maxRetries: 0,
        // Our own timeout (retry.ts) fires first; this only backs it up.
        timeout: policy.timeoutMs + 5000,
        logLevel: "off",
      });
      return client;
    };
    return { baseURL: server.url, label: `openai:${model} at ${server.shown}`, clientOf };
  });
  const pool = createEndpointPool(endpoints);
  const limit = createLimiter(options.concurrency, endpoints.length);

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    let label = `openai:${model}`;
    const Sdk = await loadOpenAI();
    const text = await withRetry(
      (signal) =>
        withLease(pool, async (endpoint) => {
          label = endpoint.label;
          const completion = await endpoint.clientOf(Sdk).chat.completions.create(requestBody(model, request), {
            signal,
            maxRetries: 0,
          });
          return readCompletion(completion);
        }),
      policy,
      { label: () => label, classify: (error) => classifyOpenAIError(error, Sdk), secrets, signal: request.signal },
    );
    return toChatResponse(text, request.messages, started);
  }

  return { id, kind: "openai", model, chat: (request) => limit(() => chat(request)) };
}

function keyFor(server: Endpoint, model: string, apiKey: string | undefined): string {
  if (apiKey) return apiKey;
  if (/^https:\/\/api\.openai\.com(\/|$)/i.test(server.url) && !server.headers.Authorization) {
    throw new MethodscopeError(
      "usage",
      `openai:${model} at ${server.shown} needs an API key: set OPENAI_API_KEY or name the variable with --api-key-env`,
    );
  }
  return PLACEHOLDER_API_KEY;
}

/** The Chat Completions body for a request (exported for tests and dry runs). */
export function requestBody(model: string, request: ChatRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature ?? 0,
    ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
    ...(request.jsonSchema && {
      response_format: {
        type: "json_schema",
        json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true },
      },
    }),
  };
}

interface Completion {
  content: string;
  promptTokens?: number;
  completionTokens?: number;
}

function readCompletion(completion: OpenAI.Chat.ChatCompletion): Completion {
  if (typeof completion !== "object" || completion === null || !Array.isArray(completion.choices)) {
    throw new LlmCallError("malformed", "the server's answer is not a chat completion");
  }
  const message = completion.choices[0]?.message;
  if (message?.refusal) throw new LlmCallError("malformed", `the model refused: ${snippet(message.refusal)}`);
  if (typeof message?.content !== "string") {
    throw new LlmCallError("malformed", "the server's answer has no message content");
  }
  return {
    content: message.content,
    promptTokens: completion.usage?.prompt_tokens,
    completionTokens: completion.usage?.completion_tokens,
  };
}

/**
 * Maps the SDK's errors to LlmCallError (messages without the server: withRetry prefixes it). `Sdk` is
 * the loaded SDK ({@link loadOpenAI}), whose error classes these are.
 * @example withRetry(call, policy, { label, classify: (error) => classifyOpenAIError(error, Sdk) })
 */
export function classifyOpenAIError(error: unknown, Sdk: OpenAISdk): LlmCallError {
  const OpenAI = Sdk;
  if (error instanceof LlmCallError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new LlmCallError("timeout", "timed out");
  if (error instanceof OpenAI.APIConnectionError) {
    return new LlmCallError("network", `connection failed (${snippet(causeText(error))})`);
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const headers = error.headers;
    const retryAfterMs = parseRetryAfter(headers?.get("retry-after"), headers?.get("retry-after-ms"));
    const detail = snippet(error.message.replace(/^\d{3}\s*/, ""));
    return new LlmCallError("http", `HTTP ${error.status}${detail ? ` (${detail})` : ""}`, {
      status: error.status,
      retryAfterMs,
    });
  }
  if (error instanceof SyntaxError) {
    return new LlmCallError("malformed", `the server's answer is not valid JSON (${snippet(error.message)})`);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new LlmCallError("malformed", snippet(text), { retryable: false });
}

function causeText(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code ?? (cause.cause as NodeJS.ErrnoException | undefined)?.code;
    return code ? `${code}` : cause.message;
  }
  return error.message;
}
