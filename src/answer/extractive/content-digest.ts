/**
 * A short content hash of everything outside the code that shapes the extractive engine's
 * answers: the vocabularies and the trained weights it uses. It is part of the engine's settings,
 * so the run key changes, and stored answers are recomputed, whenever any of them changes (a
 * hand-bumped version number alone would miss an edited vocabulary or a retrained weight file).
 */
import { createHash } from "node:crypto";
import { DL_FILTER_MODEL } from "./dl-detect.js";
import { isShippedLayer, type LearnedLayer } from "./learned.js";
import type { ExtractiveModel } from "./model.js";
import paperModelJson from "./paper-model.json" with { type: "json" };
import sentenceModelJson from "./sentence-model.json" with { type: "json" };
import { VOCABULARIES } from "./vocab.js";

/**
 * SHA-256 (first 16 hex digits) of the vocabularies, the deep-learning filter, the learned layer
 * and the optional answer model. The shipped layer ("shipped", or the object `shippedLearnedLayer()`
 * gives) is hashed from its JSON, without expanding it; another layer by its own weights.
 * Deterministic: equal content gives an equal digest in every process.
 * @example extractiveContentDigest("shipped", undefined) // "3f9a…" (16 hex digits)
 */
export function extractiveContentDigest(
  layer: LearnedLayer | "shipped" | undefined,
  model: ExtractiveModel | undefined,
): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(VOCABULARIES));
  hash.update(JSON.stringify(DL_FILTER_MODEL));
  hash.update(JSON.stringify(model ?? null));
  if (layer === "shipped" || isShippedLayer(layer)) {
    hash.update(shippedLayerDigest());
  } else if (layer) {
    hash.update(JSON.stringify({ version: layer.sentences.version, bias: [...layer.sentences.bias] }));
    for (const [id, weights] of [...layer.sentences.rows].sort(([a], [b]) => a - b)) {
      hash.update(`${id}:`);
      hash.update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    }
    hash.update(JSON.stringify(layer.paper));
  }
  return hash.digest("hex").slice(0, 16);
}

let shippedDigest: string | undefined;

/** Digest of the shipped weight files' content (computed once per process: they never change in it). */
function shippedLayerDigest(): string {
  shippedDigest ??= createHash("sha256")
    .update(JSON.stringify(sentenceModelJson))
    .update(JSON.stringify(paperModelJson))
    .digest("hex");
  return shippedDigest;
}
