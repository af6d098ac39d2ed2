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

// Names of what the study itself uses: a name met only in passing (compared with, as in other
// work) is not the study's when another sentence says what the study used, trained or built.
const PREFERS_OWN = new Set(["models", "datasets"]);
const USED =
  /\b(?:we|our|I)\b[^.;]{0,80}?\b(?:use[ds]?|using|utili[sz]e[ds]?|train(?:ed|s)?|re-?train(?:ed)?|fine-?tun(?:e|ed|es)|buil[dt]|adopt(?:ed)?|employ(?:ed)?|implement(?:ed)?|appl(?:y|ied)|propose[ds]?|develop(?:ed)?|modif(?:y|ied)|cho(?:se|ose)|select(?:ed)?|design(?:ed)?|initiali[sz]ed|evaluate[ds]?|collected|download(?:ed)?|obtained)\b|\b(?:is|are|was|were|been)\s(?:then\s|first\s|further\s)?(?:used|utili[sz]ed|trained|re-?trained|fine-?tuned|built|adopted|employed|implemented|applied|developed|chosen|selected|designed|initiali[sz]ed|pre-?trained|collected|downloaded|obtained)\b|\b(?:our|the proposed) (?:model|network|architecture|approach|method|classifier|detector|pipeline|framework|data ?set)\b|\bconsists? of\b|\bbased on\b|\bbackbone\b/i;
const IN_PASSING =
  /\b(?:compared? (?:to|with)|in comparison|outperform\w*|than|unlike|in contrast|previous(?:ly)?|prior (?:work|studies)|state[- ]of[- ]the[- ]art|such as|e\.g\.|for example|for instance|popular|widely used|recent(?:ly)?|similar to|other (?:studies|works|methods|models|approaches)|literature|have been (?:used|applied|proposed))\b/i;

// A hyperparameter search space ("a grid search over learning rates of 0.01, 0.001 and 0.0001"):
// its candidates are not the settings used when another sentence states the one chosen.
const SEARCH_SPACE =
  /\b(?:grid[\s-]+search|random\s+search|hyper-?parameter\s+(?:search|tuning|optimi[sz]ation)|search(?:ed)?\s+(?:over|space|among)|candidate\s+values?|tuned\s+over|(?:chosen|selected)\s+(?:from|among)|(?:in|from)\s+the\s+(?:range|set)|ranging\s+from)\b/i;

function collectValues(hits: SentenceHit[]): Record<string, unknown> {
  const ordered = [...hits].sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
  const statedOutsideSearch = new Set<string>();
  for (const h of ordered)
    if (!SEARCH_SPACE.test(h.sentence.text)) for (const { key } of h.values) statedOutsideSearch.add(key);
  // Per key, whether some sentence says the study used the thing named.
  const ownKeys = new Set<string>();
  for (const h of ordered)
    if (USED.test(h.sentence.text)) for (const { key } of h.values) if (PREFERS_OWN.has(key)) ownKeys.add(key);
  const byUse = (h: SentenceHit) => (USED.test(h.sentence.text) ? 0 : 1);
  const ranked = ownKeys.size > 0 ? [...ordered].sort((a, b) => byUse(a) - byUse(b)) : ordered;
  const lists = new Map<string, unknown[]>();
  for (const h of ranked) {
    const passing = !USED.test(h.sentence.text) && IN_PASSING.test(h.sentence.text);
    const search = SEARCH_SPACE.test(h.sentence.text);
    let fresh = false;
    for (const { key, value } of h.values) {
      if (passing && ownKeys.has(key)) continue;
      if (search && SCALAR.has(key) && statedOutsideSearch.has(key)) continue;
      const list = lists.get(key) ?? [];
      // A value's written form ("1e-3") goes with its number: listed when the number is new.
      const isText = key.endsWith("_text") && SCALAR.has(key);
      const seen = list.some((x) => sameValue(x, value));
      if (isText ? fresh && !seen : !seen) list.push(value);
      if (SCALAR.has(key) && !isText) fresh = !seen;
      lists.set(key, list);
    }
  }
  const values: Record<string, unknown> = {};
  for (const [key, list] of lists) {
    if (list.length === 0) continue;
    // One value per setting, or the list when the paper gives several ("100 and 200 epochs").
    if (SCALAR.has(key)) values[key] = list.length === 1 ? list[0] : list;
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
