/**
 * "Where we looked": under a machine "no", the sentences the engine considered with their scores
 * and why each was not taken; in the served UI, the paper's text with those sentences highlighted,
 * where a reviewer picks the passage that makes the answer a "yes".
 */
import type { Candidate, CandidateReason, Document, Evidence } from "../../types.js";
import { PLAIN_TEXT, type SharedText } from "./shared-text.js";
import { type Html, html } from "./template.js";

/** Each reason in a few words, as the cards show it. */
export const REASON_TEXT: Record<CandidateReason, string> = {
  "below-threshold": "below threshold",
  "no-cue-match": "no cue matched",
  negated: "negated",
  hedged: "hedged",
  "other-work": "other work",
  "review-paper": "review paper",
  citation: "leans on citations",
  "outside-methods": "outside methods",
  "not-deep-learning-paper": "not a DL study",
};

/**
 * Candidates the single-file report shows per "no", and the characters of each quote it shows: a
 * report of thousands of papers inlines every card, so it keeps the list short (the review UI shows
 * them all, verbatim, since a reviewer may take one as evidence).
 */
export const REPORT_CANDIDATES = 3;
const REPORT_QUOTE_CHARS = 200;

/** What the block needs to know of where it is shown. */
export interface LookedOptions {
  /** Review UI: each candidate gets a button that marks the answer reported with it. */
  review?: boolean;
  /** URL of the paper's text view for this question (served UI only). */
  textHref?: string;
  /** Text that cards repeat (the scores' tooltips), as tokens in a report's compressed blocks. */
  shared?: SharedText;
}

/**
 * The collapsed "Where we looked" list of a "no" answer (nothing for a "yes").
 * @example lookedBlock({ reported: "no", candidates: [] }, { review: false })
 */
export function lookedBlock(
  answer: { reported: string; candidates?: Candidate[] },
  options: LookedOptions = {},
): Html | "" {
  if (answer.reported !== "no") return "";
  const text = options.textHref
    ? html` <a class="textlink" href="${options.textHref}">Open the paper's text ›</a>`
    : "";
  const list = options.review ? answer.candidates : answer.candidates?.slice(0, REPORT_CANDIDATES);
  const shared = options.shared ?? PLAIN_TEXT;
  if (list === undefined) {
    return html`<p class="looked none">Where we looked: not recorded for this run.${text}</p>`;
  }
  if (list.length === 0) {
    return html`<p class="looked none">Where we looked: no sentence of the paper matched the question.${text}</p>`;
  }
  const items = list.map(
    (c) =>
      html`<li data-start="${c.start}" data-end="${c.end}"><q class="quote">${options.review ? c.quote : clip(c.quote)}</q><span class="pg">${place(c)}</span> <span class="score" title="${shared.text(scaleText(c))}">${scoreText(c)}</span>${c.reasons.map((r) => html` <span class="why" data-reason="${r}">${REASON_TEXT[r] ?? r}</span>`)}${options.review ? html` <button type="button" data-act="use">Mark reported with this</button>` : ""}</li>`,
  );
  return html`<details class="looked"><summary>Where we looked (${list.length} sentence${list.length === 1 ? "" : "s"})</summary><ol>${items}</ol>${text}</details>`;
}

/** The reviewer's chosen evidence on a gold label. */
export function chosenEvidence(evidence: Evidence | undefined): Html | "" {
  if (!evidence) return "";
  return html`<br>Evidence: “<q class="quote">${evidence.quote}</q>”<span class="pg">p. ${evidence.page}</span>`;
}

function clip(quote: string): string {
  return quote.length > REPORT_QUOTE_CHARS ? `${quote.slice(0, REPORT_QUOTE_CHARS - 1)}…` : quote;
}

function place(c: Evidence): string {
  return c.section ? `§ ${c.section}` : `p. ${c.page}`;
}

function scoreText(c: Candidate): string {
  return c.scale === "probability" ? `p ${c.score.toFixed(2)}` : `rule ${c.score.toFixed(2)}×`;
}

/** The tooltip of a candidate's score, per scale (text every "no" card repeats). */
export const SCORE_TIPS: Record<Candidate["scale"], string> = {
  probability: "The learned sentence scorer's probability that this sentence answers the question (above 0.5 counts)",
  rule: "The catalogue rule's score for this sentence over the question's threshold (a yes needs 1)",
};

function scaleText(c: Candidate): string {
  return c.scale === "probability" ? SCORE_TIPS.probability : SCORE_TIPS.rule;
}

/**
 * The paper's text with `candidates` highlighted, for selecting evidence in the served UI. Every
 * piece carries its offset in the stored text (`data-o`), so a selection maps back to offsets.
 * @example paperTextBlock(document, answer.candidates ?? [])
 */
export function paperTextBlock(document: Pick<Document, "text">, candidates: readonly Evidence[]): Html {
  const text = document.text;
  const marks = [...candidates]
    .filter((c) => c.start >= 0 && c.end <= text.length && c.start < c.end && text.slice(c.start, c.end) === c.quote)
    .sort((a, b) => a.start - b.start);
  const pieces: Html[] = [];
  let at = 0;
  for (const c of marks) {
    if (c.start < at) continue;
    if (c.start > at) pieces.push(html`<span data-o="${at}">${text.slice(at, c.start)}</span>`);
    pieces.push(
      html`<mark class="cand" data-o="${c.start}" data-start="${c.start}" data-end="${c.end}" tabindex="0" title="A sentence the engine considered: click to choose it">${c.quote}</mark>`,
    );
    at = c.end;
  }
  if (at < text.length) pieces.push(html`<span data-o="${at}">${text.slice(at)}</span>`);
  return html`<div class="textview">
<div class="textbar"><input type="search" data-text-search placeholder="Search the paper's text" aria-label="Search the paper's text"> <span data-search-count></span>
<button type="button" data-use-selection disabled>Mark reported with the selected text</button>
<span class="chosen" data-chosen>Click a highlighted sentence or select a passage of the text.</span></div>
<div class="papertext" data-paper-text>${pieces}</div>
</div>`;
}
