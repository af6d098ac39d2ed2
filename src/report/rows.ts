import type { Answer, Evidence, Question, YesNo } from "../types.js";

/** One line of results.jsonl: one (paper, question), or one failed input (cq null, error set). */
export interface ResultRow {
  paper_id: string | null;
  file: string;
  title: string | null;
  cq: number | null;
  question: string | null;
  reported: YesNo | null;
  answer: string | null;
  values: Record<string, unknown>;
  confidence: number | null;
  evidence: Evidence[];
  engine: string;
  flags?: string[];
  error?: string;
}

/** The row for one answered question. */
export function answerRow(
  paper: { id: string; file: string; title: string },
  question: Pick<Question, "cq" | "text">,
  answer: Answer,
): ResultRow {
  const row: ResultRow = {
    paper_id: paper.id,
    file: paper.file,
    title: paper.title,
    cq: question.cq,
    question: question.text,
    reported: answer.reported,
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

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
