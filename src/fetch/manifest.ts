/**
 * `fetch.jsonl`, the record of a fetch folder: one line per DOI and attempt, appended as each DOI is
 * settled, so a killed run keeps everything it finished. The last line of a DOI is its state. A second
 * run skips DOIs downloaded or definitively without a copy (not-found, no-oa-copy) and retries failed ones.
 */

import { createHash } from "node:crypto";
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { z } from "zod";

export const MANIFEST_FILE = "fetch.jsonl";

export const FETCH_STATUSES = ["downloaded", "not-found", "no-oa-copy", "failed"] as const;
export type FetchStatus = (typeof FETCH_STATUSES)[number];

/** One line of fetch.jsonl. */
export const ManifestEntrySchema = z.object({
  doi: z.string(),
  status: z.enum(FETCH_STATUSES),
  /** The URL the file came from (after redirects). */
  source_url: z.string().nullable(),
  /** europepmc, openalex or unpaywall: the service that named the copy. */
  via: z.string().nullable(),
  license: z.string().nullable(),
  version: z.string().nullable(),
  /** File name inside the fetch folder. */
  file: z.string().nullable(),
  sha256: z.string().nullable(),
  bytes: z.number().int().nullable(),
  /** Why nothing was downloaded (or how a file was recovered). */
  reason: z.string().nullable(),
  fetched_at: z.string(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

/** Statuses a later run does not try again. */
export function isSettled(status: FetchStatus): boolean {
  return status !== "failed";
}

/**
 * The last entry of each DOI in a fetch folder's manifest (empty when there is none). Lines that are
 * not entries (a line cut short by a kill) are skipped: that DOI is simply tried again.
 */
export function readManifest(path: string): Map<string, ManifestEntry> {
  const entries = new Map<string, ManifestEntry>();
  if (!existsSync(path)) return entries;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = ManifestEntrySchema.safeParse(json);
    if (parsed.success) entries.set(parsed.data.doi, parsed.data);
  }
  return entries;
}

/**
 * Appends one entry as one line and flushes it. A file whose last line was cut short gets a line break
 * first, so the new entry is never glued to the broken one.
 */
export function appendManifest(path: string, entry: ManifestEntry): void {
  const needsBreak = existsSync(path) && !endsWithNewline(path);
  appendFileSync(path, `${needsBreak ? "\n" : ""}${JSON.stringify(entry)}\n`);
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function endsWithNewline(path: string): boolean {
  const text = readFileSync(path);
  return text.length === 0 || text[text.length - 1] === 0x0a;
}

/**
 * A file name for a DOI's copy: the DOI with its first "/" as "_" when it holds only letters, digits,
 * ".", "-" otherwise; other DOIs get their unsafe characters as "_" and a short hash of the DOI, so two
 * DOIs never share a name. Long names are cut and hashed too.
 * @example fileNameFor("10.1000/abc.1", "pdf") // "10.1000_abc.1.pdf"
 */
export function fileNameFor(doi: string, kind: "pdf" | "xml"): string {
  const slash = doi.indexOf("/");
  const prefix = doi.slice(0, slash);
  const suffix = doi.slice(slash + 1);
  let base = `${prefix}_${suffix}`;
  if (!/^[a-z0-9.-]+$/.test(suffix) || !/^[0-9.]+$/.test(prefix) || base.length > 120) {
    const hash = createHash("sha256").update(doi).digest("hex").slice(0, 10);
    base = `${base.replace(/[^a-z0-9.-]/g, "_").slice(0, 120)}-${hash}`;
  }
  return `${base}.${kind}`;
}
