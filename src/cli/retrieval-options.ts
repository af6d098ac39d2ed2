/**
 * The retrieval options of `extract` (`--retrieval`, `--embedder`, `--allow-remote-models`) and
 * the factory they build. main.ts adds the options with {@link addRetrievalOptions} and passes
 * {@link buildRetrieverFactory}'s result to `extract`.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { type Command, Option } from "commander";
import { createEmbedder, parseEmbedderSpec } from "../embed/index.js";
import { MethodscopeError } from "../errors.js";
import { createRetrieverFactory, type RetrievalMode, type RetrieverFactory } from "../retrieve/hybrid.js";

/** The parsed options (commander's camelCase names). */
export interface RetrievalCliOptions {
  retrieval?: RetrievalMode;
  embedder?: string;
  allowRemoteModels?: boolean;
  /** Shared with the LLM options when present: the variable holding the OpenAI-compatible API key. */
  apiKeyEnv?: string;
}

/**
 * Adds `--retrieval`, `--embedder` and `--allow-remote-models` to a command.
 * @example addRetrievalOptions(program.command("extract"))
 */
export function addRetrievalOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--retrieval <mode>", "how chunks are found for a question: BM25, embeddings, or both fused (RRF)")
        .choices(["bm25", "dense", "hybrid"])
        .default("bm25"),
    )
    .option(
      "--embedder <spec>",
      "embedding model for dense/hybrid retrieval: transformers:<folder-or-hub-id> (e.g. a local " +
        "all-MiniLM-L12-v2, K24's model), ollama:<model>[@host] or openai:<model>[@baseURL]",
    )
    .option("--allow-remote-models", "let transformers: download a hub model (otherwise local folders only)", false);
}

/**
 * The retriever factory for the parsed options. Relative transformers folders are resolved against
 * `cwd`; the OpenAI key comes from `env` (`apiKeyEnv`, default OPENAI_API_KEY) and is never part of
 * the embedder id.
 * @example const retrieval = buildRetrieverFactory(opts, { env: io.env, cwd: io.cwd });
 */
export function buildRetrieverFactory(
  opts: RetrievalCliOptions,
  context: { env: Record<string, string | undefined>; cwd: string },
): RetrieverFactory {
  const mode = opts.retrieval ?? "bm25";
  if (mode === "bm25") {
    if (opts.embedder) {
      throw new MethodscopeError("usage", "--embedder is used only with --retrieval dense or hybrid");
    }
    return createRetrieverFactory({ mode });
  }
  if (!opts.embedder) {
    throw new MethodscopeError(
      "usage",
      `--retrieval ${mode} needs --embedder, e.g. --embedder transformers:models/all-MiniLM-L12-v2`,
    );
  }
  const spec = parseEmbedderSpec(opts.embedder);
  const model =
    spec.kind === "transformers" && !isAbsolute(spec.model) && existsSync(resolve(context.cwd, spec.model))
      ? resolve(context.cwd, spec.model)
      : spec.model;
  // The parsed spec, not a string rebuilt from it: its credentials are already split off the address.
  const embedder = createEmbedder(
    { ...spec, model },
    {
      allowRemote: opts.allowRemoteModels ?? false,
      apiKey: spec.kind === "openai" ? context.env[opts.apiKeyEnv ?? "OPENAI_API_KEY"] : undefined,
    },
  );
  return createRetrieverFactory({ mode, embedder });
}
