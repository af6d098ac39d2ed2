/**
 * Ollama's native chat API through the ollama 0.6.x package; structured output via `format` (a JSON schema).
 * Each attempt gets a client whose fetch carries that attempt's abort signal and turns HTTP errors into
 * LlmCallError itself, so Retry-After is seen and the package never logs.
 */
import { Ollama } from "ollama";
import { type Endpoint, fetchWithQuery, secretsOf, toEndpoint } from "./credentials.js";
import { createEndpointPool, createLimiter, withLease } from "./pool.js";
import { LlmCallError, parseRetryAfter, retryPolicy, snippet, withRetry } from "./retry.js";
import { providerId } from "./spec.js";
import { toChatResponse } from "./tokens.js";
import type { ChatRequest, ChatResponse, LlmProvider, ProviderOptions } from "./types.js";

export interface OllamaProviderOptions extends ProviderOptions {
  model: string;
  /**
   * One Ollama host, e.g. "http://127.0.0.1:11434". Credentials in it (`http://user:pw@h:11434`: HTTP Basic;
   * `http://TOKEN@h`: Bearer) are split off and sent as headers, never shown (see credentials.ts).
   */
  host?: string | Endpoint;
  /** Several hosts serving the same model; calls spread over them. Used instead of `host` when given. */
  hosts?: (string | Endpoint)[];
}

/**
 * A provider for an Ollama server.
 * @example const llm = createOllamaProvider({ model: "llama3.1:8b", host: "http://127.0.0.1:11434" });
 */
export function createOllamaProvider(options: OllamaProviderOptions): LlmProvider {
  const { model } = options;
  const hosts = (options.hosts?.length ? options.hosts : [options.host ?? "http://127.0.0.1:11434"]).map(toEndpoint);
  const id = providerId("ollama", model, hosts);
  const secrets = secretsOf(hosts, [options.apiKey]);
  const keyHeaders: Record<string, string> = options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {};
  const policy = retryPolicy(options);
  const pool = createEndpointPool(
    hosts.map((host) => ({
      host: host.url,
      query: host.query,
      // The host's own credentials win over the key from the environment.
      headers: { ...keyHeaders, ...host.headers },
      label: `ollama:${model} at ${host.shown}`,
    })),
  );
  const limit = createLimiter(options.concurrency, hosts.length);

  async function chat(request: ChatRequest): Promise<ChatResponse> {
    const started = performance.now();
    let label = `ollama:${model}`;
    const reply = await withRetry(
      (signal) =>
        withLease(pool, async (endpoint) => {
          label = endpoint.label;
          const client = new Ollama({
            host: endpoint.host,
            fetch: fetchWithQuery(endpoint.query, guardedFetch(signal)),
            headers: endpoint.headers,
          });
          const response = await client.chat({
            model,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            ...(request.jsonSchema && { format: request.jsonSchema.schema }),
            options: {
              temperature: request.temperature ?? 0,
              ...(request.maxTokens !== undefined && { num_predict: request.maxTokens }),
            },
            stream: false,
          });
          return readResponse(response);
        }),
      policy,
      { label: () => label, classify: classifyOllamaError, secrets, signal: request.signal },
    );
    return toChatResponse(reply, request.messages, started);
  }

  return { id, kind: "ollama", model, chat: (request) => limit(() => chat(request)) };
}

/**
 * A fetch bound to one attempt's signal that throws LlmCallError on an HTTP error status (so
 * `classifyOllamaError` and the retry policy see the status). Also used by the Ollama embedder.
 */
export function guardedFetch(signal: AbortSignal, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, { ...init, signal });
    if (response.ok) return response;
    const body = await response.text().catch(() => "");
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), response.headers.get("retry-after-ms"));
    const detail = snippet(errorText(body));
    return Promise.reject(
      new LlmCallError("http", `HTTP ${response.status}${detail ? ` (${detail})` : ""}`, {
        status: response.status,
        retryAfterMs,
      }),
    );
  };
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: use the text as it is
  }
  return body;
}

interface Reply {
  content: string;
  promptTokens?: number;
  completionTokens?: number;
}

function readResponse(response: unknown): Reply {
  const r = response as { message?: { content?: unknown }; prompt_eval_count?: number; eval_count?: number };
  if (typeof r !== "object" || r === null || typeof r.message?.content !== "string") {
    throw new LlmCallError("malformed", "the server's answer has no message content");
  }
  return { content: r.message.content, promptTokens: r.prompt_eval_count, completionTokens: r.eval_count };
}

/** Maps fetch/ollama errors to LlmCallError (messages without the server: withRetry prefixes it). */
export function classifyOllamaError(error: unknown): LlmCallError {
  if (error instanceof LlmCallError) return error;
  if (error instanceof SyntaxError) {
    return new LlmCallError("malformed", `the server's answer is not valid JSON (${snippet(error.message)})`);
  }
  if (error instanceof TypeError) {
    const cause = error.cause as NodeJS.ErrnoException | undefined;
    return new LlmCallError(
      "network",
      `connection failed (${cause?.code ?? snippet(cause?.message ?? error.message)})`,
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return new LlmCallError("malformed", snippet(text), { retryable: false });
}
