/**
 * The output set of `extract`: results.jsonl, results.csv, matrix.csv, values.csv, rates.csv and
 * run.json, replaced as a set.
 *
 * How a set is replaced, and why a reader can always tell a consistent one:
 * 1. Every file is written (and fsynced) into a temporary folder inside `--out`, `.tmp-<pid>-<random>/`,
 *    on the same file system, so each later move is one atomic rename.
 * 2. run.json names the files it belongs to, with their SHA-256 and size (`files`).
 * 3. The previous run.json is removed first; then the data files are renamed into place; run.json is
 *    renamed in last: it is the commit record.
 * A rename replaces one file atomically, but several renames are not one, so a run killed half-way leaves a
 * mix. The order makes every state readable: while run.json is there, every file it names has the bytes
 * it lists (the old set before step 3, the new one after it); no run.json means a set was being replaced
 * and is not to be trusted ({@link verifyOutputs} says which). The temporary folder is removed in a
 * `finally`; one left by a killed run (its process is gone) is removed by the next run, as are the
 * `*.tmp-<pid>` files older versions left.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { MethodscopeError } from "../errors.js";
import { chunkedWriter, syncFolder } from "../files.js";
import {
  matrixCsvHeader,
  matrixCsvLine,
  paperKey,
  resultsCsvHeader,
  resultsCsvLine,
  rowsByPaper,
  valuesCsvHeader,
  valuesCsvLine,
} from "./csv.js";
import {
  countRatePaper,
  DEFAULT_GROUP_BY,
  emptyRateTallies,
  type RateCell,
  type RateQuestion,
  rateCellOf,
  rateRows,
  ratesCsvLines,
} from "./rates.js";
import type { ResultRow } from "./rows.js";

/** The files `extract` writes into its output folder. */
export const OUTPUT_FILES = {
  results: "results.jsonl",
  resultsCsv: "results.csv",
  matrix: "matrix.csv",
  values: "values.csv",
  rates: "rates.csv",
  manifest: "run.json",
} as const;

/** What run.json records of each file of its set. */
export interface OutputFileRecord {
  sha256: string;
  bytes: number;
}

/** A step of {@link writeOutputs}, reported to `onStep` (tests stop a run there). */
export type WriteStep =
  | "written-to-temp"
  | "previous-manifest-removed"
  | `moved:${string}`
  | "manifest-moved"
  | "temp-removed";

export interface WriteOutputsOptions {
  /** Called after each step; a test may kill the process here to check what a kill leaves. */
  onStep?: (step: WriteStep) => void;
  /** Now, for telling how old a stale temporary folder is (tests). */
  now?: () => number;
  /** How rates.csv groups the papers and names the questions (default: by year, questions "CQ<n>"). */
  rates?: RatesOutputOptions;
}

/** What rates.csv needs beyond the rows: the questions' labels, the grouping and each paper's metadata. */
export interface RatesOutputOptions {
  /** The questions in output order, with their short labels (default: `cqs`, labelled "CQ<n>"). */
  questions?: readonly RateQuestion[];
  /** Metadata keys to group by (default: year); "venue" is the journal. */
  groupBy?: readonly string[];
  /** A paper's metadata (year, journal, …) by paper id; papers without are "unknown". */
  metadataOf?: (paperId: string) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * A temporary folder or file of an output write: `.tmp-<pid>-<random>` (this version) or
 * `<output file>.tmp-<pid>` (earlier versions). Nothing else in `--out` is ever removed.
 */
const TEMP_NAME = /^(?:\.tmp-(\d+)-[0-9a-f]+|(?:results\.jsonl|results\.csv|matrix\.csv|run\.json)\.tmp-(\d+))$/;
/** A temporary entry this old is stale even when a process with its pid runs (the pid was reused). */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Writes results.jsonl, results.csv, matrix.csv, values.csv, rates.csv and run.json into `outDir` as a set (see the module
 * comment): run.json gets `files`, the name, SHA-256 and size of each file of its set. Returns the paths.
 * @example writeOutputs("out", rows, [1, 2, 3], manifest) // ["out/results.jsonl", …, "out/run.json"]
 */
export function writeOutputs(
  outDir: string,
  rows: Iterable<ResultRow>,
  cqs: number[],
  manifest: unknown,
  options: WriteOutputsOptions = {},
): string[] {
  const set = openOutputSet(outDir, cqs, options);
  try {
    // Grouped first: the set takes a paper's rows together, and these rows may come in any order.
    for (const paperRows of rowsByPaper(rows)) set.add(paperRows);
    return set.commit(manifest);
  } finally {
    set.abort();
  }
}

/**
 * An output set being written while a run goes on: rows go to the files in the temporary folder as they
 * come, so memory holds one paper's rows and small per-paper tallies, whatever the corpus size.
 */
export interface OutputSet {
  /**
   * Adds rows, a paper's rows together (the rows of one paper id, or one failed input's row): a paper's line
   * of matrix.csv and values.csv is written when the next paper's rows arrive. A paper that comes back later
   * (the same id again) adds nothing to matrix.csv, values.csv and rates.csv. `metadata` is the paper's
   * (year, journal, …) for rates.csv; without it, the options' `metadataOf` is asked when the paper is done.
   */
  add(rows: readonly ResultRow[], metadata?: Readonly<Record<string, unknown>>): void;
  /** Rows held, not yet written: at most one paper's. */
  readonly held: number;
  /**
   * Finishes the files, writes run.json with their records and moves the set into `outDir`. `inputs`, when
   * given, is written as run.json's `inputs` (read as it is written: it may come from a file).
   */
  commit(manifest: unknown, inputs?: Iterable<unknown>): string[];
  /** Removes the temporary folder (after `commit` there is nothing left to remove). */
  abort(): void;
}

/**
 * Starts writing an output set into a temporary folder of `outDir` (created when missing); stale
 * temporary entries of killed runs are removed first. See {@link OutputSet}.
 * @example const set = openOutputSet("out", [1, 2]); set.add(rowsOfPaper); set.commit(manifest)
 */
export function openOutputSet(outDir: string, cqs: number[], options: WriteOutputsOptions = {}): OutputSet {
  const step = options.onStep ?? (() => {});
  guard(outDir, () => mkdirSync(outDir, { recursive: true }));
  removeStaleTemps(outDir, options.now?.() ?? Date.now());
  const temp = join(outDir, `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  guard(outDir, () => mkdirSync(temp));
  let files: Record<string, DurableFile> = {};
  try {
    files = guard(outDir, () => ({
      [OUTPUT_FILES.results]: openDurable(join(temp, OUTPUT_FILES.results)),
      [OUTPUT_FILES.resultsCsv]: openDurable(join(temp, OUTPUT_FILES.resultsCsv)),
      [OUTPUT_FILES.matrix]: openDurable(join(temp, OUTPUT_FILES.matrix)),
      [OUTPUT_FILES.values]: openDurable(join(temp, OUTPUT_FILES.values)),
      [OUTPUT_FILES.rates]: openDurable(join(temp, OUTPUT_FILES.rates)),
    }));
  } catch (error) {
    for (const file of Object.values(files)) file.close();
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  const file = (name: string) => files[name] as DurableFile;
  // Lines are gathered in memory and written in chunks, so a failing write surfaces in `add` or `commit`:
  // each guards its whole call once, not every line.
  const write = (name: string, line: string) => file(name).write(line);
  guard(outDir, () => {
    write(OUTPUT_FILES.resultsCsv, resultsCsvHeader());
    write(OUTPUT_FILES.matrix, matrixCsvHeader(cqs));
    write(OUTPUT_FILES.values, valuesCsvHeader());
  });

  // The paper whose rows are arriving (and its metadata); papers already written (by key); rates.csv's
  // counts, kept as papers are done.
  let current: ResultRow[] = [];
  let currentKey = "";
  let currentMetadata: Readonly<Record<string, unknown>> | undefined;
  const written = new Set<string>();
  const rates = options.rates ?? {};
  const tallies = emptyRateTallies(rates.groupBy ?? DEFAULT_GROUP_BY);
  const finishPaper = () => {
    const first = current[0];
    if (!first) return;
    if (!written.has(currentKey)) {
      written.add(currentKey);
      write(OUTPUT_FILES.matrix, matrixCsvLine(current, cqs));
      const values = valuesCsvLine(current);
      if (values !== undefined) write(OUTPUT_FILES.values, values);
      const cells = rateCellsOf(current);
      if (first.paper_id && cells.length > 0)
        countRatePaper(tallies, { metadata: currentMetadata ?? rates.metadataOf?.(first.paper_id), cells });
    }
    current = [];
    currentMetadata = undefined;
  };
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const f of Object.values(files)) f.close();
    rmSync(temp, { recursive: true, force: true });
  };

  return {
    add(rows, metadata) {
      guard(outDir, () => {
        for (const row of rows) {
          const key = paperKey(row);
          if (key !== currentKey) {
            finishPaper();
            currentKey = key;
            currentMetadata = metadata;
          }
          current.push(row);
          write(OUTPUT_FILES.results, `${JSON.stringify(row)}\n`);
          write(OUTPUT_FILES.resultsCsv, resultsCsvLine(row));
        }
      });
    },
    get held() {
      return current.length;
    },
    commit(manifest, inputs) {
      const questions = rates.questions ?? cqs.map((cq) => ({ cq, label: `CQ${cq}` }));
      const records: Record<string, OutputFileRecord> = {};
      guard(outDir, () => {
        finishPaper();
        for (const line of ratesCsvLines(rateRows(tallies, questions))) write(OUTPUT_FILES.rates, line);
        for (const [name, f] of Object.entries(files)) records[name] = f.finish();
        writeDurably(join(temp, OUTPUT_FILES.manifest), manifestChunks(withFiles(manifest, records), inputs));
      });
      step("written-to-temp");
      guard(outDir, () => rmSync(join(outDir, OUTPUT_FILES.manifest), { force: true }));
      step("previous-manifest-removed");
      for (const name of Object.keys(files)) {
        guard(outDir, () => renameSync(join(temp, name), join(outDir, name)));
        step(`moved:${name}`);
      }
      guard(outDir, () => {
        renameSync(join(temp, OUTPUT_FILES.manifest), join(outDir, OUTPUT_FILES.manifest));
        syncFolder(outDir);
      });
      step("manifest-moved");
      close();
      step("temp-removed");
      return [...Object.keys(files), OUTPUT_FILES.manifest].map((name) => join(outDir, name));
    },
    abort: close,
  };
}

/** A paper's rate cells: one per answered question; a question answered twice (rows given twice) counts once. */
function rateCellsOf(rows: readonly ResultRow[]): RateCell[] {
  const cells: RateCell[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const cell = rateCellOf(row);
    if (!cell || seen.has(cell.cq)) continue;
    seen.add(cell.cq);
    cells.push(cell);
  }
  return cells;
}

/**
 * `JSON.stringify(manifest, null, 2)` and a newline, in pieces: its `inputs` (one record per input file,
 * some 60 MB at 100,000 papers) an item at a time, so run.json is never one string. `inputs`, when given,
 * stands for the manifest's own (which may then be a placeholder): it is iterated once, as it is written.
 */
export function* manifestChunks(
  manifest: Record<string, unknown>,
  inputs: Iterable<unknown> | undefined = Array.isArray(manifest.inputs) ? manifest.inputs : undefined,
): Generator<string> {
  const items = inputs?.[Symbol.iterator]();
  let next = items?.next();
  if (!items || !next || next.done) {
    yield `${JSON.stringify(inputs ? { ...manifest, inputs: [] } : manifest, null, 2)}\n`;
    return;
  }
  // A string JSON escapes, so its JSON form cannot occur anywhere else in the text.
  const marker = JSON.stringify("\u0000inputs\u0000");
  const text = JSON.stringify({ ...manifest, inputs: JSON.parse(marker) }, null, 2);
  const at = text.indexOf(marker);
  yield `${text.slice(0, at)}[\n`;
  while (!next.done) {
    const item = JSON.stringify(next.value, null, 2).replace(/\n/g, "\n    ");
    next = items.next();
    yield `    ${item}${next.done ? "" : ","}\n`;
  }
  yield `  ]${text.slice(at + marker.length)}\n`;
}

/** What {@link verifyOutputs} found in an output folder. */
export type OutputState =
  /** run.json is there and every file it names has the size and SHA-256 it lists. */
  | { state: "consistent"; files: string[] }
  /** No run.json: no run wrote here yet, or a set was being replaced when its run was killed. */
  | { state: "incomplete"; present: string[] }
  /** run.json names a file that is missing or differs (changed by hand, or written by an older version). */
  | { state: "mismatch"; files: string[]; differing: string[] };

/**
 * Whether `outDir` holds a consistent output set: the files run.json names, each as run.json lists it.
 * @example verifyOutputs("out").state // "consistent"
 */
export function verifyOutputs(outDir: string): OutputState {
  const manifestPath = join(outDir, OUTPUT_FILES.manifest);
  if (!existsSync(manifestPath)) {
    const present = Object.values(OUTPUT_FILES).filter((name) => existsSync(join(outDir, name)));
    return { state: "incomplete", present };
  }
  const listed = listedFiles(readFileSync(manifestPath, "utf8"));
  const names = Object.keys(listed);
  const differing = names.filter((name) => {
    const path = join(outDir, name);
    if (!existsSync(path)) return true;
    const actual = hashFile(path);
    return actual.sha256 !== listed[name]?.sha256 || actual.bytes !== listed[name]?.bytes;
  });
  if (names.length === 0) return { state: "mismatch", files: [], differing: [OUTPUT_FILES.manifest] };
  return differing.length > 0 ? { state: "mismatch", files: names, differing } : { state: "consistent", files: names };
}

function listedFiles(manifestText: string): Record<string, OutputFileRecord> {
  try {
    const parsed = JSON.parse(manifestText) as { files?: unknown };
    const files = parsed.files;
    if (typeof files !== "object" || files === null) return {};
    return files as Record<string, OutputFileRecord>;
  } catch {
    return {};
  }
}

/** A file's record, read a megabyte at a time (results.jsonl passes 2 GB near 100,000 papers). */
function hashFile(path: string): OutputFileRecord {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  let bytes = 0;
  try {
    for (
      let n = readSync(fd, buffer, 0, buffer.length, bytes);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, bytes)
    ) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** The manifest with `files` added (a copy; a manifest that is not an object is written as `{ manifest, files }`). */
function withFiles(manifest: unknown, files: Record<string, OutputFileRecord>): Record<string, unknown> {
  if (typeof manifest === "object" && manifest !== null && !Array.isArray(manifest)) {
    return { ...(manifest as Record<string, unknown>), files };
  }
  return { manifest, files };
}

/** A new file written in chunks and hashed as it is written; flushed to disk by `finish`. */
interface DurableFile {
  write(line: string): void;
  /** Writes what is pending, fsyncs and closes; returns the file's SHA-256 and size. */
  finish(): OutputFileRecord;
  /** Closes without finishing (idempotent). */
  close(): void;
}

function openDurable(path: string): DurableFile {
  const fd = openSync(path, "wx");
  const hash = createHash("sha256");
  const out = chunkedWriter(fd, (chunk) => hash.update(chunk));
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  return {
    write: out.write,
    finish() {
      try {
        out.flush();
        fsyncSync(fd);
      } finally {
        close();
      }
      return { sha256: hash.digest("hex"), bytes: out.bytes };
    },
    close,
  };
}

/** Writes a new file from its lines (see {@link openDurable}). */
function writeDurably(path: string, lines: Iterable<string>): OutputFileRecord {
  const file = openDurable(path);
  try {
    for (const line of lines) file.write(line);
    return file.finish();
  } finally {
    file.close();
  }
}

/**
 * Removes temporary folders and files that earlier runs left in `outDir`: those whose process is gone
 * (killed), this process's own, and any older than a day. Another live run's are left alone.
 */
export function removeStaleTemps(outDir: string, now: number): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1] ?? match[2]);
    const path = join(outDir, name);
    let age = 0;
    try {
      age = now - lstatSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (pid === process.pid || !processRuns(pid) || age > STALE_AFTER_MS) {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
function processRuns(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Errors that mean `--out` names a place the user cannot write results to. */
const USER_FIXABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR", "ENOENT"]);

/** Runs a file operation on the output folder; a failure says which folder and what to do. */
function guard<T>(outDir: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code ?? (error as Error).message;
    throw new MethodscopeError(
      code && USER_FIXABLE.has(code) ? "usage" : "internal",
      `cannot write the results into ${outDir} (${reason}): choose an --out folder you can write to`,
      { cause: error },
    );
  }
}
