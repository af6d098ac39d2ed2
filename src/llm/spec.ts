/**
 * `--llm` specs: `openai:<model>[@<baseURL>[,<baseURL>…]]`, `ollama:<model>[@<host>[,<host>…]]`, `gguf:<path>`.
 *
 * Model names may hold ':' (`llama3.1:8b`) and '/' (`meta-llama/Llama-3.1-8B-Instruct`). The address
 * part starts at the first '@' whose remainder is a valid address list, so a URL with credentials
 * (`http://u:p@host`) or a model holding '@' before an address (`a@b@http://h/v1`) still parse.
 * A model holding '@' without an address is ambiguous for Ollama, where bare `host[:port]` is allowed.
 *
 * Credentials in an address (`http://alice:pw@host/v1`, `?api_key=…`) are taken out here, as the spec is
 * parsed (see credentials.ts): the spec holds {@link Endpoint}s whose `url` has none and whose `shown`
 * form writes `***` where they were; messages about a bad spec are redacted the same way.
 */
import { MethodscopeError } from "../errors.js";
import { type Endpoint, redactText, redactUrl, splitCredentials, toEndpoint } from "./credentials.js";

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";

/** A parsed spec. `endpoints` are the servers, credentials already split off (see credentials.ts). */
export type LlmSpec =
  | { kind: "openai"; model: string; endpoints: Endpoint[]; addressGiven: boolean }
  | { kind: "ollama"; model: string; endpoints: Endpoint[]; addressGiven: boolean }
  | { kind: "gguf"; path: string };

const USAGE =
  "write openai:<model>[@<baseURL>], ollama:<model>[@<host>] or gguf:<path>, " +
  "e.g. openai:llama3@http://127.0.0.1:8000/v1 or ollama:llama3.1:8b@http://gpu:11434";

/**
 * Parses one `--llm` spec.
 * @example parseLlmSpec("ollama:llama3.1:8b@gpu:11434") // { kind: "ollama", model: "llama3.1:8b", endpoints: [{ url: "http://gpu:11434", … }], … }
 */
export function parseLlmSpec(spec: string): LlmSpec {
  const text = spec.trim();
  const colon = text.indexOf(":");
  if (colon <= 0) throw usage(spec, "it has no provider prefix");
  const kind = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (kind === "gguf") {
    if (rest.trim() === "") throw usage(spec, "the model file path is missing");
    return { kind: "gguf", path: rest.trim() };
  }
  if (kind !== "openai" && kind !== "ollama") throw usage(spec, `unknown provider "${kind}"`);
  const { model, addresses } = splitAddress(rest, kind, spec);
  if (model === "") throw usage(spec, "the model name is missing");
  const fallback = kind === "openai" ? DEFAULT_OPENAI_BASE_URL : DEFAULT_OLLAMA_HOST;
  const endpoints = uniqueEndpoints((addresses ?? [fallback]).map(splitCredentials));
  return { kind, model, endpoints, addressGiven: addresses !== undefined };
}

/** Endpoints without repeats (same address, same credentials). */
function uniqueEndpoints(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = JSON.stringify([e.url, e.headers, e.query]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function splitAddress(rest: string, kind: "openai" | "ollama", spec: string) {
  for (let at = rest.indexOf("@"); at !== -1; at = rest.indexOf("@", at + 1)) {
    const addresses = parseAddressList(rest.slice(at + 1), kind);
    if (addresses) return { model: rest.slice(0, at).trim(), addresses };
  }
  const lastAt = rest.lastIndexOf("@");
  if (lastAt !== -1 && looksLikeAddress(rest.slice(lastAt + 1))) {
    const hint =
      kind === "openai" ? "an OpenAI base URL must start with http:// or https://" : "it is not a valid host or URL";
    throw usage(spec, `"${redactText(rest.slice(lastAt + 1))}" after '@': ${hint}`);
  }
  return { model: rest.trim(), addresses: undefined };
}

/** Parses "a,b,c" into normalised addresses, or undefined when any item is not one. */
function parseAddressList(text: string, kind: "openai" | "ollama"): string[] | undefined {
  const items = text.split(",").map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === "")) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const address = kind === "openai" ? parseBaseURL(item) : parseOllamaHost(item);
    if (!address) return undefined;
    out.push(address);
  }
  return [...new Set(out)];
}

function parseBaseURL(item: string): string | undefined {
  if (!/^https?:\/\//i.test(item)) return undefined;
  try {
    const url = new URL(item);
    if (!url.hostname) return undefined;
    return url.toString().replace(/\/+$/, "");
  } catch {
    return undefined;
  }
}

const BARE_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?(\/[^\s@]*)?$/i;

function parseOllamaHost(item: string): string | undefined {
  if (/^https?:\/\//i.test(item)) return parseBaseURL(item);
  const m = BARE_HOST.exec(item);
  if (!m) return undefined;
  return parseBaseURL(`http://${m[1]}${m[2] ?? ":11434"}${m[3] ?? ""}`);
}

function looksLikeAddress(text: string): boolean {
  return /[:/.]|^localhost$/i.test(text);
}

/** A usage error that echoes the spec with any credentials in it redacted. */
function usage(spec: string, why: string): MethodscopeError {
  return new MethodscopeError("usage", `bad --llm spec "${redactText(spec)}": ${why}; ${USAGE}`);
}

/**
 * The address for ids and messages: credentials replaced by `***`.
 * @example publicAddress("http://user:secret@gpu:11434") // "http://***@gpu:11434"
 */
export function publicAddress(address: string | Endpoint): string {
  return typeof address === "string" ? redactUrl(address) : address.shown;
}

/**
 * The stable, secret-free id of a provider, e.g. "openai:llama3@http://127.0.0.1:8000/v1".
 * @example providerId("ollama", "llama3.1:8b", ["http://gpu:11434"]) // "ollama:llama3.1:8b@http://gpu:11434"
 */
export function providerId(kind: string, model: string, addresses: readonly (string | Endpoint)[]): string {
  return `${kind}:${model}@${addresses.map((a) => toEndpoint(a).shown).join(",")}`;
}
