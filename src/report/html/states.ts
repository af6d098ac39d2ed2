/**
 * The three states a (paper, question) cell is shown in: reported, not reported, and not applicable
 * (a deep-learning question about a study that trains no deep-learning model). Every view (heatmap,
 * paper page, legend) names them from here, so they read the same everywhere.
 */
import type { Question, YesNo } from "../../types.js";

/** "yes": reported; "no": not reported; "na": not applicable. */
export type CellState = "yes" | "no" | "na";

/** What each state is called in legends, tooltips and badges. */
export const STATE_TEXT: Record<CellState, string> = {
  yes: "Reported",
  no: "Not reported",
  na: "Not applicable",
};

/**
 * A cell's state: a "yes" is reported; a "no" is not applicable when the question is deep-learning
 * specific and the paper is not a deep-learning study, else not reported.
 * @example cellState("no", { dlSpecific: true }, { dl: false }) // "na"
 */
export function cellState(
  label: YesNo,
  question: Pick<Question, "dlSpecific"> | undefined,
  paper: { dl: boolean },
): CellState {
  if (label === "yes") return "yes";
  return question?.dlSpecific && !paper.dl ? "na" : "no";
}
