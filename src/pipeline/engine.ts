/**
 * One way to build an engine: a strict settings schema and `createEngine(settings)`. The CLI maps
 * its flags to these settings, `bench` and the library API pass them directly, and a settings file
 * (`--engine-file`) is read by `loadEngineSettings`. Unknown or misspelt fields are errors that name
 * the field (and the file).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { createK24Engine, type K24Binary } from "../answer/llm/k24.js";
import { createStructuredEngine } from "../answer/llm/structured.js";
import { MethodscopeError } from "../errors.js";
import type { ChunkStrategy } from "../ingest/chunk.js";
import { createCascadeEngine, DEFAULT_CASCADE_THRESHOLD } from "../judge/cascade.js";
import { createVotingEngine } from "../judge/vote.js";
import type { GgufFactory } from "../llm/index.js";
import type { LlmProvider } from "../llm/types.js";
import { formatIssues } from "../questions/cues-schema.js";
import type { Store } from "../store/index.js";
import type { Engine } from "../types.js";

/** The environment variable read for the API key of openai: servers unless `apiKeyEnv` says otherwise. */
export const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

/** A prompt given as text or as a file (relative to the settings file, or to `cwd`). */
const TextOrFile = z.union([
  z.string().describe("the text itself"),
  z.strictObject({ file: z.string().min(1).describe("path of a text file") }),
]);

/** Settings of the LLM engines: one model alone, or several voting. */
export const LlmSettingsSchema = z.strictObject({
  models: z
    .array(z.string().min(1))
    .min(1)
    .describe("provider specs: openai:<model>[@<baseURL>], ollama:<model>[@<host>], gguf:<path>; several vote"),
  mode: z
    .enum(["structured", "k24"])
    .default("structured")
    .describe("structured: batched JSON with verified quotes; k24: the reference pipeline from the user's templates"),
  batchSize: z.number().int().positive().default(7).describe("structured mode: questions per call"),
  k: z.number().int().positive().default(4).describe("chunks retrieved per question"),
  prompt: TextOrFile.optional().describe(
    "structured: the user prompt ({context}, {questions}); k24: the stuff wrapper ({context}, {question})",
  ),
  queryTemplate: TextOrFile.optional().describe("k24 mode: the query template ({query})"),
  binary: z
    .enum(["classifier", "prompt"])
    .optional()
    .describe("k24 mode: how answers become yes/no (default: prompt when binaryPrompt is given)"),
  binaryPrompt: TextOrFile.optional().describe("k24 mode: the yes/no prompt ({Question}, {Answer})"),
  apiKeyEnv: z.string().min(1).default(DEFAULT_API_KEY_ENV).describe("environment variable holding the API key"),
  timeoutSeconds: z.number().positive().optional().describe("per-call timeout"),
  retries: z.number().int().min(0).optional().describe("retries on 429/5xx/network errors"),
  concurrency: z.number().int().positive().optional().describe("concurrent calls per model"),
  threads: z.number().int().positive().optional().describe("gguf: CPU threads"),
});

/** Everything that describes an engine. Default: the extractive engine. */
export const EngineSettingsSchema = z.strictObject({
  extractive: z
    .strictObject({
      rulesOnly: z.boolean().default(false).describe("the catalogue rules alone, without the learned layer"),
    })
    .default({ rulesOnly: false })
    .describe("the offline engine"),
  llm: LlmSettingsSchema.optional().describe("answer with one or more LLMs instead"),
  includeExtractive: z.boolean().default(false).describe("with llm: the extractive engine votes too"),
  voteTie: z.enum(["no", "yes", "confidence"]).default("no").describe("what decides an exact tie of a vote"),
  llmWhen: z
    .union([
      z.literal("always"),
      z.strictObject({
        uncertain: z
          .number()
          .min(0)
          .max(1)
          .default(DEFAULT_CASCADE_THRESHOLD)
          .describe("questions whose extractive confidence is below this go to the LLMs"),
      }),
    ])
    .default("always")
    .describe("with llm: always (every question to the LLMs) or a cascade that sends only uncertain questions"),
});

export type EngineSettings = z.infer<typeof EngineSettingsSchema>;
export type EngineSettingsInput = z.input<typeof EngineSettingsSchema>;
export type LlmSettings = z.infer<typeof LlmSettingsSchema>;

/** What `createEngine` needs from its surroundings. */
export interface EngineDeps {
  /** Environment for API keys (default: none). */
  env?: Record<string, string | undefined>;
  /** The store that caches LLM responses (none: no cache). */
  store?: Pick<Store, "db">;
  /** Folder that relative prompt files are read from (default: the current folder). */
  baseDir?: string;
  /** Overrides how providers are made (tests). */
  createProvider?: (spec: string) => Promise<LlmProvider>;
}

/**
 * Validates settings: unknown fields and wrong types are usage errors naming the field.
 * @example parseEngineSettings({ llm: { models: ["ollama:llama3.1"] } }).llm?.mode // "structured"
 */
export function parseEngineSettings(input: unknown, source = "engine settings"): EngineSettings {
  const parsed = EngineSettingsSchema.safeParse(input ?? {});
  if (!parsed.success) throw usage(`${source}: ${formatIssues(parsed.error).join("; ")}`);
  const settings = parsed.data;
  const llm = settings.llm;
  if (!llm && settings.includeExtractive) throw usage(`${source}: includeExtractive needs llm`);
  if (!llm && settings.llmWhen !== "always") throw usage(`${source}: llmWhen uncertain needs llm`);
  if (llm?.mode === "structured" && (llm.queryTemplate || llm.binary || llm.binaryPrompt)) {
    throw usage(`${source}: queryTemplate, binary and binaryPrompt belong to mode k24`);
  }
  if (llm?.mode === "k24" && (!llm.prompt || !llm.queryTemplate)) {
    throw usage(
      `${source}: mode k24 needs prompt (the stuff wrapper, {context} and {question}) and queryTemplate ({query})`,
    );
  }
  if (llm?.binary === "classifier" && llm.binaryPrompt)
    throw usage(`${source}: binary classifier takes no binaryPrompt`);
  if (llm?.binary === "prompt" && !llm.binaryPrompt) throw usage(`${source}: binary prompt needs binaryPrompt`);
  return settings;
}

/**
 * Reads engine settings from a JSON or YAML file; prompt files in it are relative to the file.
 * @example const { settings, baseDir } = loadEngineSettings("engine.yaml"); await createEngine(settings, { baseDir })
 */
export function loadEngineSettings(path: string): { settings: EngineSettings; baseDir: string } {
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw usage(`cannot read the engine settings ${path}: ${(error as Error).message}`, error);
  }
  return { settings: parseEngineSettings(raw, path), baseDir: dirname(path) };
}

/** The chunking the settings need, when they need one: k24 mode needs K24's chunks. */
export function requiredChunking(settings: EngineSettings): ChunkStrategy | undefined {
  return settings.llm?.mode === "k24" ? "k24" : undefined;
}

/**
 * Builds the engine the settings describe: the extractive engine, one LLM, or a vote of every LLM
 * (and the extractive engine with `includeExtractive`); with `llmWhen: { uncertain: τ }`, a cascade
 * in which the extractive engine answers first and only questions below τ reach the LLM engine.
 * Close it with `engine.close?.()`.
 * @example const engine = await createEngine({ llm: { models: ["ollama:llama3.1", "ollama:gemma2"] } }, { env: process.env });
 */
export async function createEngine(
  input: EngineSettingsInput | EngineSettings,
  deps: EngineDeps = {},
): Promise<Engine> {
  const settings = parseEngineSettings(input);
  const extractive = () => createExtractiveEngine(settings.extractive.rulesOnly ? { learned: null } : {});
  const llm = settings.llm;
  if (!llm) return extractive();
  const build = llmEngineBuilder(llm, deps.baseDir);
  const make = deps.createProvider ?? providerFactory(llm, deps.env ?? {});
  const engines: Engine[] = [];
  // The LLM layer (and its SDKs) loads only when an LLM is named: an extractive run never loads it.
  const { withCache } = await import("../llm/index.js");
  for (const spec of llm.models) {
    const provider = await make(spec);
    engines.push(build(deps.store ? withCache(provider, deps.store) : provider));
  }
  if (settings.includeExtractive) engines.push(extractive());
  const llmEngine =
    engines.length === 1 ? (engines[0] as Engine) : createVotingEngine(engines, { tieRule: settings.voteTie });
  if (settings.llmWhen === "always") return llmEngine;
  return createCascadeEngine({ first: extractive(), llm: llmEngine, threshold: settings.llmWhen.uncertain });
}

/** The cascade's τ, or undefined when every question goes to the LLMs (or there are none). */
export function cascadeThreshold(settings: EngineSettings): number | undefined {
  return settings.llm && settings.llmWhen !== "always" ? settings.llmWhen.uncertain : undefined;
}

/** The texts of the prompts the settings name (read from their files). */
export function promptTexts(
  llm: LlmSettings,
  baseDir?: string,
): { prompt?: string; queryTemplate?: string; binary: K24Binary } {
  const text = (value: z.infer<typeof TextOrFile> | undefined) =>
    value === undefined ? undefined : typeof value === "string" ? value : readText(baseDir, value.file);
  const method = llm.binary ?? (llm.binaryPrompt ? "prompt" : "classifier");
  const binaryTemplate = text(llm.binaryPrompt);
  return {
    prompt: text(llm.prompt),
    queryTemplate: text(llm.queryTemplate),
    binary:
      method === "prompt" && binaryTemplate !== undefined
        ? { kind: "prompt", template: binaryTemplate }
        : { kind: "classifier" },
  };
}

function llmEngineBuilder(llm: LlmSettings, baseDir: string | undefined): (provider: LlmProvider) => Engine {
  const texts = promptTexts(llm, baseDir);
  if (llm.mode === "k24") {
    const promptTemplate = texts.prompt as string;
    const queryTemplate = texts.queryTemplate as string;
    return (provider) => createK24Engine({ provider, promptTemplate, queryTemplate, binary: texts.binary, k: llm.k });
  }
  const prompts = texts.prompt === undefined ? undefined : { user: texts.prompt };
  return (provider) => createStructuredEngine({ provider, batchSize: llm.batchSize, k: llm.k, prompts });
}

function providerFactory(
  llm: LlmSettings,
  env: Record<string, string | undefined>,
): (spec: string) => Promise<LlmProvider> {
  const apiKey = env[llm.apiKeyEnv] || undefined;
  if (!apiKey && llm.apiKeyEnv !== DEFAULT_API_KEY_ENV)
    throw usage(`--api-key-env ${llm.apiKeyEnv}: that environment variable is not set`);
  // node-llama-cpp loads only when a gguf: spec is used.
  const gguf: GgufFactory = (spec, options) =>
    import("../llm/gguf.js").then((m) => m.createGgufProvider({ path: spec.path, threads: llm.threads, ...options }));
  return async (spec) =>
    (await import("../llm/index.js")).createProvider(spec, {
      apiKey,
      timeoutMs: llm.timeoutSeconds === undefined ? undefined : llm.timeoutSeconds * 1000,
      maxRetries: llm.retries,
      concurrency: llm.concurrency,
      gguf,
    });
}

function readText(baseDir: string | undefined, path: string): string {
  const full = isAbsolute(path) || !baseDir ? path : resolve(baseDir, path);
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    throw usage(`cannot read ${path}: ${(error as Error).message}`, error);
  }
}

function usage(message: string, cause?: unknown): MethodscopeError {
  return new MethodscopeError("usage", message, { cause });
}

/** YAML text → value. yaml loads on first use: most runs read none, and it adds ~40 ms to every thread's start-up. */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text);
}
