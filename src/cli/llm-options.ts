/**
 * The `extract` and `bench` options for engines, mapped to the library's engine settings
 * (`src/pipeline/engine.ts`), which validates them and builds the engine: one model in structured or
 * k24 mode, or several (optionally with the extractive engine) voting.
 */
import { isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { MethodscopeError } from "../errors.js";
import type { ChunkStrategy } from "../ingest/chunk.js";
import type { ReaderChoice } from "../ingest/readers/index.js";
import type { TieRule } from "../judge/vote.js";
import type { LlmProvider } from "../llm/types.js";
import { estimateForSettings, type RunEstimate } from "../pipeline/dry-run.js";
import {
  createEngine,
  DEFAULT_API_KEY_ENV,
  type EngineSettings,
  loadEngineSettings,
  parseEngineSettings,
} from "../pipeline/engine.js";
import { runKeyFor } from "../pipeline/extract.js";
import { answerRow, type ResultRow } from "../report/rows.js";
import type { Store } from "../store/index.js";
import type { Engine, Question } from "../types.js";

/** The parsed LLM options of `extract` (commander's camelCase names). */
export interface LlmCliOptions {
  /** A JSON/YAML engine settings file (instead of the engine flags). */
  engineFile?: string;
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
  /** `--llm-when`: every question to the LLMs, or only those the extractive engine is unsure of. */
  llmWhen?: LlmWhen;
}

/** What `--llm-when` parses to: the settings' `llmWhen` (τ left out: the default τ). */
export type LlmWhen = "always" | { uncertain?: number };

/**
 * Parses `--llm-when always|uncertain[:<τ>]` (τ from 0 to 1).
 * @example parseLlmWhen("uncertain:0.7") // { uncertain: 0.7 }
 */
export function parseLlmWhen(value: string): LlmWhen {
  const text = value.trim().toLowerCase();
  if (text === "always") return "always";
  const m = /^uncertain(?::(.*))?$/.exec(text);
  if (!m) throw new InvalidArgumentError("expected always, uncertain or uncertain:<τ> (τ from 0 to 1)");
  if (m[1] === undefined) return { uncertain: undefined };
  const tau = Number(m[1]);
  if (m[1].trim() === "" || !Number.isFinite(tau) || tau < 0 || tau > 1) {
    throw new InvalidArgumentError(`τ must be a number from 0 to 1, got "${m[1]}"`);
  }
  return { uncertain: tau };
}

/**
 * Adds the LLM options to a command (`extract`).
 * @example addLlmOptions(program.command("extract")).action(…)
 */
export function addLlmOptions(command: Command): Command {
  return command
    .option("--engine-file <file>", "engine settings as JSON or YAML (instead of --llm and the options below)")
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
    .option(
      "--llm-when <when>",
      "always (default): every question to the LLMs; uncertain[:<τ>]: the extractive engine answers first and only questions with confidence below τ go to the LLMs",
      parseLlmWhen,
    )
    .option("--dry-run", "estimate calls and tokens without calling any model", false)
    .option("--threads <n>", "gguf: CPU threads", positiveInt);
}

export interface BuildDeps {
  env: Record<string, string | undefined>;
  /** The store for the response cache (none: no cache). */
  store?: Pick<Store, "db">;
  /** Folder that relative file options are read from. */
  cwd?: string;
  /** Overrides how providers are made (tests). */
  createProvider?: (spec: string) => Promise<LlmProvider>;
}

/**
 * The engine settings the flags describe (see `EngineSettingsSchema`): the CLI only maps flags;
 * `createEngine` validates and builds. Prompt files stay paths, read relative to the caller's cwd.
 * @example engineSettingsFromOptions({ llm: ["ollama:llama3.1"], mode: "structured" })
 */
export function engineSettingsFromOptions(opts: LlmCliOptions & { rulesOnly?: boolean }): EngineSettings {
  const specs = opts.llm ?? [];
  const file = (path: string | undefined) => (path === undefined ? undefined : { file: path });
  if (specs.length === 0) {
    const stray = ["promptFile", "queryTemplate", "binaryPromptFile", "k24Layout"].find(
      (k) => opts[k as keyof LlmCliOptions],
    );
    if (stray || opts.includeExtractive) throw usage("this option needs --llm <spec>");
    if (opts.llmWhen !== undefined && opts.llmWhen !== "always")
      throw usage("--llm-when uncertain sends uncertain questions to an LLM: it needs --llm <spec>");
    return parseEngineSettings({ extractive: { rulesOnly: opts.rulesOnly ?? false } }, "options");
  }
  const mode = opts.mode ?? "structured";
  if (mode === "structured" && (opts.queryTemplate || opts.binaryPromptFile || opts.binary)) {
    throw usage("--query-template, --binary and --binary-prompt-file belong to --mode k24");
  }
  if (mode === "k24" && (!opts.promptFile || !opts.queryTemplate)) {
    throw usage(
      "--mode k24 needs --prompt-file (the stuff wrapper, {context} and {question}) and --query-template ({query})",
    );
  }
  if (opts.binary === "classifier" && opts.binaryPromptFile)
    throw usage("--binary classifier does not use --binary-prompt-file");
  if (opts.binary === "prompt" && !opts.binaryPromptFile) throw usage("--binary prompt needs --binary-prompt-file");
  return parseEngineSettings(
    {
      extractive: { rulesOnly: opts.rulesOnly ?? false },
      llm: {
        models: specs,
        mode,
        batchSize: opts.batchSize,
        k: opts.k,
        prompt: file(opts.promptFile),
        queryTemplate: file(opts.queryTemplate),
        binary: opts.binary,
        binaryPrompt: file(opts.binaryPromptFile),
        apiKeyEnv: opts.apiKeyEnv,
        timeoutSeconds: opts.timeout,
        retries: opts.retries,
        concurrency: opts.concurrency,
        threads: opts.threads,
      },
      includeExtractive: opts.includeExtractive ?? false,
      voteTie: opts.voteTie ?? "no",
      llmWhen: opts.llmWhen ?? "always",
    },
    "options",
  );
}

/** The chunking an LLM mode needs, when it needs one: k24 mode needs K24's chunks. */
export function requiredChunking(opts: LlmCliOptions): ChunkStrategy | undefined {
  return opts.llm?.length && opts.mode === "k24" ? "k24" : undefined;
}

/** Engine flags other than their defaults: what `--engine-file` cannot be combined with. */
const ENGINE_FLAGS: (keyof LlmCliOptions | "rulesOnly")[] = [
  "llm",
  "promptFile",
  "queryTemplate",
  "binaryPromptFile",
  "binary",
  "timeout",
  "retries",
  "concurrency",
  "includeExtractive",
  "threads",
  "rulesOnly",
  "llmWhen",
];

/**
 * The engine settings of a command: from `--engine-file` (prompt files relative to it) or from the
 * flags (relative to `cwd`). Both at once is a usage error.
 * @example const { settings, baseDir } = engineSettingsFor(opts, io.cwd); await createEngine(settings, { baseDir })
 */
export function engineSettingsFor(
  opts: LlmCliOptions & { rulesOnly?: boolean },
  cwd: string,
): { settings: EngineSettings; baseDir: string } {
  if (!opts.engineFile) return { settings: engineSettingsFromOptions(opts), baseDir: cwd };
  const given = ENGINE_FLAGS.filter((k) => {
    const v = (opts as Record<string, unknown>)[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false;
  });
  if (given.length > 0) {
    const flags = given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
    throw usage(`--engine-file describes the whole engine; drop ${flags} or put it in the file`);
  }
  return loadEngineSettings(isAbsolute(opts.engineFile) ? opts.engineFile : resolve(cwd, opts.engineFile));
}

/**
 * The LLM engine the options describe, or undefined without --llm (the caller then uses the
 * extractive engine). One model alone, or a vote of every model (and the extractive engine with
 * --include-extractive). Built by the library's `createEngine`.
 * @example const engine = await buildEngineFromOptions(opts, { env: process.env, store });
 */
export async function buildEngineFromOptions(opts: LlmCliOptions, deps: BuildDeps): Promise<Engine | undefined> {
  const settings = engineSettingsFromOptions(opts);
  if (!settings.llm) return undefined;
  return createEngine(settings, {
    env: deps.env,
    store: deps.store,
    baseDir: deps.cwd,
    createProvider: deps.createProvider,
  });
}

/**
 * `--dry-run`: reads and chunks the inputs and counts what the options would cost.
 * @example formatDryRun(await estimateFromOptions(["papers/"], opts, { questions, cwd }))
 */
export async function estimateFromOptions(
  paths: string[],
  opts: LlmCliOptions,
  ctx: {
    questions: Question[];
    cwd?: string;
    chunking: ChunkStrategy;
    load?: { reader?: ReaderChoice; maxFileMb?: number };
  },
): Promise<RunEstimate & { unreadable: { file: string; error: string }[] }> {
  const { settings, baseDir } = engineSettingsFor(opts, ctx.cwd ?? process.cwd());
  return estimateForSettings(paths, settings, {
    questions: ctx.questions,
    baseDir,
    chunking: ctx.chunking,
    load: ctx.load,
  });
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
export function engineMembers(
  engine: Pick<Engine, "name" | "settings" | "members">,
): Pick<Engine, "name" | "settings">[] {
  return engine.members && engine.members.length > 0 ? [...engine.members] : [engine];
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
