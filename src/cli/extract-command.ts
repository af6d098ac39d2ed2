import { type Command, InvalidArgumentError, Option } from "commander";
import { MethodscopeError } from "../errors.js";
import { DEFAULT_MAX_PDF_MB, DEFAULT_MAX_TEXT_MB, INPUT_EXTENSIONS } from "../ingest/load.js";
import { DEFAULT_READ_TIMEOUT_S, DEFAULT_WORKER_MEMORY_MB } from "../ingest/read-pool.js";
import { formatDryRun } from "../pipeline/dry-run.js";
import { createEngine, requiredChunking } from "../pipeline/engine.js";
import { DEFAULT_MAX_PAGES, extract } from "../pipeline/extract.js";
import { writeK24Layout } from "../report/k24-layout.js";
import { openStore } from "../store/index.js";
import type { Question } from "../types.js";
import { type ExplainTarget, formatExplain, parseExplain, pickPaper } from "./explain.js";
import { addGroupByOption } from "./group-by-option.js";
import type { CliIO } from "./io.js";
import {
  addLlmOptions,
  engineMembers,
  engineSettingsFor,
  estimateFromOptions,
  type LlmCliOptions,
  memberRowsFromStore,
} from "./llm-options.js";
import { createProgressBar, failureLine } from "./progress.js";
import { addReaderOptions, type ReaderCliOptions, readerSettings } from "./reader-options.js";
import { addRetrievalOptions, buildRetrieverFactory, type RetrievalCliOptions } from "./retrieval-options.js";
import { formatSummary } from "./summary.js";

interface ExtractCliOptions extends LlmCliOptions, RetrievalCliOptions, ReaderCliOptions {
  out: string;
  db: string;
  questions?: string;
  chunking: "sections" | "k24";
  maxPages: number;
  workers?: number;
  maxFileMb?: number;
  pdfTimeout: number;
  workerMemoryMb: number;
  force: boolean;
  quiet: boolean;
  rulesOnly: boolean;
  explain?: ExplainTarget;
  metadata?: string;
  groupBy: string[];
}

export interface ExtractCommandDeps {
  io: CliIO;
  /** Raises the process's exit code (1 when some inputs failed). */
  setExit: (code: number) => void;
  questionSet: (path: string | undefined) => Promise<Question[]>;
  abs: (path: string) => string;
}

/**
 * Adds `extract`: every question for every paper, with the extractive engine by default or LLMs
 * (`--llm`, repeatable: several vote), BM25 or dense/hybrid retrieval, and a dry run.
 */
export function registerExtractCommand(program: Command, deps: ExtractCommandDeps): void {
  const { io, abs } = deps;
  const command = program
    .command("extract")
    .description("answer every question for every paper (PDF, .txt, .md; folders are searched recursively)")
    .argument("<paths...>", "files and folders to read")
    .option(
      "-o, --out <dir>",
      "folder for results.jsonl, results.csv, matrix.csv, values.csv, rates.csv and run.json",
      "out",
    )
    .option("--db <file>", "SQLite store (reused across runs)", "methodscope.db")
    .option("--questions <file>", "question set: JSON, YAML, or one question per line (default: built-in 28 CQs)")
    .addOption(
      new Option("--chunking <strategy>", "chunking strategy (--mode k24 forces k24)")
        .choices(["sections", "k24"])
        .default("sections"),
    )
    .option("--max-pages <n>", "reject PDFs with more pages than this", positiveInt, DEFAULT_MAX_PAGES)
    .option(
      "--workers <n>",
      "most worker threads that read files and, with the extractive engine, answer them (default: one per core; cores - 1 with an LLM engine); small runs start fewer",
      positiveInt,
    )
    .option(
      "--max-file-mb <mb>",
      `largest input file read, in MB (default: ${DEFAULT_MAX_PDF_MB} for PDFs, ${DEFAULT_MAX_TEXT_MB} for .txt/.md; a value given applies to both)`,
      positiveNumber,
    )
    .option("--pdf-timeout <seconds>", "seconds one file may take to read", positiveNumber, DEFAULT_READ_TIMEOUT_S)
    .option(
      "--worker-memory-mb <mb>",
      "memory one reading worker may use before it is stopped (decompression bombs)",
      positiveInt,
      DEFAULT_WORKER_MEMORY_MB,
    )
    .option("--force", "re-read and re-answer papers already in the store", false)
    .option("-q, --quiet", "no progress bar and no summary", false)
    .option("--rules-only", "extractive engine: the catalogue rules alone, without the learned layer", false)
    .option(
      "--explain <[paper:]cq>",
      "after the run, print why one question got its answer: the evidence, or for a no the sentences considered (paper: file name or id prefix, needed with several papers)",
      explainTarget,
    )
    .option(
      "--metadata <file>",
      "your own records (CSV with a header, BibTeX or RIS), joined to the papers by DOI or file name; their fields win",
    );
  addReaderOptions(addRetrievalOptions(addLlmOptions(addGroupByOption(command))))
    .exitOverride()
    .action(async (paths: string[], opts: ExtractCliOptions) => {
      const questions = await deps.questionSet(opts.questions);
      const { settings, baseDir } = engineSettingsFor(opts, io.cwd);
      const chunking = requiredChunking(settings) ?? opts.chunking;
      const inputs = paths.map(abs);
      if (opts.dryRun) {
        const load = { reader: readerSettings(opts).reader, maxFileMb: opts.maxFileMb };
        io.stdout(formatDryRun(await estimateFromOptions(inputs, opts, { questions, cwd: io.cwd, chunking, load })));
        return;
      }
      const retrieval = buildRetrieverFactory(opts, { env: io.env, cwd: io.cwd });
      const readers = readerSettings(opts);
      const store = openStore(opts.db === ":memory:" ? opts.db : abs(opts.db));
      const engine = await createEngine(settings, { env: io.env, store, baseDir });
      const progress = createProgressBar(io, { quiet: opts.quiet });
      try {
        const { manifest, written, rows, unchanged } = await extract({
          inputs,
          outDir: abs(opts.out),
          store,
          engine,
          engineSettings: settings,
          retrieval,
          questions,
          questionSource: opts.questions ?? "builtin",
          chunking,
          maxPages: opts.maxPages,
          workers: opts.workers,
          maxFileMb: opts.maxFileMb,
          pdfTimeoutS: opts.pdfTimeout,
          workerMemoryMb: opts.workerMemoryMb,
          force: opts.force,
          metadata: opts.metadata === undefined ? undefined : abs(opts.metadata),
          groupBy: opts.groupBy,
          // Rows are only held for what needs them after the run; the output files stream.
          keepRows: Boolean(opts.k24Layout || opts.explain),
          ...readers,
          onProgress: (event) => {
            progress.onProgress(event);
            if (event.error) {
              progress.finish();
              io.stderr(failureLine(event.file, event.error));
            }
          },
        });
        progress.finish();
        // An empty run is legal (a drop folder with nothing new) but usually a wrong path: say so, even with -q.
        if (manifest.counts.inputs === 0)
          io.stderr(
            `methodscope: no papers found in ${inputs.join(", ")} (looked for ${INPUT_EXTENSIONS.join(" ")} files)\n`,
          );
        if (opts.k24Layout) {
          const list = engineMembers(engine);
          const memberRows =
            list.length > 1 ? memberRowsFromStore(store, rows, list, chunking, questions, retrieval.settings) : [];
          const cqs = questions.map((q) => q.cq);
          written.push(...writeK24Layout(abs(opts.k24Layout), [...rows, ...memberRows], cqs));
        }
        if (unchanged && !opts.quiet)
          io.stdout(
            `nothing changed since run ${manifest.run_id} (${manifest.counts.inputs} inputs, same store): ${abs(opts.out)} left as it is; --force answers again\n`,
          );
        else if (!opts.quiet) io.stdout(formatSummary(manifest, written));
        if (opts.explain) {
          const paper = pickPaper(rows, opts.explain);
          const answer = store.getAnswers(paper.id, manifest.run_key).find((a) => a.cq === opts.explain?.cq);
          if (!answer) throw new MethodscopeError("usage", `--explain: the run has no answer to CQ${opts.explain.cq}.`);
          const calibrated = answer.engine === "extractive" && !opts.rulesOnly;
          io.stdout(formatExplain({ file: paper.file, question: answer.question, answer, calibrated }));
        }
        if (manifest.counts.failed > 0) deps.setExit(1);
      } finally {
        progress.finish();
        await engine.close?.();
        await retrieval.close?.();
        store.close();
      }
    });
}

function explainTarget(value: string): ExplainTarget {
  try {
    return parseExplain(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}
