/**
 * Trains the extractive engine's answer layer on the HUMAN majority labels (21 publications),
 * with the five-LLM vote of the other 304 publications as a prior: a logistic model over the
 * engine's own features (features.ts; `passes_threshold` is the catalogue rule's decision, so the
 * model corrects the rules rather than replacing them) with one shared weight vector and a
 * per-question intercept offset that is strongly shrunk.
 *   stage 1 (silver): fit on the vote share of the 304 papers without human labels;
 *   stage 2 (human): fit on the human rows, L2-pulled towards the stage-1 weights.
 * Honest figures: leave-one-paper-out cross-validation over the 21 human papers (no row of the
 * test paper, silver or human, is trained on); vote and previous-work figures for the other
 * papers come from 5 folds by paper of the silver stage. Both views (all chunks; K24's 4 chunks
 * per question with the paper's deep-learning status) share one model. Deterministic.
 *
 *   node --import tsx scripts/train-answer-layer.ts [--data ../shared/bench] [--cv-only] [--cache F]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { detectDeepLearning } from "../src/answer/extractive/dl-detect.js";
import { buildDocContext } from "../src/answer/extractive/doc-context.js";
import { FEATURE_NAMES } from "../src/answer/extractive/features.js";
import { extractiveFeatures } from "../src/answer/extractive/index.js";
import { type LabelRow, labelRowSchema, loadChunks, publicationSchema, readJsonl } from "../src/evaluate/bench-data.js";
import { summarize } from "../src/evaluate/metrics.js";
import { buildDocument } from "../src/ingest/document.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import type { YesNo } from "../src/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: path.resolve(repoRoot, "../shared/bench") },
    "cv-only": { type: "boolean", default: false },
    cache: { type: "string" },
    mode: { type: "string", default: "prior" }, // prior | pooled | human
    "l2-shared": { type: "string", default: "0.02" },
    "l2-cq": { type: "string", default: "0.2" },
    "silver-weight": { type: "string", default: "0.1" },
    iterations: { type: "string", default: "300" },
    // "lo,hi": keep the rule's decision unless the model is confident (yes below lo → no, no above hi → yes).
    hybrid: { type: "string" },
    // Not shipped: under leave-one-paper-out CV the layer did not beat the rules (see .tmp/tuning-log.md).
    out: { type: "string", default: path.join(repoRoot, ".tmp/answer-layer.json") },
  },
});
const DATA = path.resolve(args.data);
if (!existsSync(path.join(DATA, "labels.jsonl"))) {
  process.stderr.write(`No bench data at ${DATA}\n`);
  process.exit(2);
}
const L2_SHARED = Number(args["l2-shared"]);
const L2_CQ = Number(args["l2-cq"]);
const ITER = Number(args.iterations);
const questions = builtinQuestions();
const CQS = questions.map((q) => q.cq);
const D = FEATURE_NAMES.length;
const RULE = FEATURE_NAMES.indexOf("passes_threshold");
const DL = FEATURE_NAMES.indexOf("dl");

interface Row {
  uid: string;
  cq: number;
  view: "all" | "k24";
  x: number[];
  hits: number;
  /** The layer may answer (evidence exists and the question applies to this paper). */
  open: boolean;
  rule: number;
  soft: number;
  vote: number;
  human?: number;
  prev?: number;
}

function extractRows(): Row[] {
  const labels = new Map<string, LabelRow>();
  for (const r of readJsonl(path.join(DATA, "labels.jsonl"), labelRowSchema)) labels.set(`${r.uid}|${r.cq}`, r);
  const dlSpecific = new Map(questions.map((q) => [q.cq, q.dlSpecific]));
  const doc = (id: string, text: string) => buildDocument({ id, path: id, pages: [text] });
  const input = (d: ReturnType<typeof doc>) => ({ document: d, chunks: [], retrieve: () => [] });
  const rows: Row[] = [];
  for (const p of readJsonl(path.join(DATA, "publications.jsonl"), publicationSchema)) {
    const cf = loadChunks(DATA, p.uid);
    const full = doc(p.uid, cf.chunks.join("\n\n"));
    const dl = detectDeepLearning(full, buildDocContext(full)).dl;
    const push = (cq: number, view: Row["view"], f: { x: number[]; hits: number }) => {
      const l = labels.get(`${p.uid}|${cq}`);
      if (!l) return;
      const primary = l.prev_work?.find((v) => v.role === "primary" && (v.value === "yes" || v.value === "no"));
      const open = f.hits > 0 && (dl || !dlSpecific.get(cq));
      rows.push({
        uid: p.uid,
        cq,
        view,
        x: f.x,
        hits: f.hits,
        open,
        rule: open && f.x[RULE] === 1 ? 1 : 0,
        soft: (l.vote_yes ?? 0) / 5,
        vote: l.vote === "yes" ? 1 : 0,
        human: l.human_majority ? (l.human_majority === "yes" ? 1 : 0) : undefined,
        prev: primary ? (primary.value === "yes" ? 1 : 0) : undefined,
      });
    };
    for (const f of extractiveFeatures(input(full), questions, { deepLearning: () => dl })) push(f.cq, "all", f);
    for (const q of questions) {
      const idx: number[] = cf.retrieved[`CQ${q.cq}`] ?? [];
      const d = doc(`${p.uid}#${q.cq}`, idx.map((i: number) => cf.chunks[i]).join("\n\n"));
      const [f] = extractiveFeatures(input(d), [q], { deepLearning: () => dl });
      push(q.cq, "k24", f);
    }
  }
  return rows;
}

const t0 = performance.now();
let rows: Row[];
if (args.cache && existsSync(args.cache)) rows = JSON.parse(readFileSync(args.cache, "utf8"));
else {
  rows = extractRows();
  if (args.cache) writeFileSync(args.cache, JSON.stringify(rows));
}
process.stdout.write(`features: ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

// Parameter layout: [shared weights (D) | per-question offsets (28) | global bias].
const P = D + CQS.length + 1;
const cqIndex = new Map(CQS.map((c, i) => [c, D + i]));
interface Example {
  x: number[];
  cq: number;
  y: number;
  w: number;
}
const ex = (r: Row, y: number, w = 1): Example => ({ x: r.x, cq: r.cq, y, w });

/** Weighted full-batch Adam on log-loss; L2 towards `prior` (zero when absent); deterministic. */
function fit(data: Example[], l2Shared: number, l2Cq: number, prior?: Float64Array): Float64Array {
  const w = prior ? Float64Array.from(prior) : new Float64Array(P);
  const w0 = prior ?? new Float64Array(P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const g = new Float64Array(P);
  const wsum = data.reduce((a, e) => a + e.w, 0) || 1;
  for (let t = 1; t <= ITER; t++) {
    g.fill(0);
    for (const e of data) {
      const k = cqIndex.get(e.cq)!;
      let z = w[P - 1] + w[k];
      for (let j = 0; j < D; j++) z += w[j] * e.x[j];
      const err = ((1 / (1 + Math.exp(-z)) - e.y) * e.w) / wsum;
      for (let j = 0; j < D; j++) g[j] += err * e.x[j];
      g[k] += err;
      g[P - 1] += err;
    }
    for (let j = 0; j < P; j++) {
      const l2 = j === P - 1 ? 0 : j < D ? l2Shared : l2Cq;
      const grad = g[j] + l2 * (w[j] - w0[j]);
      m[j] = 0.9 * m[j] + 0.1 * grad;
      v[j] = 0.999 * v[j] + 0.001 * grad * grad;
      w[j] -= (0.05 * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return w;
}

const prob = (w: Float64Array, r: Row) => {
  let z = w[P - 1] + w[cqIndex.get(r.cq)!];
  for (let j = 0; j < D; j++) z += w[j] * r.x[j];
  return 1 / (1 + Math.exp(-z));
};
// Only rows where the layer may answer are trained on; the others stay "no".
const [LO, HI] = args.hybrid ? args.hybrid.split(",").map(Number) : [0.5, 0.5];
const predict = (w: Float64Array, r: Row) => {
  if (!r.open) return 0;
  const p = prob(w, r);
  return (r.rule === 1 ? p >= LO : p >= HI) ? 1 : 0;
};

const humanUids = [...new Set(rows.filter((r) => r.human !== undefined).map((r) => r.uid))].sort();
const humanSet = new Set(humanUids);
const silverRows = rows.filter((r) => !humanSet.has(r.uid) && r.open);
const humanRows = rows.filter((r) => r.human !== undefined && r.open);
const SILVER_L2 = 0.003;

/** The full two-stage (or pooled) fit given the silver and human rows allowed for training. */
function train(silver: Row[], human: Row[]): Float64Array {
  const sw = Number(args["silver-weight"]);
  if (args.mode === "pooled")
    return fit([...silver.map((r) => ex(r, r.soft, sw)), ...human.map((r) => ex(r, r.human!))], SILVER_L2, L2_CQ);
  if (args.mode === "human")
    return fit(
      human.map((r) => ex(r, r.human!)),
      L2_SHARED,
      L2_CQ,
    );
  const prior = fit(
    silver.map((r) => ex(r, r.soft)),
    SILVER_L2,
    SILVER_L2,
  );
  return fit(
    human.map((r) => ex(r, r.human!)),
    L2_SHARED,
    L2_CQ,
    prior,
  );
}

// Out-of-fold predictions for every row: LOPO for the 21 human papers, 5 folds by paper for the rest.
const oof = new Map<Row, number>();
let priorCache: Float64Array | undefined;
for (const uid of humanUids) {
  // The silver prior never sees a human paper, so one prior serves all 21 folds.
  if (args.mode === "prior" && !priorCache)
    priorCache = fit(
      silverRows.map((r) => ex(r, r.soft)),
      SILVER_L2,
      SILVER_L2,
    );
  const human = humanRows.filter((r) => r.uid !== uid);
  const w =
    args.mode === "prior"
      ? fit(
          human.map((r) => ex(r, r.human!)),
          L2_SHARED,
          L2_CQ,
          priorCache,
        )
      : train(silverRows, human);
  for (const r of rows) if (r.uid === uid) oof.set(r, predict(w, r));
}
const FOLDS = 5;
const foldOf = (uid: string) => createHash("sha256").update(uid).digest().readUInt32BE(0) % FOLDS;
for (let f = 0; f < FOLDS; f++) {
  const w = train(
    silverRows.filter((r) => foldOf(r.uid) !== f),
    humanRows,
  );
  for (const r of rows) if (!humanSet.has(r.uid) && foldOf(r.uid) === f) oof.set(r, predict(w, r));
}
process.stdout.write(
  `trained ${FOLDS + humanUids.length} folds in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);

const yn = (v: number): YesNo => (v === 1 ? "yes" : "no");
const fmt = (pred: number[], truth: number[]) => {
  const s = summarize(pred.map(yn), truth.map(yn), { seed: 7 });
  const ci = (c?: [number, number]) => (c ? `[${c[0].toFixed(3)},${c[1].toFixed(3)}]` : "");
  return `acc ${s.accuracy.toFixed(3)} ${ci(s.accuracyCi)} κ ${s.kappa.toFixed(3)} ${ci(s.kappaCi)} n=${s.n} fp=${s.confusion.fp} fn=${s.confusion.fn}`;
};
for (const view of ["k24", "all"] as const) {
  const v = rows.filter((r) => r.view === view);
  const sets: [string, Row[], (r: Row) => number][] = [
    ["human (LOPO)", v.filter((r) => r.human !== undefined), (r) => r.human!],
    ["vote, 304 others (5-fold)", v.filter((r) => !humanSet.has(r.uid)), (r) => r.vote],
    ["prev-work primary", v.filter((r) => r.prev !== undefined), (r) => r.prev!],
  ];
  for (const [name, set, truth] of sets) {
    const t = set.map(truth);
    process.stdout.write(
      `${view} ${name}\n  rules ${fmt(
        set.map((r) => r.rule),
        t,
      )}\n`,
    );
    process.stdout.write(
      `  layer ${fmt(
        set.map((r) => oof.get(r)!),
        t,
      )}\n`,
    );
  }
}

if (!args["cv-only"]) {
  const w = train(silverRows, humanRows);
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const shared = Array.from(w.subarray(0, D), r6);
  // ExtractiveModel layout (same weights for every question, per-question bias); answers only
  // where the rules could (evidence exists; deep-learning-only questions need a DL paper).
  const model = {
    version: 2,
    features: [...FEATURE_NAMES],
    dlGate: true,
    questions: Object.fromEntries(CQS.map((c) => [String(c), { w: shared, b: r6(w[P - 1] + w[cqIndex.get(c)!]) }])),
  };
  writeFileSync(args.out, `${JSON.stringify(model, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(repoRoot, args.out)} (rule weight ${shared[RULE]}, dl ${shared[DL]})\n`);
}
