import type { ExtractiveModel } from "./model.js";
import weights from "./model.json" with { type: "json" };

// model.json is written by scripts/train-extractive.ts (deterministic; see its header).

/**
 * The optional logistic layer of the extractive engine, distilled from the K24 five-LLM vote on
 * publications without human labels. Pass it as `createExtractiveEngine({ model: ANSWER_MODEL })`;
 * the default engine uses the catalogue thresholds.
 */
export const ANSWER_MODEL: ExtractiveModel = weights.answer;
