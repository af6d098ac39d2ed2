/** Turns a review request from the UI (accept, flip, edit, note, correct) into a stored review. */
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import type { Cell } from "../report/html/corpus.js";
import type { ReviewInput } from "../store/reviews.js";

/** The body of POST /api/reviews. */
export const ReviewRequestSchema = z.object({
  documentId: z.string().min(1).max(200).describe("Paper id (from the page, never a path)"),
  cq: z.number().int().positive().describe("Question number"),
  op: z.enum(["accept", "flip", "edit", "note", "correct"]).describe("What the reviewer did"),
  text: z.string().max(20_000).optional().describe("Answer (edit, correct) or note (note)"),
  reported: z.enum(["yes", "no"]).optional().describe("The label (correct only)"),
  showPaper: z.boolean().optional().describe("Render the returned card with its paper's title (queue page)"),
  evidence: z
    .object({
      quote: z.string().min(1).max(20_000).describe("The chosen passage as shown"),
      start: z.number().int().nonnegative().describe("Its offset in the paper's stored text"),
      end: z.number().int().positive().describe("The offset just after it"),
    })
    .strict()
    .optional()
    .describe("The passage chosen as evidence of a yes (correct with reported yes, or a flip to yes)"),
});
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

/**
 * The review that a request makes of `cell`: accept keeps the shown label and answer, flip turns
 * the label over, edit replaces the answer, correct sets both.
 */
export function reviewFor(cell: Cell, request: ReviewRequest, reviewer: string): ReviewInput {
  if (request.evidence && request.op !== "flip" && request.op !== "correct")
    throw new MethodscopeError("usage", `Evidence goes with a flip or correct request, not with ${request.op}.`);
  const base = { documentId: request.documentId, cq: request.cq, reviewer, runKey: cell.primary.runKey };
  const shownAnswer = cell.gold ? cell.gold.answer : cell.primary.answer;
  switch (request.op) {
    case "accept":
      return { ...base, action: "accept", reported: cell.label, answer: shownAnswer };
    case "flip": {
      const reported = cell.label === "yes" ? "no" : "yes";
      // A machine "no" answer says "not stated"; it is no answer to keep when flipping to yes.
      const answer =
        cell.gold?.reported === "yes" ? cell.gold.answer : cell.primary.reported === "yes" ? cell.primary.answer : null;
      return {
        ...base,
        action: "correct",
        reported,
        answer: reported === "yes" ? answer : null,
        evidence: request.evidence,
      };
    }
    case "edit":
      return { ...base, action: "correct", reported: cell.label, answer: requireText(request) };
    case "note":
      return { ...base, action: "note", note: requireText(request) };
    case "correct":
      if (!request.reported) throw new MethodscopeError("usage", 'A correct request needs reported "yes" or "no".');
      return {
        ...base,
        action: "correct",
        reported: request.reported,
        answer: request.text ?? null,
        evidence: request.evidence,
      };
  }
}

function requireText(request: ReviewRequest): string {
  const text = request.text?.trim();
  if (!text) throw new MethodscopeError("usage", `The ${request.op} action needs some text.`);
  return text;
}
