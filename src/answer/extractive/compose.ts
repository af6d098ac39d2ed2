import type { Answer, Evidence, Question } from "../../types.js";
import { canonicalList } from "./canonical.js";
import type { CompiledCues } from "./cues.js";
import type { SentenceHit } from "./score.js";

/** Sentinel that starts every "no" answer: the paper says nothing usable on the question. */
export const NOT_STATED = "The paper does not state";

/** Sentinel that starts the answer to a deep-learning-only question about a non-DL paper. */
export const NOT_DL = "This study does not train a deep-learning model";

/** The "no" answer: `The paper does not state <what the question asks>.` */
export function notStated(q: Question, cues: CompiledCues, confidence: number): Answer {
  return {
    cq: q.cq,
    reported: "no",
    answer: `${NOT_STATED} ${cues.missing}.`,
    values: {},
    confidence,
    evidence: [],
    engine: "extractive",
  };
}

/** The "no" answer for a deep-learning-only question when the paper has no deep learning. */
export function notDeepLearning(q: Question, cues: CompiledCues, confidence: number): Answer {
  return {
    cq: q.cq,
    reported: "no",
    answer: `${NOT_DL}; ${NOT_STATED.charAt(0).toLowerCase()}${NOT_STATED.slice(1)} ${cues.missing}.`,
    values: {},
    confidence,
    evidence: [],
    engine: "extractive",
    flags: ["non-dl-paper"],
  };
}

/** Builds a "yes" answer: normalised values and a readable sentence from the catalogue's `say`. */
export function compose(q: Question, cues: CompiledCues, hits: SentenceHit[], evidence: Evidence[]): Answer {
  const values = collectValues(hits);
  const parts: string[] = [];
  for (const { key, text } of cues.say) {
    const v = values[key];
    if (v === undefined) continue;
    parts.push(text.replace("{}", joinList(Array.isArray(v) ? v.map(String) : [String(v)])));
  }
  const answer = parts.length > 0 ? parts.join(" ") : `The paper reports this: "${clip(evidence[0]?.quote ?? "")}"`;
  return { cq: q.cq, reported: "yes", answer, values, confidence: 0, evidence, engine: "extractive" };
}

// Scalar hyperparameters keep the first (highest-ranked) value; everything else is a de-duplicated list.
const SCALAR = new Set([
  "learning_rate",
  "learning_rate_text",
  "epochs",
  "batch_size",
  "dropout",
  "weight_decay",
  "weight_decay_text",
  "momentum",
  "iterations",
]);

function collectValues(hits: SentenceHit[]): Record<string, unknown> {
  const ordered = [...hits].sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
  const lists = new Map<string, unknown[]>();
  for (const h of ordered) {
    for (const { key, value } of h.values) {
      const list = lists.get(key) ?? [];
      if (!list.some((x) => sameValue(x, value))) list.push(value);
      lists.set(key, list);
    }
  }
  const values: Record<string, unknown> = {};
  for (const [key, list] of lists) {
    if (SCALAR.has(key)) values[key] = list[0];
    else if (key === "optimizer") values[key] = list[0];
    else values[key] = canonicalList(key, list);
  }
  return values;
}

function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function clip(s: string, n = 240): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
