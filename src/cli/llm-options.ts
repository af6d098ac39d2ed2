/**
 * The `extract` options for LLM engines, and the engine they describe: one model in structured or
 * k24 mode, or several (optionally with the extractive engine) voting. The CLI reads the
 * environment and files here; the engines themselves never do.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { createK24Engine, type K24Binary } from "../answer/llm/k24.js";
import { createStructuredEngine } from "../answer/llm/structured.js";
import { MethodscopeError } from "../errors.js";
import type { ChunkStrategy } from "../ingest/chunk.js";
import { createVotingEngine, type TieRule, type VotingOptions } from "../judge/vote.js";
import { createProvider, type GgufFactory, withCache } from "../llm/index.js";
import type { LlmProvider } from "../llm/types.js";
import { type DryRunOptions, estimateRun, loadDryRunInputs, type RunEstimate } from "../pipeline/dry-run.js";
import { runKeyFor } from "../pipeline/extract.js";
import { answerRow, type ResultRow } from "../report/rows.js";
import type { Store } from "../store/index.js";
import type { Engine, Question } from "../types.js";

/** The parsed LLM options of `extract` (commander's camelCase names). */
export interface LlmCliOptions {
  llm?: string[];
  mode?: "structured" | "k24";
  batchSize?: number;
  k?: number;
  promptFile?: string;
  queryTemplate?: string;
  binaryPromptFile?: string;
  binary?: "classifier" | "prompt";
  k24Layout?: string;
  apiKeyEnv?: string;
  /** Seconds per call. */
  timeout?: number;
  retries?: number;
  concurrency?: number;
  voteTie?: TieRule;
  includeExtractive?: boolean;
  dryRun?: boolean;
  threads?: number;
}

const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

/**
 * Adds the LLM options to a command (`extract`).
 * @example addLlmOptions(program.command("extract")).action(…)
 */
export function addLlmOptions(command: Command): Command {
  return command
    .option(
      "--llm <spec>",
      "answer with an LLM: openai:<model>[@<baseURL>], ollama:<model>[@<host>] or gguf:<path>; repeat to vote",
      collect,
      [],
    )
    .addOption(
      new Option(
        "--mode <mode>",
        "LLM mode: structured (batched JSON, verified quotes) or k24 (the reference pipeline)",
      )
        .choices(["structured", "k24"])
        .default("structured"),
    )
    .option("--batch-size <n>", "structured mode: questions per call", positiveInt, 7)
    .option("--k <n>", "chunks retrieved per question", positiveInt, 4)
    .option(
      "--prompt-file <file>",
      "structured: the user prompt ({context}, {questions}); k24: the stuff wrapper ({context}, {question})",
    )
    .option("--query-template <file>", "k24 mode: the query template ({query})")
    .option(
      "--binary-prompt-file <file>",
      "k24 mode: the yes/no prompt ({Question}, {Answer}), parsed with K24's regex",
    )
    .addOption(
      new Option(
        "--binary <method>",
        "k24 mode: how answers become yes/no (default: prompt when --binary-prompt-file is given)",
      ).choices(["classifier", "prompt"]),
    )
    .option("--k24-layout <dir>", "also write K24's layout: <model>/Publication_<uid>_CQ<n>.txt and <model>.csv")
    .option("--api-key-env <name>", "environment variable holding the API key of openai: servers", DEFAULT_API_KEY_ENV)
    .option("--timeout <seconds>", "per-call timeout", positiveNumber)
    .option("--retries <n>", "retries on 429/5xx/network errors", nonNegativeInt)
    .option("--concurrency <n>", "concurrent calls per model", positiveInt)
    .addOption(
      new Option("--vote-tie <rule>", "tie rule of the vote").choices(["no", "yes", "confidence"]).default("no"),
    )
    .option("--include-extractive", "the extractive engine votes too", false)
    .option("--dry-run", "estimate calls and tokens without calling any model", false)
    .option("--threads <n>", "gguf: CPU threads", positiveInt);
}

export interface BuildDeps {
  env: Record<string, string | undefined>;
  /** The store for the response cache (none: no cache). */
  store?: Pick<Store, "db">;
  /** Folder that relative file options are read from. */
  cwd?: string;
  /** Receives each member's answers when several engines vote (see createMemberAnswerBuffer). */
  onMemberAnswers?: VotingOptions["onMemberAnswers"];
  /** Overrides how providers are made (tests). */
  createProvider?: (spec: string) => Promise<LlmProvider>;
}

/** The chunking an LLM mode needs, when it needs one: k24 mode needs K24's chunks. */
export function requiredChunking(opts: LlmCliOptions): ChunkStrategy | undefined {
  return opts.llm?.length && opts.mode === "k24" ? "k24" : undefined;
}

/**
 * The engine the options describe, or undefined without --llm. One model alone, or a vote of
 * every model (and the extractive engine with --include-extractive).
 * @example const engine = await buildEngineFromOptions(opts, { env: process.env, store });
 */
export async function buildEngineFromOptions(opts: LlmCliOptions, deps: BuildDeps): Promise<Engine | undefined> {
  const specs = opts.llm ?? [];
  if (specs.length === 0) {
    const stray = ["promptFile", "queryTemplate", "binaryPromptFile", "k24Layout"].find(
      (k) => opts[k as keyof LlmCliOptions],
    );
    if (stray || opts.includeExtractive) throw usage("this option needs --llm <spec>");
    return undefined;
  }
  const makeEngine = engineFactory(opts, deps);
  const make = deps.createProvider ?? providerFactory(opts, deps.env);
  const engines: Engine[] = [];
  for (const spec of specs) {
    const provider = await make(spec);
    engines.push(makeEngine(deps.store ? withCache(provider, deps.store) : provider));
  }
  if (opts.includeExtractive) engines.push(createExtractiveEngine());
  if (engines.length === 1) return engines[0];
  return createVotingEngine(engines, { tieRule: opts.voteTie ?? "no", onMemberAnswers: deps.onMemberAnswers });
}

function engineFactory(opts: LlmCliOptions, deps: BuildDeps): (provider: LlmProvider) => Engine {
  const read = (path: string) => readText(deps.cwd, path);
  if (opts.mode === "k24") {
    if (!opts.promptFile || !opts.queryTemplate) {
      throw usage(
        "--mode k24 needs --prompt-file (the stuff wrapper, {context} and {question}) and --query-template ({query})",
      );
    }
    const promptTemplate = read(opts.promptFile);
    const queryTemplate = read(opts.queryTemplate);
    const binary = k24Binary(opts, read);
    return (provider) => createK24Engine({ provider, promptTemplate, queryTemplate, binary, k: opts.k });
  }
  if (opts.queryTemplate || opts.binaryPromptFile || opts.binary) {
    throw usage("--query-template, --binary and --binary-prompt-file belong to --mode k24");
  }
  const prompts = opts.promptFile ? { user: read(opts.promptFile) } : undefined;
  return (provider) => createStructuredEngine({ provider, batchSize: opts.batchSize, k: opts.k, prompts });
}

function k24Binary(opts: LlmCliOptions, read: (path: string) => string): K24Binary {
  const method = opts.binary ?? (opts.binaryPromptFile ? "prompt" : "classifier");
  if (method === "classifier") {
    if (opts.binaryPromptFile) throw usage("--binary classifier does not use --binary-prompt-file");
    return { kind: "classifier" };
  }
  if (!opts.binaryPromptFile) throw usage("--binary prompt needs --binary-prompt-file");
  return { kind: "prompt", template: read(opts.binaryPromptFile) };
}

function providerFactory(opts: LlmCliOptions, env: BuildDeps["env"]): (spec: string) => Promise<LlmProvider> {
  const keyName = opts.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  const apiKey = env[keyName] || undefined;
  if (!apiKey && keyName !== DEFAULT_API_KEY_ENV)
    throw usage(`--api-key-env ${keyName}: that environment variable is not set`);
  // node-llama-cpp loads only when a gguf: spec is used.
  const gguf: GgufFactory = (spec, options) =>
    import("../llm/gguf.js").then((m) => m.createGgufProvider({ path: spec.path, threads: opts.threads, ...options }));
  return (spec) =>
    createProvider(spec, {
      apiKey,
      timeoutMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
      maxRetries: opts.retries,
      concurrency: opts.concurrency,
      gguf,
    });
}

/**
 * `--dry-run`: reads and chunks the inputs and counts what the options would cost.
 * @example formatDryRun(await estimateFromOptions(["papers/"], opts, { questions, cwd }))
 */
export async function estimateFromOptions(
  paths: string[],
  opts: LlmCliOptions,
  ctx: { questions: Question[]; cwd?: string; chunking: ChunkStrategy },
): Promise<RunEstimate & { unreadable: { file: string; error: string }[] }> {
  const read = (path: string) => readText(ctx.cwd, path);
  const mode = opts.mode ?? "structured";
  const { inputs, failed } = await loadDryRunInputs(paths, requiredChunking(opts) ?? ctx.chunking);
  const base: DryRunOptions = {
    documents: inputs,
    questions: ctx.questions,
    mode,
    models: Math.max(1, opts.llm?.length ?? 0),
    batchSize: opts.batchSize,
    k: opts.k,
  };
  if (mode === "k24") {
    if (!opts.promptFile || !opts.queryTemplate) throw usage("--mode k24 needs --prompt-file and --query-template");
    base.k24 = {
      promptTemplate: read(opts.promptFile),
      queryTemplate: read(opts.queryTemplate),
      binary: k24Binary(opts, read),
    };
  } else if (opts.promptFile) base.prompts = { user: read(opts.promptFile) };
  return { ...(await estimateRun(base)), unreadable: failed };
}

/**
 * Result rows of each voting member, read back from the store (so papers reused from an earlier
 * run are included): what `--k24-layout` writes one folder per model from.
 */
export function memberRowsFromStore(
  store: Pick<Store, "getAnswers">,
  rows: readonly ResultRow[],
  members: readonly Pick<Engine, "name" | "settings">[],
  chunking: ChunkStrategy,
  questions: readonly Question[],
  retrieval?: Record<string, unknown>,
): ResultRow[] {
  const out: ResultRow[] = [];
  const papers = new Map(rows.filter((r) => r.paper_id && !r.error).map((r) => [r.paper_id as string, r]));
  for (const member of members) {
    const runKey = runKeyFor(member, chunking, retrieval);
    for (const r of rows) if (r.error) out.push({ ...r, engine: member.name });
    for (const [id, r] of papers) {
      const answers = new Map(store.getAnswers(id, runKey).map((a) => [a.cq, a]));
      for (const q of questions) {
        const a = answers.get(q.cq);
        if (a) out.push(answerRow({ id, file: r.file, title: r.title ?? "" }, q, a));
      }
    }
  }
  return out;
}

/** The engines whose answers a run stores: a vote's members, or the engine itself. */
export function engineMembers(engine: Pick<Engine, "name" | "settings">): Pick<Engine, "name" | "settings">[] {
  const members = engine.settings.mode === "vote" ? engine.settings.members : undefined;
  if (!Array.isArray(members)) return [engine];
  return members.map((m: { name: string; settings: Record<string, unknown> }) => ({
    name: m.name,
    settings: m.settings,
  }));
}

function readText(cwd: string | undefined, path: string): string {
  const full = isAbsolute(path) || !cwd ? path : resolve(cwd, path);
  try {
    return readFileSync(full, "utf8");
  } catch (error) {
    throw new MethodscopeError("usage", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function usage(message: string): MethodscopeError {
  return new MethodscopeError("usage", message);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number, 0 or more");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}
