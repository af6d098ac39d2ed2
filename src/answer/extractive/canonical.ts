/**
 * Canonical forms for the values an answer lists: the same thing written several ways ("camera
 * traps", "Camera Trap", "camera-trap") is listed once, verb forms of generic steps become nouns
 * ("classified" → "classification"), and a bare word that a longer value already contains
 * ("camera" beside "camera traps", "GPU" beside "NVIDIA GPU") is dropped.
 */

import { NAME_ALIASES, NAME_SPELLINGS } from "./vocab.js";

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

/** A name's letters and digits only, lower case: "ResNet-50", "resnet50" and "ResNet 50" are one name. */
function compact(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9+@]/g, "");
}

// Spellings longest first, so that "PyTorch Lightning" wins over "PyTorch".
const SPELLINGS: ReadonlyMap<string, { name: string; key: string }[]> = new Map(
  Object.entries(NAME_SPELLINGS).map(([key, names]) => [
    key,
    [...new Set(names)].map((name) => ({ name, key: compact(name) })).sort((a, b) => b.key.length - a.key.length),
  ]),
);

/**
 * A name written with its variant, the family spelled as the vocabulary spells it and the variant
 * as written: "resnet-50" → "ResNet-50", "Tensorflow (version 2.4" → "TensorFlow 2.4".
 *
 * @example spellName("models", "yolov5s") // "YOLOv5s"
 */
export function spellName(key: string, value: string): string {
  const names = SPELLINGS.get(key);
  let v = value.replace(/\s+/g, " ").trim();
  if (!names) return v;
  const alias = NAME_ALIASES.find(([re]) => re.test(v));
  if (alias) return alias[1];
  const c = compact(v);
  const known = names.find((n) => n.key.length > 0 && c.startsWith(n.key));
  if (known) {
    // Walk the written form until it has used up the name's letters.
    let used = 0;
    let i = 0;
    while (i < v.length && used < known.key.length) {
      if (/[a-z0-9+@]/i.test(v[i])) used++;
      i++;
    }
    v = known.name + v.slice(i);
  }
  // Versions read the same however written: "PyTorch v1.12", "PyTorch (version 1.12)" → "PyTorch 1.12".
  if (key === "frameworks") v = v.replace(/\s?\(?\s?(?:v|version\s?)(\d+(?:\.\d+)*)\)?$/i, " $1");
  return v;
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
    const shown = generic ? genericForm(item) : nameForm(spellName(key, item));
    const k = generic ? valueKey(shown) : nameKey(shown);
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
  const families = SPELLINGS.get(key);
  const kept = out.filter((v, i) => {
    if (typeof v !== "string") return true;
    const k = keys[i];
    const longer = keys.some((o, j) => j !== i && o.length > k.length && containsWords(o, k));
    if (longer) return false;
    // A family name beside one of its variants says less: "ResNet" beside "ResNet50".
    if (families?.some((f) => f.key === compact(v)) && out.some((o) => variantOf(o, v))) return false;
    // A bare "GPU" beside a named one ("NVIDIA GeForce RTX 5090", "T4").
    if (key === "hardware" && /^(gpus?|cpus?)$/i.test(v) && out.some((o) => o !== v && namesProcessor(o, v)))
      return false;
    return !(FILLER.has(k) && out.length > 1);
  });
  return kept.length > 0 ? kept : out.slice(0, 1);
}

/** Comparison key of a name: as `valueKey`, and written with or without separators alike. */
function nameKey(value: string): string {
  return valueKey(value) ? compact(value).replace(/s$/, "") || valueKey(value) : "";
}

/** True when `other` is `family` with a variant written after it ("ResNet-50" of "ResNet"). */
function variantOf(other: unknown, family: string): boolean {
  if (typeof other !== "string" || other === family) return false;
  const f = compact(family);
  const o = compact(other);
  return o.length > f.length && o.startsWith(f);
}

// Named GPUs and CPUs: makers, product lines and model numbers.
const GPU_NAME = /nvidia|geforce|rtx|gtx|tesla|titan|quadro|radeon|jetson|\b[a-z]{1,2}\d{1,4}\b|apple/i;
const CPU_NAME = /intel|amd|xeon|ryzen|epyc|core i\d|ghz|apple|arm\b/i;

function namesProcessor(other: unknown, bare: string): boolean {
  if (typeof other !== "string") return false;
  return /^gpu/i.test(bare) ? GPU_NAME.test(other) && !/\b(ram|memory)\b/i.test(other) : CPU_NAME.test(other);
}

/** True when `words` occurs in `phrase` as whole words ("camera" in "camera trap", "rtx 3090" in "nvidia rtx 3090 gpu"). */
function containsWords(phrase: string, words: string): boolean {
  return ` ${phrase} `.includes(` ${words} `);
}
