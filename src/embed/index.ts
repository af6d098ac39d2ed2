/**
 * Embedders for dense retrieval, chosen by a spec string:
 * `transformers:<folder-or-hub-id>`, `ollama:<model>[@<host>]`, `openai:<model>[@<baseURL>]`.
 */
import { MethodscopeError } from "../errors.js";
import { type Endpoint, redactText, splitCredentials } from "../llm/credentials.js";
import { createOllamaEmbedder } from "./ollama.js";
import { createOpenAIEmbedder } from "./openai.js";
import { createTransformersEmbedder } from "./transformers.js";
import type { Embedder } from "./types.js";

export { createOllamaEmbedder, type OllamaEmbedderOptions } from "./ollama.js";
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai.js";
export {
  createTransformersEmbedder,
  RECOMMENDED_TRANSFORMERS_MODEL,
  type TransformersEmbedderOptions,
} from "./transformers.js";
export type { Embedder } from "./types.js";

export type EmbedderKind = "transformers" | "ollama" | "openai";

/**
 * A parsed embedder spec. `location` is the Ollama host or the OpenAI base URL as shown (credentials
 * written `***`); `endpoint` is the same address with its credentials split off (see src/llm/credentials.ts).
 */
export interface EmbedderSpec {
  kind: EmbedderKind;
  model: string;
  location?: string;
  endpoint?: Endpoint;
}

/**
 * Parses `kind:model[@location]` (a transformers model is a path or hub id and takes no location).
 * Credentials in the location are taken out here; messages echo the spec redacted.
 * @example parseEmbedderSpec("ollama:nomic-embed-text@http://gpu:11434")
 */
export function parseEmbedderSpec(spec: string): EmbedderSpec {
  const colon = spec.indexOf(":");
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (colon < 0 || !["transformers", "ollama", "openai"].includes(kind)) {
    throw new MethodscopeError(
      "usage",
      `unknown embedder "${redactText(spec)}": use transformers:<folder-or-hub-id>, ollama:<model>[@host] or openai:<model>[@baseURL]`,
    );
  }
  const at = kind === "transformers" ? -1 : rest.indexOf("@");
  const model = at < 0 ? rest : rest.slice(0, at);
  const location = at < 0 ? undefined : rest.slice(at + 1);
  if (!model || location === "") {
    throw new MethodscopeError("usage", `incomplete embedder spec "${redactText(spec)}"`);
  }
  if (!location) return { kind: kind as EmbedderKind, model };
  const endpoint = splitCredentials(location);
  return { kind: kind as EmbedderKind, model, location: endpoint.shown, endpoint };
}

/** Settings for {@link createEmbedder} that are not in the spec. */
export interface EmbedderSettings {
  /** transformers: allow downloading hub models. */
  allowRemote?: boolean;
  /** transformers: download cache folder. */
  cacheDir?: string;
  /** openai: the API key (read from the environment by the CLI). */
  apiKey?: string;
}

/**
 * The embedder for a spec (a string, or one already parsed).
 * @example createEmbedder("transformers:models/all-MiniLM-L12-v2")
 */
export function createEmbedder(spec: string | EmbedderSpec, settings: EmbedderSettings = {}): Embedder {
  const { kind, model, endpoint } = typeof spec === "string" ? parseEmbedderSpec(spec) : spec;
  if (kind === "ollama") return createOllamaEmbedder({ model, ...(endpoint ? { host: endpoint } : {}) });
  if (kind === "openai") {
    return createOpenAIEmbedder({
      model,
      ...(endpoint ? { baseURL: endpoint } : {}),
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    });
  }
  return createTransformersEmbedder({ model, allowRemote: settings.allowRemote, cacheDir: settings.cacheDir });
}
