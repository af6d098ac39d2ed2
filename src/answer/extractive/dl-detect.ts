import type { Document, Evidence } from "../../types.js";
import dlModelJson from "./dl-model.json" with { type: "json" };
import { buildDocContext, type DocContext, evidenceOf, isNegatedAt, keysOf, speaksForStudy } from "./doc-context.js";
import { type ExtractiveModel, modelProbability } from "./model.js";
import { type Gate, gateAllows, regexGate, type SentenceKeys } from "./prefilter.js";
import { DL_FRAMEWORK_NAMES, NEURAL_MODEL_NAMES, VOCABULARIES } from "./vocab.js";

/** Result of deep-learning detection for one paper. */
export interface DlDetection {
  dl: boolean;
  /** Summed evidence score (compare with DL_THRESHOLD). */
  score: number;
  confidence: number;
  /**
   * Probability that the paper has deep learning of its own (the trained filter's output, raised to
   * at least 0.9 when one sentence states a training recipe): the soft prior of the answer layer.
   */
  probability: number;
  evidence: Evidence[];
}

/** A pattern with its gate (prefilter.ts): tested only on sentences that hold one of its words. */
export interface Gated {
  re: RegExp;
  gate: Gate;
}
const gated = (re: RegExp): Gated => ({ re, gate: regexGate(re) });
const passes = (g: Gated, text: string, keys: SentenceKeys) => gateAllows(g.gate, keys) && g.re.test(text);

// Signals that a study trains or applies a neural network itself, with their weights.
const STRONG_PATTERNS: { re: RegExp; weight: number }[] = [
  { re: /\bdeep[- ]learning\b/i, weight: 1 },
  { re: /\bdeep (neural )?networks?\b|\bdeep convolutional\b/i, weight: 1.5 },
  { re: /\b(transfer learning|fine-?tun(ed|ing|e)|pre-?trained (on|weights|models?|networks?))\b/i, weight: 1.5 },
  {
    re: /\bepochs?\b|\bbatch size\b|\bbackpropagation\b|\bdropout\b|\bhidden layers?\b|\bactivation function\b|\bReLU\b|\bsoftmax\b/i,
    weight: 1,
  },
  { re: /\b(GPU|CUDA)s?\b/, weight: 1 },
];
const STRONG = STRONG_PATTERNS.map((x) => ({ ...gated(x.re), weight: x.weight }));
const NEURAL = VOCABULARIES.models
  .filter((m) => NEURAL_MODEL_NAMES.has(m.name))
  .map((m) => ({ name: m.name, ...gated(new RegExp(m.pattern, m.caseSensitive ? "" : "i")) }));
const DL_FRAMEWORKS = VOCABULARIES.frameworks
  .filter((f) => DL_FRAMEWORK_NAMES.has(f.name))
  .map((f) => gated(new RegExp(f.pattern, f.caseSensitive ? "" : "i")));
// Case-insensitive union of the deep-learning vocabulary: whether a sentence speaks of deep learning at all.
const ANY = gated(
  new RegExp(
    [...STRONG.map((x) => x.re.source), ...NEURAL.map((x) => x.re.source), ...DL_FRAMEWORKS.map((x) => x.re.source)]
      .map((x) => `(?:${x})`)
      .join("|"),
    "i",
  ),
);
const GENERIC_NN = /^(ANN|MLP|Neural network)$/;

/** Default score a paper needs to count as deep learning. */
export const DL_THRESHOLD = 8;

/**
 * Decides whether a paper describes a deep-learning pipeline of its own (neural networks trained,
 * fine-tuned or applied), from sentences outside the references that are not about other work.
 * A lone "artificial neural network" with no training vocabulary scores low.
 *
 * @example detectDeepLearning(doc) // { dl: true, confidence: 0.93, evidence: [...] }
 */
export function detectDeepLearning(
  document: Document,
  ctx: DocContext = buildDocContext(document),
  model: ExtractiveModel | null | undefined = DL_FILTER_MODEL,
): DlDetection {
  let score = 0;
  const scored: { s: (typeof ctx.sentences)[number]; w: number }[] = [];
  // The deep-learning vocabulary is matched once per sentence, for the score and the filter's features.
  const scan = scanSentences(ctx);
  for (const [i, s] of ctx.sentences.entries()) {
    if (!speaksForStudy(s)) continue;
    const w =
      scan[i].score * (s.hedged ? 0.5 : 1) * (s.section === "introduction" || s.section === "background" ? 0.5 : 1);
    if (w <= 0) continue;
    score += Math.min(w, 3);
    scored.push({ s, w });
  }
  scored.sort((a, b) => b.w - a.w);
  const p = model ? modelProbability(model, 0, featuresFor(model, ctx, score, scan)) : undefined;
  const recipe = statesRecipe(ctx) || statesOwnDeepMethod(ctx);
  const dl = (p === undefined ? score >= DL_THRESHOLD : p >= 0.5) || recipe;
  const probability = Math.max(p ?? 1 / (1 + Math.exp(-(score - DL_THRESHOLD) / 2)), recipe ? 0.9 : 0);
  const margin = p === undefined ? Math.abs(score - DL_THRESHOLD) / DL_THRESHOLD : Math.abs(p - 0.5) * 2;
  return {
    dl,
    score: round(score),
    confidence: round(0.5 + 0.5 * Math.min(1, margin)),
    probability: Math.round(probability * 1000) / 1000,
    evidence: dl ? scored.slice(0, 3).map((x) => evidenceOf(ctx, x.s)) : [],
  };
}

const CLASSICAL = VOCABULARIES.models
  .filter((m) => !NEURAL_MODEL_NAMES.has(m.name))
  .map((m) => gated(new RegExp(m.pattern, m.caseSensitive ? "" : "i")));
const MACHINE_LEARNING = gated(/\bmachine[- ]learning\b/i);
const ANY_CLASSICAL = gated(
  new RegExp([...CLASSICAL.map((x) => x.re), MACHINE_LEARNING.re].map((re) => `(?:${re.source})`).join("|"), "i"),
);
const OWN_TRAINING = gated(/\b(we|our)\b[^.]{0,80}\b(train(ed|ing)?|fine-?tun(ed|ing)|network|CNN|model)\b/i);

/** What the deep-learning vocabulary found in one sentence: whether any of it occurs, and the sentence's score. */
export interface DlScan {
  any: boolean;
  score: number;
}

/** Matches the deep-learning vocabulary once per sentence of the study's own (others get an empty scan). */
function scanSentences(ctx: DocContext): DlScan[] {
  return ctx.sentences.map((s) => {
    if (!speaksForStudy(s)) return { any: false, score: 0 };
    const keys = keysOf(s);
    const any = passes(ANY, s.text, keys);
    return { any, score: any ? termScore(s.text, keys) : 0 };
  });
}

/** Names of the paper-level features of `dlFeatures`, in vector order. */
export const DL_FEATURE_NAMES: readonly string[] = [
  "log_score",
  "deep_learning",
  "deep_networks",
  "transfer",
  "training_terms",
  "gpu",
  "neural_names",
  "generic_nn",
  "dl_frameworks",
  "classical_models",
  "machine_learning",
  "intro_share",
  "own_training",
  "log_sentences",
];

/**
 * Paper-level features for the trained deep-learning filter: log counts of sentences (outside
 * other work) that carry each kind of signal, classical-ML mentions as counter-evidence, and how
 * much of the evidence sits in the introduction.
 */
export function dlFeatures(ctx: DocContext, score: number, scan: DlScan[] = scanSentences(ctx)): number[] {
  const x = new Array<number>(DL_FEATURE_NAMES.length).fill(0);
  let intro = 0;
  let body = 0;
  for (const [i, s] of ctx.sentences.entries()) {
    if (!speaksForStudy(s)) continue;
    const t = s.text;
    const keys = keysOf(s);
    if (!scan[i].any) {
      if (!passes(ANY_CLASSICAL, t, keys)) continue;
      if (CLASSICAL.some((g) => passes(g, t, keys))) x[9] += 1;
      if (passes(MACHINE_LEARNING, t, keys)) x[10] += 1;
      continue;
    }
    STRONG.forEach((g, j) => {
      if (passes(g, t, keys)) x[1 + j] += 1;
    });
    for (const g of NEURAL) {
      if (!passes(g, t, keys)) continue;
      x[GENERIC_NN.test(g.name) ? 7 : 6] += 1;
    }
    if (DL_FRAMEWORKS.some((g) => passes(g, t, keys))) x[8] += 1;
    if (CLASSICAL.some((g) => passes(g, t, keys))) x[9] += 1;
    if (passes(MACHINE_LEARNING, t, keys)) x[10] += 1;
    const w = scan[i].score;
    if (s.section === "introduction" || s.section === "background") intro += w;
    else body += w;
    if (w > 0 && passes(OWN_TRAINING, t, keys)) x[12] += 1;
  }
  for (let i = 1; i <= 12; i++) if (i !== 11) x[i] = Math.log1p(x[i]);
  x[0] = Math.log1p(score);
  x[11] = intro + body > 0 ? intro / (intro + body) : 0;
  x[13] = Math.log1p(ctx.sentences.length) / 5;
  return x;
}

/** The trained filter of scripts/train-dl-filter.ts (features: DL_FILTER_FEATURE_NAMES). */
export const DL_FILTER_MODEL: ExtractiveModel = dlModelJson;

// A model trained on the short vector (scripts/train-extractive.ts) keeps working: pick the
// feature set by the model's own feature names.
function featuresFor(model: ExtractiveModel, ctx: DocContext, score: number, scan: DlScan[]): number[] {
  return model.features.length === DL_FEATURE_NAMES.length
    ? dlFeatures(ctx, score, scan)
    : dlFilterFeatures(ctx, score, scan);
}

// Extra paper-level signals (counted over sentences outside other work).
const EXTRA_PATTERNS: { name: string; re: RegExp }[] = [
  // Training recipe vocabulary that classical models rarely need.
  {
    name: "recipe",
    re: /\b(?:epochs?|batch[- ]size|mini-?batch|learning[- ]rate|optimi[sz]er|Adam|SGD|cross-?entropy|loss function|weight decay|momentum|early stopping|data augmentation|augment(?:ed|ation))\b/i,
  },
  // First-person statements about a network of the authors' own.
  {
    name: "own_network",
    re: /\b(?:we|our)\b[^.]{0,80}\b(?:deep[- ]learning|CNNs?|convolutional|neural networks?|LSTM|transformer|YOLO\w*|ResNet\w*|U-?Net|fine-?tun\w*|pre-?trained|backbone)\b/i,
  },
  {
    name: "architecture",
    re: /\b(?:convolutional|CNNs?|LSTMs?|recurrent|transformers?|attention|encoder|decoder|autoencoder|GANs?|backbone|ResNet\w*|VGG\w*|YOLO\w*|U-?Net|Inception\w*|EfficientNet\w*|MobileNet\w*|DenseNet\w*|BERT|R-?CNN|layers?)\b/,
  },
  {
    name: "vision_task",
    re: /\b(?:object detection|bounding box(?:es)?|(?:semantic|instance|image) segmentation|image classification|annotat(?:ed|ion)|labell?ed images|spectrograms?|camera traps?)\b/i,
  },
  { name: "generic_ann", re: /\b(?:artificial neural networks?|ANNs?|multi-?layer perceptrons?|MLPs?)\b/ },
  {
    name: "classical_terms",
    re: /\b(?:random forests?|MaxEnt|maximum entropy|GLMs?|GAMs?|generali[sz]ed (?:linear|additive)|boosted (?:regression )?trees?|BRT|GBM|XGBoost|support vector|SVMs?|k-?nearest|logistic regression|species distribution models?|SDMs?|regression kriging|decision trees?)\b/i,
  },
];

const EXTRA = EXTRA_PATTERNS.map((e) => ({ name: e.name, ...gated(e.re) }));

/** Names of `dlFilterFeatures`: the `dlFeatures` vector plus the EXTRA counts and shares. */
export const DL_FILTER_FEATURE_NAMES: readonly string[] = [
  ...DL_FEATURE_NAMES,
  ...EXTRA.map((e) => e.name),
  "dl_sentence_share",
  "ann_share",
  "dl_minus_classical",
];

/** Paper-level features of the trained filter (see DL_FILTER_FEATURE_NAMES). */
export function dlFilterFeatures(ctx: DocContext, score: number, scan: DlScan[] = scanSentences(ctx)): number[] {
  const base = dlFeatures(ctx, score, scan);
  const counts = new Array<number>(EXTRA.length).fill(0);
  let dlSentences = 0;
  let own = 0;
  for (const [i, s] of ctx.sentences.entries()) {
    if (!speaksForStudy(s)) continue;
    own++;
    if (scan[i].any) dlSentences++;
    const keys = keysOf(s);
    EXTRA.forEach((g, j) => {
      if (passes(g, s.text, keys)) counts[j] += 1;
    });
  }
  const logs = counts.map(Math.log1p);
  const ann = counts[4];
  const neural = Math.expm1(base[6]);
  return [
    ...base,
    ...logs,
    own > 0 ? (10 * dlSentences) / own : 0,
    ann + neural > 0 ? ann / (ann + neural) : 0,
    Math.log1p(dlSentences) - logs[5],
  ];
}

// A network's training recipe: classical models rarely need three of these in one sentence.
const RECIPE_TERMS = [
  /\bepochs?\b/i,
  /\b(mini-?)?batch[- ]size\b/i,
  /\b(Adam\w*|SGD|RMSprop|optimi[sz]er)\b/i,
  /\blearning[- ]rate\b/i,
  /\bdropout\b/i,
  /\bweight decay\b/i,
].map(gated);

/** Every pattern the detector runs, with its gate (for the prefilter's soundness test). */
export function dlPatterns(): readonly Gated[] {
  return [
    ANY,
    ...STRONG,
    ...NEURAL,
    ...DL_FRAMEWORKS,
    ...CLASSICAL,
    MACHINE_LEARNING,
    ANY_CLASSICAL,
    OWN_TRAINING,
    OWN_DEEP_METHOD,
    OWN_PASSIVE,
    OWN_CLAIM,
    OWN_LLM,
  ]
    .concat(EXTRA, RECIPE_TERMS)
    .map(({ re, gate }) => ({ re, gate }));
}

// "We present a deep learning pipeline…", "In this study we trained a YOLOv8 detector…", "Our convolutional neural
// network…", "We built a lightweight convolutional network…": the study says in so many words that its own method
// is a deep network. A network named for what it learns to do ("a segmentation network", "an attention network")
// is a neural one; sensor, camera or interaction networks are not among those names.
// The study's own claim: "we present", "this study trains", "our … uses", "we classify <what, from what> with".
// A single author's "I" and "my" (theses, reports, working notes) speak for the study as "we" and "our" do.
const OWN_CLAIM_SOURCE = String.raw`(?:\b(?:we|our|my|this (?:study|paper|work|article|thesis|dissertation|report))\b|\bI(?=\s))[^.;]{0,90}?\b(?:present(?:s|ed)?|propos(?:e|es|ed)|develop(?:s|ed)?|introduc(?:e|es|ed)|describ(?:e|es|ed)|buil[dt]s?|design(?:s|ed)?|train(?:s|ed)?|fine-?tun(?:e|es|ed)|appl(?:y|ies|ied)|us(?:e|es|ed)|employ(?:s|ed)?|adopt(?:s|ed)?|with|using|via)\b`;
const DEEP_METHOD_NAMES = String.raw`(?:deep[- ]learning|deep (?:[\w-]+ ){0,2}networks?|(?:convolutional|recurrent|graph) neural networks?|(?:fully )?(?:convolutional|recurrent) (?:[\w-]+ ){0,2}networks?|(?:segmentation|detection|classification|recognition|attention|encoder[- ]decoder|siamese|residual|adversarial) networks?|ConvNets?|neural networks?|CNNs?|LSTMs?|transformers?|YOLO\w*|U-?Nets?|ResNet[-\w]*|(?:Faster|Mask) R-CNN|vision transformers?)`;
const OWN_DEEP_METHOD = gated(
  new RegExp(
    String.raw`${OWN_CLAIM_SOURCE}[^.;]{0,50}?\b${DEEP_METHOD_NAMES}\b|\b(?:our|my) (?:[\w-]+ ){0,2}(?:deep[- ]learning|convolutional|deep neural|neural network|CNN)\b`,
    "i",
  ),
);
// The same claim in the passive voice, as methods sections often write it: "Weeds were located in the photographs
// by a deep convolutional neural network", "Calls were classified with a ResNet-18", "A U-Net was trained on the
// annotated tiles". The simple past is how a study reports what it did; earlier work "has been" done, or is cited
// (such sentences are not the study's own, `speaksForStudy`).
const OWN_PASSIVE = gated(
  new RegExp(
    String.raw`\b(?:was|were)\s+(?:\w+ly\s+)?\w+(?:ed|en|lt|de|un)\b[^.;]{0,80}?\b(?:by|with|using|through|via)\s+(?:an?\s+|the\s+|one\s+|two\s+|several\s+)?(?:[\w-]+\s+){0,3}?${DEEP_METHOD_NAMES}\b|\b(?:an?|the)\s+(?:[\w-]+\s+){0,3}?${DEEP_METHOD_NAMES}\s+(?:was|were)\s+(?:then\s+|first\s+)?(?:trained|fine-?tuned|retrained)\b`,
    "i",
  ),
);
// A large language model the study itself prompts, queries or evaluates for its task ("Two models, GPT-4o and
// Claude 3.5 Sonnet, were prompted to classify each passage", "We queried Llama 3 with …"): a transformer network
// applied by the study, as a pretrained CNN applied off the shelf is. Only names no other field uses ("Mistral" is
// also a wind, "Falcon" a bird); a model used to edit or check the manuscript's language is not the study's method
// (LANGUAGE_EDITING), nor is one named in a declaration section.
const LLM_NAMES = String.raw`(?:large language models?|LLMs?|ChatGPT|InstructGPT|GPT-?[2-5](?:\.\d)?o?\b|Llama[- ]?[1-4](?:\.\d)?|LLaMA(?:-?[1-4])?|Claude[- ](?:[1-4](?:\.\d)?|instant|opus|sonnet|haiku)|Gemini[- ](?:[1-3](?:\.\d)?|pro|ultra|flash)|Mixtral|Qwen[-\d.]*)`;
const LLM_USE_VERBS = `(?:prompted|queried|instructed|asked|evaluated|benchmarked|tested|applied|used|employed|run|deployed|fine-?tuned|adapted)`;
const OWN_LLM = gated(
  new RegExp(
    String.raw`\b(?:we|our|I)\s+(?:\w+ly\s+)?(?:prompted|queried|instructed|asked|evaluated|benchmarked|tested|applied|used|employed|ran|fine-?tuned|adapted)\b[^.;]{0,60}?\b${LLM_NAMES}|\b${LLM_NAMES}[^.;]{0,80}?\b(?:was|were)\s+(?:then\s+|each\s+|also\s+)?${LLM_USE_VERBS}\b`,
    "i",
  ),
);
const LANGUAGE_EDITING =
  /\b(?:edit(?:ing)?|polish(?:ing)?|proof-?read(?:ing)?|spell(?:ing)?(?:[- ]check\w*)?|grammar|grammatical|readability|wording|fluency|language quality|(?:the|our) (?:language|English|manuscript|writing|text) (?:of|in) (?:the|this) (?:manuscript|paper|article)|improve (?:the )?(?:language|English|writing|clarity|style)|writing (?:process|assistance)|translat\w+ (?:the|this) (?:manuscript|paper))\b/i;
const NOT_METHOD_SECTIONS = new Set(["acknowledgements", "references"]);

const OWN_CLAIMS = [OWN_DEEP_METHOD, OWN_PASSIVE];
// What turns the claim into a comparison ("we use random forests rather than deep learning").
const CONTRAST =
  /\b(?:unlike|instead|rather than|compar(?:e|ed|es|ing|ison)|versus|vs|than|alternatives? to|without|not|no|future)\b/i;

// The study's own claim ("we present", "this study trains", …) before any named neural model of the vocabulary
// ("We present a long short-term memory network…", "We fine-tuned a MobileNetV3…"): the same class as
// OWN_DEEP_METHOD, with the vocabulary's model names instead of a list of its own.
const OWN_CLAIM = gated(new RegExp(OWN_CLAIM_SOURCE, "i"));
/** How far after the claim's verb a model name may stand. */
const CLAIM_REACH = 60;

/** True when a sentence of the study itself, not hedged, says its own method is a deep network. */
export function statesOwnDeepMethod(ctx: DocContext): boolean {
  return ctx.sentences.some((s) => {
    if (!speaksForStudy(s) || s.hedged) return false;
    const keys = keysOf(s);
    for (const claim of OWN_CLAIMS) {
      const m = passes(claim, s.text, keys) ? claim.re.exec(s.text) : null;
      if (m !== null && !CONTRAST.test(m[0]) && !isNegatedAt(s.text, m.index, m.index + m[0].length)) return true;
    }
    if (usesLanguageModel(s.text, keys, s.section)) return true;
    const claim = passes(OWN_CLAIM, s.text, keys) ? OWN_CLAIM.re.exec(s.text) : null;
    if (claim === null) return false;
    const from = claim.index + claim[0].length;
    const reach = s.text.slice(claim.index, from + CLAIM_REACH);
    if (CONTRAST.test(reach)) return false;
    return NEURAL.some(({ re, gate }) => {
      if (!gateAllows(gate, keys)) return false;
      const m = re.exec(s.text.slice(from, from + CLAIM_REACH));
      return m !== null && !isNegatedAt(s.text, from + m.index, from + m.index + m[0].length);
    });
  });
}

/** A sentence in which the study prompts or evaluates a large language model for its task (not for its language). */
function usesLanguageModel(text: string, keys: SentenceKeys, section: string): boolean {
  if (NOT_METHOD_SECTIONS.has(section) || !passes(OWN_LLM, text, keys)) return false;
  const m = OWN_LLM.re.exec(text);
  if (m === null || LANGUAGE_EDITING.test(text) || /\b(?:rather than|instead|unlike|without|future)\b/i.test(m[0]))
    return false;
  return !isNegatedAt(text, m.index, m.index + m[0].length);
}

/** True when one sentence of the study itself gives three or more parts of a network's training recipe. */
export function statesRecipe(ctx: DocContext): boolean {
  return ctx.sentences.some(
    (s) => speaksForStudy(s) && RECIPE_TERMS.filter((g) => passes(g, s.text, keysOf(s))).length >= 3,
  );
}

/** A sentence's deep-learning score, once the union (ANY) has matched it. */
function termScore(text: string, keys: SentenceKeys): number {
  let w = 0;
  for (const { re, gate, weight } of STRONG) {
    const m = gateAllows(gate, keys) ? re.exec(text) : null;
    if (m && !isNegatedAt(text, m.index, m.index + m[0].length)) w += weight;
  }
  for (const { name, re, gate } of NEURAL) {
    const m = gateAllows(gate, keys) ? re.exec(text) : null;
    if (!m || isNegatedAt(text, m.index, m.index + m[0].length)) continue;
    w += GENERIC_NN.test(name) ? 0.5 : 1.5;
  }
  for (const g of DL_FRAMEWORKS) if (passes(g, text, keys)) w += 1.5;
  return w;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
