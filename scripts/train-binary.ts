/**
 * Trains the yes/no answer classifier (src/judge/binary.ts) from a bench folder's
 * binary_conversion.jsonl: L2-regularised logistic regression over the features of
 * src/judge/binary-features.ts, full-batch Adam, fixed iteration count → reproducible.
 * Reports cross-validated accuracy/κ with folds grouped by publication (uid), then fits on all
 * rows and writes the weights JSON.
 *
 *   node --import tsx scripts/train-binary.ts [--data ../shared/bench] [--out src/judge/binary-model.json]
 *        [--folds 7] [--cv-only]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { binaryRowSchema, cqSchema, labelRowSchema, readJsonl } from "../src/evaluate/bench-data.js";
import { perGroup, summarize } from "../src/evaluate/metrics.js";
import {
  type AnswerFeatures,
  answerFeatures,
  type BinaryModel,
  DENSE_NAMES,
  HASH_BUCKETS,
  scoreFeatures,
} from "../src/judge/binary-features.js";
import type { YesNo } from "../src/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Example {
  uid: string;
  model: string;
  cq: number;
  x: AnswerFeatures;
  y: 0 | 1;
}

interface FitOptions {
  iterations: number;
  l2Dense: number;
  l2Hashed: number;
  learningRate: number;
}

const FIT: FitOptions = { iterations: 300, l2Dense: 1e-3, l2Hashed: 1e-2, learningRate: 0.05 };

/** Features packed into flat arrays once, so hundreds of full-batch passes stay fast. */
interface Packed {
  dense: Float64Array[];
  idx: Int32Array[];
  val: Float64Array[];
  y: Float64Array;
}

function pack(examples: { x: AnswerFeatures; y: 0 | 1 }[]): Packed {
  return {
    dense: examples.map((e) => Float64Array.from(e.x.dense)),
    idx: examples.map((e) => Int32Array.from(e.x.hashed.keys())),
    val: examples.map((e) => Float64Array.from([...e.x.hashed.values()], (c) => Math.log1p(c))),
    y: Float64Array.from(examples, (e) => e.y),
  };
}

/**
 * Full-batch Adam on mean log-loss + L2; deterministic (zero init, fixed order). With `prior`,
 * the L2 penalty pulls towards those weights instead of zero (fine-tuning a silver-label model).
 */
function fit(data: Packed, buckets: number, opts: FitOptions, prior?: Float64Array): Float64Array {
  const nd = DENSE_NAMES.length;
  const w = prior ? Float64Array.from(prior) : new Float64Array(nd + buckets);
  const w0 = prior ?? new Float64Array(w.length);
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const g = new Float64Array(w.length);
  const b1 = 0.9;
  const b2 = 0.999;
  const n = data.y.length;
  for (let t = 1; t <= opts.iterations; t++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const d = data.dense[i];
      const idx = data.idx[i];
      const val = data.val[i];
      let z = 0;
      for (let j = 0; j < nd; j++) z += w[j] * d[j];
      for (let k = 0; k < idx.length; k++) z += w[nd + idx[k]] * val[k];
      const err = (1 / (1 + Math.exp(-z)) - data.y[i]) / n;
      for (let j = 0; j < nd; j++) g[j] += err * d[j];
      for (let k = 0; k < idx.length; k++) g[nd + idx[k]] += err * val[k];
    }
    for (let j = 0; j < w.length; j++) {
      // The bias (j = 0) is not penalised.
      const l2 = j === 0 ? 0 : j < nd ? opts.l2Dense : opts.l2Hashed;
      const grad = g[j] + l2 * (w[j] - w0[j]);
      m[j] = b1 * m[j] + (1 - b1) * grad;
      v[j] = b2 * v[j] + (1 - b2) * grad * grad;
      const mh = m[j] / (1 - b1 ** t);
      const vh = v[j] / (1 - b2 ** t);
      w[j] -= (opts.learningRate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return w;
}

function toModel(w: Float64Array, buckets: number): BinaryModel {
  const nd = DENSE_NAMES.length;
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    version: 1,
    buckets,
    threshold: 0.5,
    denseNames: [...DENSE_NAMES],
    dense: Array.from(w.slice(0, nd), round),
    hashed: Array.from(w.slice(nd), round),
  };
}

/**
 * Silver examples: every non-empty LLM answer of publications WITHOUT human labels, labelled by
 * the answering LLM's own yes/no (K24's conversion, noisy). Human-labelled publications are
 * excluded, so grouped cross-validation on the human rows never sees its test papers here.
 */
function silverExamples(dir: string, exclude: Set<string>, buckets: number): { x: AnswerFeatures; y: 0 | 1 }[] {
  const questions = new Map(
    z
      .array(cqSchema)
      .parse(JSON.parse(readFileSync(path.join(dir, "cqs.json"), "utf8")))
      .map((q) => [q.cq, q.question]),
  );
  const llm = new Map<string, string | null>();
  for (const r of readJsonl(path.join(dir, "labels.jsonl"), labelRowSchema))
    for (const [model, y] of Object.entries(r.llm)) llm.set(`${r.uid}|${r.cq}|${model}`, y);
  const answerRow = z.object({ uid: z.string(), cq: z.number(), model: z.string(), answer: z.string() });
  const out: { x: AnswerFeatures; y: 0 | 1 }[] = [];
  for (const r of readJsonl(path.join(dir, "answers.jsonl"), answerRow)) {
    const y = llm.get(`${r.uid}|${r.cq}|${r.model}`);
    const q = questions.get(r.cq);
    if (exclude.has(r.uid) || !y || !q || r.answer.trim().length === 0) continue;
    out.push({ x: answerFeatures(q, r.answer, buckets), y: y === "yes" ? 1 : 0 });
  }
  return out;
}

function toPred(model: BinaryModel, x: AnswerFeatures): YesNo {
  return scoreFeatures(model, x) >= model.threshold ? "yes" : "no";
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: "string", default: path.resolve(repoRoot, "../shared/bench") },
      out: { type: "string", default: path.join(repoRoot, "src/judge/binary-model.json") },
      folds: { type: "string", default: "7" },
      "cv-only": { type: "boolean", default: false },
      "l2-dense": { type: "string", default: String(FIT.l2Dense) },
      "l2-hashed": { type: "string", default: String(FIT.l2Hashed) },
      iterations: { type: "string", default: String(FIT.iterations) },
      errors: { type: "string" },
      // Silver pre-training: fit on the LLMs' own labels of unlabelled publications first, then
      // fine-tune on human rows with L2 towards the silver weights. "0" disables it.
      silver: { type: "string", default: "1" },
      "silver-iterations": { type: "string", default: "300" },
      buckets: { type: "string", default: String(HASH_BUCKETS) },
    },
  });
  const opts: FitOptions = {
    ...FIT,
    l2Dense: Number(values["l2-dense"]),
    l2Hashed: Number(values["l2-hashed"]),
    iterations: Number(values.iterations),
  };
  const rows = readJsonl(path.join(values.data, "binary_conversion.jsonl"), binaryRowSchema);
  const buckets = Number(values.buckets);
  const examples: Example[] = rows
    .filter((r) => r.human !== null)
    .map((r) => ({
      uid: r.uid,
      model: r.model,
      cq: r.cq,
      x: answerFeatures(r.question, r.answer, buckets),
      y: r.human === "yes" ? 1 : 0,
    }));
  const texts = rows.filter((r) => r.human !== null).map((r) => r.answer);
  const uids = [...new Set(examples.map((e) => e.uid))].sort();
  let prior: Float64Array | undefined;
  if (values.silver !== "0") {
    const silver = silverExamples(values.data, new Set(uids), buckets);
    prior = fit(pack(silver), buckets, { ...opts, iterations: Number(values["silver-iterations"]) });
    console.log(`silver pre-training on ${silver.length} LLM-labelled answers of unlabelled publications`);
  }
  const k = Math.min(Number(values.folds), uids.length);
  const foldOf = new Map(uids.map((u, i) => [u, i % k]));
  const oof: YesNo[] = new Array(examples.length);
  const oofP: number[] = new Array(examples.length);
  for (let f = 0; f < k; f++) {
    const train = examples.filter((e) => foldOf.get(e.uid) !== f);
    const model = toModel(fit(pack(train), buckets, opts, prior), buckets);
    examples.forEach((e, i) => {
      if (foldOf.get(e.uid) === f) {
        oofP[i] = scoreFeatures(model, e.x);
        oof[i] = oofP[i] >= model.threshold ? "yes" : "no";
      }
    });
  }
  const truth: YesNo[] = examples.map((e) => (e.y ? "yes" : "no"));
  const cv = summarize(oof, truth);
  const fmt = (x: number) => x.toFixed(3);
  console.log(
    `grouped ${k}-fold CV by uid (${uids.length} publications, ${examples.length} rows): ` +
      `accuracy ${fmt(cv.accuracy)} [${cv.accuracyCi?.map(fmt).join(", ")}] ` +
      `κ ${fmt(cv.kappa)} [${cv.kappaCi?.map(fmt).join(", ")}]`,
  );
  for (const g of perGroup(
    oof,
    truth,
    examples.map((e) => e.model),
  )) {
    console.log(`  ${g.group.padEnd(22)} n=${g.n} acc ${fmt(g.accuracy)} κ ${fmt(g.kappa)}`);
  }
  const sweep = [0.35, 0.4, 0.45, 0.5, 0.55].map((t) => {
    const s = summarize(
      oofP.map((p) => (p >= t ? "yes" : "no")),
      truth,
      { bootstrap: false },
    );
    return `${t}: ${fmt(s.accuracy)}/${fmt(s.kappa)}`;
  });
  console.log(`threshold sweep (diagnostic only; the model keeps 0.5): ${sweep.join("  ")}`);
  if (values.errors) {
    // Out-of-fold mistakes, for feature work: one JSON row each.
    const lines = examples
      .map((e, i) => ({ e, i }))
      .filter(({ e, i }) => (e.y ? "yes" : "no") !== oof[i])
      .map(({ e, i }) => JSON.stringify({ uid: e.uid, cq: e.cq, model: e.model, human: truth[i], answer: texts[i] }));
    writeFileSync(values.errors, `${lines.join("\n")}\n`);
  }
  if (values["cv-only"]) return;
  const model = toModel(fit(pack(examples), buckets, opts, prior), buckets);
  const train = summarize(
    examples.map((e) => toPred(model, e.x)),
    truth,
    { bootstrap: false },
  );
  console.log(`training fit (optimistic): accuracy ${fmt(train.accuracy)} κ ${fmt(train.kappa)}`);
  writeFileSync(values.out, `${JSON.stringify(model)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), values.out)}`);
}

main();
