/**
 * `methodscope bench`: scores methodscope on a K24-style bench folder (see src/evaluate/).
 * Prints a compact table; optionally writes predictions (JSONL), all metrics (JSON) and a markdown table.
 * `reported` scores the extractive engine or any LLM engine `extract` can build (`--llm`, repeatable).
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { detectDeepLearning } from "../answer/extractive/index.js";
import { MethodscopeError } from "../errors.js";
import { type Comparison, runBinaryBench, runDlFilterBench, runReportedBench } from "../evaluate/bench.js";
import { type BenchData, loadBench } from "../evaluate/bench-data.js";
import { formatComparisons, formatReference, toMarkdown } from "../evaluate/bench-report.js";
import { k24Reference } from "../evaluate/k24-reference.js";
import { classifyAnswer } from "../judge/binary.js";
import { createEngine, type EngineSettings, requiredChunking } from "../pipeline/engine.js";
import { openStore } from "../store/index.js";
import type { Engine } from "../types.js";
import type { CliIO } from "./io.js";
import { addLlmOptions, engineSettingsFor, type LlmCliOptions } from "./llm-options.js";
import { questionSet } from "./question-set.js";

export const BENCH_TASKS = ["reported", "binary", "dl-filter", "k24-reference"] as const;
type BenchTask = (typeof BENCH_TASKS)[number];

interface BenchCliOptions extends LlmCliOptions {
  data: string;
  task: BenchTask;
  context: "all" | "k24";
  /** Default: "llm" when --llm is given, else "extractive". */
  engine?: "extractive" | "llm";
  questions?: string;
  db?: string;
  out?: string;
  report?: string;
  markdown?: string;
  limit?: number;
  rulesOnly?: boolean;
  workers?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

/** What one task produced: rows for --out, a JSON-able report, and text/markdown renderings. */
interface TaskOutput {
  rows: unknown[];
  report: Record<string, unknown>;
  text: string;
  markdown: string;
}

function fromComparisons(
  comparisons: Comparison[],
  rows: unknown[],
  extra: Record<string, unknown>,
  groupLabel: string,
): TaskOutput {
  return {
    rows,
    report: { ...extra, comparisons },
    text: formatComparisons(comparisons, undefined, groupLabel),
    markdown: formatComparisons(comparisons, toMarkdown, groupLabel),
  };
}

async function runTask(
  data: BenchData,
  opts: BenchCliOptions,
  io: CliIO,
  engine: Engine,
  settings: EngineSettings,
): Promise<TaskOutput> {
  if (opts.task === "k24-reference") {
    const lines = k24Reference(data);
    const passed = lines.filter((l) => l.pass).length;
    const note = `${passed}/${lines.length} lines match the development-part values (tolerance 0.001)\n`;
    return {
      rows: [],
      report: { lines, passed },
      text: formatReference(lines) + note,
      markdown: formatReference(lines, toMarkdown),
    };
  }
  if (opts.task === "binary") {
    const r = runBinaryBench(data, classifyAnswer);
    return fromComparisons(r.comparisons, r.rows, { rows: r.rows.length, seconds: r.seconds }, "model");
  }
  if (opts.task === "dl-filter") {
    const r = runDlFilterBench(data, detectDeepLearning, opts.limit);
    return fromComparisons(r.comparisons, r.rows, { seconds: r.seconds }, "group");
  }
  const r = await runReportedBench({
    data,
    engine,
    questions: await questionSet(io.cwd, opts.questions),
    chunking: requiredChunking(settings) ?? "sections",
    context: opts.context,
    limit: opts.limit,
    workers: opts.workers ?? availableParallelism(),
    onPublication: (uid, done, total, error) => {
      if (error) io.stderr(`methodscope: bench: ${uid}: ${error}\n`);
      else if (io.isTTY) io.stderr(`\r${done}/${total} publications`);
      if (io.isTTY && done === total) io.stderr("\n");
    },
  });
  const speed =
    `${r.publications} publications in ${r.seconds.toFixed(1)} s ` +
    `(${r.publicationsPerSecond.toFixed(2)} publications/s), peak RSS ${r.peakRssMb} MB, ` +
    `${r.failures.length} failed\n`;
  const out = fromComparisons(
    r.comparisons,
    r.rows,
    {
      engine: engine.name,
      settings: engine.settings,
      context: opts.context,
      publications: r.publications,
      seconds: r.seconds,
      publicationsPerSecond: r.publicationsPerSecond,
      peakRssMb: r.peakRssMb,
      failures: r.failures,
    },
    "CQ",
  );
  return { ...out, text: out.text + speed, markdown: `${out.markdown}\n${speed}` };
}

/**
 * Adds `bench` to `program`. The action prints only through `io`, never exits; usage mistakes
 * throw MethodscopeError("usage").
 * @example registerBenchCommand(program, processIO()); // methodscope bench --data ../shared/bench --task binary
 */
export function registerBenchCommand(program: Command, io: CliIO): void {
  const command = program
    .command("bench")
    .description("score methodscope on a K24-style benchmark folder")
    .requiredOption("--data <dir>", "bench folder (chunks/, labels.jsonl, binary_conversion.jsonl, …)")
    .addOption(new Option("--task <task>", "what to score").choices([...BENCH_TASKS]).makeOptionMandatory())
    .addOption(
      new Option("--context <context>", "reported: all chunks of a paper, or only K24's retrieved chunks per CQ")
        .choices(["all", "k24"])
        .default("all"),
    )
    .addOption(
      new Option("--engine <name>", "reported: answering engine (default: llm with --llm, else extractive)").choices([
        "extractive",
        "llm",
      ]),
    )
    .option("--questions <file>", "reported: question set (default: built-in 28 CQs; K24's CQs.txt for --mode k24)")
    .option("--db <file>", "reported with --llm: SQLite store that caches model responses across runs")
    .option("--out <file>", "write predictions as JSONL")
    .option("--report <file>", "write all metrics as JSON")
    .option("--markdown <file>", "write the table as markdown")
    .option("--limit <n>", "score only the first n publications (sorted by uid)", positiveInt)
    .option("--rules-only", "extractive engine: the catalogue rules alone, without the learned layer", false)
    .option(
      "--workers <n>",
      "reported, extractive engine: worker threads that answer publications side by side (default: one per core)",
      positiveInt,
    );
  addLlmOptions(command)
    .exitOverride()
    .action(async (opts: BenchCliOptions) => {
      const abs = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
      if (opts.limit !== undefined && (opts.task === "binary" || opts.task === "k24-reference")) {
        throw new MethodscopeError("usage", `--limit applies to the reported and dl-filter tasks, not ${opts.task}.`);
      }
      checkEngineOptions(opts);
      const { settings, baseDir } = engineSettingsFor(opts, io.cwd);
      const data = loadBench(abs(opts.data));
      const store = opts.db ? openStore(opts.db === ":memory:" ? opts.db : abs(opts.db)) : undefined;
      let engine: Engine | undefined;
      let result: TaskOutput;
      try {
        engine = await createEngine(settings, { env: io.env, store, baseDir });
        result = await runTask(data, opts, io, engine, settings);
      } finally {
        await engine?.close?.();
        store?.close();
      }
      io.stdout(`bench ${opts.task} on ${opts.data}\n${result.text}`);
      if (opts.out) {
        writeFileSync(abs(opts.out), result.rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
        io.stdout(`wrote ${opts.out} (${result.rows.length} rows)\n`);
      }
      if (opts.report) {
        const report = { task: opts.task, data: abs(opts.data), ...result.report };
        writeFileSync(abs(opts.report), `${JSON.stringify(report, null, 2)}\n`);
        io.stdout(`wrote ${opts.report}\n`);
      }
      if (opts.markdown) {
        writeFileSync(abs(opts.markdown), `## methodscope bench: ${opts.task}\n\n${result.markdown}`);
        io.stdout(`wrote ${opts.markdown}\n`);
      }
    });
}

/** LLM options belong to `--task reported` and to `--engine llm`; a dry run or K24 layout is `extract`'s. */
function checkEngineOptions(opts: BenchCliOptions): void {
  // An engine file may hold LLMs: its own checks run when it is read.
  const llm = (opts.llm?.length ?? 0) > 0 || opts.engineFile !== undefined;
  const usage = (message: string) => new MethodscopeError("usage", message);
  if (opts.engine === "llm" && !llm) throw usage("--engine llm needs --llm <spec>");
  if (opts.engine === "extractive" && (opts.llm?.length ?? 0) > 0)
    throw usage("--engine extractive does not take --llm");
  if (llm && opts.task !== "reported") throw usage(`--llm applies to --task reported, not ${opts.task}`);
  if (opts.dryRun || opts.k24Layout) throw usage("--dry-run and --k24-layout belong to extract, not bench");
  if (opts.questions && opts.task !== "reported")
    throw usage(`--questions applies to --task reported, not ${opts.task}`);
  if (opts.db && !llm) throw usage("--db caches model responses: it needs --llm <spec>");
}
