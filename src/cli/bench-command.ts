/**
 * `methodscope bench`: scores methodscope on a K24-style bench folder (see src/evaluate/).
 * Prints a compact table; optionally writes predictions (JSONL), all metrics (JSON) and a markdown table.
 */
import { writeFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createExtractiveEngine, detectDeepLearning } from "../answer/extractive/index.js";
import { MethodscopeError } from "../errors.js";
import { type Comparison, runBinaryBench, runDlFilterBench, runReportedBench } from "../evaluate/bench.js";
import { type BenchData, loadBench } from "../evaluate/bench-data.js";
import { formatComparisons, formatReference, toMarkdown } from "../evaluate/bench-report.js";
import { k24Reference } from "../evaluate/k24-reference.js";
import { classifyAnswer } from "../judge/binary.js";
import { builtinQuestions } from "../questions/catalogue.js";
import type { CliIO } from "./io.js";

export const BENCH_TASKS = ["reported", "binary", "dl-filter", "k24-reference"] as const;
type BenchTask = (typeof BENCH_TASKS)[number];

interface BenchCliOptions {
  data: string;
  task: BenchTask;
  context: "all" | "k24";
  engine: "extractive";
  out?: string;
  report?: string;
  markdown?: string;
  limit?: number;
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

async function runTask(data: BenchData, opts: BenchCliOptions, io: CliIO): Promise<TaskOutput> {
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
  const engine = createExtractiveEngine();
  const r = await runReportedBench({
    data,
    engine,
    questions: builtinQuestions(),
    context: opts.context,
    limit: opts.limit,
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
  program
    .command("bench")
    .description("score methodscope on a K24-style benchmark folder")
    .requiredOption("--data <dir>", "bench folder (chunks/, labels.jsonl, binary_conversion.jsonl, …)")
    .addOption(new Option("--task <task>", "what to score").choices([...BENCH_TASKS]).makeOptionMandatory())
    .addOption(
      new Option("--context <context>", "reported: all chunks of a paper, or only K24's retrieved chunks per CQ")
        .choices(["all", "k24"])
        .default("all"),
    )
    .addOption(new Option("--engine <name>", "answering engine").choices(["extractive"]).default("extractive"))
    .option("--out <file>", "write predictions as JSONL")
    .option("--report <file>", "write all metrics as JSON")
    .option("--markdown <file>", "write the table as markdown")
    .option("--limit <n>", "score only the first n publications (sorted by uid)", positiveInt)
    .exitOverride()
    .action(async (opts: BenchCliOptions) => {
      const abs = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
      if (opts.limit !== undefined && (opts.task === "binary" || opts.task === "k24-reference")) {
        throw new MethodscopeError("usage", `--limit applies to the reported and dl-filter tasks, not ${opts.task}.`);
      }
      const data = loadBench(abs(opts.data));
      const result = await runTask(data, opts, io);
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
