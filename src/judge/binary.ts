/**
 * Deterministic yes/no reading of an answer text: does it contain specific information from the
 * paper ("yes") or is it an abstention / generic textbook answer ("no")? A small logistic
 * regression (weights in binary-model.json, trained by scripts/train-binary.ts) over hand-made
 * sentence cues and hashed word n-grams. Same input → same output, no network, no randomness.
 */

import type { YesNo } from "../types.js";
import { answerFeatures, type BinaryModel, DENSE_NAMES, scoreFeatures } from "./binary-features.js";
import modelJson from "./binary-model.json" with { type: "json" };

const MODEL = checkModel(modelJson as BinaryModel);

function checkModel(model: BinaryModel): BinaryModel {
  // A features/weights mismatch would silently mis-score every answer; fail loudly instead.
  if (model.denseNames.join(",") !== DENSE_NAMES.join(",") || model.hashed.length !== model.buckets) {
    throw new Error("binary-model.json does not match binary-features.ts; rerun scripts/train-binary.ts");
  }
  return model;
}

/** The classifier's decision with its probability-like confidence and a short explanation. */
export interface BinaryVerdict {
  reported: YesNo;
  /** Probability of the chosen label, in [0.5, 1]. */
  confidence: number;
  reason: string;
}

/**
 * Classifies one answer to one question.
 * @example classifyAnswer("Which optimizer was used?", "The authors trained with Adam (lr 1e-4).")
 *   // → { reported: "yes", confidence: 0.9…, reason: "…" }
 */
export function classifyAnswer(question: string, answer: string): BinaryVerdict {
  if (answer.trim().length === 0) return { reported: "no", confidence: 0.99, reason: "empty answer" };
  const features = answerFeatures(question, answer, MODEL.buckets);
  const p = scoreFeatures(MODEL, features);
  const reported: YesNo = p >= MODEL.threshold ? "yes" : "no";
  const confidence = Math.round((reported === "yes" ? p : 1 - p) * 1000) / 1000;
  const cues = features.cues.length > 0 ? features.cues.join("; ") : "no distinctive cues";
  return { reported, confidence, reason: `p(yes)=${p.toFixed(3)}: ${cues}` };
}
