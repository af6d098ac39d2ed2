/**
 * HTML pages of the review UI: the report's views inside a shell that loads /assets/app.{css,js}
 * (the script as an ES module). Each page renders what a per-request read (`createCorpusReader`)
 * returned; every value is escaped by the `html` template.
 */
import type { Corpus, PaperView } from "../report/html/corpus.js";
import { paperTextBlock } from "../report/html/looked.js";
import { type Links, renderOverview } from "../report/html/overview.js";
import type { OverviewCounts } from "../report/html/overview-aggregates.js";
import { answerId, keyHelp, renderCard, renderPaperSection } from "../report/html/paper.js";
import type { CellRead, PaperRead, QueueRead } from "../report/html/reader.js";
import { type Html, html, join } from "../report/html/template.js";
import type { RatesPanel } from "../report/html/trends.js";
import { paperValues, renderValues } from "../report/html/values.js";
import type { AnswerVote } from "../store/read-model.js";
import type { Document, DocumentMetadata } from "../types.js";

/** URLs of the served views. Paper ids are hex digests, so they need no encoding beyond this. */
export const SERVER_LINKS: Links = {
  overview: "/",
  paper: (id) => `/paper/${encodeURIComponent(id)}`,
  answer: (id, cq) => `/paper/${encodeURIComponent(id)}#${answerId(id, cq)}`,
  values: "/values",
};

export const QUEUE_PAGE_SIZE = 25;

/** URL of a paper's text view for one question (where a reviewer picks evidence for a "no"). */
export const textHref = (id: string, cq: number): string => `/paper/${encodeURIComponent(id)}/text?cq=${cq}`;

interface Shell {
  title: string;
  token: string;
  reviewer: string;
}

function page(shell: Shell, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ms-token" content="${shell.token}">
<title>${shell.title} · methodscope review</title>
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body data-mode="review" data-dl="all" data-cat="all">
<nav class="top"><span class="brand">methodscope</span><a href="/">Overview</a><a href="/values">Values</a><a href="/queue">Review queue</a><a href="/export/gold.jsonl">gold.jsonl</a><a href="/export/results.jsonl">results.jsonl</a><span class="who">reviewing as ${shell.reviewer}</span></nav>
<main>
${body}
</main>
${keyHelp(true)}
</body>
</html>
`.toString();
}

/**
 * The overview page, from the vote summary of every cell (and the rate charts' numbers and the
 * tiles' counts, when given: the server keeps them across reviews, see overview-cache.ts).
 */
export function overviewPage(
  summary: Corpus<AnswerVote>,
  shell: Omit<Shell, "title">,
  offset = 0,
  rates?: RatesPanel,
  counts?: OverviewCounts,
): string {
  const exports = [
    { label: "gold.jsonl (reviewed labels)", href: "/export/gold.jsonl" },
    { label: "results.jsonl (machine answers)", href: "/export/results.jsonl" },
  ];
  // A page of the heatmap at a time: a corpus of thousands of papers stays one quick page.
  const heatmap = { offset, limit: HEATMAP_PAGE_SIZE, href: (n: number) => (n === 0 ? "/" : `/?papers=${n}`) };
  return page({ ...shell, title: "Overview" }, renderOverview(summary, SERVER_LINKS, exports, heatmap, rates, counts));
}

/** Papers per page of the served values table. */
export const VALUES_PAGE_SIZE = 100;

/**
 * The values table, a page of {@link VALUES_PAGE_SIZE} papers from `offset` in the overview's order.
 * `readPaper` reads one paper with its answers' values (the summary has only votes), so a page costs
 * one read per paper shown, whatever the corpus size. Sorting and filtering act on the page shown.
 */
export function valuesPage(
  summary: Corpus<AnswerVote>,
  readPaper: (id: string) => PaperView | undefined,
  shell: Omit<Shell, "title">,
  offset = 0,
): string {
  const rows = summary.papers.slice(offset, offset + VALUES_PAGE_SIZE).flatMap((p) => {
    const paper = readPaper(p.id);
    return paper ? [paperValues(paper)] : [];
  });
  const at = { offset, limit: VALUES_PAGE_SIZE, href: (n: number) => (n === 0 ? "/values" : `/values?papers=${n}`) };
  return page(
    { ...shell, title: "Values" },
    renderValues(rows, SERVER_LINKS, { total: summary.papers.length, page: at }),
  );
}

/** Papers per page of the served heatmap. */
export const HEATMAP_PAGE_SIZE = 100;

/** One paper's page with its metadata (and the form to edit it) and review controls on every card. */
export function paperPage(read: PaperRead, shell: Omit<Shell, "title">, metadata?: DocumentMetadata): string {
  const section = renderPaperSection(read.context, read.paper, read, SERVER_LINKS, {
    review: true,
    textHref,
    metadata,
  });
  return page({ ...shell, title: metadata?.title ?? read.paper.title }, section);
}

/** One card with review controls, as a review POST returns it. */
export function cardHtml(read: CellRead, showPaper = false): string {
  return renderCard(read.context, read.paper, read.cell, SERVER_LINKS, {
    review: true,
    showPaper,
    textHref,
  }).toString();
}

/**
 * The review queue from `offset` (a page of {@link QUEUE_PAGE_SIZE}): unreviewed first, then
 * disagreements, then the least confident answers.
 */
export function queuePage(queue: QueueRead, offset: number, shell: Omit<Shell, "title">): string {
  const cards = queue.items.map(({ paper, cell }) =>
    renderCard(queue.context, paper, cell, SERVER_LINKS, { review: true, showPaper: true, textHref }),
  );
  const more =
    offset + QUEUE_PAGE_SIZE < queue.total
      ? html`<p><a href="/queue?offset=${offset + QUEUE_PAGE_SIZE}" data-next-page>Next ${QUEUE_PAGE_SIZE} ›</a></p>`
      : "";
  const shown = queue.items.length;
  const body = html`<section class="page" id="queue" data-page>
<h1>Review queue</h1>
<p class="lede"><b data-open-count>${queue.open}</b> of ${queue.total} answers still to review. Unreviewed answers come first, engine disagreements before agreements, the least confident first. Showing ${shown === 0 ? 0 : offset + 1}–${offset + shown}.</p>
${cards.length > 0 ? join(cards, "\n") : html`<p class="empty">Nothing to review.</p>`}
${more}
</section>`;
  return page({ ...shell, title: "Review queue" }, body);
}

/**
 * A paper's cleaned text for one question: its card (with the review buttons), then the text with
 * the machine's candidate sentences highlighted and a search box. Choosing a sentence or selecting
 * a passage and pressing the button marks the answer reported with that passage as its evidence.
 */
export function paperTextPage(read: CellRead, document: Pick<Document, "text">, shell: Omit<Shell, "title">): string {
  const card = renderCard(read.context, read.paper, read.cell, SERVER_LINKS, { review: true });
  const body = html`<section class="page" id="paper-text" data-page>
<nav class="crumbs"><a href="${SERVER_LINKS.answer(read.paper.id, read.cell.cq)}">← Back to the paper</a></nav>
<h1>${read.paper.title}</h1>
${card}
${paperTextBlock(document, read.cell.primary.candidates ?? [])}
</section>`;
  return page({ ...shell, title: `${read.paper.title} · text` }, body);
}
