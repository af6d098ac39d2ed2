/**
 * Trains the extractive engine's optional answer layer (src/answer/extractive/model.json), which distils the
 * K24 five-LLM vote (default target: the share of the five models that said yes). Publications with human labels are
 * never trained on, so the human-majority figure printed at the end is held out. Each paper
 * contributes two views: all its text, and per question only the chunks K24 retrieved.
 * Deterministic: zero-initialised full-batch Adam, fixed iterations, folds by a hash of the uid.
 *
 *   node --import tsx scripts/train-extractive.ts [--data ../shared/bench] [--folds 5] [--cv-only]
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { detectDeepLearning } from "../src/answer/extractive/dl-detect.js";
import { buildDocContext } from "../src/answer/extractive/doc-context.js";
import { FEATURE_NAMES } from "../src/answer/extractive/features.js";
import { extractiveFeatures } from "../src/answer/extractive/index.js";
import { type ExtractiveModel, fitLogistic, modelProbability } from "../src/answer/extractive/model.js";
import { type LabelRow, labelRowSchema, loadChunks, publicationSchema, readJsonl } from "../src/evaluate/bench-data.js";
import { buildDocument } from "../src/ingest/document.js";
import { builtinQuestions } from "../src/questions/catalogue.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: path.resolve(repoRoot, "../shared/bench") },
    folds: { type: "string", default: "5" },
    l2: { type: "string", default: "0.003" },
    iterations: { type: "string", default: "400" },
    "cv-only": { type: "boolean", default: false },
    label: { type: "string", default: "soft" },
    cut: { type: "string", default: "0.5" },
    out: { type: "string", default: path.join(repoRoot, "src/answer/extractive/model.json") },
  },
});
const DATA = path.resolve(args.data);
if (!existsSync(path.join(DATA, "labels.jsonl"))) {
  process.stderr.write(`No bench data at ${DATA}\n`);
  process.exit(2);
}
const FOLDS = Number(args.folds);
const FIT = { iterations: Number(args.iterations), l2: Number(args.l2), learningRate: 0.05 };

interface Row {
  uid: string;
  cq: number;
  view: "all" | "k24";
  x: number[];
  hits: number;
  vote: number;
  target: number;
  human?: number;
  prev?: number;
}

const pubs = readJsonl(path.join(DATA, "publications.jsonl"), publicationSchema);
const labels = new Map<string, LabelRow>();
for (const r of readJsonl(path.join(DATA, "labels.jsonl"), labelRowSchema)) labels.set(`${r.uid}|${r.cq}`, r);
const questions = builtinQuestions();
const doc = (id: string, text: string) => buildDocument({ id, path: id, pages: [text] });

// "vote": the hard vote (3 of 5); "soft": the share of the five models that said yes;
// "ge2": at least two of five (human judges credit more answers than K24's LLM conversion did).
function targetOf(voteYes: number, llm: Record<string, string | null>): number {
  if (args.label in llm) return llm[args.label] === "yes" ? 1 : 0;
  if (args.label === "soft") return voteYes / 5;
  if (args.label === "ge2") return voteYes >= 2 ? 1 : 0;
  return voteYes >= 3 ? 1 : 0;
}
const CUT = Number(args.cut);

const rows: Row[] = [];
const t0 = performance.now();
const foldOf = (uid: string) => createHash("sha256").update(uid).digest().readUInt32BE(0) % FOLDS;

const papers = pubs.map((p) => {
  const cf = loadChunks(DATA, p.uid);
  const full = doc(p.uid, cf.chunks.join("\n\n"));
  return { p, cf, full, ctx: buildDocContext(full) };
});
// Answer features, with the paper's deep-learning status from the shipped filter.
for (const { p, cf, full, ctx } of papers) {
  const dl = detectDeepLearning(full, ctx).dl; // the filter the engine uses (dl-model.json)
  const push = (cq: number, view: Row["view"], f: { x: number[]; hits: number }) => {
    const l = labels.get(`${p.uid}|${cq}`);
    if (!l) return;
    const primary = l.prev_work?.find((v) => v.role === "primary" && (v.value === "yes" || v.value === "no"));
    rows.push({
      uid: p.uid,
      cq,
      view,
      x: f.x,
      hits: f.hits,
      vote: l.vote === "yes" ? 1 : 0,
      target: targetOf(l.vote_yes ?? 0, l.llm),
      human: l.human_majority ? (l.human_majority === "yes" ? 1 : 0) : undefined,
      prev: primary ? (primary.value === "yes" ? 1 : 0) : undefined,
    });
  };
  const input = (d: ReturnType<typeof doc>) => ({ document: d, chunks: [], retrieve: () => [] });
  for (const f of extractiveFeatures(input(full), questions, { deepLearning: () => dl })) push(f.cq, "all", f);
  for (const q of questions) {
    const idx: number[] = cf.retrieved[`CQ${q.cq}`] ?? [];
    const d = doc(`${p.uid}#${q.cq}`, idx.map((i: number) => cf.chunks[i]).join("\n\n"));
    const [f] = extractiveFeatures(input(d), [q], { deepLearning: () => dl });
    push(q.cq, "k24", f);
  }
}
process.stdout.write(`features: ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const humanUids = new Set(rows.filter((r) => r.human !== undefined).map((r) => r.uid));
const train = rows.filter((r) => !humanUids.has(r.uid));

function fitModel(data: Row[]): ExtractiveModel {
  const model: ExtractiveModel = { version: 1, features: [...FEATURE_NAMES], questions: {} };
  for (const q of questions) {
    const d = data.filter((r) => r.cq === q.cq && r.hits > 0);
    if (d.length < 20) continue;
    const fitted = fitLogistic(
      d.map((r) => r.x),
      d.map((r) => r.target),
      FIT,
    );
    model.questions[String(q.cq)] = { w: fitted.w.map(r6), b: r6(fitted.b), ...(CUT !== 0.5 ? { cut: CUT } : {}) };
  }
  return model;
}
const predict = (model: ExtractiveModel, r: Row) =>
  r.hits > 0 && (modelProbability(model, r.cq, r.x) ?? 0) >= CUT ? 1 : 0;

function agreement(pairs: [number, number][]): string {
  const n = pairs.length;
  if (n === 0) return "n=0";
  const acc = pairs.filter(([a, b]) => a === b).length / n;
  const pa = pairs.filter(([a]) => a === 1).length / n;
  const pb = pairs.filter(([, b]) => b === 1).length / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  const k = pe === 1 ? 1 : (acc - pe) / (1 - pe);
  return `acc ${acc.toFixed(3)} κ ${k.toFixed(3)} (n=${n})`;
}

// Grouped cross-validation on the silver (vote) labels: no paper is in its own training fold.
const prob = (m: ExtractiveModel, r: Row) => (r.hits > 0 ? (modelProbability(m, r.cq, r.x) ?? 0) : 0);
const oofP = new Map<Row, number>();
for (let f = 0; f < FOLDS; f++) {
  const m = fitModel(train.filter((r) => foldOf(r.uid) !== f));
  for (const r of train) if (foldOf(r.uid) === f) oofP.set(r, prob(m, r));
}
const oof = new Map<Row, number>([...oofP].map(([r, p]) => [r, p >= CUT ? 1 : 0]));
for (const view of ["all", "k24"] as const) {
  const v = train.filter((r) => r.view === view);
  process.stdout.write(
    `CV (${FOLDS} folds by paper) vs vote, ${view}: ${agreement(v.map((r) => [oof.get(r)!, r.vote]))}\n`,
  );
  const pw = v.filter((r) => r.prev !== undefined);
  process.stdout.write(
    `  CV vs previous work (primary pairs), ${view}: ${agreement(pw.map((r) => [oof.get(r)!, r.prev!]))}\n`,
  );
}

const model = fitModel(train);
for (const view of ["all", "k24"] as const) {
  const h = rows.filter((r) => r.view === view && r.human !== undefined);
  process.stdout.write(`held-out human majority, ${view}: ${agreement(h.map((r) => [predict(model, r), r.human!]))}\n`);
  const perCq = questions.map((q) => {
    const hq = h.filter((r) => r.cq === q.cq);
    return `${q.cq}:${(hq.filter((r) => predict(model, r) === r.human).length / Math.max(1, hq.length)).toFixed(2)}`;
  });
  process.stdout.write(`  per CQ: ${perCq.join(" ")}\n`);
}
// Hybrid (reported only): the catalogue rule decides, the model overrides it when confident.
const hybrid = (p: number, r: Row, lo: number, hi: number) => (r.x[1] === 1 ? (p >= lo ? 1 : 0) : p >= hi ? 1 : 0);
for (const [lo, hi] of [
  [0, 1.01],
  [0.1, 0.8],
  [0.15, 0.75],
  [0.2, 0.7],
  [0.25, 0.65],
  [0.3, 0.6],
]) {
  const line = (["all", "k24"] as const).map((view) => {
    const v = train.filter((r) => r.view === view);
    const h = rows.filter((r) => r.view === view && r.human !== undefined);
    return `${view}: CV-vote ${agreement(v.map((r) => [hybrid(oofP.get(r)!, r, lo, hi), r.vote]))} human ${agreement(h.map((r) => [hybrid(prob(model, r), r, lo, hi), r.human!]))}`;
  });
  process.stdout.write(`hybrid lo=${lo} hi=${hi}: ${line.join(" | ")}\n`);
}
if (!args["cv-only"]) {
  const body = `${JSON.stringify({ answer: model }, null, 2)}\n`;
  writeFileSync(args.out, body);
  // Keep the file in the repository's formatting so a retrain leaves no lint diff.
  const biome = path.join(repoRoot, "node_modules", ".bin", "biome");
  if (existsSync(biome)) execFileSync(biome, ["format", "--write", args.out], { stdio: "ignore" });
  process.stdout.write(`wrote ${path.relative(repoRoot, args.out)}\n`);
}

function r6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
