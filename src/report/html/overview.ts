/** The corpus overview: summary tiles, filters, reporting rate per CQ, completeness, and the heatmap. */
import type { AnswerVote } from "../../store/read-model.js";
import { barSvg, histogramSvg } from "./charts.js";
import { type Corpus, LOW_CONFIDENCE } from "./corpus.js";
import { pct, safeId } from "./escape.js";
import { type FilterCounts, type OverviewCounts, overviewCounts, type PaperFilter } from "./overview-aggregates.js";
import { type CellState, cellState, STATE_TEXT } from "./states.js";
import { type Html, html } from "./template.js";
import { type RatesPanel, ratesFromCorpus, renderRates } from "./trends.js";

/** Where links point: fragments in the single-file report, URLs in the served UI. */
export interface Links {
  overview: string;
  paper: (paperId: string) => string;
  answer: (paperId: string, cq: number) => string;
  /** The values table, when the view has one. */
  values?: string;
}

/** An export file linked from the overview. */
export interface ExportLink {
  label: string;
  href: string;
}

/** The overview shows only votes, so the vote summary of a corpus is enough (a full corpus is one too). */
type Summary = Corpus<AnswerVote>;

/** The paper filters, each with its own histogram and per-question rates (the client shows one). */
const VARIANTS: readonly PaperFilter[] = ["all", "dl", "nondl"];

/** A page of the heatmap: the served overview shows `limit` papers from `offset`, with links to the others. */
export interface HeatmapPage {
  offset: number;
  limit: number;
  /**
   * The URL of the page that starts at `offset`. Without one (the single-file report), the pager's
   * buttons page the table in the browser, from the data the client script reads.
   */
  href?: (offset: number) => string;
}

/**
 * The overview section. `exports` are links to CSV/JSONL files (relative URLs or server routes).
 * The tiles, rates and histograms cover every paper; the heatmap shows `page`'s papers (all without).
 * `rates` are the "Reporting rates" panel's numbers (trends.ts); without, the overall rates alone.
 * `counts` are the tiles' and per-question counts, counted here when not given (the server keeps them
 * across reviews, see overview-aggregates.ts).
 * @example renderOverview(corpus, links, [{ label: "results.csv", href: "results.csv" }])
 */
export function renderOverview(
  corpus: Summary,
  links: Links,
  exports: ExportLink[] = [],
  page?: HeatmapPage,
  rates?: RatesPanel,
  counts: OverviewCounts = overviewCounts(corpus),
): Html {
  const { papers } = corpus;
  const { cells: cellCount, reviewed, disagreements, byFilter } = counts;
  const dl = byFilter.dl.completeness.length;
  // In paper order, as a sum over the papers gives it.
  const mean = papers.length === 0 ? 0 : byFilter.all.completeness.reduce((s, c) => s + c, 0) / papers.length;
  const engines = corpus.runs.map((r) => r.label).join(", ") || "none";
  const tiles = [
    [String(papers.length), "papers"],
    [`${dl} / ${papers.length - dl}`, "deep learning / other"],
    [pct(mean), "mean completeness"],
    [String(corpus.questions.length), "questions"],
    [`${reviewed} / ${cellCount}`, "answers reviewed"],
    [corpus.runs.length > 1 ? String(disagreements) : "–", "engine disagreements"],
  ];
  const histograms = VARIANTS.map(
    (v) =>
      html`<div class="variant" data-variant="${v}">${histogramSvg(
        byFilter[v].completeness,
        "Number of papers by share of questions reported",
      )}</div>`,
  );
  const exportLinks =
    exports.length > 0
      ? html`<div class="panel exports"><h2>Exports</h2>${exports.map((e) => html`<a href="${e.href}">${e.label}</a>`)}</div>`
      : "";
  return html`<section class="page" id="overview" data-page>
<h1>Methodology reporting across ${papers.length} paper${papers.length === 1 ? "" : "s"}</h1>
<p class="lede">Which of ${corpus.questions.length} methodology questions each paper answers, with verbatim evidence. Engines: ${engines}.</p>
<div class="tiles">${tiles.map(([v, l]) => html`<div class="tile"><b>${v}</b><span>${l}</span></div>`)}</div>
${renderFilters(corpus)}
<div class="panel"><h2>Papers × questions</h2>${legend()}${pager(papers.length, page)}<div class="scroll">${heatmap(corpus, links, page)}</div>${pager(papers.length, page)}</div>
<div class="two">
<div class="panel"><h2>Reporting rate per question</h2>${VARIANTS.map((v) => rateVariant(corpus, v, byFilter[v]))}</div>
<div class="panel"><h2>Completeness per paper</h2>${histograms}<p class="hint">Number of papers by share of questions reported (over all questions, whatever the category filter).</p></div>
</div>
${renderRates(corpus.questions, rates ?? { rows: ratesFromCorpus(corpus, () => undefined, []), groupBy: [] })}
${links.values ? html`<p class="hint"><a href="${links.values}">Values per paper</a>: the optimizer, learning rate, datasets, hardware… each paper names, in one sortable table.</p>` : ""}
${exportLinks}
</section>`;
}

function renderFilters(corpus: Summary): Html {
  const categories = [...new Set(corpus.questions.map((q) => q.category))];
  const dlButtons = [
    ["all", "All papers"],
    ["dl", "Deep learning"],
    ["nondl", "Other"],
  ].map(([k, l]) => html`<button type="button" data-set-dl="${k}" aria-pressed="${String(k === "all")}">${l}</button>`);
  const options = categories.map((c) => html`<option value="${safeId(c)}">${c}</option>`);
  return html`<div class="filters"><div class="group"><span>Papers</span>${dlButtons}</div>
<label class="group"><span>Question category</span><select data-set-cat><option value="all">all categories</option>${options}</select></label></div>`;
}

function rateVariant(corpus: Summary, key: PaperFilter, counts: FilterCounts): Html {
  const rows = corpus.questions.map((q) => {
    const total = counts.answered[q.cq] ?? 0;
    const yes = counts.yes[q.cq] ?? 0;
    const share = total === 0 ? 0 : yes / total;
    return html`<div class="rate" data-cat="${safeId(q.category)}" title="${q.text}"><span class="n">CQ${q.cq}</span><span class="l">${q.label}</span>${barSvg(share)}<span class="v">${yes}/${total}</span></div>`;
  });
  const empty = counts.completeness.length === 0 ? html`<p class="empty">No papers in this group.</p>` : "";
  return html`<div class="variant" data-variant="${key}">${rows}${empty}</div>`;
}

/** The heatmap's legend: the three states, then the marks that can sit on any of them. */
function legend(): Html {
  const states: CellState[] = ["yes", "no", "na"];
  const stateText: Record<CellState, string> = {
    yes: STATE_TEXT.yes.toLowerCase(),
    no: STATE_TEXT.no.toLowerCase(),
    na: "not applicable (deep-learning question, not a deep-learning study)",
  };
  return html`<div class="legend" data-legend>${states.map((s) => html`<span data-state="${s}"><i class="${s}"></i>${stateText[s]}</span>`)}<span data-state="low"><i class="yes low"></i><i class="no low"></i>low confidence (&lt; ${LOW_CONFIDENCE}): paler, dashed</span><span><i class="dis"></i>engines disagree</span><span><i class="rev"></i>reviewed</span><span>Click a cell to see the answer and its evidence.</span></div>`;
}

/** "Papers 201–400 of 5000", with links to the previous and next pages (nothing when all fit). */
export function pager(total: number, page: HeatmapPage | undefined): Html | string {
  if (!page || total <= page.limit) return "";
  const from = Math.min(page.offset, total);
  const to = Math.min(from + page.limit, total);
  if (!page.href) {
    return html`<p class="pager" data-pager><span data-pager-text>Papers ${from + 1}–${to} of ${total}</span> <button type="button" data-pager-step="-1"${from > 0 ? "" : html` disabled`}>‹ previous</button> <button type="button" data-pager-step="1"${to < total ? "" : html` disabled`}>next ›</button></p>`;
  }
  const href = page.href;
  const prev = from > 0 ? html`<a href="${href(Math.max(0, from - page.limit))}" rel="prev">‹ previous</a>` : "";
  const next = to < total ? html`<a href="${href(to)}" rel="next">next ›</a>` : "";
  return html`<p class="pager">Papers ${from + 1}–${to} of ${total} ${prev} ${next}</p>`;
}

function heatmap(corpus: Summary, links: Links, page?: HeatmapPage): Html {
  // Short names, written upwards so 28 columns stay narrow; the full question is the tooltip.
  const head = corpus.questions.map(
    (q) =>
      html`<th class="q" scope="col" data-cat="${safeId(q.category)}" title="${`CQ${q.cq} ${q.label}: ${q.text}`}"><span class="ql"><b>${q.cq}</b> ${q.label}</span></th>`,
  );
  const shown = page ? corpus.papers.slice(page.offset, page.offset + page.limit) : corpus.papers;
  const rows = shown.map((p) => {
    const byCq = new Map(p.cells.map((c) => [c.cq, c]));
    const tds = corpus.questions.map((q) => {
      const c = byCq.get(q.cq);
      const cat = safeId(q.category);
      if (!c) return html`<td class="c" data-cat="${cat}"></td>`;
      const state = cellState(c.label, q, p);
      const low = c.primary.confidence < LOW_CONFIDENCE;
      const classes = ["cell", state, low ? "low" : "", c.agreement < 1 ? "dis" : ""];
      if (c.gold) classes.push("rev");
      const tip = `${p.title} · CQ${q.cq} ${q.label}: ${STATE_TEXT[state].toLowerCase()}${low ? ", low confidence" : ""}${c.gold ? " (reviewed)" : ""}`;
      return html`<td class="c" data-cat="${cat}"><a class="${classes.filter(Boolean).join(" ")}" href="${links.answer(p.id, q.cq)}" title="${tip}" aria-label="${tip}" data-cq="${q.cq}" data-state="${state}"></a></td>`;
    });
    return html`<tr data-dl="${p.dl ? 1 : 0}" data-paper="${safeId(p.id)}"><th class="paper" scope="row" title="${p.title}"><a href="${links.paper(p.id)}">${p.title}</a></th><td class="pct">${pct(p.completeness)}</td>${tds}</tr>`;
  });
  return html`<table class="heat"><thead><tr><th>Paper</th><th class="pct" title="completeness">Compl.</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}
