/**
 * Trains the deep-learning study filter (src/answer/extractive/dl-model.json, used by
 * detectDeepLearning) on a bench folder: one row per publication, features
 * `dlFilterFeatures` over all of the paper's chunk text, label = K24's dl_method (noisy: K24's
 * own LLM filter). Publications in the human sample are never trained on (the extractive engine
 * is scored on them). Reports cross-validation with folds grouped by publication, repeated over
 * several fold assignments; deterministic (zero-initialised full-batch Adam, hashed folds).
 *
 *   node --import tsx scripts/train-dl-filter.ts [--data ../shared/bench] [--folds 5] [--l2 1] [--cv-only]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  DL_FEATURE_NAMES,
  DL_FILTER_FEATURE_NAMES,
  detectDeepLearning,
  dlFilterFeatures,
  statesRecipe,
} from "../src/answer/extractive/dl-detect.js";
import { buildDocContext } from "../src/answer/extractive/doc-context.js";
import { type ExtractiveModel, fitLogistic, modelProbability } from "../src/answer/extractive/model.js";
import { doubtfulDlLabels } from "../src/evaluate/bench.js";
import { loadBench, loadChunks } from "../src/evaluate/bench-data.js";
import { summarize } from "../src/evaluate/metrics.js";
import { buildDocument } from "../src/ingest/document.js";
import type { YesNo } from "../src/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: path.resolve(repoRoot, "../shared/bench") },
    folds: { type: "string", default: "5" },
    repeats: { type: "string", default: "5" },
    l2: { type: "string", default: "1" },
    iterations: { type: "string", default: "600" },
    "cv-only": { type: "boolean", default: false },
    errors: { type: "boolean", default: false },
    // Comparison only: the short feature vector of dlFeatures (what scripts/train-extractive.ts fits).
    base: { type: "boolean", default: false },
    out: { type: "string", default: path.join(repoRoot, "src/answer/extractive/dl-model.json") },
  },
});
const FOLDS = Number(args.folds);
const NAMES = args.base ? DL_FEATURE_NAMES : DL_FILTER_FEATURE_NAMES;
const FIT = { iterations: Number(args.iterations), l2: Number(args.l2), learningRate: 0.05 };

interface Row {
  uid: string;
  x: number[];
  y: number;
  human: boolean;
  /** One sentence states a network's training recipe: detectDeepLearning says "yes" whatever the model says. */
  recipe: boolean;
}

const bench = loadBench(path.resolve(args.data));
const doubtful = doubtfulDlLabels(bench);
const rows: Row[] = bench.publications
  .filter((p) => p.dl_method)
  .map((p) => {
    const document = buildDocument({
      id: p.uid,
      path: p.uid,
      pages: [loadChunks(bench.dir, p.uid).chunks.join("\n\n")],
    });
    const ctx = buildDocContext(document);
    const score = detectDeepLearning(document, ctx, null).score;
    return {
      uid: p.uid,
      x: dlFilterFeatures(ctx, score).slice(0, NAMES.length),
      y: p.dl_method === "yes" ? 1 : 0,
      human: p.in_human_sample === true,
      recipe: statesRecipe(ctx),
    };
  });

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
function fit(train: Row[]): ExtractiveModel {
  const f = fitLogistic(
    train.map((r) => r.x),
    train.map((r) => r.y),
    FIT,
  );
  return { version: 1, features: [...NAMES], questions: { "0": { w: f.w.map(r6), b: r6(f.b) } } };
}
const predict = (m: ExtractiveModel, r: Row): YesNo =>
  r.recipe || (modelProbability(m, 0, r.x) ?? 0) >= 0.5 ? "yes" : "no";
const yn = (y: number): YesNo => (y ? "yes" : "no");
const fmt = (x: number) => x.toFixed(3);

/** Out-of-fold predictions, folds by a salted hash of the uid (repeat r uses salt r). */
function crossValidate(data: Row[], repeat: number): YesNo[] {
  const fold = (uid: string) =>
    createHash("sha256")
      .update(repeat === 0 ? uid : `${repeat}:${uid}`)
      .digest()
      .readUInt32BE(0) % FOLDS;
  const out: YesNo[] = new Array(data.length);
  for (let f = 0; f < FOLDS; f++) {
    const m = fit(data.filter((r) => fold(r.uid) !== f));
    data.forEach((r, i) => {
      if (fold(r.uid) === f) out[i] = predict(m, r);
    });
  }
  return out;
}

for (const [label, data] of [
  ["papers without human labels", rows.filter((r) => !r.human)],
  ["all papers", rows],
] as const) {
  const truth = data.map((r) => yn(r.y));
  const runs = Array.from({ length: Number(args.repeats) }, (_, k) => summarize(crossValidate(data, k), truth));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = runs[0];
  process.stdout.write(
    `grouped ${FOLDS}-fold CV, ${label} (n=${data.length}): accuracy ${fmt(first.accuracy)} ` +
      `[${first.accuracyCi?.map(fmt).join(", ")}] κ ${fmt(first.kappa)}; mean of ${runs.length} fold draws ` +
      `${fmt(mean(runs.map((s) => s.accuracy)))} / κ ${fmt(mean(runs.map((s) => s.kappa)))}\n`,
  );
  if (label === "all papers") {
    const keep = data.map((r) => !doubtful.has(r.uid));
    const oof = crossValidate(data, 0).filter((_, i) => keep[i]);
    const s = summarize(
      oof,
      truth.filter((_, i) => keep[i]),
      { bootstrap: false },
    );
    process.stdout.write(
      `  the same, without doubtful labels (n=${oof.length}, see doubtfulDlLabels): accuracy ${fmt(s.accuracy)} κ ${fmt(s.kappa)}\n`,
    );
  }
  if (args.errors && label === "papers without human labels") {
    const oof = crossValidate(data, 0);
    data.forEach((r, i) => {
      if (oof[i] !== truth[i]) process.stdout.write(`  miss ${r.uid} truth ${truth[i]}\n`);
    });
  }
}
const model = fit(rows.filter((r) => !r.human));
const held = rows.filter((r) => r.human);
const heldS = summarize(
  held.map((r) => predict(model, r)),
  held.map((r) => yn(r.y)),
  { bootstrap: false },
);
process.stdout.write(
  `held-out human-sample papers (n=${held.length}): accuracy ${fmt(heldS.accuracy)} κ ${fmt(heldS.kappa)}\n`,
);
if (!args["cv-only"]) {
  writeFileSync(args.out, `${JSON.stringify(model, null, 1)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), args.out)}\n`);
}
