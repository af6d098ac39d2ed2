import { NOT_DL } from "../answer/extractive/compose.js";
import type { Answer, DocumentMetadata, Evidence, MetadataField, Question, YesNo } from "../types.js";

/**
 * A paper's metadata as the outputs carry it (results.jsonl's `metadata`): title, authors, year, venue
 * (`journal`) and DOI when known, and where each came from.
 */
export interface PaperMetadata {
  title?: string;
  authors?: string[];
  year?: number;
  journal?: string;
  doi?: string;
  sources?: Partial<Record<MetadataField, string>>;
}

/**
 * The output fields of a paper's metadata (no reader notes or version), or undefined when it has none.
 * @example paperMetadataOf({ year: 2021, version: 1, sources: { year: "arxiv-id" } }) // { year: 2021, sources: { year: "arxiv-id" } }
 */
export function paperMetadataOf(metadata: DocumentMetadata | undefined): PaperMetadata | undefined {
  if (!metadata) return undefined;
  const out: PaperMetadata = {};
  if (metadata.title !== undefined) out.title = metadata.title;
  if (metadata.authors !== undefined && metadata.authors.length > 0) out.authors = metadata.authors;
  if (metadata.year !== undefined) out.year = metadata.year;
  if (metadata.journal !== undefined) out.journal = metadata.journal;
  if (metadata.doi !== undefined) out.doi = metadata.doi;
  if (Object.keys(out).length === 0) return undefined;
  if (metadata.sources) out.sources = metadata.sources;
  return out;
}

/** One line of results.jsonl: one (paper, question), or one failed input (cq null, error set). */
export interface ResultRow {
  paper_id: string | null;
  file: string;
  title: string | null;
  /** The paper's title, authors, year, venue and DOI with their sources; absent when none is known. */
  metadata?: PaperMetadata;
  cq: number | null;
  question: string | null;
  reported: YesNo | null;
  /**
   * False when the question does not apply to the paper: a deep-learning question about a study that
   * trains no deep-learning model (see {@link isApplicable}). Absent on failure rows.
   */
  applicable?: boolean;
  answer: string | null;
  values: Record<string, unknown>;
  confidence: number | null;
  evidence: Evidence[];
  engine: string;
  flags?: string[];
  error?: string;
}

/**
 * The row for one answered question. `question.dlSpecific`, when given, lets {@link isApplicable}
 * use the paper's deep-learning verdict: `paper.dl` when the caller knows it, else the answer's flags.
 */
export function answerRow(
  paper: { id: string; file: string; title: string; dl?: boolean; metadata?: DocumentMetadata },
  question: Pick<Question, "cq" | "text"> & Partial<Pick<Question, "dlSpecific">>,
  answer: Answer,
): ResultRow {
  const metadata = paperMetadataOf(paper.metadata);
  const row: ResultRow = {
    paper_id: paper.id,
    file: paper.file,
    title: paper.title,
    ...(metadata && { metadata }),
    cq: question.cq,
    question: question.text,
    reported: answer.reported,
    applicable: isApplicable(question, answer, paper.dl),
    answer: answer.answer,
    values: answer.values,
    confidence: round(answer.confidence, 3),
    evidence: answer.evidence,
    engine: answer.engine,
  };
  if (answer.flags && answer.flags.length > 0) row.flags = answer.flags;
  return row;
}

/** The single row that stands for an input that could not be processed. */
export function failureRow(file: string, paperId: string | null, engine: string, error: string): ResultRow {
  return {
    paper_id: paperId,
    file,
    title: null,
    cq: null,
    question: null,
    reported: null,
    answer: null,
    values: {},
    confidence: null,
    evidence: [],
    engine,
    error,
  };
}

/**
 * Whether a question applies to the paper its answer is about. Only a "no" can be "not applicable":
 * the extractive engine answers a deep-learning question about a non-DL study with a text that
 * starts with `NOT_DL`, and flags every answer about such a paper "non-dl-paper", so a "no" is
 * not applicable when its text says so, or when the question is deep-learning specific and the
 * paper is not a deep-learning study: `paperDl` false when the caller knows the verdict, else the
 * answer carries that flag. Other engines' answers give no verdict and, without `paperDl`, count as
 * applicable.
 * @example isApplicable({ dlSpecific: true }, { reported: "no", answer: "…", flags: ["non-dl-paper"] }) // false
 */
export function isApplicable(
  question: Partial<Pick<Question, "dlSpecific">>,
  answer: Pick<Answer, "reported" | "answer" | "flags">,
  paperDl?: boolean,
): boolean {
  if (answer.reported !== "no") return true;
  if (answer.answer.startsWith(NOT_DL)) return false;
  const notDl = paperDl === undefined ? (answer.flags ?? []).includes("non-dl-paper") : !paperDl;
  return !(question.dlSpecific === true && notDl);
}

/** One column of values.csv and of the values table: a kind of value, gathered from some answers. */
export interface ValueColumn {
  /** The CSV header: lower case, underscores. */
  name: string;
  /** The table's header. */
  label: string;
  /**
   * Where its values come from: keys of the `values` of these CQs' answers. A key `k` is skipped when
   * the same answer has `k_text` (the number as written, e.g. "1e-4", beats its parsed form).
   */
  sources: readonly { cq: number; keys: readonly string[] }[];
}

const src = (cq: number, ...keys: string[]) => ({ cq, keys });

/**
 * The value kinds the engines extract (the built-in catalogue's `say` keys and values.ts's
 * extractors), in catalogue order. Keys shared by several questions ("methods", "steps", "urls",
 * "platforms") are told apart by the question they answer.
 */
export const VALUE_COLUMNS: readonly ValueColumn[] = [
  { name: "data_collection", label: "Data collection", sources: [src(1, "methods")] },
  { name: "data_formats", label: "Data formats", sources: [src(2, "formats")] },
  { name: "annotation", label: "Annotation", sources: [src(3, "annotation")] },
  { name: "augmentation", label: "Augmentation", sources: [src(4, "augmentations")] },
  { name: "datasets", label: "Datasets", sources: [src(5, "datasets")] },
  { name: "preprocessing", label: "Preprocessing", sources: [src(6, "steps")] },
  { name: "split", label: "Split", sources: [src(7, "splits", "percentages"), src(23, "splits", "percentages")] },
  { name: "cross_validation", label: "Cross-validation", sources: [src(7, "cross_validation")] },
  { name: "split_scheme", label: "Split scheme", sources: [src(7, "scheme")] },
  { name: "code_url", label: "Code link", sources: [src(8, "urls"), src(10, "urls")] },
  { name: "code_platform", label: "Code platform", sources: [src(8, "platforms")] },
  { name: "data_url", label: "Data link", sources: [src(9, "urls"), src(11, "urls")] },
  { name: "data_repository", label: "Data repository", sources: [src(9, "repositories")] },
  { name: "models", label: "Models", sources: [src(12, "models")] },
  { name: "optimizer", label: "Optimizer", sources: [src(13, "optimizer"), src(15, "optimizers")] },
  {
    name: "learning_rate",
    label: "Learning rate",
    sources: [src(13, "learning_rate", "learning_rate_text"), src(16, "learning_rate", "learning_rate_text")],
  },
  { name: "batch_size", label: "Batch size", sources: [src(13, "batch_size"), src(16, "batch_size")] },
  { name: "epochs", label: "Epochs", sources: [src(13, "epochs"), src(16, "epochs")] },
  { name: "iterations", label: "Iterations", sources: [src(13, "iterations"), src(16, "iterations")] },
  { name: "dropout", label: "Dropout", sources: [src(13, "dropout")] },
  { name: "weight_decay", label: "Weight decay", sources: [src(13, "weight_decay", "weight_decay_text")] },
  { name: "momentum", label: "Momentum", sources: [src(13, "momentum")] },
  { name: "tuning", label: "Tuning", sources: [src(14, "methods")] },
  { name: "stopping", label: "Stopping", sources: [src(16, "criteria")] },
  { name: "regularisation", label: "Regularisation", sources: [src(17, "methods")] },
  { name: "monitoring", label: "Monitoring", sources: [src(18, "strategies")] },
  { name: "frameworks", label: "Frameworks", sources: [src(19, "frameworks")] },
  { name: "software", label: "Software", sources: [src(19, "software")] },
  { name: "hardware", label: "Hardware", sources: [src(20, "hardware")] },
  { name: "postprocessing", label: "Postprocessing", sources: [src(21, "steps")] },
  { name: "metrics", label: "Metrics", sources: [src(22, "metrics")] },
  { name: "generalisation", label: "Generalisation", sources: [src(23, "measures")] },
  { name: "seeds", label: "Seeds", sources: [src(24, "seeds")] },
  { name: "tasks", label: "Tasks", sources: [src(25, "tasks")] },
  { name: "bias", label: "Data bias", sources: [src(26, "measures")] },
  { name: "deployment", label: "Deployment", sources: [src(27, "steps")] },
  { name: "deployment_platform", label: "Deployment platform", sources: [src(27, "platforms"), src(28, "platforms")] },
];

/**
 * The values one answer of CQ `cq` gives for `column`, as display strings (lists flattened, numbers
 * written out, `{ name, value }` pairs of LLM answers as their value), in key order, without repeats.
 * @example columnValues(optimizerColumn, 15, { optimizers: ["Adam"] }) // ["Adam"]
 */
export function columnValues(column: ValueColumn, cq: number, values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const source of column.sources) {
    if (source.cq !== cq) continue;
    for (const key of source.keys) {
      if (!Object.hasOwn(values, key) || Object.hasOwn(values, `${key}_text`)) continue;
      for (const text of valueTexts(values[key])) if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

/**
 * Joins the values of several answers for one column: in the answers' order, each value once
 * (compared without case). @example mergeValues([["Adam"], ["adam", "SGD"]]) // ["Adam", "SGD"]
 */
export function mergeValues(lists: readonly string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const v of list) {
      const k = v.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** A stored value as text: arrays flattened, `{ name, value }` as its value, other objects as JSON. */
function valueTexts(value: unknown): string[] {
  if (value === null || value === undefined || value === "") return [];
  if (Array.isArray(value)) return value.flatMap(valueTexts);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("value" in v) return valueTexts(v.value);
    return [JSON.stringify(value)];
  }
  return [String(value).trim()].filter((t) => t.length > 0);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
