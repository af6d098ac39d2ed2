/**
 * Sentence embeddings computed in-process by transformers.js (ONNX Runtime on the CPU), from a
 * local model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) or,
 * only when the user allows it, a Hugging Face hub id downloaded once into a cache.
 * K24 used sentence-transformers/all-MiniLM-L12-v2: its ONNX export (Xenova/all-MiniLM-L12-v2)
 * is the recommended model.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type * as Transformers from "@huggingface/transformers";
import { MethodscopeError } from "../errors.js";
import { batches, checkVectors, type Embedder, embedFailure } from "./types.js";

type TransformersModule = typeof Transformers;

export const RECOMMENDED_TRANSFORMERS_MODEL = "Xenova/all-MiniLM-L12-v2";
export const TRANSFORMERS_MISSING_MESSAGE =
  "install @huggingface/transformers 3.8.1 to use transformers: embedders (npm install @huggingface/transformers@3.8.1)";

/** Options of {@link createTransformersEmbedder}. */
export interface TransformersEmbedderOptions {
  /** A local model folder, or a hub id such as "Xenova/all-MiniLM-L12-v2" (needs `allowRemote`). */
  model: string;
  /** Allow downloading from the Hugging Face hub (default false: local folders only). */
  allowRemote?: boolean;
  /** Where downloaded models are cached (default: transformers.js's own cache folder). */
  cacheDir?: string;
  /** Texts per forward pass (default 16). */
  batchSize?: number;
  /** Injected for tests: how @huggingface/transformers is imported. */
  importModule?: () => Promise<TransformersModule>;
}

/**
 * A transformers.js feature-extraction pipeline with mean pooling and L2 normalisation (what
 * sentence-transformers does for MiniLM models). The model loads on the first `embed` call.
 * @example const embedder = createTransformersEmbedder({ model: "models/all-MiniLM-L12-v2" });
 */
export function createTransformersEmbedder(options: TransformersEmbedderOptions): Embedder {
  const folder = resolve(options.model);
  const local = existsSync(folder);
  const allowRemote = options.allowRemote ?? false;
  const id = `transformers:${local ? `${basename(folder)}#${folderFingerprint(folder)}` : options.model}`;
  let loading: Promise<Transformers.FeatureExtractionPipeline> | undefined;

  const load = async () => {
    if (!local && !allowRemote) {
      throw new MethodscopeError(
        "not-found",
        `no model folder ${options.model}; give a local folder, or allow downloading the hub model ${options.model} (--allow-remote-models)`,
      );
    }
    const mod = await importTransformers(options.importModule);
    // transformers.js keeps these switches in a process-wide object: set them right before loading.
    mod.env.allowLocalModels = true;
    mod.env.allowRemoteModels = allowRemote;
    if (options.cacheDir) mod.env.cacheDir = options.cacheDir;
    try {
      return await mod.pipeline("feature-extraction", local ? folder : options.model, {
        dtype: "fp32",
        local_files_only: !allowRemote,
        ...(options.cacheDir ? { cache_dir: options.cacheDir } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new MethodscopeError("unreadable", `cannot load the embedding model ${options.model}: ${reason}`, {
        cause: error,
      });
    }
  };

  return {
    id,
    embed: async (texts) => {
      if (texts.length === 0) return [];
      loading ??= load();
      loading.catch(() => {
        loading = undefined;
      });
      const extractor = await loading;
      const out: Float32Array[] = [];
      for (const batch of batches(texts, options.batchSize ?? 16)) {
        try {
          const tensor = await extractor(batch, { pooling: "mean", normalize: true });
          out.push(...checkVectors(id, batch, tensor.tolist() as number[][]));
        } catch (error) {
          throw embedFailure(id, error, { local: true });
        }
      }
      return out;
    },
    close: async () => {
      const pending = loading;
      loading = undefined;
      const extractor = await pending?.catch(() => undefined);
      await extractor?.dispose();
    },
  };
}

/**
 * A short hash of a model folder's config and ONNX file size: vectors are cached under the
 * embedder id, so another model copied into a folder of the same name must not reuse them.
 */
function folderFingerprint(folder: string): string {
  const hash = createHash("sha256");
  for (const file of ["config.json", "tokenizer.json", join("onnx", "model.onnx")]) {
    try {
      const path = join(folder, file);
      hash.update(file.endsWith(".onnx") ? String(statSync(path).size) : readFileSync(path));
    } catch {
      hash.update("-");
    }
  }
  return hash.digest("hex").slice(0, 8);
}

async function importTransformers(importModule?: () => Promise<TransformersModule>): Promise<TransformersModule> {
  try {
    return await (importModule ?? (() => import("@huggingface/transformers")))();
  } catch (error) {
    throw new MethodscopeError("usage", TRANSFORMERS_MISSING_MESSAGE, { cause: error });
  }
}
