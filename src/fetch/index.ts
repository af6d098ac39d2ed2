/**
 * `fetch`: a list of DOIs → open-access copies in a folder, found through OpenAlex and Unpaywall,
 * JATS XML from Europe PMC preferred, then PDF; with a manifest (fetch.jsonl) that makes a second run
 * resume where the first stopped. The library never prints: progress goes to `onProgress`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pLimit from "p-limit";
import { MethodscopeError } from "../errors.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { type Candidate, candidatesFor, type FileKind } from "./candidates.js";
import { normaliseDoi } from "./dois.js";
import { contentProblem, downloadTo, removeStaleParts } from "./download.js";
import { createHttpClient, type HttpClient, readText } from "./http.js";
import { appendManifest, fileNameFor, isSettled, MANIFEST_FILE, type ManifestEntry, readManifest } from "./manifest.js";
import { type OaRecord, openAlexRecord, unpaywallRecord } from "./records.js";

export { type Candidate, candidatesFor, type FileKind } from "./candidates.js";
export { type DoiList, type DoiListFormat, normaliseDoi, parseDoiList } from "./dois.js";
export {
  FETCH_STATUSES,
  type FetchStatus,
  fileNameFor,
  MANIFEST_FILE,
  type ManifestEntry,
  readManifest,
} from "./manifest.js";

type Tunable =
  | "openalexUrl"
  | "unpaywallUrl"
  | "europepmcUrl"
  | "rate"
  | "retries"
  | "timeoutMs"
  | "prefer"
  | "concurrency"
  | "maxBytes"
  | "backoffMs";

/** The settings used when FetchOptions leaves them out: the real services, 5 requests/s, XML first. */
export const FETCH_DEFAULTS: Readonly<Required<Pick<FetchOptions, Tunable>>> = {
  openalexUrl: "https://api.openalex.org",
  unpaywallUrl: "https://api.unpaywall.org",
  europepmcUrl: "https://www.ebi.ac.uk/europepmc/webservices/rest",
  rate: 5,
  retries: 3,
  timeoutMs: 60_000,
  prefer: "xml",
  concurrency: 4,
  maxBytes: 200_000_000,
  backoffMs: 1000,
};

export interface FetchOptions {
  /** Normalised DOIs (see parseDoiList); repeats are fetched once. */
  dois: string[];
  outDir: string;
  /** The contact address both services ask for; sent as a parameter and in the User-Agent. */
  email: string;
  openalexUrl?: string;
  unpaywallUrl?: string;
  europepmcUrl?: string;
  /** Requests per second, all requests together. */
  rate?: number;
  retries?: number;
  timeoutMs?: number;
  prefer?: FileKind;
  /** DOIs worked on at the same time (the rate limit still holds over all of them). */
  concurrency?: number;
  maxBytes?: number;
  backoffMs?: number;
  onProgress?: (event: FetchProgress) => void;
  /** For tests. */
  fetchImpl?: typeof fetch;
}

/** One DOI settled (or skipped because an earlier run settled it). */
export interface FetchProgress {
  /** DOIs settled so far in this run, this one included. */
  done: number;
  total: number;
  entry: ManifestEntry;
  /** True when the entry is an earlier run's and nothing was asked. */
  skipped: boolean;
}

export interface FetchSummary {
  total: number;
  downloaded: number;
  notFound: number;
  noOaCopy: number;
  failed: number;
  /** DOIs an earlier run had settled. */
  skipped: number;
  manifest: string;
  /** The state of every DOI asked for, in input order. */
  entries: ManifestEntry[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Fetches open-access copies of `dois` into `outDir`, appending one fetch.jsonl line per DOI settled.
 * Throws MethodscopeError("usage") for a bad e-mail or settings; every per-DOI failure is an entry.
 * @example await fetchDois({ dois: ["10.1371/journal.pone.0000001"], outDir: "papers", email: "me@uni.edu" })
 */
export async function fetchDois(options: FetchOptions): Promise<FetchSummary> {
  const settings: Settings = { ...options, ...FETCH_DEFAULTS, ...definedOnly(options) };
  checkSettings(settings);
  mkdirSync(options.outDir, { recursive: true });
  removeStaleParts(options.outDir);
  const manifestPath = join(options.outDir, MANIFEST_FILE);
  const earlier = readManifest(manifestPath);
  const http = createHttpClient({
    rate: settings.rate,
    retries: settings.retries,
    timeoutMs: settings.timeoutMs,
    backoffMs: settings.backoffMs,
    userAgent: `${TOOL_NAME}/${TOOL_VERSION} (mailto:${options.email})`,
    fetchImpl: options.fetchImpl,
  });
  const dois = [...new Set(options.dois.map((d) => normaliseDoi(d) ?? d))];
  const limit = pLimit(settings.concurrency);
  let done = 0;
  let skipped = 0;
  const report = (entry: ManifestEntry, wasSkipped: boolean) => {
    done++;
    options.onProgress?.({ done, total: dois.length, entry, skipped: wasSkipped });
  };
  const entries = await Promise.all(
    dois.map((doi) =>
      limit(async (): Promise<ManifestEntry> => {
        const before = earlier.get(doi);
        if (before && isSettled(before.status)) {
          skipped++;
          report(before, true);
          return before;
        }
        const entry = recovered(doi, options.outDir) ?? (await fetchOne(doi, http, settings, options));
        appendManifest(manifestPath, entry);
        report(entry, false);
        return entry;
      }),
    ),
  );
  const count = (status: ManifestEntry["status"]) => entries.filter((e) => e.status === status).length;
  return {
    total: dois.length,
    downloaded: count("downloaded"),
    notFound: count("not-found"),
    noOaCopy: count("no-oa-copy"),
    failed: count("failed"),
    skipped,
    manifest: manifestPath,
    entries,
  };
}

type Settings = FetchOptions & Required<Pick<FetchOptions, Tunable>>;

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkSettings(s: Settings): void {
  const usage = (message: string) => new MethodscopeError("usage", message);
  if (!EMAIL.test(s.email)) {
    throw usage(`"${s.email}" is not an e-mail address; give yours with --email (OpenAlex and Unpaywall ask for one).`);
  }
  if (!(s.rate > 0)) throw usage("the rate must be a number of requests per second above 0.");
  if (!Number.isInteger(s.retries) || s.retries < 0) throw usage("retries must be a whole number, 0 or more.");
  if (!(s.timeoutMs > 0)) throw usage("the timeout must be above 0 seconds.");
  if (s.prefer !== "xml" && s.prefer !== "pdf") throw usage(`prefer must be xml or pdf, not ${String(s.prefer)}.`);
  for (const url of [s.openalexUrl, s.unpaywallUrl, s.europepmcUrl]) {
    if (!/^https?:\/\/[^/]/i.test(url)) throw usage(`${url} is not an http(s) base URL.`);
  }
}

/** A DOI's path segment: each part percent-encoded, its "/" kept (both services take it so). */
function doiPath(doi: string): string {
  return doi.split("/").map(encodeURIComponent).join("/");
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

type Lookup = { kind: "found"; record: OaRecord } | { kind: "not-found" } | { kind: "failed"; reason: string };

/** Asks one service about one DOI. */
async function lookUp(
  http: HttpClient,
  name: "OpenAlex" | "Unpaywall",
  url: string,
  read: (json: unknown) => OaRecord,
): Promise<Lookup> {
  try {
    const result = await http.get(url, "application/json");
    const status = result.response.status;
    if (status === 404 || status === 410) {
      result.done();
      await result.response.body?.cancel().catch(() => undefined);
      return { kind: "not-found" };
    }
    const body = await readText(result);
    if (status !== 200) return { kind: "failed", reason: `${name} answered HTTP ${status}: ${body.slice(0, 200)}` };
    try {
      return { kind: "found", record: read(JSON.parse(body)) };
    } catch {
      return { kind: "failed", reason: `${name} answered something that is not a record of a work.` };
    }
  } catch (error) {
    return { kind: "failed", reason: `${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Looks one DOI up in both services and downloads the first good candidate. */
async function fetchOne(doi: string, http: HttpClient, s: Settings, options: FetchOptions): Promise<ManifestEntry> {
  const email = encodeURIComponent(options.email);
  const [openalex, unpaywall] = await Promise.all([
    lookUp(http, "OpenAlex", `${trimSlash(s.openalexUrl)}/works/doi:${doiPath(doi)}?mailto=${email}`, openAlexRecord),
    lookUp(http, "Unpaywall", `${trimSlash(s.unpaywallUrl)}/v2/${doiPath(doi)}?email=${email}`, unpaywallRecord),
  ]);
  const lookups = [openalex, unpaywall];
  const entry = (fields: Partial<ManifestEntry> & Pick<ManifestEntry, "status">): ManifestEntry => ({
    doi,
    source_url: null,
    via: null,
    license: null,
    version: null,
    file: null,
    sha256: null,
    bytes: null,
    reason: null,
    ...fields,
    fetched_at: new Date().toISOString(),
  });
  const lookupFailures = lookups.flatMap((l) => (l.kind === "failed" ? [l.reason] : []));
  if (lookups.every((l) => l.kind === "not-found")) {
    return entry({ status: "not-found", reason: "neither OpenAlex nor Unpaywall knows this DOI." });
  }
  const records = lookups.flatMap((l) => (l.kind === "found" ? [l.record] : []));
  const candidates = candidatesFor(records, { prefer: s.prefer, europepmcUrl: s.europepmcUrl });
  const problems: string[] = [];
  let transient = lookupFailures.length > 0;
  for (const candidate of candidates) {
    try {
      const got = await downloadTo(
        http,
        candidate.url,
        candidate.kind,
        options.outDir,
        fileNameFor(doi, candidate.kind),
        s.maxBytes,
      );
      return entry({
        status: "downloaded",
        source_url: got.finalUrl,
        via: candidate.via,
        license: candidate.license,
        version: candidate.version,
        file: got.file,
        sha256: got.sha256,
        bytes: got.bytes,
      });
    } catch (error) {
      const retryable = error instanceof MethodscopeError && error.retryable;
      transient ||= retryable;
      problems.push(describeCandidate(candidate, error));
    }
  }
  const why = [...lookupFailures, ...problems];
  if (transient) return entry({ status: "failed", reason: why.join(" ") || "the lookup failed." });
  if (candidates.length === 0) {
    const known = records.map((r) => (r.service === "openalex" ? "OpenAlex" : "Unpaywall")).join(" and ");
    return entry({ status: "no-oa-copy", reason: `${known} list no open-access PDF or XML for this DOI.` });
  }
  return entry({ status: "no-oa-copy", reason: `no listed copy could be used: ${why.join(" ")}` });
}

function describeCandidate(candidate: Candidate, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `[${candidate.kind} via ${candidate.via}] ${message}`;
}

/**
 * The entry for a DOI whose file is already in the folder without a manifest line: a run killed between
 * renaming the file into place and writing its line. The file is kept, not downloaded again.
 */
function recovered(doi: string, dir: string): ManifestEntry | undefined {
  for (const kind of ["xml", "pdf"] as const) {
    const file = fileNameFor(doi, kind);
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    if (contentProblem(bytes.subarray(0, 65_536), kind, true)) continue;
    return {
      doi,
      status: "downloaded",
      source_url: null,
      via: null,
      license: null,
      version: null,
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      reason: "the file was already in the folder (a run stopped before recording it); kept as it is.",
      fetched_at: new Date().toISOString(),
    };
  }
  return undefined;
}
