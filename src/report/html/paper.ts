/** A paper's page: one card per CQ with the answer, evidence, engines' votes and the review state. */
import type { Review } from "../../store/reviews.js";
import type { DocumentMetadata, Question } from "../../types.js";
import { type Cell, type Corpus, LOW_CONFIDENCE, type PaperView } from "./corpus.js";
import { linkify, pct, safeId } from "./escape.js";
import { chosenEvidence, lookedBlock, SCORE_TIPS } from "./looked.js";
import { metadataBlock } from "./metadata.js";
import type { Links } from "./overview.js";
import type { CardContext, PaperRef } from "./reader.js";
import { PLAIN_TEXT, type SharedText } from "./shared-text.js";
import { cellState, STATE_TEXT } from "./states.js";
import { type Html, html, join } from "./template.js";

export interface CardOptions {
  /** Show the review buttons (served UI only). */
  review?: boolean;
  /** Name the paper on the card (review queue, where cards of several papers follow each other). */
  showPaper?: boolean;
  /**
   * The paper's metadata (title, authors, year, venue, DOI with their sources), shown under its title;
   * its title, when it has one, heads the page. In the review UI the block has an edit form.
   */
  metadata?: DocumentMetadata;
  /** URL of a paper's text view for a question (served UI): "Where we looked" links to it. */
  textHref?: (paperId: string, cq: number) => string;
  /** Text that cards repeat, written as tokens in a report's compressed blocks (default: as it is). */
  shared?: SharedText;
}

/** The element id of a (paper, CQ) card; also the URL fragment heatmap cells point to. */
export function answerId(paperId: string, cq: number): string {
  return `a-${safeId(paperId)}-${cq}`;
}

/** The element id of a paper's page in the single-file report. */
export function paperId(paperId: string): string {
  return `p-${safeId(paperId)}`;
}

/**
 * A paper's section: title, metadata, then a card per answered CQ.
 * @example renderPaper(corpus, corpus.papers[0], links, { review: true })
 */
export function renderPaper(corpus: Corpus, paper: PaperView, links: Links, options: CardOptions = {}): Html {
  const index = corpus.papers.indexOf(paper);
  return renderPaperSection(
    corpus,
    paper,
    { prev: corpus.papers[index - 1], next: corpus.papers[index + 1] },
    links,
    options,
  );
}

/**
 * A paper's section with its neighbours given: the served UI reads one paper, not the corpus.
 * @example renderPaperSection(read.context, read.paper, { prev: read.prev, next: read.next }, links)
 */
export function renderPaperSection(
  context: CardContext,
  paper: PaperView,
  neighbours: { prev?: PaperRef; next?: PaperRef },
  links: Links,
  options: CardOptions = {},
): Html {
  const { prev, next } = neighbours;
  const reported = paper.cells.filter((c) => c.label === "yes").length;
  const byCq = new Map(context.questions.map((q) => [q.cq, q]));
  const notApplicable = paper.cells.filter((c) => cellState(c.label, byCq.get(c.cq), paper) === "na").length;
  const reviewed = paper.cells.filter((c) => c.gold).length;
  const nav = [
    html`<a href="${links.overview}">← Overview</a>`,
    prev ? html`<a href="${links.paper(prev.id)}" data-prev-page>‹ Previous paper</a>` : "",
    next ? html`<a href="${links.paper(next.id)}" data-next-page>Next paper ›</a>` : "",
  ];
  const meta = [
    paper.file,
    `${paper.pageCount} page${paper.pageCount === 1 ? "" : "s"}`,
    paper.dl ? "deep-learning study" : "not a deep-learning study",
    `${reported}/${paper.cells.length} questions reported (${pct(paper.completeness)})`,
    notApplicable > 0 ? `${notApplicable} not applicable (deep-learning questions)` : "",
    `${reviewed} reviewed`,
    `id ${paper.id.slice(0, 12)}`,
  ]
    .filter(Boolean)
    .join(" · ");
  const cards = paper.cells.map((cell) => renderCard(context, paper, cell, links, options));
  return html`<section class="page paper" id="${paperId(paper.id)}" data-page>
<nav class="crumbs">${nav}</nav>
<h1>${options.metadata?.title ?? paper.title}</h1>
<p class="meta">${meta}</p>
${options.metadata !== undefined || options.review ? metadataBlock(paper.id, options.metadata, { edit: options.review }) : ""}
${join(cards, "\n")}
</section>`;
}

/** One (paper, CQ) card. The served UI re-renders a single card after each review. */
export function renderCard(
  corpus: CardContext,
  paper: PaperRef,
  cell: Cell,
  links: Links,
  options: CardOptions = {},
): Html {
  const q = corpus.questions.find((x) => x.cq === cell.cq) ?? fallbackQuestion(cell);
  const a = cell.primary;
  const many = cell.answers.length > 1;
  // A paper's DL verdict comes with it; a bare reference falls back to the answer's own flag.
  const dl = paper.dl ?? !a.flags?.includes("non-dl-paper");
  const state = cellState(cell.label, q, { dl });
  const pills = [
    pill(state, STATE_TEXT[state]),
    cell.gold ? pill("reviewed", "Reviewed") : "",
    cell.gold && cell.gold.reported !== cell.consensus
      ? pill("machine", `Machine said ${cell.consensus === "yes" ? "reported" : "not reported"}`)
      : "",
    many && cell.agreement < 1 ? pill("dis", `Engines disagree: ${agreementText(cell)}`) : "",
    a.confidence < LOW_CONFIDENCE ? pill("low", "Low confidence") : "",
  ];
  const paperRef = options.showPaper
    ? html`<div class="paperref"><a href="${links.answer(paper.id, cell.cq)}">${paper.title}</a></div>`
    : "";
  const evidence =
    a.evidence.length === 0
      ? ""
      : html`<ol class="ev">${a.evidence.map((e) => html`<li>“${e.quote}”<span class="pg">${e.section ? `§ ${e.section}` : `p. ${e.page}`}</span></li>`)}</ol>`;
  const shared = options.shared ?? PLAIN_TEXT;
  const looked = lookedBlock(a, { review: options.review, textHref: options.textHref?.(paper.id, cell.cq), shared });
  const classes = `card ${cell.label}${state === "na" ? " na" : ""}${cell.agreement < 1 ? " dis" : ""}${cell.gold ? " rev" : ""}`;
  // Boolean attribute: present only on queue cards.
  const showPaper = options.showPaper ? html` data-show-paper` : "";
  const machine =
    cell.gold && cell.gold.reported !== cell.consensus ? html`<span class="src">Machine answer: </span>` : "";
  // The paper's id, the run and the question's wording as they are, or as tokens (shared-text.ts).
  const doc = shared.paper(paper.id);
  const cardId = doc ? html`a-${doc}-${cell.cq}` : answerId(paper.id, cell.cq);
  const runTitle = shared.text(runTip(a.runKey));
  return html`<article class="${classes}" id="${cardId}" data-doc="${doc ?? paper.id}" data-cq="${cell.cq}" data-label="${cell.label}" data-state="${state}" data-run="${shared.text(a.runKey)}" tabindex="-1"${showPaper}>${paperRef}
<header><span class="cqn">CQ${cell.cq}</span><h3>${q.label}</h3>${pills}<span class="conf" title="${runTitle}">${engineLine(corpus, cell)}</span></header>
<p class="q">${shared.text(q.text)}</p>
<div class="ans">${machine}${linkify(a.answer)}</div>${evidence}${looked}${flagLine(a.flags)}${many || cell.vote ? votes(corpus, cell) : ""}${goldBlock(cell)}${notesBlock(cell.notes)}${options.review ? reviewControls(cell) : ""}
</article>`;
}

/**
 * The text cards of `context` repeat, for {@link CardOptions.shared}: each question's wording, each
 * run's key and tooltip, the scores' tooltips.
 * @example createTokenText(sharedCardText(summary))
 */
export function sharedCardText(context: CardContext): string[] {
  return [
    ...context.questions.map((q) => q.text),
    ...context.runs.flatMap((r) => [r.runKey, runTip(r.runKey)]),
    ...Object.values(SCORE_TIPS),
  ];
}

/** The tooltip of a card's engine line. */
function runTip(runKey: string): string {
  return `run ${runKey.slice(0, 12)} (methodscope runs lists it)`;
}

/** What the engine noted about the answer (who decided it in a cascade, a non-DL paper, a downgraded quote…). */
function flagLine(flags: readonly string[] | undefined): Html | string {
  if (!flags || flags.length === 0) return "";
  return html`<p class="flags">${flags.map((f) => html`<span class="flag">${f}</span> `)}</p>`;
}

function pill(kind: string, text: string): Html {
  return html`<span class="pill ${kind}">${text}</span>`;
}

function agreementText(cell: Cell): string {
  const agree = cell.answers.filter((x) => x.reported === cell.consensus).length;
  return `${agree} of ${cell.answers.length} say ${cell.consensus}`;
}

function runLabel(corpus: CardContext, runKey: string): string {
  return corpus.runs.find((r) => r.runKey === runKey)?.label ?? runKey.slice(0, 8);
}

function engineLine(corpus: CardContext, cell: Cell): string {
  return `${runLabel(corpus, cell.primary.runKey)} · confidence ${cell.primary.confidence.toFixed(2)}`;
}

function votes(corpus: CardContext, cell: Cell): Html {
  const rows = [...cell.answers, ...(cell.vote ? [cell.vote] : [])].map(
    (x) =>
      html`<tr><td title="run ${x.runKey.slice(0, 12)}">${runLabel(corpus, x.runKey)}</td><td>${pill(x.reported, x.reported)}</td><td>${x.confidence.toFixed(2)}</td><td class="a">${linkify(x.answer)}</td></tr>`,
  );
  return html`<table class="votes"><thead><tr><th>Engine / model</th><th>Vote</th><th>Conf.</th><th>Answer</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function goldBlock(cell: Cell): Html | "" {
  const g = cell.gold;
  if (!g) return "";
  const what =
    g.action === "accept"
      ? `accepted “${g.reported === "yes" ? "reported" : "not reported"}”`
      : `corrected to “${g.reported === "yes" ? "reported" : "not reported"}”`;
  const answer = g.action === "correct" && g.answer ? html`<br>Answer: ${linkify(g.answer)}` : "";
  return html`<p class="gold">Gold label: ${what} by ${g.reviewer}, ${formatTime(g.createdAt)}${answer}${chosenEvidence(g.evidence)}</p>`;
}

function notesBlock(notes: Review[]): Html | "" {
  if (notes.length === 0) return "";
  const items = notes.map((n) => html`<li>${n.reviewer}, ${formatTime(n.createdAt)}: ${linkify(n.note ?? "")}</li>`);
  return html`<ul class="notes">${items}</ul>`;
}

function reviewControls(cell: Cell): Html {
  const flipTo = cell.label === "yes" ? "not reported" : "reported";
  return html`<div class="review">
<button type="button" data-act="accept">Accept <kbd>a</kbd></button>
<button type="button" data-act="flip">Mark ${flipTo} <kbd>f</kbd></button>
<button type="button" data-act="edit">Edit answer <kbd>e</kbd></button>
<button type="button" data-act="note">Add note <kbd>m</kbd></button>
<span class="status" aria-live="polite"></span>
<form class="editor" hidden><textarea name="text" aria-label="text"></textarea><div><button type="submit">Save <kbd>Ctrl+Enter</kbd></button> <button type="button" data-act="cancel">Cancel <kbd>Esc</kbd></button></div></form>
</div>`;
}

function formatTime(iso: string): string {
  return iso.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
}

function fallbackQuestion(cell: Cell): Question {
  return {
    cq: cell.cq,
    label: `CQ${cell.cq}`,
    category: "other",
    text: cell.primary.question,
    query: [],
    dlSpecific: false,
  };
}

/** The text of the keyboard help bar. */
export function keyHelp(review: boolean): Html {
  const keys = review
    ? [
        ["a", "accept"],
        ["f", "flip yes/no"],
        ["e", "edit answer"],
        ["m", "add note"],
        ["j / n", "next"],
        ["k", "previous"],
      ]
    : [
        ["j / n", "next answer"],
        ["k", "previous answer"],
        ["o", "overview"],
      ];
  return html`<footer class="keys">${keys.map(([k, l]) => html`<span><kbd>${k}</kbd> ${l}</span>`)}</footer>`;
}
