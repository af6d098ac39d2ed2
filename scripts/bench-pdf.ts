// PDF throughput benchmark (issue 15; not a timed test): N two-column PDFs made at run time (seeded text,
// running headers, ligatures, hyphenation, a References section), read and answered by the built CLI
// (`bin/methodscope.js`, so run `npm run build` first) with 1 and with 2 workers, runs interleaved; then
// the same files through pdftotext (poppler-utils), one process at a time and two at once, when it is
// installed. Prints PDFs/s (medians), the 2-worker speed-up, the threads the runs started (`--workers` is a
// maximum: a small run starts fewer, pool-size.ts), the start-up of an empty run and the gap to pdftotext as a
// ratio, as JSON and as a markdown table.
// Usage: npm run bench:pdf -- [--pdfs 44] [--pages 4] [--repeats 3] [--keep]   (--keep leaves the PDFs)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type PaperSection, twoColumnPaper } from "../test/fixtures/pdf-paper.js";
import { makePdf } from "../test/fixtures/pdf-writer.js";
import { mulberry32 } from "../test/fixtures/prng.js";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    pdfs: { type: "string", default: "44" },
    pages: { type: "string", default: "4" },
    repeats: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const BIN = new URL("../bin/methodscope.js", import.meta.url).pathname;
const DIST = new URL("../dist/cli/main.js", import.meta.url).pathname;

const TAXA = ["marmots", "bats", "diatoms", "reef fish", "orchids", "bumblebees", "lynx", "seagrass", "frogs", "kelp"];
const MODELS = ["a ResNet-50", "an EfficientNet-B3", "a U-Net", "YOLOv5s", "a bidirectional LSTM", "a random forest"];
const FILLER = [
  "Sampling effort was standardised across habitats so that sites could be compared.",
  "Field teams visited every station twice per season and replaced batteries and memory cards.",
  "Observations with uncertain identity were kept aside and checked again by a second person.",
  "The study area spans a gradient of elevation, land use and distance to the nearest road.",
  "Results are discussed with regard to monitoring programmes run by regional agencies.",
  "Weather conditions during the surveys were recorded and used as covariates where needed.",
];

/** One fictional paper of about `pages` pages: methods, results, availability and references. */
function paperSpec(i: number, pages: number, random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const taxon = pick(TAXA);
  const model = pick(MODELS);
  const filler = (n: number) => Array.from({ length: n }, () => pick(FILLER)).join(" ");
  // About 1,100 words a page in two columns of 9-point text.
  const paragraphs = Math.max(1, Math.round(pages * 6));
  const sections: PaperSection[] = [
    { heading: "1. Introduction", paragraphs: Array.from({ length: Math.ceil(paragraphs / 3) }, () => filler(6)) },
    {
      heading: "2. Materials and methods",
      paragraphs: [
        `Images of ${taxon} were collected with 40 camera traps between 2019 and 2022 and annotated by two observers.`,
        `The data were split by site into 70% training, 15% validation and 15% test sets. We trained ${model} ` +
          `in PyTorch with the Adam optimizer, a learning rate of 0.00${1 + (i % 9)} and ${20 + (i % 40)} epochs ` +
          "on one NVIDIA RTX 3090 GPU; random flips and rotations augmented the training images.",
        ...Array.from({ length: Math.ceil(paragraphs / 3) }, () => filler(6)),
      ],
    },
    {
      heading: "3. Results",
      paragraphs: [
        `The model reached an F1-score of 0.${80 + (i % 19)} on the test set.`,
        ...Array.from({ length: Math.ceil(paragraphs / 3) }, () => filler(6)),
      ],
    },
    {
      heading: "Code availability",
      paragraphs: [`The code is at https://github.com/example-lab/${taxon.replace(/ /g, "-")}-${i}.`],
    },
    {
      heading: "References",
      paragraphs: Array.from(
        { length: 8 },
        (_, k) => `Author${k}, A., 20${10 + k}. A study of ${pick(TAXA)}. J. Imag. Ecol. ${k}, 1–10.`,
      ),
    },
  ];
  return {
    banner: `Journal of Imaginary Ecology ${1 + (i % 12)} (2026) ${100 + i}–${110 + i}`,
    runningAuthors: "A. Testwriter et al.",
    title: `Monitoring ${taxon} with ${model.replace(/^an? /, "")} (study ${i})`,
    authors: "Ada Testwriter, Ben Example",
    abstract: `We monitor ${taxon} and report how the model was trained, evaluated and shared.`,
    sections,
  };
}

function writePdfs(dir: string, count: number, pages: number): string[] {
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(15);
  return Array.from({ length: count }, (_, i) => {
    const spec = paperSpec(i, pages, random);
    const path = join(dir, `paper-${String(i).padStart(3, "0")}.pdf`);
    writeFileSync(path, makePdf(twoColumnPaper(spec), { title: spec.title }));
    return path;
  });
}

/** Wall seconds of a child process; throws when it fails. */
function run(cmd: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`${cmd} exit ${code}: ${stderr}`)),
    ),
  );
}

/** Runs each PDF through pdftotext, `parallel` processes at a time. */
async function pdftotext(files: string[], out: string, parallel: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      await run("pdftotext", ["-layout", files[i] as string, join(out, `${i}.txt`)]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  if (!existsSync(DIST)) throw new Error("bench:pdf times the built CLI: run `npm run build` first");
  const count = Number(values.pdfs);
  const repeats = Number(values.repeats);
  const dir = mkdtempSync(join(tmpdir(), "methodscope-bench-pdf-"));
  try {
    const files = writePdfs(join(dir, "pdfs"), count, Number(values.pages));
    const empty = join(dir, "empty");
    mkdirSync(empty);
    const extract = (workers: number | undefined, input: string, k: number) =>
      run(process.execPath, [
        BIN,
        "extract",
        input,
        "--db",
        join(dir, `s-${workers ?? 0}-${k}.db`),
        "--out",
        join(dir, `out-${workers ?? 0}-${k}`),
        "-q",
        ...(workers ? ["--workers", String(workers)] : []),
      ]);
    const times: Record<string, number[]> = { one: [], two: [], empty: [] };
    // `--workers` is a maximum (pool-size.ts): the threads a run started are in its run.json.
    const started = (workers: number, k: number): number =>
      JSON.parse(readFileSync(join(dir, `out-${workers}-${k}`, "run.json"), "utf8")).read_limits.workers;
    const threads = { one: 0, two: 0 };
    // Interleaved, so a change in the machine's load touches every variant alike; a fresh store each time.
    for (let k = 0; k < repeats; k++) {
      times.empty?.push(await extract(undefined, empty, k));
      times.one?.push(await extract(1, join(dir, "pdfs"), k));
      times.two?.push(await extract(2, join(dir, "pdfs"), k));
      threads.one = started(1, k);
      threads.two = started(2, k);
    }
    const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;
    const text = join(dir, "text");
    mkdirSync(text);
    const poppler = hasPdftotext ? { one: [] as number[], two: [] as number[] } : undefined;
    for (let k = 0; poppler && k < repeats; k++) {
      poppler.one.push(await pdftotext(files, text, 1));
      poppler.two.push(await pdftotext(files, text, 2));
    }
    const rate = (xs: number[] | undefined) => (xs?.length ? count / median(xs) : null);
    const result = {
      pdfs: count,
      pages_each: Number(values.pages),
      repeats,
      empty_run_s: median(times.empty ?? []),
      one_worker_pdfs_per_s: rate(times.one),
      two_workers_pdfs_per_s: rate(times.two),
      threads_started: threads,
      speedup_two_over_one: median(times.one ?? []) / median(times.two ?? []),
      pdftotext_one_process_pdfs_per_s: rate(poppler?.one),
      pdftotext_two_processes_pdfs_per_s: rate(poppler?.two),
      load_average: (await import("node:os")).loadavg().map((l) => Math.round(l * 10) / 10),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n\n`);
    const f = (x: number | null, d = 1) => (x === null ? "pdftotext not installed" : x.toFixed(d));
    const two = result.two_workers_pdfs_per_s ?? 0;
    const p2 = result.pdftotext_two_processes_pdfs_per_s;
    process.stdout.write(
      [
        `| ${count} PDFs of ~${values.pages} pages (medians of ${repeats}) | value |`,
        "|---|---|",
        `| extract, 1 worker | ${f(result.one_worker_pdfs_per_s)} PDFs/s |`,
        `| extract, 2 workers (threads started: ${threads.two}) | ${f(result.two_workers_pdfs_per_s)} PDFs/s (${result.speedup_two_over_one.toFixed(2)}× one worker) |`,
        `| start-up (empty run) | ${result.empty_run_s.toFixed(2)} s |`,
        `| pdftotext, 1 / 2 processes | ${f(result.pdftotext_one_process_pdfs_per_s)} / ${f(p2)} PDFs/s |`,
        `| extract (2 workers) / pdftotext (2 processes) | ${p2 ? (two / p2).toFixed(2) : "–"} |`,
        `| load average (1, 5, 15 min) | ${result.load_average.join(", ")} |`,
      ].join("\n") + "\n",
    );
  } finally {
    if (values.keep) process.stdout.write(`kept: ${dir}/pdfs\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
