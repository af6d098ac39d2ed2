/**
 * Loaders for a K24-style bench folder (chunks/<uid>.json, labels.jsonl, binary_conversion.jsonl,
 * publications.jsonl, cqs.json, optional label_review_candidates.jsonl). Every row is validated
 * with zod; nothing here knows which papers a folder holds, so a held-out folder loads the same way.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import type { YesNo } from "../types.js";

const yesNo = z.enum(["yes", "no"]);

export const chunkFileSchema = z
  .object({
    uid: z.string().describe("publication id, also the file name stem"),
    chunks: z.array(z.string()).describe("K24's retrieved chunk texts, in retrieval order"),
    retrieved: z
      .record(z.string(), z.array(z.number().int().nonnegative()))
      .describe('"CQn" → chunk indices in rank order'),
  })
  .passthrough();
export type ChunkFile = z.infer<typeof chunkFileSchema>;

const prevWorkItem = z.object({
  variable: z.string().describe("earlier study's variable name, e.g. Dataset"),
  role: z.string().describe("primary | secondary mapping to this CQ"),
  value: z.string().nullable().describe("the earlier study's decision; blank/null = not judged"),
});

export const labelRowSchema = z
  .object({
    uid: z.string(),
    cq: z.number().int().positive(),
    llm: z.record(z.string(), yesNo.nullable()).describe("each model's final yes/no"),
    vote: yesNo.describe("K24 hard vote (≥3 of 5 yes)"),
    vote_yes: z.number().int().optional().describe("how many of the five models said yes"),
    human: z.record(z.string(), yesNo.nullable()).nullable().optional(),
    human_majority: yesNo.nullable().optional().describe("majority of human judgements"),
    prev_work: z.array(prevWorkItem).nullable().optional(),
  })
  .passthrough();
export type LabelRow = z.infer<typeof labelRowSchema>;

export const binaryRowSchema = z
  .object({
    uid: z.string(),
    cq: z.number().int().positive(),
    model: z.string(),
    question: z.string(),
    answer: z.string(),
    human: yesNo.nullable().describe("truth; null rows are skipped in metrics"),
    llm: yesNo.nullable().optional().describe("K24's own conversion"),
  })
  .passthrough();
export type BinaryRow = z.infer<typeof binaryRowSchema>;

export const publicationSchema = z
  .object({
    uid: z.string(),
    family: z.string().optional(),
    title: z.string().nullable().optional(),
    dl_method: yesNo.nullable().optional().describe("K24's DL-pipeline flag, truth for dl-filter"),
  })
  .passthrough();
export type Publication = z.infer<typeof publicationSchema>;

export const cqSchema = z.object({ cq: z.number().int().positive(), question: z.string() });
export type CqRow = z.infer<typeof cqSchema>;

export const reviewRowSchema = z
  .object({ uid: z.string(), cq: z.number().int().positive(), model: z.string().optional() })
  .passthrough();
export type ReviewRow = z.infer<typeof reviewRowSchema>;

/** Everything in a bench folder except the chunk texts, which load lazily per publication. */
export interface BenchData {
  dir: string;
  publications: Publication[];
  labels: LabelRow[];
  binary: BinaryRow[];
  cqs: CqRow[];
  /** Doubtful human labels; empty when the file is absent. */
  review: ReviewRow[];
  /** uids that have a chunks/<uid>.json file. */
  chunkUids: string[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new MethodscopeError("not-found", `cannot read bench file ${file}`, { cause });
  }
}

/** Parses a JSONL file line by line against `schema`; errors name the file and line. */
export function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  const lines = readText(file).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (cause) {
      throw new MethodscopeError("usage", `${file}:${i + 1}: not valid JSON`, { cause });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new MethodscopeError("usage", `${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? "invalid row"}`);
    }
    rows.push(parsed.data);
  }
  return rows;
}

/** Normalises the earlier study's decision strings ("y", "Yes", "n", …); anything else → null. */
export function normalizeDecision(value: string | null | undefined): YesNo | null {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "y" || v === "yes") return "yes";
  if (v === "n" || v === "no") return "no";
  return null;
}

/**
 * Loads a bench folder's tables. Throws MethodscopeError("not-found") when a required file is
 * missing. @example const data = loadBench("../shared/bench");
 */
export function loadBench(dir: string): BenchData {
  const at = (name: string) => path.join(dir, name);
  if (!existsSync(dir)) throw new MethodscopeError("not-found", `bench folder ${dir} does not exist`);
  const cqsRaw: unknown = JSON.parse(readText(at("cqs.json")));
  const cqs = z.array(cqSchema).parse(cqsRaw);
  const chunksDir = at("chunks");
  const chunkUids = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort()
    : [];
  return {
    dir,
    publications: readJsonl(at("publications.jsonl"), publicationSchema),
    labels: readJsonl(at("labels.jsonl"), labelRowSchema),
    binary: existsSync(at("binary_conversion.jsonl")) ? readJsonl(at("binary_conversion.jsonl"), binaryRowSchema) : [],
    cqs,
    review: existsSync(at("label_review_candidates.jsonl"))
      ? readJsonl(at("label_review_candidates.jsonl"), reviewRowSchema)
      : [],
    chunkUids,
  };
}

/** Reads and validates chunks/<uid>.json. */
export function loadChunks(dir: string, uid: string): ChunkFile {
  const file = path.join(dir, "chunks", `${uid}.json`);
  const parsed = chunkFileSchema.safeParse(JSON.parse(readText(file)));
  if (!parsed.success) {
    throw new MethodscopeError("usage", `${file}: ${parsed.error.issues[0]?.message ?? "invalid chunk file"}`);
  }
  return parsed.data;
}

/** Chunk texts that K24 retrieved for one CQ, in rank order (empty when none recorded). */
export function retrievedText(file: ChunkFile, cq: number): string[] {
  return (file.retrieved[`CQ${cq}`] ?? []).filter((i) => i < file.chunks.length).map((i) => file.chunks[i]);
}

/** Key for (uid, cq[, model]) lookups. */
export function rowKey(uid: string, cq: number, model?: string): string {
  return model === undefined ? `${uid}\u0000${cq}` : `${uid}\u0000${cq}\u0000${model}`;
}
