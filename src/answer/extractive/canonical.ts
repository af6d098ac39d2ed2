/**
 * Canonical forms for the values an answer lists: the same thing written several ways ("camera
 * traps", "Camera Trap", "camera-trap") is listed once, verb forms of generic steps become nouns
 * ("classified" → "classification"), and a bare word that a longer value already contains
 * ("camera" beside "camera traps", "GPU" beside "NVIDIA GPU") is dropped.
 */

// Keys whose values are generic phrases (matched by patterns, often capitalised at sentence start),
// as opposed to names (models, frameworks, hardware, datasets) whose spelling is kept.
const GENERIC_KEYS: ReadonlySet<string> = new Set([
  "methods",
  "formats",
  "annotation",
  "augmentations",
  "steps",
  "tasks",
  "strategies",
  "criteria",
  "measures",
]);

// Keys whose values are literal (links, ratios): only exact duplicates go.
const LITERAL_KEYS: ReadonlySet<string> = new Set(["urls", "splits", "percentages", "cross_validation", "seeds"]);

// Words that say nothing once a more specific value is listed.
const FILLER: ReadonlySet<string> = new Set(["monitoring", "deployment", "imbalance", "imbalanced", "a stopping rule"]);

// Proper names that a generic pattern can match; they keep their capital.
const PROPER = /^(Python|Matlab|Adam|Jetson|Google|Microsoft|Nvidia|Raspberry|Android|Apple|Amazon|Landsat|Sentinel)$/;

const NOUN_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/\bclassif(?:y|ied|ies|ying)\b/g, "classification"],
  [/\bidentif(?:y|ied|ies|ying)\b/g, "identification"],
  [/\bdetect(?:s|ed|ing)?\b/g, "detection"],
  [/\bsegment(?:ed|ing)\b/g, "segmentation"],
  [/\bpredict(?:s|ed|ing)?\b/g, "prediction"],
  [/\brecogni[sz](?:e|ed|es|ing)\b/g, "recognition"],
  [/\bestimat(?:e|ed|es|ing)\b/g, "estimation"],
  [/\bforecast(?:s|ed)?\b/g, "forecasting"],
  [/\blocali[sz](?:e|ed|ing)\b/g, "localisation"],
  [/\b(count|track|cluster|crop|filter|flipp|denois|resiz|rescal|resampl|down-?sampl)(?:ed)\b/g, "$1ing"],
  [/\bcropped\b/g, "cropping"],
  [/\b(count|track|cluster)\b/g, "$1ing"],
  [/\bnormali[sz](?:ed|ing)\b/g, "normalisation"],
  [/\bstandardi[sz](?:ed|ing)\b/g, "standardisation"],
  [/\baugmented\b/g, "augmentation"],
  [/\b(over|under)-?sampled\b/g, "$1sampling"],
  [/\bdeployed\b/g, "deployment"],
  [/\bexported (?:to|as|in)\b/g, "export"],
  [/\bseriali[sz]ed\b/g, "serialisation"],
  [/\bmonitored\b/g, "monitoring"],
  [/\bannotated\b/g, "annotation"],
  [/\blabel(?:l)?ed\b/g, "labelling"],
  [/\brotated\b/g, "rotation"],
  [/\bconverged\b|\buntil convergence\b/g, "convergence"],
  [/\bplateau(?:ed|s)\b/g, "plateau"],
  [/\b(?:did|does) not improve\b|\bno (?:further )?improvement\b/g, "no further improvement"],
  [/\bstopp(?:ed|ing) (?:when|after|if|training)\b/g, "a stopping rule"],
];

/** Display form of a generic value: sentence-initial capitals dropped, verb forms made nouns. */
export function genericForm(value: string): string {
  let v = value
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .map((w) => (/^[A-Z][a-z]+$/.test(w) && !PROPER.test(w) ? w.toLowerCase() : w))
    .join(" ");
  for (const [re, noun] of NOUN_FORMS) v = v.replace(re, noun);
  return v;
}

/** Display form of a name: only a sentence-initial capital of a lower-case phrase goes ("Random forest"). */
export function nameForm(value: string): string {
  const v = value.replace(/\s+/g, " ").trim();
  return /^[A-Z][a-z]+( [a-z][a-z-]*)+$/.test(v) ? v.toLowerCase() : v;
}

/** Comparison key: case, hyphens and plural endings ignored. */
export function valueKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/[-_/]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .map((w) => (w.length > 3 && /[^su]s$/.test(w) ? w.slice(0, -1) : w))
    .join(" ");
}

/**
 * One list of values of `key` in canonical form, in first-seen order.
 *
 * @example canonicalList("methods", ["camera traps", "Camera Trap", "camera"]) // ["camera traps"]
 */
export function canonicalList(key: string, list: unknown[]): unknown[] {
  if (LITERAL_KEYS.has(key) || key.endsWith("_text")) return list;
  const generic = GENERIC_KEYS.has(key);
  const seen = new Map<string, string>();
  const out: unknown[] = [];
  for (const item of list) {
    if (typeof item !== "string") {
      if (!out.includes(item)) out.push(item);
      continue;
    }
    const shown = generic ? genericForm(item) : nameForm(item);
    const k = valueKey(shown);
    if (!k) continue;
    const first = seen.get(k);
    if (first !== undefined) {
      // A list names kinds of things: "sensors" reads better than "sensor".
      if (shown.toLowerCase() === `${first.toLowerCase()}s`) {
        out[out.indexOf(first)] = `${first}s`;
        seen.set(k, `${first}s`);
      }
      continue;
    }
    seen.set(k, shown);
    out.push(shown);
  }
  const keys = out.map((v) => (typeof v === "string" ? valueKey(v) : ""));
  const kept = out.filter((v, i) => {
    if (typeof v !== "string") return true;
    const k = keys[i];
    const longer = keys.some((o, j) => j !== i && o.length > k.length && containsWords(o, k));
    if (longer) return false;
    return !(FILLER.has(k) && out.length > 1);
  });
  return kept.length > 0 ? kept : out.slice(0, 1);
}

/** True when `words` occurs in `phrase` as whole words ("camera" in "camera trap", "rtx 3090" in "nvidia rtx 3090 gpu"). */
function containsWords(phrase: string, words: string): boolean {
  return ` ${phrase} `.includes(` ${words} `);
}
