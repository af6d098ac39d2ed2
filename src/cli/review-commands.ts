/**
 * `methodscope report | serve | gold export | eval`: read a store that `extract` filled, show it,
 * review it, and score the engines against the reviewers' gold labels.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
import { type Command, InvalidArgumentError, Option } from "commander";
import { escapeControl, MethodscopeError } from "../errors.js";
import { evaluateGold, formatEvaluation, goldJsonl, goldRecords, readGoldFile } from "../evaluate/gold.js";
import { loadCorpus } from "../report/html/corpus.js";
import type { ExportLink } from "../report/html/overview.js";
import { type BlockFiles, endPagesEarly, startPagesEarly, storeSource, writeReport } from "../report/html/report.js";
import { readPaperMetadata } from "../report/html/trends.js";
import { OUTPUT_FILES } from "../report/write-outputs.js";
import { serve } from "../server/serve.js";
import { openStore, type Store } from "../store/index.js";
import { listRuns, pruneRuns, type RunSummary, selectRuns } from "../store/runs.js";
import { addGroupByOption } from "./group-by-option.js";
import type { CliIO } from "./io.js";

interface ServeCliOptions {
  db: string;
  port: number;
  host: string;
  reviewer?: string;
  /** Further Host header values the server answers to (a LAN name, a proxy). */
  allowHost?: string[];
  /** `--run` values (see `selectRuns`); default: the latest run of each engine. */
  run?: string[];
  /** `--group-by`: metadata keys of the overview's rate charts (default: year). */
  groupBy?: string[];
}

/**
 * Adds `report`, `serve`, `gold export` and `eval` to `program`. Actions print only through `io`;
 * `serve` resolves when SIGINT or SIGTERM stops the server.
 * @example registerReviewCommands(program, io); // methodscope report --db methodscope.db --out report.html
 */
export function registerReviewCommands(program: Command, io: CliIO): void {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));

  const report = program
    .command("report")
    .description("write a self-contained HTML report of the store (overview, heatmap, a page per paper)")
    .requiredOption("--db <file>", "SQLite store written by extract")
    .option("-o, --out <file>", "HTML file to write", "report.html")
    .option(
      "--exports <dir>",
      "folder with results.csv/results.jsonl/matrix.csv/values.csv/rates.csv to link (default: the report's folder)",
    )
    .option(
      "--run <key|latest|all>",
      "runs to show: a run key or prefix from `methodscope runs`, latest (default: the latest run of each engine), or all; repeatable",
      collectRuns,
      [] as string[],
    )
    .addOption(
      new Option(
        "--pages <where>",
        `papers' pages: in the one file, in a folder beside it (<name>_files/: the file stays small and opens fast at any size), or auto (a folder above ${PAGES_FOLDER_ABOVE.toLocaleString("en")} papers)`,
      )
        .choices(["auto", "file", "folder"])
        .default("auto"),
    )
    .exitOverride();
  addGroupByOption(report).action(
    (opts: { db: string; out: string; exports?: string; run: string[]; groupBy: string[]; pages: string }) => {
      const out = abs(opts.out);
      let folder: string | undefined;
      const exportsDir = abs(opts.exports ?? dirname(out));
      const exports = exportLinks(dirname(out), exportsDir);
      // The main thread holds the summary of every paper (about 140 MB at 100,000 papers) while it
      // renders and writes pages, and V8 let its heap grow to four times its live size between full
      // collections (616 MB at 100,000 papers, `--trace-gc`): twice is enough for this steady work.
      limitHeapGrowth();
      // Written piece by piece, a paper at a time: no string holds the whole report.
      withStore(abs(opts.db), (store) => {
        const metadata = readPaperMetadata(store);
        const paperMetadata = (id: string) => metadata.get(id);
        const runs = selectRuns(store, opts.run);
        // The block workers start on the first papers' pages while this thread reads the summary of every paper.
        const headStart = startPagesEarly(store, { runs, metadata: paperMetadata });
        try {
          const source = storeSource(store, { runs });
          folder = pagesFolder(out, opts.pages, source.summary.papers.length);
          const options = {
            exports,
            generatedAt: new Date(),
            rates: { groupBy: opts.groupBy, metadataOf: paperMetadata },
            metadata: paperMetadata,
            ...(headStart && { headStart }),
          };
          if (!folder) writeOutputParts(out, "--out", (write) => writeReport(source, options, write));
          else {
            // A folder's pages are compressed blocks whatever the corpus size (inlinePapers 0).
            const into = folder;
            writeWithFolder(out, into, (write, blockFiles) =>
              writeReport(source, { ...options, inlinePapers: 0, blockFiles }, write),
            );
          }
        } finally {
          if (headStart) endPagesEarly(headStart);
        }
      });
      io.stdout(
        folder
          ? `wrote ${opts.out} (papers' pages in ${join(dirname(opts.out), basename(folder))}/)\n`
          : `wrote ${opts.out}\n`,
      );
      // Say which export files the report could not link, rather than leaving them out silently.
      const missing = EXPORT_FILES.filter((name) => !existsSync(resolve(exportsDir, name)));
      if (missing.length > 0) {
        io.stderr(
          `methodscope: warning: ${escapeControl(exportsDir)} has no ${missing.join(", ")}; the report links ${
            exports.length > 0 ? "only the others" : "no export files"
          } (point --exports at extract's --out folder)\n`,
        );
      }
    },
  );

  const serveCommand = program
    .command("serve")
    .description("review answers in the browser; corrections are stored as gold labels (Ctrl+C to stop)")
    .requiredOption("--db <file>", "SQLite store written by extract")
    .option("--port <n>", "port (0 = any free port)", port, 4173)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--reviewer <name>", "name stored with every review (default: $USER)")
    .option(
      "--allow-host <name[:port]>",
      "also answer requests addressed to this host name (repeatable; default: only the bound address)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--run <key|latest|all>",
      "runs to show: a run key or prefix from `methodscope runs`, latest (default: the latest run of each engine), or all; repeatable",
      collectRuns,
      [] as string[],
    )
    .exitOverride();
  addGroupByOption(serveCommand).action((opts: ServeCliOptions) => runServe(opts, io, untilSignal()));

  const runs = program
    .command("runs")
    .description("list the runs in a store: key, engine, settings, date, papers, tool version")
    // Not a required option: commander would demand it of `runs prune` too, which has its own.
    .option("--db <file>", "SQLite store written by extract")
    .option("--json", "print as JSON", false)
    .exitOverride()
    .action((opts: { db?: string; json: boolean }) => {
      if (!opts.db) throw new MethodscopeError("usage", "runs needs --db <file>");
      const list = withStore(abs(opts.db), listRuns);
      io.stdout(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatRuns(list));
    });
  runs
    .command("prune")
    .description("delete the answers of superseded runs (an engine's older setups); reviews stay")
    .option("--db <file>", "SQLite store written by extract")
    .option(
      "--keep <key>",
      "a run key (or prefix) to keep although superseded; repeatable",
      collectRuns,
      [] as string[],
    )
    .option("--dry-run", "only say what would be removed", false)
    .exitOverride()
    .action((opts: { db?: string; keep: string[]; dryRun: boolean }) => {
      // `runs prune --db F`: commander may hand --db to the parent command, which declares it too.
      const db = opts.db ?? (runs.opts() as { db?: string }).db;
      if (!db) throw new MethodscopeError("usage", "runs prune needs --db <file>");
      const store = openExisting(abs(db), { readonly: opts.dryRun });
      try {
        const keep = opts.keep.length > 0 ? selectRuns(store, opts.keep) : new Set<string>();
        if (opts.dryRun) {
          const needed = new Set(keep);
          const all = listRuns(store);
          for (const r of all)
            if (!r.superseded || keep.has(r.runKey)) for (const k of [r.runKey, ...r.members]) needed.add(k);
          const doomed = all.filter((r) => r.superseded && !needed.has(r.runKey));
          io.stdout(
            `would remove ${doomed.length} run key(s): ${doomed.map((r) => r.runKey.slice(0, 12)).join(", ") || "none"}\n`,
          );
          return;
        }
        const removed = pruneRuns(store, keep);
        io.stdout(
          `removed ${removed.runKeys.length} superseded run key(s) and ${removed.answers} answer(s)${
            removed.runKeys.length > 0 ? `: ${removed.runKeys.map((k) => k.slice(0, 12)).join(", ")}` : ""
          }\n`,
        );
      } finally {
        store.close();
      }
    });

  const gold = program.command("gold").description("gold labels from reviews").exitOverride();
  gold
    .command("export")
    .description("write the latest reviewed label of every (paper, CQ) as JSONL")
    .requiredOption("--db <file>", "SQLite store")
    .option("-o, --out <file>", "JSONL file to write", "gold.jsonl")
    .option(
      "--run <key|latest|all>",
      "only reviews made of these runs' answers (default: every review: a gold label is about the paper)",
      collectRuns,
      [] as string[],
    )
    .exitOverride()
    .action((opts: { db: string; out: string; run: string[] }) => {
      const records = withStore(abs(opts.db), (store) => {
        const all = goldRecords(store);
        if (opts.run.length === 0) return all;
        const runs = selectRuns(store, opts.run);
        return all.filter((r) => r.run_key !== null && runs.has(r.run_key));
      });
      writeOutput(abs(opts.out), goldJsonl(records), "--out");
      io.stdout(`wrote ${opts.out} (${records.length} gold label${records.length === 1 ? "" : "s"})\n`);
    });

  program
    .command("eval")
    .description("score every engine, model and the vote against gold labels (same metrics as bench)")
    .requiredOption("--db <file>", "SQLite store with the machine answers")
    .requiredOption("--gold <file>", "gold.jsonl from `gold export`")
    .option("--report <file>", "write all metrics as JSON")
    .option(
      "--run <key|latest|all>",
      "runs to show: a run key or prefix from `methodscope runs`, latest (default: the latest run of each engine), or all; repeatable",
      collectRuns,
      [] as string[],
    )
    .exitOverride()
    .action(async (opts: { db: string; gold: string; report?: string; run: string[] }) => {
      const gold = await readGoldFile(abs(opts.gold), opts.gold);
      const result = withStore(abs(opts.db), (store) =>
        evaluateGold(loadCorpus(store, undefined, { runs: selectRuns(store, opts.run) }), gold),
      );
      io.stdout(formatEvaluation(result));
      if (opts.report) {
        writeOutput(abs(opts.report), `${JSON.stringify(result, null, 2)}\n`, "--report");
        io.stdout(`wrote ${opts.report}\n`);
      }
    });
}

/**
 * Serves until `stop` resolves (or the server closes), then closes server and store.
 * Exported for tests, which pass their own `stop`.
 */
export async function runServe(opts: ServeCliOptions, io: CliIO, stop: Promise<void>): Promise<void> {
  // serve stores reviews, so it opens the store for writing; it must still be a store extract wrote.
  const store = openExisting(resolve(io.cwd, opts.db), { readonly: false });
  try {
    // The server reads every paper's votes before it listens (seconds at 100,000 papers): say why it waits.
    const papers = Number(store.db.prepare("SELECT count(*) FROM documents").pluck().get());
    if (papers >= 10_000) io.stderr(`methodscope serve: reading the answers of ${papers} papers before listening…\n`);
    const server = await serve({
      store,
      port: opts.port,
      host: opts.host,
      extraHosts: opts.allowHost,
      runs: selectRuns(store, opts.run ?? []),
      ...(opts.groupBy && { groupBy: opts.groupBy }),
      reviewer: opts.reviewer ?? io.env.USER ?? "reviewer",
      onInternalError: (error) =>
        io.stderr(`methodscope serve: ${error instanceof Error ? error.stack : String(error)}\n`),
    });
    if (!["127.0.0.1", "localhost", "::1"].includes(opts.host)) {
      io.stderr(
        `methodscope: warning: listening on ${opts.host}; anyone who can reach it and has the URL can review.\n`,
      );
    }
    io.stdout(`methodscope review UI: ${server.url}\n(open it in a browser; Ctrl+C stops the server)\n`);
    await Promise.race([stop, server.closed]);
    await server.close();
    io.stdout("server stopped\n");
  } finally {
    store.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** The files of extract's output set that the report links. */
const EXPORT_FILES: readonly string[] = [
  OUTPUT_FILES.resultsCsv,
  OUTPUT_FILES.results,
  OUTPUT_FILES.matrix,
  OUTPUT_FILES.values,
  OUTPUT_FILES.rates,
  OUTPUT_FILES.manifest,
];

function exportLinks(reportDir: string, exportsDir: string): ExportLink[] {
  return EXPORT_FILES.map((name) => resolve(exportsDir, name))
    .filter((path) => existsSync(path))
    .map((path) => {
      const href = relative(reportDir, path).split("\\").join("/");
      return { label: href, href: encodeURI(href) };
    });
}

/**
 * Opens a store that must already exist (openStore would create an empty one): read-only unless
 * told otherwise, so report, gold export and eval never change it and work on a read-only file.
 */
function openExisting(path: string, { readonly = true }: { readonly?: boolean } = {}): Store {
  if (!existsSync(path)) {
    throw new MethodscopeError("usage", `No store at ${path}. Run \`methodscope extract … --db ${path}\` first.`);
  }
  if (!readonly && isEmptyFile(path)) {
    throw new MethodscopeError(
      "not-a-store",
      `${path} is an empty file, not a methodscope store. Give the file that \`methodscope extract --db\` wrote.`,
    );
  }
  return openStore(path, { readonly });
}

function isEmptyFile(path: string): boolean {
  const stat = statSync(path);
  return stat.isFile() && stat.size === 0;
}

/**
 * Lets the heap grow to twice its live size between full collections, not up to four times (V8's
 * default for a heap that collects fast): process-wide, for the rest of this command.
 */
function limitHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=100");
}

function withStore<T>(path: string, fn: (store: Store) => T): T {
  const store = openExisting(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** `report --pages auto` puts papers' pages in a folder above this many papers (a 30 MB file, ~2 s to open). */
const PAGES_FOLDER_ABOVE = 5000;

/**
 * The folder `report --pages <where>` puts the papers' pages of a report of `papers` papers in, or
 * undefined for none (in the file): `report.html` → `report_files` (as browsers save a page with its files).
 * @example pagesFolder("/r/report.html", "auto", 20_000) // "/r/report_files"
 */
export function pagesFolder(out: string, where: string, papers: number): string | undefined {
  const folder = where === "folder" || (where === "auto" && papers > PAGES_FOLDER_ABOVE);
  return folder ? join(dirname(out), `${basename(out, extname(out))}_files`) : undefined;
}

/**
 * Writes the report `out` and its pages' folder `folder` (each into a temporary name, then both put
 * in place, an earlier folder of that name replaced): `fill` gets the report's writer and the folder's.
 */
function writeWithFolder(
  out: string,
  folder: string,
  fill: (write: (part: string) => void, blockFiles: BlockFiles) => void,
): void {
  const partial = `${folder}.partial-${process.pid}`;
  const old = `${folder}.old-${process.pid}`;
  try {
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const href = `${encodeURIComponent(basename(folder))}/`;
    writeOutputParts(out, "--out", (write) =>
      fill(write, { href, write: (name, text) => writeFileSync(join(partial, name), text) }),
    );
    if (existsSync(folder)) renameSync(folder, old);
    renameSync(partial, folder);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw writeError(error, folder, "--out");
  }
}

/**
 * Writes one output file (creating its folder); a path that cannot be written is a usage error
 * naming the option, not an internal one.
 */
function writeOutput(path: string, text: string, option: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw writeError(error, path, option);
  }
}

/**
 * Writes `path` from the parts `fill` gives, into a temporary file beside it that replaces it once
 * complete (an interrupted report never leaves half a file).
 */
function writeOutputParts(path: string, option: string, fill: (write: (part: string) => void) => void): void {
  const partial = `${path}.partial-${process.pid}`;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(partial, "w");
    const file = fd;
    fill((part) => {
      writeSync(file, part);
    });
    closeSync(fd);
    fd = undefined;
    renameSync(partial, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    throw writeError(error, path, option);
  }
}

/** A file-system error as a usage error that says what to do; anything else as it is. */
function writeError(error: unknown, path: string, option: string): unknown {
  const errno = (error as NodeJS.ErrnoException).code ?? "";
  const why: Record<string, string> = {
    EISDIR: "it is a folder; give a file name",
    ENOTDIR: "a part of the path is a file, not a folder",
    EEXIST: "a part of the path is a file, not a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full",
  };
  if (errno === "") return error; // not a file-system error: a bug, reported as internal
  const reason = why[errno] ?? (error as Error).message;
  return new MethodscopeError("usage", `Cannot write ${path} (${option}): ${reason}.`, { cause: error });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number 0–65535");
  return n;
}

function collectRuns(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The run list as a table: newest last; superseded runs marked. */
function formatRuns(runs: RunSummary[]): string {
  if (runs.length === 0) return "no runs in this store\n";
  const lines = runs.map((r) => {
    const mode = typeof r.settings.mode === "string" ? ` mode=${r.settings.mode}` : "";
    const model = typeof r.settings.model === "string" ? ` model=${r.settings.model}` : "";
    const learned = r.settings.learned === null ? " rules-only" : "";
    const when = r.lastStartedAt ? r.lastStartedAt.slice(0, 19).replace("T", " ") : "(no run record)";
    const state = r.superseded ? "superseded" : "latest";
    return `${r.runKey.slice(0, 12)}  ${state.padEnd(10)}  ${when.padEnd(19)}  ${String(r.papers).padStart(6)} papers  v${
      r.toolVersion ?? "?"
    }  ${r.engine}${mode}${model}${learned}${r.members.length > 0 ? `  members: ${r.members.map((m) => m.slice(0, 8)).join(" ")}` : ""}`;
  });
  return `${["key           state       last run             papers        tool  engine", ...lines].join("\n")}\n`;
}
