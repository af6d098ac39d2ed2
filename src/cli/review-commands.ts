/**
 * `methodscope report | serve | gold export | eval`: read a store that `extract` filled, show it,
 * review it, and score the engines against the reviewers' gold labels.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { MethodscopeError } from "../errors.js";
import { evaluateGold, formatEvaluation, goldJsonl, goldRecords, parseGoldJsonl } from "../evaluate/gold.js";
import { loadCorpus } from "../report/html/corpus.js";
import type { ExportLink } from "../report/html/overview.js";
import { renderReport } from "../report/html/report.js";
import { OUTPUT_FILES } from "../report/write-outputs.js";
import { serve } from "../server/serve.js";
import { openStore, type Store } from "../store/index.js";
import type { CliIO } from "./io.js";

interface ServeCliOptions {
  db: string;
  port: number;
  host: string;
  reviewer?: string;
}

/**
 * Adds `report`, `serve`, `gold export` and `eval` to `program`. Actions print only through `io`;
 * `serve` resolves when SIGINT or SIGTERM stops the server.
 * @example registerReviewCommands(program, io); // methodscope report --db methodscope.db --out report.html
 */
export function registerReviewCommands(program: Command, io: CliIO): void {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));

  program
    .command("report")
    .description("write a self-contained HTML report of the store (overview, heatmap, a page per paper)")
    .requiredOption("--db <file>", "SQLite store written by extract")
    .option("-o, --out <file>", "HTML file to write", "report.html")
    .option("--exports <dir>", "folder with results.csv/results.jsonl to link (default: the report's folder)")
    .exitOverride()
    .action((opts: { db: string; out: string; exports?: string }) => {
      const out = abs(opts.out);
      const html = withStore(abs(opts.db), (store) =>
        renderReport(loadCorpus(store), {
          exports: exportLinks(dirname(out), abs(opts.exports ?? dirname(out))),
          generatedAt: new Date(),
        }),
      );
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, html);
      io.stdout(`wrote ${opts.out}\n`);
    });

  program
    .command("serve")
    .description("review answers in the browser; corrections are stored as gold labels (Ctrl+C to stop)")
    .requiredOption("--db <file>", "SQLite store written by extract")
    .option("--port <n>", "port (0 = any free port)", port, 4173)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--reviewer <name>", "name stored with every review (default: $USER)")
    .exitOverride()
    .action((opts: ServeCliOptions) => runServe(opts, io, untilSignal()));

  const gold = program.command("gold").description("gold labels from reviews").exitOverride();
  gold
    .command("export")
    .description("write the latest reviewed label of every (paper, CQ) as JSONL")
    .requiredOption("--db <file>", "SQLite store")
    .option("-o, --out <file>", "JSONL file to write", "gold.jsonl")
    .exitOverride()
    .action((opts: { db: string; out: string }) => {
      const records = withStore(abs(opts.db), goldRecords);
      writeFileSync(abs(opts.out), goldJsonl(records));
      io.stdout(`wrote ${opts.out} (${records.length} gold label${records.length === 1 ? "" : "s"})\n`);
    });

  program
    .command("eval")
    .description("score every engine, model and the vote against gold labels (same metrics as bench)")
    .requiredOption("--db <file>", "SQLite store with the machine answers")
    .requiredOption("--gold <file>", "gold.jsonl from `gold export`")
    .option("--report <file>", "write all metrics as JSON")
    .exitOverride()
    .action((opts: { db: string; gold: string; report?: string }) => {
      const goldPath = abs(opts.gold);
      if (!existsSync(goldPath)) throw new MethodscopeError("usage", `No gold file at ${opts.gold}.`);
      const gold = parseGoldJsonl(readFileSync(goldPath, "utf8"), opts.gold);
      const result = withStore(abs(opts.db), (store) => evaluateGold(loadCorpus(store), gold));
      io.stdout(formatEvaluation(result));
      if (opts.report) {
        writeFileSync(abs(opts.report), `${JSON.stringify(result, null, 2)}\n`);
        io.stdout(`wrote ${opts.report}\n`);
      }
    });
}

/**
 * Serves until `stop` resolves (or the server closes), then closes server and store.
 * Exported for tests, which pass their own `stop`.
 */
export async function runServe(opts: ServeCliOptions, io: CliIO, stop: Promise<void>): Promise<void> {
  const store = openExisting(resolve(io.cwd, opts.db));
  try {
    const server = await serve({
      store,
      port: opts.port,
      host: opts.host,
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

function exportLinks(reportDir: string, exportsDir: string): ExportLink[] {
  return [OUTPUT_FILES.resultsCsv, OUTPUT_FILES.results, OUTPUT_FILES.matrix, OUTPUT_FILES.manifest]
    .map((name) => resolve(exportsDir, name))
    .filter((path) => existsSync(path))
    .map((path) => {
      const href = relative(reportDir, path).split("\\").join("/");
      return { label: href, href: encodeURI(href) };
    });
}

/** Opens a store that must already exist (openStore would create an empty one). */
function openExisting(path: string): Store {
  if (!existsSync(path)) {
    throw new MethodscopeError("usage", `No store at ${path}. Run \`methodscope extract … --db ${path}\` first.`);
  }
  return openStore(path);
}

function withStore<T>(path: string, fn: (store: Store) => T): T {
  const store = openExisting(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number 0–65535");
  return n;
}
