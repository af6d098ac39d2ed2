import type { Document, Evidence } from "../../types.js";
import dlModelJson from "./dl-model.json" with { type: "json" };
import { buildDocContext, type DocContext, evidenceOf, isNegatedAt, speaksForStudy } from "./doc-context.js";
import { type ExtractiveModel, modelProbability } from "./model.js";
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

// Signals that a study trains or applies a neural network itself, with their weights.
const STRONG: { re: RegExp; weight: number }[] = [
  { re: /\bdeep[- ]learning\b/i, weight: 1 },
  { re: /\bdeep (neural )?networks?\b|\bdeep convolutional\b/i, weight: 1.5 },
  { re: /\b(transfer learning|fine-?tun(ed|ing|e)|pre-?trained (on|weights|models?|networks?))\b/i, weight: 1.5 },
  {
    re: /\bepochs?\b|\bbatch size\b|\bbackpropagation\b|\bdropout\b|\bhidden layers?\b|\bactivation function\b|\bReLU\b|\bsoftmax\b/i,
    weight: 1,
  },
  { re: /\b(GPU|CUDA)s?\b/, weight: 1 },
];
const NEURAL = VOCABULARIES.models
  .filter((m) => NEURAL_MODEL_NAMES.has(m.name))
  .map((m) => ({ name: m.name, re: new RegExp(m.pattern, m.caseSensitive ? "" : "i") }));
const DL_FRAMEWORKS = VOCABULARIES.frameworks
  .filter((f) => DL_FRAMEWORK_NAMES.has(f.name))
  .map((f) => new RegExp(f.pattern, f.caseSensitive ? "" : "i"));
// Cheap case-insensitive union tested before the term-by-term scoring.
const ANY = new RegExp(
  [...STRONG.map((x) => x.re.source), ...NEURAL.map((x) => x.re.source), ...DL_FRAMEWORKS.map((x) => x.source)]
    .map((x) => `(?:${x})`)
    .join("|"),
  "i",
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
  for (const s of ctx.sentences) {
    if (!speaksForStudy(s)) continue;
    const w =
      sentenceScore(s.text) *
      (s.hedged ? 0.5 : 1) *
      (s.section === "introduction" || s.section === "background" ? 0.5 : 1);
    if (w <= 0) continue;
    score += Math.min(w, 3);
    scored.push({ s, w });
  }
  scored.sort((a, b) => b.w - a.w);
  const p = model ? modelProbability(model, 0, featuresFor(model, ctx, score)) : undefined;
  const recipe = statesRecipe(ctx);
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
  .map((m) => new RegExp(m.pattern, m.caseSensitive ? "" : "i"));
const MACHINE_LEARNING = /\bmachine[- ]learning\b/i;
const ANY_CLASSICAL = new RegExp([...CLASSICAL, MACHINE_LEARNING].map((re) => `(?:${re.source})`).join("|"), "i");
const OWN_TRAINING = /\b(we|our)\b[^.]{0,80}\b(train(ed|ing)?|fine-?tun(ed|ing)|network|CNN|model)\b/i;

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
export function dlFeatures(ctx: DocContext, score: number): number[] {
  const x = new Array<number>(DL_FEATURE_NAMES.length).fill(0);
  let intro = 0;
  let body = 0;
  for (const s of ctx.sentences) {
    if (!speaksForStudy(s)) continue;
    const t = s.text;
    const dlTerms = ANY.test(t);
    if (!dlTerms) {
      if (!ANY_CLASSICAL.test(t)) continue;
      if (CLASSICAL.some((re) => re.test(t))) x[9] += 1;
      if (MACHINE_LEARNING.test(t)) x[10] += 1;
      continue;
    }
    STRONG.forEach(({ re }, i) => {
      if (re.test(t)) x[1 + i] += 1;
    });
    for (const { name, re } of NEURAL) {
      if (!re.test(t)) continue;
      x[GENERIC_NN.test(name) ? 7 : 6] += 1;
    }
    if (DL_FRAMEWORKS.some((re) => re.test(t))) x[8] += 1;
    if (CLASSICAL.some((re) => re.test(t))) x[9] += 1;
    if (MACHINE_LEARNING.test(t)) x[10] += 1;
    const w = sentenceScore(t);
    if (s.section === "introduction" || s.section === "background") intro += w;
    else body += w;
    if (w > 0 && OWN_TRAINING.test(t)) x[12] += 1;
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
function featuresFor(model: ExtractiveModel, ctx: DocContext, score: number): number[] {
  return model.features.length === DL_FEATURE_NAMES.length ? dlFeatures(ctx, score) : dlFilterFeatures(ctx, score);
}

// Extra paper-level signals (counted over sentences outside other work).
const EXTRA: { name: string; re: RegExp }[] = [
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

/** Names of `dlFilterFeatures`: the `dlFeatures` vector plus the EXTRA counts and shares. */
export const DL_FILTER_FEATURE_NAMES: readonly string[] = [
  ...DL_FEATURE_NAMES,
  ...EXTRA.map((e) => e.name),
  "dl_sentence_share",
  "ann_share",
  "dl_minus_classical",
];

/** Paper-level features of the trained filter (see DL_FILTER_FEATURE_NAMES). */
export function dlFilterFeatures(ctx: DocContext, score: number): number[] {
  const base = dlFeatures(ctx, score);
  const counts = new Array<number>(EXTRA.length).fill(0);
  let dlSentences = 0;
  let own = 0;
  for (const s of ctx.sentences) {
    if (!speaksForStudy(s)) continue;
    own++;
    if (ANY.test(s.text)) dlSentences++;
    EXTRA.forEach(({ re }, i) => {
      if (re.test(s.text)) counts[i] += 1;
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
];

/** True when one sentence of the study itself gives three or more parts of a network's training recipe. */
export function statesRecipe(ctx: DocContext): boolean {
  return ctx.sentences.some((s) => speaksForStudy(s) && RECIPE_TERMS.filter((re) => re.test(s.text)).length >= 3);
}

function sentenceScore(text: string): number {
  if (!ANY.test(text)) return 0;
  let w = 0;
  for (const { re, weight } of STRONG) {
    const m = re.exec(text);
    if (m && !isNegatedAt(text, m.index, m.index + m[0].length)) w += weight;
  }
  for (const { name, re } of NEURAL) {
    const m = re.exec(text);
    if (!m || isNegatedAt(text, m.index, m.index + m[0].length)) continue;
    w += GENERIC_NN.test(name) ? 0.5 : 1.5;
  }
  for (const re of DL_FRAMEWORKS) if (re.test(text)) w += 1.5;
  return w;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
