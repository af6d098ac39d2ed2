// Corpus-scale benchmark (issue 15; not a timed test): N synthetic text papers made at run time
// (seeded, varied methods text), `extract` into a fresh store in a child process, then `report` and
// `serve` on that store. Prints papers/s, the extract's peak RSS, store bytes per paper, report time
// and size, and serve overview/paper p50/p95, as JSON and as a markdown table.
// Usage: npm run bench:scale -- [--papers 20000] [--workers 2] [--gets 50] [--keep]
//        npm run bench:scale -- --papers 4000 --corpus-only DIR   (only writes the corpus, for paired runs by hand)
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { TOKEN_HEADER } from "../src/server/app.js";
import { lightFetch, load, mulberry32, startServer } from "./bench-serve.js";

const { values } = parseArgs({
  options: {
    papers: { type: "string", default: "20000" },
    workers: { type: "string" },
    gets: { type: "string", default: "50" },
    keep: { type: "boolean", default: false },
    "corpus-only": { type: "string" },
  },
});

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;

/** What one run measured (also the JSON printed). */
interface ScaleResult {
  papers: number;
  workers: number | null;
  cores: number;
  text_mb: number;
  extract_s: number;
  papers_per_s: number;
  extract_peak_rss_mb: number;
  /** The same extract again (nothing changed: the output set is left in place): wall seconds and peak RSS. */
  rerun_s: number;
  rerun_peak_rss_mb: number;
  /** The same inputs and store into a new --out folder (every answer from the store, every file written). */
  rerun_new_out_s: number;
  rerun_new_out_peak_rss_mb: number;
  store_mb: number;
  store_kib_per_paper: number;
  report_s: number | null;
  report_peak_rss_mb: number | null;
  report_mb: number | null;
  serve_overview_p50_ms: number | null;
  serve_overview_p95_ms: number | null;
  serve_paper_p50_ms: number | null;
  serve_paper_p95_ms: number | null;
  failures: string[];
}

async function main(): Promise<void> {
  const papers = Number(values.papers);
  const workers = values.workers === undefined ? null : Number(values.workers);
  const gets = Number(values.gets);
  if (!Number.isInteger(papers) || papers < 1) throw new Error("--papers must be a positive integer");
  if (values["corpus-only"]) {
    const bytes = writeCorpus(values["corpus-only"], papers);
    say(`corpus: ${papers} papers, ${mb(bytes)} MB of text in ${values["corpus-only"]}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "methodscope-bench-scale-"));
  const failures: string[] = [];
  try {
    const started = performance.now();
    const textBytes = writeCorpus(join(dir, "papers"), papers);
    say(`corpus: ${papers} papers, ${mb(textBytes)} MB of text (${seconds(started)} s) in ${dir}`);

    const db = join(dir, "store.db");
    const extractArgs = ["extract", join(dir, "papers"), "--out", join(dir, "out"), "--db", db, "-q"];
    if (workers !== null) extractArgs.push("--workers", String(workers));
    const extract = await timed(extractArgs);
    if (extract.code !== 0) failures.push(`extract exited ${extract.code}: ${extract.stderr.slice(-500)}`);
    const storeBytes = sizeOf(db) + sizeOf(`${db}-wal`);
    say(`extract: ${extract.seconds.toFixed(1)} s, peak RSS ${extract.peakRssMb} MB, store ${mb(storeBytes)} MB`);
    const rerun = await timed(extractArgs);
    if (rerun.code !== 0) failures.push(`rerun exited ${rerun.code}: ${rerun.stderr.slice(-500)}`);
    say(`rerun, nothing changed: ${rerun.seconds.toFixed(1)} s, peak RSS ${rerun.peakRssMb} MB`);
    // The same inputs into a new folder: every answer from the store, every output file written.
    const elsewhere = await timed(extractArgs.map((a) => (a === join(dir, "out") ? join(dir, "out-again") : a)));
    if (elsewhere.code !== 0)
      failures.push(`rerun elsewhere exited ${elsewhere.code}: ${elsewhere.stderr.slice(-500)}`);
    say(`rerun into a new folder: ${elsewhere.seconds.toFixed(1)} s, peak RSS ${elsewhere.peakRssMb} MB`);

    const reportOut = join(dir, "report", "report.html");
    mkdirSync(join(dir, "report"), { recursive: true });
    const report = await timed(["report", "--db", db, "--out", reportOut]);
    if (report.code !== 0) failures.push(`report exited ${report.code}: ${report.stderr.slice(-500)}`);
    const reportBytes = report.code === 0 ? treeSize(join(dir, "report")) : null;
    say(
      `report: ${report.seconds.toFixed(1)} s, peak RSS ${report.peakRssMb} MB, ${reportBytes === null ? "-" : mb(reportBytes)} MB`,
    );

    const serve =
      extract.code === 0
        ? await measureServe(db, gets).catch((e: Error) => {
            failures.push(`serve: ${e.message}`);
            return null;
          })
        : null;

    const result: ScaleResult = {
      papers,
      workers,
      cores: cpus().length,
      text_mb: mb(textBytes),
      extract_s: round(extract.seconds, 1),
      papers_per_s: round(papers / extract.seconds, 1),
      extract_peak_rss_mb: extract.peakRssMb,
      rerun_s: round(rerun.seconds, 1),
      rerun_peak_rss_mb: rerun.peakRssMb,
      rerun_new_out_s: round(elsewhere.seconds, 1),
      rerun_new_out_peak_rss_mb: elsewhere.peakRssMb,
      store_mb: mb(storeBytes),
      store_kib_per_paper: round(storeBytes / 1024 / papers, 1),
      report_s: report.code === 0 ? round(report.seconds, 1) : null,
      report_peak_rss_mb: report.code === 0 ? report.peakRssMb : null,
      report_mb: reportBytes === null ? null : mb(reportBytes),
      serve_overview_p50_ms: serve?.overview.p50 ?? null,
      serve_overview_p95_ms: serve?.overview.p95 ?? null,
      serve_paper_p50_ms: serve?.paper.p50 ?? null,
      serve_paper_p95_ms: serve?.paper.p95 ?? null,
      failures,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n\n${markdown(result)}\n`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    if (values.keep) say(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the CLI in a child process under GNU time (peak RSS), with its wall time. */
function timed(args: string[]): Promise<{ code: number; seconds: number; peakRssMb: number; stderr: string }> {
  const node = [process.execPath, "--import", "tsx", MAIN, ...args];
  const gnuTime = existsSync("/usr/bin/time");
  const [cmd, ...rest] = gnuTime ? ["/usr/bin/time", "-f", "MAXRSS_KB=%M", ...node] : node;
  const started = performance.now();
  const child = spawn(cmd, rest, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({
        code: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: Math.round(kb / 1024),
        stderr: stderr.replace(/MAXRSS_KB=\d+\s*$/, ""),
      });
    });
  });
}

/** Sequential GETs of the overview and of paper pages against `serve` on the store. */
async function measureServe(db: string, gets: number) {
  const ids = (() => {
    const store = new Database(db, { readonly: true });
    try {
      return (store.prepare("SELECT id FROM documents ORDER BY id").all() as { id: string }[]).map((r) => r.id);
    } finally {
      store.close();
    }
  })();
  let child: ChildProcess | undefined;
  try {
    const server = await startServer(db);
    child = server.child;
    const base = `http://127.0.0.1:${server.port}`;
    const headers = { [TOKEN_HEADER]: server.token };
    const fetch = lightFetch(server.port);
    const overview = await load(Array(gets).fill("/"), 1, (path) => fetch(`${base}${path}`, { headers }));
    const pages = Array.from({ length: gets }, (_, i) => `/paper/${ids[(i * 7919) % ids.length]}`);
    const paper = await load(pages, 1, (path) => fetch(`${base}${path}`, { headers }));
    if (overview.failed + overview.errors + paper.failed + paper.errors > 0)
      throw new Error(
        `failed requests: overview ${overview.failed}+${overview.errors}, paper ${paper.failed}+${paper.errors}`,
      );
    say(`serve: GET / ${overview.summary}; GET /paper/:id ${paper.summary}`);
    return { overview: percentiles(overview.summary), paper: percentiles(paper.summary) };
  } finally {
    child?.kill("SIGTERM");
    if (child) await new Promise((done) => child?.once("exit", done));
  }
}

function percentiles(summary: string): { p50: number; p95: number } {
  const p50 = Number(/p50 ([\d.]+) ms/.exec(summary)?.[1]);
  const p95 = Number(/p95 ([\d.]+) ms/.exec(summary)?.[1]);
  return { p50, p95 };
}

function markdown(r: ScaleResult): string {
  const cell = (v: number | null, unit = "") => (v === null ? "–" : `${v.toLocaleString("en-US")}${unit}`);
  const rows: [string, string][] = [
    ["papers (synthetic .txt)", cell(r.papers)],
    ["workers", r.workers === null ? "default" : String(r.workers)],
    ["extract wall", cell(r.extract_s, " s")],
    ["papers/s", cell(r.papers_per_s)],
    ["extract peak RSS", cell(r.extract_peak_rss_mb, " MB")],
    ["rerun, nothing changed", `${cell(r.rerun_s, " s")}, peak RSS ${cell(r.rerun_peak_rss_mb, " MB")}`],
    [
      "rerun into a new --out (all from the store)",
      `${cell(r.rerun_new_out_s, " s")}, peak RSS ${cell(r.rerun_new_out_peak_rss_mb, " MB")}`,
    ],
    ["store", `${cell(r.store_mb, " MB")} (${cell(r.store_kib_per_paper, " KiB")} per paper)`],
    ["report", `${cell(r.report_s, " s")}, ${cell(r.report_mb, " MB")}, peak RSS ${cell(r.report_peak_rss_mb, " MB")}`],
    ["serve overview p50 / p95", `${cell(r.serve_overview_p50_ms, " ms")} / ${cell(r.serve_overview_p95_ms, " ms")}`],
    ["serve paper page p50 / p95", `${cell(r.serve_paper_p50_ms, " ms")} / ${cell(r.serve_paper_p95_ms, " ms")}`],
  ];
  return ["| measure | value |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

// ---- The synthetic corpus ----------------------------------------------------------------------

/** Writes `count` papers as .txt files (100 per folder) and returns the bytes written. */
function writeCorpus(root: string, count: number): number {
  const random = mulberry32(15);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const folder = join(root, String(Math.floor(i / 100)).padStart(4, "0"));
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const text = syntheticPaper(i, random);
    writeFileSync(join(folder, `paper-${String(i).padStart(6, "0")}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const TAXA = [
  "alpine marmots",
  "red deer",
  "bats",
  "songbirds",
  "coral reefs",
  "wild bees",
  "amphibians",
  "seagrass",
  "moths",
  "whales",
];
const PLACES = [
  "the Hohe Tauern",
  "the Serengeti",
  "Borneo",
  "the Baltic Sea",
  "the Pyrenees",
  "Patagonia",
  "Yunnan",
  "the Great Barrier Reef",
];
const DATA = [
  "camera traps",
  "autonomous acoustic recorders",
  "drone imagery",
  "Sentinel-2 satellite images",
  "citizen-science records from GBIF",
  "underwater video stations",
  "herbarium specimens",
  "light traps",
];
const DL_MODELS = [
  "ResNet-50",
  "YOLOv5",
  "U-Net",
  "EfficientNet-B0",
  "an LSTM",
  "a Vision Transformer (ViT-B/16)",
  "Faster R-CNN",
  "MobileNetV2",
  "DenseNet-121",
  "a 1D CNN",
];
const CLASSICAL = [
  "a random forest",
  "MaxEnt",
  "a generalised additive model",
  "boosted regression trees",
  "a support vector machine",
  "logistic regression",
];
const FRAMEWORKS = ["PyTorch 2.1", "TensorFlow 2.12", "Keras 2.10", "PyTorch Lightning", "Detectron2", "Ultralytics"];
const OPTIMIZERS = ["the Adam optimizer", "stochastic gradient descent with momentum 0.9", "AdamW", "RMSprop"];
const METRICS = [
  "accuracy",
  "an F1-score",
  "a mean average precision (mAP@0.5)",
  "an AUC",
  "an RMSE",
  "a Cohen's kappa",
];
const AUGMENT = [
  "random horizontal flips and rotations",
  "colour jitter and random crops",
  "mixup",
  "time shifting and added noise",
];
const HARDWARE = [
  "one NVIDIA RTX 3090 GPU",
  "two NVIDIA V100 GPUs",
  "an NVIDIA A100 GPU with 40 GB of memory",
  "a laptop CPU",
];
const FILLER = [
  "Biodiversity monitoring increasingly relies on automated sensors that produce more data than experts can label.",
  "Previous studies have applied machine learning to similar problems with mixed success.",
  "Manual annotation remains the main bottleneck of large monitoring programmes.",
  "Site conditions varied strongly between years, with snow cover lasting into June at the highest stations.",
  "Observers visited every station twice per season to replace batteries and memory cards.",
  "Sampling effort was standardised across habitats to allow comparisons between sites.",
  "These results are consistent with earlier work on related taxa in temperate regions.",
  "Future work could extend the approach to other taxa and to near-real-time processing.",
];

/** One fictional paper: title, abstract, introduction, methods, results, discussion, availability, references. */
function syntheticPaper(i: number, random: () => number): string {
  const dl = random() < 0.6;
  const taxon = pick(random, TAXA);
  const place = pick(random, PLACES);
  const data = pick(random, DATA);
  const model = dl ? pick(random, DL_MODELS) : pick(random, CLASSICAL);
  const n = 500 + Math.floor(random() * 50_000);
  const train = pick(random, [60, 70, 75, 80]);
  const valid = Math.floor((100 - train) / 2);
  const filler = (k: number) => Array.from({ length: k }, () => pick(random, FILLER)).join(" ");
  const methods = dl
    ? [
        `2.2. Model`,
        `We used ${model} pre-trained on ImageNet and fine-tuned it on our images with ${pick(random, FRAMEWORKS)}.`,
        `The network was trained with ${pick(random, OPTIMIZERS)}, a learning rate of ${pick(random, ["0.001", "0.0001", "3e-4", "0.01"])}, a batch size of ${pick(random, [8, 16, 32, 64])} and ${10 + Math.floor(random() * 190)} epochs.`,
        random() < 0.6 ? `Data augmentation consisted of ${pick(random, AUGMENT)}.` : filler(1),
        random() < 0.5
          ? `Training stopped early when the validation loss did not improve for ${3 + Math.floor(random() * 10)} epochs.`
          : filler(1),
        `All experiments ran on ${pick(random, HARDWARE)}.`,
        random() < 0.3 ? `We fixed the random seed to ${Math.floor(random() * 1000)}.` : filler(1),
      ]
    : [
        `2.2. Model`,
        `We fitted ${model} to the occurrence data with ${pick(random, ["R 4.2", "the dismo package", "scikit-learn", "the mgcv package"])}.`,
        `Predictors were ${pick(random, ["bioclimatic variables", "land-cover classes", "elevation and slope", "sea surface temperature"])} at ${pick(random, ["1 km", "30 m", "250 m"])} resolution.`,
        filler(2),
      ];
  const lines = [
    `${dl ? "Deep learning" : "Statistical modelling"} of ${taxon} in ${place}: study ${i}`,
    "",
    "Abstract",
    `We ${dl ? `train ${model} to detect` : `model the distribution of`} ${taxon} from ${data} collected in ${place}. ${filler(1)}`,
    "",
    "1. Introduction",
    filler(6 + Math.floor(random() * 8)),
    `Smith et al. (${2010 + Math.floor(random() * 14)}) used ${pick(random, [...DL_MODELS, ...CLASSICAL])} for a related task.`,
    filler(2),
    "",
    "2. Materials and methods",
    "2.1. Data collection",
    `Data were collected with ${data} in ${place} between ${2015 + Math.floor(random() * 5)} and ${2020 + Math.floor(random() * 4)}.`,
    `In total ${n.toLocaleString("en-US")} ${dl ? "images" : "records"} were ${pick(random, ["annotated by two experts", "checked by an expert", "labelled with bounding boxes"])}.`,
    `The data were split into ${train}% training, ${valid}% validation and ${100 - train - valid}% test sets${random() < 0.4 ? " by site to avoid spatial autocorrelation" : ""}.`,
    filler(2 + Math.floor(random() * 3)),
    ...methods,
    "2.3. Evaluation",
    `Performance was measured with ${pick(random, METRICS)} and ${pick(random, METRICS)} on the test set${random() < 0.4 ? " and with 5-fold cross-validation" : ""}.`,
    filler(2),
    "",
    "3. Results",
    `The model reached ${pick(random, METRICS)} of ${(0.6 + random() * 0.39).toFixed(2)} on the test set.`,
    filler(5 + Math.floor(random() * 8)),
    "",
    "4. Discussion",
    filler(8 + Math.floor(random() * 10)),
    "",
    random() < 0.5 ? "Data availability" : "Code availability",
    random() < 0.5
      ? `The code is available at https://github.com/example-lab/study-${i}.`
      : "The data are available from the corresponding author upon reasonable request.",
    "",
    "References",
    `Smith, J., Jones, K., ${2010 + Math.floor(random() * 14)}. Automated monitoring of ${taxon}. Journal of Imaginary Ecology ${1 + Math.floor(random() * 40)}, 1-12.`,
    `Brown, A., ${2005 + Math.floor(random() * 18)}. Sampling designs for ${place}. Fictional Methods 3, 100-120.`,
  ];
  return lines.join("\n");
}

// ---- Helpers -----------------------------------------------------------------------------------

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function treeSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + treeSize(join(path, name)), 0);
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

await main();
