/**
 * `extract --explain [<paper>:]<cq>`: after the run, prints for one paper and question what the
 * engine decided and why: the label, its probability, the evidence of a "yes", or for a "no" the
 * sentences it considered ("where we looked") with their scores and reasons.
 */
import { basename } from "node:path";
import { MethodscopeError } from "../errors.js";
import { REASON_TEXT } from "../report/html/looked.js";
import type { ResultRow } from "../report/rows.js";
import type { Answer, Candidate } from "../types.js";

/** Which (paper, question) to explain: the paper by file name, path or id prefix (optional with one paper). */
export interface ExplainTarget {
  paper?: string;
  cq: number;
}

/**
 * Parses the option's value: "7" or "paper.pdf:7" (the last colon splits, so paths may hold colons).
 * @example parseExplain("owls.pdf:20") // { paper: "owls.pdf", cq: 20 }
 */
export function parseExplain(value: string): ExplainTarget {
  const at = value.lastIndexOf(":");
  const paper = at >= 0 ? value.slice(0, at).trim() : undefined;
  const cqText = (at >= 0 ? value.slice(at + 1) : value).trim().replace(/^cq/i, "");
  const cq = Number(cqText);
  if (!/^\d{1,9}$/.test(cqText) || cq < 1 || paper === "") {
    throw new MethodscopeError(
      "usage",
      `--explain takes a question number or <paper>:<question>, e.g. --explain 20 or --explain owls.pdf:20 (got "${value}").`,
    );
  }
  return paper === undefined ? { cq } : { paper, cq };
}

/**
 * The paper of `rows` that `target` names: by id prefix, file name or path ending; with one paper
 * in the run, that one. Throws a usage error that lists the papers when the choice is unclear.
 */
export function pickPaper(rows: readonly ResultRow[], target: ExplainTarget): { id: string; file: string } {
  const papers = new Map<string, string>();
  for (const r of rows) if (r.paper_id && r.cq !== null) papers.set(r.paper_id, r.file);
  const all = [...papers].map(([id, file]) => ({ id, file }));
  const wanted = target.paper;
  const found =
    wanted === undefined
      ? all
      : all.filter((p) => p.id.startsWith(wanted) || basename(p.file) === wanted || p.file.endsWith(wanted));
  if (found.length === 1) return found[0];
  const names = all.map((p) => basename(p.file)).join(", ");
  if (found.length === 0) {
    throw new MethodscopeError(
      "usage",
      wanted === undefined
        ? "--explain: the run answered no paper."
        : `--explain: no paper of this run is "${wanted}" (papers: ${names || "none"}).`,
    );
  }
  throw new MethodscopeError(
    "usage",
    `--explain: ${wanted === undefined ? "the run has several papers" : `"${wanted}" names several papers`}; name one as <paper>:${target.cq} (papers: ${names}).`,
  );
}

/**
 * The trace of one answer as terminal text. `calibrated`: the confidence is the learned layer's
 * probability (the extractive engine with its learned layer), so P(yes) is printed too.
 * @example formatExplain({ file: "owls.pdf", question: "On what hardware…?", answer, calibrated: true })
 */
export function formatExplain(input: { file: string; question: string; answer: Answer; calibrated?: boolean }): string {
  const { answer: a } = input;
  const pYes = a.reported === "yes" ? a.confidence : 1 - a.confidence;
  const probability = input.calibrated ? `, P(yes) ${pYes.toFixed(2)}; yes from 0.50` : "";
  const lines = [
    `CQ${a.cq} · ${basename(input.file)}`,
    `  ${input.question}`,
    `  decision: ${a.reported === "yes" ? "reported" : "not reported"} (engine ${a.engine}, confidence ${a.confidence.toFixed(2)}${probability})`,
    `  answer: ${a.answer}`,
  ];
  if (a.flags && a.flags.length > 0) lines.push(`  flags: ${a.flags.join(", ")}`);
  if (a.reported === "yes") {
    lines.push("  evidence:");
    for (const e of a.evidence) lines.push(`    ${where(e)}  “${oneLine(e.quote)}”`);
  } else if (a.candidates === undefined) {
    lines.push(
      "  where we looked: not recorded for this run (an engine that does not record it, or answers stored before",
      "  methodscope recorded it: add --force to answer again).",
    );
  } else if (a.candidates.length === 0) {
    lines.push("  where we looked: no sentence of the paper matched the question.");
  } else {
    lines.push(`  where we looked (${scaleNote(a.candidates[0])}):`);
    a.candidates.forEach((c, i) => {
      const why = c.reasons.map((r) => REASON_TEXT[r] ?? r).join(", ") || "no reason of its own";
      lines.push(`    ${i + 1}. ${c.score.toFixed(2)}  ${where(c)}  [${why}]`, `       “${oneLine(c.quote)}”`);
    });
  }
  return `${lines.join("\n")}\n`;
}

function scaleNote(c: Candidate): string {
  return c.scale === "probability"
    ? "score: the sentence scorer's probability, above 0.50 counts"
    : "score: the rule's score over the question's threshold, a yes needs 1.00";
}

function where(e: { page: number; start: number; end: number; section?: string }): string {
  return `${e.section ? `§ ${e.section}` : `p. ${e.page}`} [${e.start}–${e.end}]`;
}

function oneLine(text: string, n = 300): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
