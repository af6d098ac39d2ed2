import type { ResultRow } from "../report/rows.js";
import type { DocumentMetadata, Engine, Question } from "../types.js";

/** What happened to one input file. */
export interface InputRecord {
  file: string;
  sha256: string | null;
  paper_id?: string;
  title?: string;
  pages?: number;
  /** The reader that made the paper (pdf, text, jats, tei), and what it knows beyond the text. */
  reader?: string;
  metadata?: DocumentMetadata;
  /** done: answered now; reused: everything came from the store; duplicate: same bytes as an earlier input. */
  status: "done" | "reused" | "duplicate" | "failed";
  answered?: number;
  duplicate_of?: string;
  error?: string;
}

/** What the manifest needs of the inputs' records: counts by status, the failures, and the records kept. */
export interface InputTally {
  readonly counts: Readonly<Record<InputRecord["status"], number>> & { readonly inputs: number };
  readonly failures: readonly { file: string; error: string }[];
  /** The records the returned manifest lists (empty when they went to a spool file). */
  readonly kept: InputRecord[];
}

/** Milliseconds spent per stage over the whole run. */
export interface StageTimings {
  list: number;
  ingest: number;
  chunk: number;
  answer: number;
  store: number;
  write: number;
  total: number;
}

/** The bounds that reading ran under (`--workers`, `--max-file-mb`, `--pdf-timeout`). */
export interface ReadLimitsRecord {
  workers: number;
  /** Largest file read, MB, per kind of input. */
  maxFileMb: { pdf: number; text: number };
  pdfTimeoutS: number;
  workerMemoryMb: number;
}

/** run.json: everything needed to know how a run's results were made. */
export interface RunManifest {
  tool: { name: string; version: string };
  run_id: string;
  run_key: string;
  /** A vote's members: each one's answers are stored under its own run key (a run of its own). */
  member_run_keys?: string[];
  /**
   * A digest of everything this output set was made from (up-to-date.ts); a later run into the same
   * folder that computes it again leaves the set in place. Absent when some input failed.
   */
  output_key?: string;
  /** The SHA-256 and size of each output file of this set (written by writeOutputs). */
  files?: Record<string, { sha256: string; bytes: number }>;
  started_at: string;
  finished_at: string;
  engine: { name: string; settings: Record<string, unknown>; stats?: Record<string, unknown> };
  chunking: string;
  retrieval: Record<string, unknown>;
  max_pages: number;
  /** Absent in run.json files written before reading had bounds. */
  read_limits?: {
    workers: number;
    max_file_mb: { pdf: number; text: number };
    pdf_timeout_s: number;
    worker_memory_mb: number;
  };
  question_set: { hash: string; count: number; source: string; cqs: number[] };
  db: string;
  counts: {
    inputs: number;
    papers: number;
    done: number;
    reused: number;
    duplicates: number;
    failed: number;
    answers: number;
    reported_yes: number;
  };
  reporting_rate: { cq: number; label: string; yes: number; papers: number; rate: number }[];
  /**
   * Every input, in input order. run.json always has them; a run that keeps no rows (`keepRows: false`)
   * returns this empty (its records went to a file, not memory).
   */
  inputs: InputRecord[];
  failures: { file: string; error: string }[];
  /** The user's records of `--metadata`: how many, and how many no paper matched (by DOI or file name). */
  user_metadata?: { file: string; records: number; matched: number; unmatched: number };
  timings_ms: StageTimings;
}

export interface ManifestParts {
  tool: { name: string; version: string };
  runId: string;
  runKey: string;
  memberRunKeys?: string[];
  startedAt: Date;
  engine: Engine;
  chunking: string;
  retrieval: Record<string, unknown>;
  maxPages: number;
  readLimits?: ReadLimitsRecord;
  questions: Question[];
  questionSetHash: string;
  questionSource: string;
  dbPath: string;
  /** Every input's record, counted as they came (see input-log.ts). */
  inputs: InputTally;
  /** The run's rows, counted as they came ({@link createRowSummary}). */
  summary: RowSummary;
  timings: StageTimings;
}

/** What run.json counts of the rows: papers, answers, "yes" answers, and per question. */
export interface RowSummary {
  add(row: ResultRow): void;
  readonly papers: number;
  readonly answers: number;
  readonly yes: number;
  /** Per question: papers answered and "yes" answers. */
  readonly byCq: ReadonlyMap<number, { yes: number; papers: number }>;
}

/**
 * Counts rows as a run emits them, so run.json needs no list of every row. Failed inputs' rows and
 * rows without a question are not answers.
 * @example const s = createRowSummary(); for (const r of rows) s.add(r); s.yes
 */
export function createRowSummary(): RowSummary {
  const papers = new Set<string>();
  const byCq = new Map<number, { yes: number; papers: number }>();
  let answers = 0;
  let yes = 0;
  return {
    add(row) {
      if (row.cq === null || row.error) return;
      answers++;
      if (row.paper_id) papers.add(row.paper_id);
      let t = byCq.get(row.cq);
      if (!t) {
        t = { yes: 0, papers: 0 };
        byCq.set(row.cq, t);
      }
      t.papers++;
      if (row.reported === "yes") {
        yes++;
        t.yes++;
      }
    },
    get papers() {
      return papers.size;
    },
    get answers() {
      return answers;
    },
    get yes() {
      return yes;
    },
    byCq,
  };
}

/** Assembles run.json from what the run did. */
export function buildManifest(parts: ManifestParts): RunManifest {
  const { inputs, summary, questions } = parts;
  const timings = Object.fromEntries(
    Object.entries(parts.timings).map(([k, v]) => [k, Math.round(v)]),
  ) as unknown as StageTimings;
  return {
    tool: parts.tool,
    run_id: parts.runId,
    run_key: parts.runKey,
    ...(parts.memberRunKeys && parts.memberRunKeys.length > 0 && { member_run_keys: parts.memberRunKeys }),
    started_at: parts.startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    engine: { name: parts.engine.name, settings: parts.engine.settings, stats: parts.engine.stats?.() },
    chunking: parts.chunking,
    retrieval: parts.retrieval,
    max_pages: parts.maxPages,
    read_limits: parts.readLimits && {
      workers: parts.readLimits.workers,
      max_file_mb: parts.readLimits.maxFileMb,
      pdf_timeout_s: parts.readLimits.pdfTimeoutS,
      worker_memory_mb: parts.readLimits.workerMemoryMb,
    },
    question_set: {
      hash: parts.questionSetHash,
      count: questions.length,
      source: parts.questionSource,
      cqs: questions.map((q) => q.cq),
    },
    db: parts.dbPath,
    counts: {
      inputs: inputs.counts.inputs,
      papers: summary.papers,
      done: inputs.counts.done,
      reused: inputs.counts.reused,
      duplicates: inputs.counts.duplicate,
      failed: inputs.counts.failed,
      answers: summary.answers,
      reported_yes: summary.yes,
    },
    reporting_rate: reportingRate(questions, summary),
    inputs: inputs.kept,
    failures: [...inputs.failures],
    timings_ms: timings,
  };
}

function reportingRate(questions: Question[], summary: RowSummary): RunManifest["reporting_rate"] {
  const tally = summary.byCq;
  return questions.map((q) => {
    const { yes, papers } = tally.get(q.cq) ?? { yes: 0, papers: 0 };
    return { cq: q.cq, label: q.label, yes, papers, rate: papers ? Math.round((yes / papers) * 1000) / 1000 : 0 };
  });
}
