/**
 * The structured mode's prompts: data files in `prompts/` (shipped with the package), filled with
 * named placeholders. Users may replace any of them; the hash of the texts in use goes into the
 * engine settings, so changing a prompt re-answers instead of reusing old answers.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Question, ScoredChunk } from "../../types.js";
import { fillTemplate, requirePlaceholders } from "./template.js";

/** The three texts of structured mode. `user` needs {context} and {questions}; `repair` uses {error} and {cqs}. */
export interface StructuredPrompts {
  system: string;
  user: string;
  repair: string;
}

const PROMPT_DIR = new URL("../../../prompts/", import.meta.url);

/** The shipped prompt texts (read from the package's `prompts/` folder). */
export function defaultStructuredPrompts(): StructuredPrompts {
  const read = (name: string) => readFileSync(new URL(name, PROMPT_DIR), "utf8");
  return {
    system: read("structured-system.txt"),
    user: read("structured-user.txt"),
    repair: read("structured-repair.txt"),
  };
}

/** Shipped prompts with the given ones replacing them; checks the required placeholders. */
export function resolveStructuredPrompts(overrides: Partial<StructuredPrompts> = {}): StructuredPrompts {
  const prompts = { ...defaultStructuredPrompts(), ...overrides };
  requirePlaceholders(prompts.user, ["context", "questions"], "The structured prompt template");
  return prompts;
}

/** Short SHA-256 of the prompt texts, for engine settings. */
export function promptHash(texts: readonly string[]): string {
  const h = createHash("sha256");
  for (const t of texts) h.update(t).update("\u0000");
  return h.digest("hex").slice(0, 16);
}

/**
 * The context block: each retrieved chunk once, in paper order, headed by its number and page so
 * the model can point at it.
 */
export function formatContext(chunks: readonly ScoredChunk[]): string {
  const unique = new Map<number, ScoredChunk>();
  for (const c of chunks) if (!unique.has(c.index)) unique.set(c.index, c);
  return [...unique.values()]
    .sort((a, b) => a.start - b.start)
    .map((c) => `[chunk ${c.index}, page ${c.page}]\n${c.text.trim()}`)
    .join("\n\n");
}

/** One line per question: `CQ<n>: <text>`. */
export function formatQuestions(questions: readonly Question[]): string {
  return questions.map((q) => `CQ${q.cq}: ${q.text}`).join("\n");
}

/** The user message for one batch. */
export function structuredUserPrompt(
  prompts: StructuredPrompts,
  chunks: readonly ScoredChunk[],
  questions: readonly Question[],
): string {
  return fillTemplate(prompts.user, { context: formatContext(chunks), questions: formatQuestions(questions) });
}

/** The follow-up message asking for a corrected reply. */
export function repairPrompt(prompts: StructuredPrompts, error: string, cqs: readonly number[]): string {
  return fillTemplate(prompts.repair, { error, cqs: cqs.map((n) => `CQ${n}`).join(", ") });
}
