/**
 * An embedded GGUF model through node-llama-cpp (an optional dependency, imported on first use).
 * The model and one context are loaded once; calls run one at a time on the context's sequence,
 * so consecutive prompts that share a prefix (the same system prompt or template) reuse its
 * evaluated tokens.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type * as NodeLlamaCpp from "node-llama-cpp";
import { MethodscopeError } from "../errors.js";
import type { ChatMessage, ChatRequest, ChatResponse, LlmProvider } from "./types.js";

type LlamaModule = typeof NodeLlamaCpp;

/** Options of {@link createGgufProvider}. */
export interface GgufProviderOptions {
  /** Path of the .gguf file. */
  path: string;
  /** CPU threads for generation (default: node-llama-cpp's choice, all cores). */
  threads?: number;
  /** Context window in tokens (default: what fits, up to the model's training context). */
  contextSize?: number;
  /** "auto" (default) uses CUDA/Vulkan/Metal when available; false forces the CPU. */
  gpu?: "auto" | false;
  /** Injected for tests: how node-llama-cpp is imported. */
  importModule?: () => Promise<LlamaModule>;
}

export const GGUF_MISSING_MESSAGE =
  "install node-llama-cpp 3.21.1 to use gguf: models (npm install node-llama-cpp@3.21.1)";

interface Loaded {
  mod: LlamaModule;
  llama: NodeLlamaCpp.Llama;
  model: NodeLlamaCpp.LlamaModel;
  context: NodeLlamaCpp.LlamaContext;
  sequence: NodeLlamaCpp.LlamaContextSequence;
  grammars: Map<string, Promise<NodeLlamaCpp.LlamaGrammar>>;
}

/**
 * A {@link LlmProvider} for a local GGUF file. Nothing is loaded until the first call; `close()`
 * frees the model. Temperature defaults to 0 (greedy); with `jsonSchema` the output is constrained
 * by a grammar built from the schema, so it is valid JSON unless `maxTokens` cuts it short.
 * @example const llm = createGgufProvider({ path: "models/qwen2.5-7b-q4.gguf", threads: 8 });
 */
export function createGgufProvider(options: GgufProviderOptions): LlmProvider {
  const path = resolve(options.path);
  const name = basename(path);
  let loading: Promise<Loaded> | undefined;
  // One sequence, so calls are queued: each waits for the previous one to finish.
  let queue: Promise<unknown> = Promise.resolve();
  const load = () => {
    loading ??= loadModel(path, options);
    return loading;
  };
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    id: `gguf:${name}`,
    kind: "gguf",
    model: name,
    chat: (request) => enqueue(async () => chat(await load(), request)),
    countTokens: async (text) => (await load()).model.tokenize(text).length,
    close: async () => {
      const pending = loading;
      loading = undefined;
      if (!pending) return;
      const loaded = await pending.catch(() => undefined);
      await queue;
      if (!loaded) return;
      await loaded.context.dispose();
      await loaded.model.dispose();
      await loaded.llama.dispose();
    },
  };
}

async function loadModel(path: string, options: GgufProviderOptions): Promise<Loaded> {
  if (!existsSync(path)) throw new MethodscopeError("not-found", `no such GGUF model file: ${path}`);
  const mod = await importLlama(options.importModule);
  try {
    const llama = await mod.getLlama({
      gpu: options.gpu ?? "auto",
      build: "never",
      logLevel: mod.LlamaLogLevel.error,
      ...(options.threads ? { maxThreads: options.threads } : {}),
    });
    const model = await llama.loadModel({ modelPath: path, ...(options.gpu === false ? { gpuLayers: 0 } : {}) });
    const context = await model.createContext({
      ...(options.contextSize ? { contextSize: options.contextSize } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
    });
    return { mod, llama, model, context, sequence: context.getSequence(), grammars: new Map() };
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new MethodscopeError("unreadable", `cannot load the GGUF model ${path}: ${reason}`, { cause: error });
  }
}

async function importLlama(importModule?: () => Promise<LlamaModule>): Promise<LlamaModule> {
  try {
    return await (importModule ?? (() => import("node-llama-cpp")))();
  } catch (error) {
    throw new MethodscopeError("usage", GGUF_MISSING_MESSAGE, { cause: error });
  }
}

async function chat(loaded: Loaded, request: ChatRequest): Promise<ChatResponse> {
  const { mod, model, sequence } = loaded;
  const started = performance.now();
  const { system, history, prompt } = splitMessages(request.messages);
  const session = new mod.LlamaChatSession({ contextSequence: sequence });
  try {
    // Set the whole history: without a system message the wrapper's default system prompt is left out.
    session.setChatHistory([...(system !== undefined ? [{ type: "system" as const, text: system }] : []), ...history]);
    const grammar = request.jsonSchema ? await grammarFor(loaded, request.jsonSchema.schema) : undefined;
    const tokensIn = countPromptTokens(session, model, prompt);
    // Generation may not run past the context: cap the new tokens to the room the prompt leaves.
    const room = loaded.context.contextSize - tokensIn - 1;
    if (room < 1) {
      throw new MethodscopeError(
        "usage",
        `the prompt (${tokensIn} tokens) does not fit the model's context of ${loaded.context.contextSize} tokens: ` +
          "retrieve fewer chunks (--k), ask fewer questions per call (--batch-size) or use a model with a longer context",
      );
    }
    const maxTokens = Math.min(request.maxTokens ?? room, room);
    const outBefore = sequence.tokenMeter.usedOutputTokens;
    const text = await session.prompt(prompt, {
      temperature: request.temperature ?? 0,
      maxTokens,
      ...(grammar ? { grammar } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      repeatPenalty: false,
    });
    const metered = sequence.tokenMeter.usedOutputTokens - outBefore;
    const tokensOut = metered > 0 ? metered : model.tokenize(text).length;
    return { text: grammar ? text.trim() : text, tokensIn, tokensOut, ms: performance.now() - started };
  } catch (error) {
    if (request.signal?.aborted)
      throw new MethodscopeError("cancelled", "the GGUF call was cancelled", { cause: error });
    if (error instanceof MethodscopeError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new MethodscopeError("internal", `the GGUF model failed to answer: ${reason}`, { cause: error });
  } finally {
    session.dispose({ disposeSequence: false });
  }
}

/** The leading system messages become the system prompt; the last user message is the prompt. */
function splitMessages(messages: ChatMessage[]): {
  system?: string;
  history: NodeLlamaCpp.ChatHistoryItem[];
  prompt: string;
} {
  const last = messages.at(-1);
  if (last?.role !== "user") {
    throw new MethodscopeError("usage", "a chat request must end with a user message");
  }
  const systems = messages.slice(0, -1).filter((m) => m.role === "system");
  const history: NodeLlamaCpp.ChatHistoryItem[] = messages
    .slice(0, -1)
    .filter((m) => m.role !== "system")
    .map((m) => (m.role === "user" ? { type: "user", text: m.content } : { type: "model", response: [m.content] }));
  const system = systems.length > 0 ? systems.map((m) => m.content).join("\n\n") : undefined;
  return { system, history, prompt: last.content };
}

/** Tokens of the whole rendered prompt (template included), as the model's tokenizer counts them. */
function countPromptTokens(session: NodeLlamaCpp.LlamaChatSession, model: NodeLlamaCpp.LlamaModel, prompt: string) {
  const chatHistory: NodeLlamaCpp.ChatHistoryItem[] = [
    ...session.getChatHistory(),
    { type: "user", text: prompt },
    { type: "model", response: [] },
  ];
  try {
    return session.chatWrapper.generateContextState({ chatHistory }).contextText.tokenize(model.tokenizer).length;
  } catch {
    return chatHistory.reduce((n, item) => n + (item.type === "user" ? model.tokenize(item.text).length : 0), 0);
  }
}

function grammarFor(loaded: Loaded, schema: Record<string, unknown>): Promise<NodeLlamaCpp.LlamaGrammar> {
  const key = JSON.stringify(schema);
  let grammar = loaded.grammars.get(key);
  if (!grammar) {
    // The schema comes from the engines at run time: its static type cannot be known here.
    const create = loaded.llama.createGrammarForJsonSchema as (s: unknown) => Promise<NodeLlamaCpp.LlamaGrammar>;
    grammar = Promise.resolve()
      .then(() => create.call(loaded.llama, schema))
      .catch((error: unknown) => {
        loaded.grammars.delete(key);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MethodscopeError("usage", `node-llama-cpp cannot build a grammar from this JSON schema: ${reason}`);
      });
    loaded.grammars.set(key, grammar);
  }
  return grammar;
}
