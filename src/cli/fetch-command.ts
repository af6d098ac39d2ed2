/**
 * `methodscope fetch <dois-file> --out <dir> --email <addr>`: open-access copies of a list of DOIs
 * (one per line, CSV, BibTeX or RIS) through OpenAlex and Unpaywall, into a folder `extract` reads.
 * Progress goes to stderr, the summary to stdout. Exit code 0 when every DOI is settled (downloaded or
 * definitively without a copy), 1 when some failed (run the same command again to retry them), 2 on
 * usage errors.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { escapeControl, MethodscopeError } from "../errors.js";
import { FETCH_DEFAULTS, type FetchProgress, type FetchSummary, fetchDois, parseDoiList } from "../fetch/index.js";
import type { CliIO } from "./io.js";

interface FetchCliOptions {
  out: string;
  email: string;
  rate: number;
  retries: number;
  timeout: number;
  prefer: "xml" | "pdf";
  openalexUrl: string;
  unpaywallUrl: string;
  europepmcUrl: string;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number above 0");
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number, 0 or more");
  return n;
}

/**
 * Adds `fetch` to `program`. The action prints only through `io`; usage mistakes throw
 * MethodscopeError("usage"). With `setExit`, failed DOIs set exit code 1; without it, they end the
 * command with a MethodscopeError (which `main` also turns into 1).
 * @example registerFetchCommand(program, processIO(), setExit); // methodscope fetch dois.txt --out papers --email me@uni.edu
 */
export function registerFetchCommand(program: Command, io: CliIO, setExit?: (code: number) => void): void {
  program
    .command("fetch")
    .description("download open-access copies (JATS XML or PDF) of a list of DOIs via OpenAlex and Unpaywall")
    .argument("<dois-file>", "DOIs: one per line, or a CSV with a doi column, BibTeX or RIS")
    .requiredOption("--out <dir>", "folder for the copies and fetch.jsonl (then: methodscope extract <dir>)")
    .requiredOption("--email <addr>", "your contact e-mail, sent to OpenAlex and Unpaywall as they ask")
    .option("--rate <n>", "requests per second, all services together", positiveNumber, FETCH_DEFAULTS.rate)
    .option(
      "--retries <n>",
      "retries on HTTP 429, 5xx, timeouts and network errors",
      wholeNumber,
      FETCH_DEFAULTS.retries,
    )
    .option("--timeout <s>", "seconds per request, download included", positiveNumber, FETCH_DEFAULTS.timeoutMs / 1000)
    .addOption(new Option("--prefer <kind>", "which copy to try first").choices(["xml", "pdf"]).default("xml"))
    .option("--openalex-url <url>", "OpenAlex API base", FETCH_DEFAULTS.openalexUrl)
    .option("--unpaywall-url <url>", "Unpaywall API base", FETCH_DEFAULTS.unpaywallUrl)
    .option("--europepmc-url <url>", "Europe PMC REST base (full-text JATS XML)", FETCH_DEFAULTS.europepmcUrl)
    .exitOverride()
    .action(async (file: string, opts: FetchCliOptions) => {
      const abs = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
      const list = parseDoiList(readDoiFile(abs(file), file));
      if (list.invalid.length > 0) {
        const shown = list.invalid.slice(0, 5).map((d) => escapeControl(d));
        io.stderr(`skipped ${list.invalid.length} entries that are not DOIs: ${shown.join(", ")}\n`);
      }
      if (list.dois.length === 0) {
        throw new MethodscopeError("usage", `${file} (read as ${list.format}) holds no DOI; give one per line.`);
      }
      io.stderr(
        `${list.dois.length} DOIs from ${file} (${list.format}${list.duplicates ? `, ${list.duplicates} repeats dropped` : ""})\n`,
      );
      const summary = await fetchDois({
        dois: list.dois,
        outDir: abs(opts.out),
        email: opts.email,
        rate: opts.rate,
        retries: opts.retries,
        timeoutMs: opts.timeout * 1000,
        prefer: opts.prefer,
        openalexUrl: opts.openalexUrl,
        unpaywallUrl: opts.unpaywallUrl,
        europepmcUrl: opts.europepmcUrl,
        onProgress: (event) => io.stderr(progressLine(event)),
      });
      io.stdout(summaryText(summary, opts.out));
      if (summary.failed > 0) {
        if (setExit) setExit(1);
        else throw new MethodscopeError("unreadable", `${summary.failed} DOIs failed; run the same command again.`);
      }
    });
}

function readDoiFile(path: string, shown: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new MethodscopeError("usage", `cannot read the DOI file ${shown}: ${(error as Error).message}`);
  }
}

/** One stderr line per settled DOI. */
export function progressLine(event: FetchProgress): string {
  const { entry } = event;
  const head = `[${event.done}/${event.total}] ${escapeControl(entry.doi)}`;
  if (event.skipped) return `${head}: ${entry.status} in an earlier run, skipped\n`;
  if (entry.status === "downloaded")
    return `${head}: downloaded ${entry.file}${entry.via ? ` (via ${entry.via})` : ""}\n`;
  return `${head}: ${entry.status}: ${escapeControl(entry.reason ?? "")}\n`;
}

/** The closing summary, with the next step. */
export function summaryText(s: FetchSummary, out: string): string {
  const lines = [
    `fetch: ${s.total} DOIs: ${s.downloaded} downloaded, ${s.noOaCopy} without an open-access copy, ` +
      `${s.notFound} not found, ${s.failed} failed${s.skipped ? ` (${s.skipped} settled by an earlier run)` : ""}`,
    `manifest: ${s.manifest}`,
  ];
  if (s.failed > 0) lines.push("run the same command again to retry the failed DOIs; the others are skipped");
  if (s.downloaded > 0) lines.push(`next: methodscope extract ${out} --out <results folder>`);
  return `${lines.join("\n")}\n`;
}
