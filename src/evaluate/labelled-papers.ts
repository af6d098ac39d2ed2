/**
 * Scoring answers against papers labelled question by question (the fictional papers of
 * `bench/fictional/`, or any folder laid out the same way): each paper `<name>.txt` has beside it
 * `<name>.labels.json`, one label per question with the sentence that supports a "yes". Besides
 * agreement, a right "yes" is checked for quoting the labelled sentence: a yes that quotes something
 * else is right by luck or on other evidence. All functions are pure.
 */
import { z } from "zod";
import type { YesNo } from "../types.js";
import { type AgreementSummary, summarize } from "./metrics.js";

/** One question's label of one paper. */
export const PaperLabelSchema = z.object({
  cq: z.number().int().min(1),
  label: z.enum(["yes", "no"]),
  /** A sentence of the paper, verbatim, that says "yes"; empty for "no". */
  evidence: z.string().default(""),
  note: z.string().default(""),
});
export type PaperLabel = z.infer<typeof PaperLabelSchema>;
export const PaperLabelsSchema = z.array(PaperLabelSchema);

/** What is scored of an answer: the yes/no and the quotes. */
export interface ScoredAnswer {
  cq: number;
  reported: YesNo;
  evidence: readonly { quote: string }[];
}

/** One labelled row and how the answer fared. */
export interface RowOutcome {
  paper: string;
  cq: number;
  label: YesNo;
  reported: YesNo | "missing";
  right: boolean;
  /** For a right "yes": whether a quote overlaps the labelled sentence (null when no sentence is labelled). */
  quotesLabel: boolean | null;
}

// Quotes and labels may differ in where they start or stop (a heading carried, a clause cut): overlap on a
// run of this many characters counts as the same sentence.
const OVERLAP = 40;

/** True when a quote and a labelled sentence share a run of text (one holds the other's opening). */
export function sameSentence(quote: string, labelled: string): boolean {
  const q = squash(quote);
  const l = squash(labelled);
  if (q === "" || l === "") return false;
  return q.includes(l.slice(0, OVERLAP)) || l.includes(q.slice(0, OVERLAP));
}

/** Runs of white space as one space, trimmed: labels and papers compared whatever their line breaks. */
export const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * Rows of one paper: every label with the answer to its question (a label without an answer is
 * "missing" and wrong).
 *
 * @example scorePaper("a", labels, answers).filter((r) => !r.right)
 */
export function scorePaper(
  paper: string,
  labels: readonly PaperLabel[],
  answers: readonly ScoredAnswer[],
): RowOutcome[] {
  const byCq = new Map(answers.map((a) => [a.cq, a]));
  return labels.map((label) => {
    const answer = byCq.get(label.cq);
    const reported = answer?.reported ?? "missing";
    const right = reported === label.label;
    const quotesLabel =
      right && label.label === "yes" && label.evidence !== ""
        ? (answer?.evidence ?? []).some((e) => sameSentence(e.quote, label.evidence))
        : null;
    return { paper, cq: label.cq, label: label.label, reported, right, quotesLabel };
  });
}

/** Agreement over rows, the two classes apart, and how many right "yes" rows quote the labelled sentence. */
export interface LabelledSummary {
  papers: number;
  agreement: AgreementSummary;
  /** Right among the rows labelled "yes", and among those labelled "no". */
  yes: { right: number; n: number };
  no: { right: number; n: number };
  /** Right "yes" rows with a labelled sentence, and how many of them quote it. */
  quoted: { right: number; n: number };
}

export function summarizeRows(rows: readonly RowOutcome[]): LabelledSummary {
  const count = (pick: (r: RowOutcome) => boolean, ok: (r: RowOutcome) => boolean) => {
    const picked = rows.filter(pick);
    return { right: picked.filter(ok).length, n: picked.length };
  };
  // A missing answer counts against the label: "no" for a yes label, "yes" for a no label.
  const pred = rows.map((r): YesNo => (r.reported === "missing" ? (r.label === "yes" ? "no" : "yes") : r.reported));
  return {
    papers: new Set(rows.map((r) => r.paper)).size,
    agreement: summarize(
      pred,
      rows.map((r) => r.label),
      { bootstrap: false },
    ),
    yes: count(
      (r) => r.label === "yes",
      (r) => r.right,
    ),
    no: count(
      (r) => r.label === "no",
      (r) => r.right,
    ),
    quoted: count(
      (r) => r.quotesLabel !== null,
      (r) => r.quotesLabel === true,
    ),
  };
}
