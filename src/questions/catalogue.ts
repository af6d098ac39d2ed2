import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname } from "node:path";
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import { hashJson } from "../hash.js";
import type { Question } from "../types.js";
import { CuesSchema, formatIssues } from "./cues-schema.js";
import { queryFromText } from "./terms.js";

/** One catalogue entry as stored in questions/catalogue.json. */
export const QuestionSchema = z.strictObject({
  cq: z.number().int().positive().describe("Question number (1–28 for the built-in set)"),
  label: z.string().min(1).describe("Short name, e.g. 'Split criteria'"),
  category: z.string().min(1).describe("Group: data, model, training, evaluation, deployment…"),
  text: z.string().min(1).describe("The question as asked"),
  query: z.array(z.string().min(1)).describe("BM25 retrieval terms"),
  dlSpecific: z.boolean().describe("True when only meaningful for a deep-learning study"),
  cues: z.record(z.string(), z.unknown()).optional().describe("Engine cues: patterns, vocabularies, answer templates"),
});

/** A user-supplied entry: only the text (or a number matching a built-in) is required. */
const PartialQuestionSchema = z.strictObject({
  cq: z.number().int().positive().optional(),
  label: z.string().optional(),
  category: z.string().optional(),
  text: z.string().min(1),
  query: z.array(z.string()).optional(),
  dlSpecific: z.boolean().optional(),
  cues: z.record(z.string(), z.unknown()).optional(),
});

const CATALOGUE_URL = new URL("../../questions/catalogue.json", import.meta.url);

/**
 * The 28 built-in competency questions, read from questions/catalogue.json and validated.
 *
 * @example builtinQuestions().find((q) => q.cq === 7)?.label // "Split criteria"
 */
export function builtinQuestions(): Question[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(CATALOGUE_URL, "utf8"));
  } catch (error) {
    throw new MethodscopeError("internal", `The question catalogue could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = z.array(QuestionSchema).safeParse(raw);
  if (!parsed.success)
    throw new MethodscopeError(
      "internal",
      `The question catalogue is invalid: ${formatIssues(parsed.error, "questions").join("; ")}`,
    );
  for (const q of parsed.data) assertValidCues(q, "questions/catalogue.json");
  return parsed.data;
}

/**
 * Loads questions from a JSON or YAML array of entries, or from a plain-text file with one
 * question per line (question number = line number; blank lines and `"""` lines are skipped).
 * A question whose number matches a built-in inherits its label, category, query, dlSpecific and
 * cues unless given; others get query terms from their own words.
 *
 * @example await loadQuestions("my-questions.yaml")
 */
export async function loadQuestions(path: string): Promise<Question[]> {
  let content: string;
  try {
    content = await readFile(path, "utf8");
  } catch (error) {
    throw new MethodscopeError("not-found", `Cannot read the questions file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const ext = extname(path).toLowerCase();
  const entries =
    ext === ".json" || ext === ".yaml" || ext === ".yml" ? parseStructured(content, path, ext) : parseLines(content);
  if (entries.length === 0) throw new MethodscopeError("usage", `The questions file ${path} holds no questions.`);
  const builtins = new Map(builtinQuestions().map((q) => [q.cq, q]));
  const questions = entries.map((e, i) => completeQuestion(e, i + 1, builtins));
  for (const q of questions) assertValidCues(q, path);
  return questions;
}

/**
 * Checks a question's cues against the strict schema, so a typo fails here, naming the file,
 * the question and the field, instead of compiling to defaults.
 */
function assertValidCues(q: Pick<Question, "cq" | "cues">, source: string): void {
  if (q.cues === undefined) return;
  const parsed = CuesSchema.safeParse(q.cues);
  if (parsed.success) return;
  throw new MethodscopeError("usage", `${source}: question ${q.cq}: ${formatIssues(parsed.error, "cues").join("; ")}`);
}

function parseStructured(content: string, path: string, ext: string): z.infer<typeof PartialQuestionSchema>[] {
  let raw: unknown;
  try {
    raw = ext === ".json" ? JSON.parse(content) : parseYaml(content);
  } catch (error) {
    throw new MethodscopeError(
      "usage",
      `The questions file ${path} is not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const list = Array.isArray(raw) ? raw.map((x) => (typeof x === "string" ? { text: x } : x)) : raw;
  const parsed = z.array(PartialQuestionSchema).safeParse(list);
  if (!parsed.success)
    throw new MethodscopeError(
      "usage",
      `The questions file ${path} must be a list of questions with a "text" each: ${formatIssues(parsed.error).join("; ")}`,
    );
  return parsed.data;
}

function parseLines(content: string): z.infer<typeof PartialQuestionSchema>[] {
  const out: z.infer<typeof PartialQuestionSchema>[] = [];
  let cq = 0;
  for (const line of content.split(/\r?\n/)) {
    const text = line.trim();
    if (text === "" || text === '"""') continue;
    cq += 1;
    out.push({ cq, text });
  }
  return out;
}

function completeQuestion(
  e: z.infer<typeof PartialQuestionSchema>,
  position: number,
  builtins: Map<number, Question>,
): Question {
  const cq = e.cq ?? position;
  const base = builtins.get(cq);
  const q: Question = {
    cq,
    label: e.label ?? base?.label ?? `Question ${cq}`,
    category: e.category ?? base?.category ?? "custom",
    text: e.text,
    query: e.query ?? base?.query ?? queryFromText(e.text),
    dlSpecific: e.dlSpecific ?? base?.dlSpecific ?? false,
  };
  const cues = e.cues ?? base?.cues;
  if (cues) q.cues = cues;
  return q;
}

/** SHA-256 (hex) of the canonical JSON of a question set: stable key for cached answers. */
export function questionSetHash(questions: Question[]): string {
  return hashJson([...questions].sort((a, b) => a.cq - b.cq));
}

/**
 * SHA-256 (hex) of what of a question shapes its answers: its wording, retrieval terms, cues and
 * whether it is DL-specific. A stored answer is reused only while this is unchanged.
 * @example questionHash(builtinQuestions()[0]) !== questionHash({ ...builtinQuestions()[0], query: [] })
 */
export function questionHash(q: Question): string {
  return hashJson({ text: q.text, query: q.query, cues: q.cues, dlSpecific: q.dlSpecific });
}

/** YAML text → value. yaml loads on first use: most runs read none, and it adds ~40 ms to every thread's start-up. */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text);
}
