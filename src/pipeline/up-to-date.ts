/**
 * Whether an output folder already holds what a run would write, so a rerun can leave it in place.
 *
 * A run whose every paper was answered in full records an *output key* in run.json: a digest of
 * everything its output set was made from, namely the tool and run keys, the questions, the options
 * that shape rows or files, every input's path and content hash in input order, and a mark of the
 * store's state (see {@link storeMark}). A later run into the same folder that computes the same key
 * before doing anything, and finds the set consistent (each file with the SHA-256 run.json lists),
 * would write byte for byte the same rows: it leaves the set as it is and records no run.
 *
 * The store mark is deliberately coarse. Any run started on the store since (its rowid in `runs`), a
 * paper added or deleted, or a metadata edit makes the next run a full one, whatever it touched.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hashJson } from "../hash.js";
import type { InputList, ReadLimits } from "../ingest/load.js";
import { readInputFile } from "../ingest/load.js";
import { OUTPUT_FILES, verifyOutputs } from "../report/write-outputs.js";
import type { Store } from "../store/index.js";
import type { RunManifest } from "./manifest.js";

/** What an output set is made from, besides its inputs and the store (plain data: hashed as JSON). */
export interface OutputKeyParts {
  tool: string;
  runKey: string;
  memberRunKeys: string[];
  /** Each question's number, wording hash and text, in order. */
  questions: { cq: number; hash: string; text: string }[];
  /** Options that shape rows or files (group-by, metadata file content, limits, reader, ...). */
  options: Record<string, unknown>;
}

/**
 * A running digest of the inputs in order, each as its path and content hash: the key's view of them,
 * computed as they come so that no list of every input is needed.
 * @example const d = createInputsDigest(); d.add("a.pdf", sha); d.value()
 */
export function createInputsDigest(): { add(file: string, sha256: string): void; value(): string } {
  const hash = createHash("sha256");
  let count = 0;
  return {
    add(file, sha256) {
      count++;
      // A NUL cannot occur in a path, so the pairs read back one way only.
      hash.update(`${file}\u0000${sha256}\n`);
    },
    value: () => `${count}:${hash.copy().digest("hex")}`,
  };
}

/** A digest of what an output set was made from (see the module comment). */
export function outputKey(parts: OutputKeyParts, inputsDigest: string, mark: StoreMark): string {
  return hashJson({ ...parts, inputs: inputsDigest, store: mark });
}

/** The store's state, as far as the output key needs it. */
export interface StoreMark {
  /** The rowid of the last run started. */
  lastRun: number;
  documents: number;
  /** The rowid of the last metadata edit (0 for none). */
  lastMetadataEdit: number;
}

/** Reads the store's {@link StoreMark}: three small indexed queries. */
export function storeMark(store: Store): StoreMark {
  const one = (sql: string): number => Number(store.db.prepare(sql).pluck().get() ?? 0);
  const hasEdits = one("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'metadata_edits'") > 0;
  return {
    lastRun: one("SELECT coalesce(max(rowid), 0) FROM runs"),
    documents: one("SELECT count(*) FROM documents"),
    lastMetadataEdit: hasEdits ? one("SELECT coalesce(max(rowid), 0) FROM metadata_edits") : 0,
  };
}

/**
 * The output key to record for a finished run, or undefined when a rerun must not skip it: some input
 * failed or could not be hashed (a rerun retries it), or some paper lacks an answer to some question.
 */
export function keyToRecord(
  parts: OutputKeyParts,
  counts: Pick<RunManifest["counts"], "failed" | "answers" | "papers">,
  inputsDigest: string | undefined,
  mark: StoreMark,
): string | undefined {
  if (inputsDigest === undefined || counts.failed > 0 || counts.answers !== counts.papers * parts.questions.length)
    return undefined;
  return outputKey(parts, inputsDigest, mark);
}

/** Inputs read at once while checking. */
const READ_WINDOW = 32;

/** What {@link checkUpToDate} found: the folder's run.json when nothing would change, else why not. */
export type UpToDate = { upToDate: true; manifest: RunManifest } | { upToDate: false; reason: string };

/**
 * Whether `outDir` already holds what a run over `listed` would write: run.json records the key this
 * run computes (every input read and hashed, as the run would), and the set is consistent. Reads the
 * inputs in order and stops at the first that is not the one run.json lists.
 */
export async function checkUpToDate(
  outDir: string,
  listed: InputList,
  parts: OutputKeyParts,
  context: { store: Store; limits: ReadLimits },
): Promise<UpToDate> {
  const previous = recordedKey(outDir);
  if (!previous) return { upToDate: false, reason: "no output key in run.json" };
  if (listed.missing.length > 0 || listed.unreadable.length > 0)
    return { upToDate: false, reason: "inputs missing or unreadable" };
  if (previous.manifest.inputs.length !== listed.files.length)
    return { upToDate: false, reason: "another number of inputs" };
  const mark = storeMark(context.store);
  const digest = createInputsDigest();
  // Read a window of files at a time (the thread pool overlaps them), compared in input order.
  for (let start = 0; start < listed.files.length; start += READ_WINDOW) {
    const window = listed.files.slice(start, start + READ_WINDOW);
    const hashes = await Promise.all(
      window.map((file) =>
        readInputFile(file, context.limits).then(
          (input) => input.sha256,
          () => undefined,
        ),
      ),
    );
    for (const [j, file] of window.entries()) {
      const sha256 = hashes[j];
      const before = previous.manifest.inputs[start + j];
      if (sha256 === undefined || before?.file !== file || before.sha256 !== sha256)
        return { upToDate: false, reason: `${file} changed or could not be read` };
      digest.add(file, sha256);
    }
  }
  if (outputKey(parts, digest.value(), mark) !== previous.key) return { upToDate: false, reason: "something changed" };
  if (verifyOutputs(outDir).state !== "consistent") return { upToDate: false, reason: "output set not consistent" };
  return { upToDate: true, manifest: previous.manifest };
}

function recordedKey(outDir: string): { key: string; manifest: RunManifest } | undefined {
  const path = join(outDir, OUTPUT_FILES.manifest);
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as RunManifest;
    return typeof manifest.output_key === "string" && Array.isArray(manifest.inputs)
      ? { key: manifest.output_key, manifest }
      : undefined;
  } catch {
    return undefined;
  }
}
