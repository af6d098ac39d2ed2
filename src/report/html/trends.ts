/**
 * The overview's "Reporting rates" panel: every question's rate over all papers with its 95%
 * interval (one dot-and-whisker chart), and per grouping key (year, venue, …) a small chart per
 * question of the rate in each group. Inline SVG with attributes only (no style attributes, no
 * fonts, no scripts), each chart with a title, a description that lists its numbers, and a tooltip
 * on every point. The numbers are rates.ts's, computed from the labels the views show (a reviewer's
 * decision where there is one) and the three states (not-applicable answers count nowhere).
 */

import { allMetadataEdits, applyMetadataEdits } from "../../store/metadata.js";
import type { AnswerVote } from "../../store/read-model.js";
import type { Store } from "../../store/store.js";
import type { DocumentMetadata, Question } from "../../types.js";
import { ALL_GROUP, computeRates, GROUP_ALIASES, type RatePaper, type RateRow, UNKNOWN_GROUP } from "../rates.js";
import { COLORS } from "./charts.js";
import type { Corpus } from "./corpus.js";
import { pct, safeId } from "./escape.js";
import { cellState } from "./states.js";
import { type Html, html } from "./template.js";

/** A paper's metadata (year, journal, …) by paper id; undefined when the store has none. */
export type MetadataOf = (paperId: string) => Readonly<Record<string, unknown>> | undefined;

/** What the panel draws: the rows of {@link computeRates} and the keys they were grouped by. */
export interface RatesPanel {
  rows: readonly RateRow[];
  groupBy: readonly string[];
}

/** A categorical grouping (venues) shows at most this many groups, those with the most papers. */
export const MAX_CHART_GROUPS = 12;

/**
 * The rates of a corpus as its views label it: a cell is reported when its label (gold, else the
 * engines' consensus) is "yes", and counts nowhere when it is not applicable ({@link cellState}).
 * @example ratesFromCorpus(corpus, (id) => metadata.get(id), ["year"])
 */
export function ratesFromCorpus(
  corpus: Corpus<AnswerVote>,
  metadataOf: MetadataOf,
  groupBy: readonly string[],
): RateRow[] {
  const byCq = new Map(corpus.questions.map((q) => [q.cq, q]));
  // A paper's rate cells are made as computeRates reaches it and dropped after: nothing holds every cell.
  function* papers(): Generator<RatePaper> {
    for (const p of corpus.papers)
      yield {
        metadata: metadataOf(p.id),
        cells: p.cells.map((c) => {
          const state = cellState(c.label, byCq.get(c.cq), p);
          return { cq: c.cq, reported: state === "yes", applicable: state !== "na" };
        }),
      };
  }
  return computeRates(papers(), corpus.questions, groupBy);
}

/**
 * Every stored paper's metadata (JATS/TEI readers, and whatever else fills `documents.metadata_json`),
 * by paper id, in one query without the papers' text. Empty for a store older than that column.
 * @example readPaperMetadata(store).get(paperId)?.year // 2021
 */
export function readPaperMetadata(store: Store): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const hasColumn = store.db.prepare("SELECT 1 FROM pragma_table_info('documents') WHERE name = 'metadata_json'").get();
  if (!hasColumn) return out;
  const rows = store.db.prepare("SELECT id, metadata_json FROM documents WHERE metadata_json IS NOT NULL").all() as {
    id: string;
    metadata_json: string;
  }[];
  const edits = allMetadataEdits(store);
  for (const row of rows) {
    try {
      const parsed: unknown = JSON.parse(row.metadata_json);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        // Reviewers' edits count, as on the paper page and in the exports.
        const edited = applyMetadataEdits(parsed as DocumentMetadata, edits.get(row.id) ?? []);
        out.set(row.id, edited as Record<string, unknown>);
      }
    } catch {
      // A damaged value groups its paper under "unknown"; it must not take the page down.
    }
  }
  for (const [id, list] of edits)
    if (!out.has(id)) out.set(id, applyMetadataEdits({}, list) as Record<string, unknown>);
  return out;
}

/**
 * The "Reporting rates" panel of the overview.
 * @example renderRates(corpus.questions, { rows: ratesFromCorpus(corpus, meta, ["year"]), groupBy: ["year"] })
 */
export function renderRates(questions: readonly Question[], panel: RatesPanel): Html {
  const all = panel.rows.filter((r) => r.groupBy === ALL_GROUP);
  const papers = Math.max(0, ...all.map((r) => r.papers));
  const byKey = panel.groupBy.map((key) => groupSection(questions, key, panel.rows, papers));
  return html`<div class="panel rates" id="rates" data-rates>
<h2>Reporting rates</h2>
<p class="hint">Share of the papers a question applies to that report it, with its 95% interval (Wilson score). Papers where a deep-learning question does not apply are left out of its rate; reviewed answers count as reviewed.</p>
<div class="scroll">${overallSvg(all)}</div>
${byKey}
</div>`;
}

/** One grouping key: small multiples when at least two groups have papers, else why not. */
function groupSection(questions: readonly Question[], key: string, rows: readonly RateRow[], total: number): Html {
  const mine = rows.filter((r) => r.groupBy === key);
  const size = new Map<string, number>();
  for (const r of mine) size.set(r.group, Math.max(size.get(r.group) ?? 0, r.papers));
  const known = [...size].filter(([g, n]) => g !== UNKNOWN_GROUP && n > 0).map(([g]) => g);
  const unknown = size.get(UNKNOWN_GROUP) ?? 0;
  const name = key;
  const field = GROUP_ALIASES[key];
  const unknownNote =
    unknown > 0
      ? ` ${unknown} of ${total} paper${total === 1 ? " has" : "s have"} no ${name}${field ? ` (${field})` : ""}: they count in the overall rates only.`
      : "";
  if (known.length < 2) {
    return html`<h3>By ${name}</h3><p class="hint" data-no-trend="${key}">No chart by ${name}: it needs papers in at least two groups (${known.length === 1 ? `all are in ${known[0]}` : "none has one"}).${unknownNote}</p>`;
  }
  const numeric = known.every((g) => /^-?\d+(\.\d+)?$/.test(g));
  // In rates' order (years ascending, names alphabetically); a categorical key keeps its largest groups.
  let shown = known;
  let capped = "";
  if (!numeric && known.length > MAX_CHART_GROUPS) {
    const largest = new Set(
      [...known].sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0)).slice(0, MAX_CHART_GROUPS),
    );
    shown = known.filter((g) => largest.has(g));
    capped = ` The ${MAX_CHART_GROUPS} ${name}s with the most papers of ${known.length}; rates.csv has them all.`;
  }
  const byCq = new Map<number, RateRow[]>();
  for (const r of mine) {
    if (!shown.includes(r.group)) continue;
    const list = byCq.get(r.cq);
    if (list) list.push(r);
    else byCq.set(r.cq, [r]);
  }
  const charts = questions.map((q) => {
    const points = byCq.get(q.cq) ?? [];
    const svg = numeric ? trendSvg(q, key, points) : groupRowsSvg(q, key, points);
    return html`<figure class="trend" data-cat="${safeId(q.category)}" data-cq="${q.cq}">${svg}</figure>`;
  });
  return html`<h3>By ${name}</h3><p class="hint">${numeric ? `Rate per ${name}, ${shown[0]}–${shown[shown.length - 1]}` : `Rate per ${name}`}: dots are rates, whiskers 95% intervals; hover a dot for its numbers.${capped}${unknownNote}</p>
<div class="trends" data-group-by="${key}">${charts}</div>`;
}

const AXIS = "#9aa5b1";
const GRID = "#e3e7ec";

/** "3 of 5 papers (60%), 95% CI 23–88%", or "no paper it applies to": tooltips. */
function describe(r: RateRow): string {
  if (r.rate === null) return "no paper it applies to";
  return `${r.reported} of ${r.applicable} paper${r.applicable === 1 ? "" : "s"} (${pct(r.rate)}), 95% CI ${pct(r.ciLow ?? 0)}–${pct(r.ciHigh ?? 0)}`;
}

/** "3/5, 60% (95% CI 23–88%)", or "n/a": the small charts' descriptions. */
function brief(r: RateRow): string {
  if (r.rate === null) return "n/a";
  return `${r.reported}/${r.applicable}, ${pct(r.rate)} (95% CI ${pct(r.ciLow ?? 0)}–${pct(r.ciHigh ?? 0)})`;
}

/** A point with its whisker and caps, along x (horizontal) or along y (vertical). */
function whisker(r: RateRow, at: number, scale: (v: number) => number, vertical: boolean, tip: string): Html {
  const lo = scale(r.ciLow ?? 0).toFixed(1);
  const hi = scale(r.ciHigh ?? 0).toFixed(1);
  const mid = scale(r.rate ?? 0).toFixed(1);
  const c = at.toFixed(1);
  const [a, b] = [(at - 3).toFixed(1), (at + 3).toFixed(1)];
  // The stroke is the group's (inherited): a report of many years repeats this a few thousand times.
  const lines = vertical
    ? html`<line class="whisker" x1="${c}" x2="${c}" y1="${lo}" y2="${hi}" stroke-width="1.5"/><line x1="${a}" x2="${b}" y1="${lo}" y2="${lo}"/><line x1="${a}" x2="${b}" y1="${hi}" y2="${hi}"/><circle cx="${c}" cy="${mid}" r="3.5" fill="${COLORS.yes}" stroke="none"/>`
    : html`<line class="whisker" x1="${lo}" x2="${hi}" y1="${c}" y2="${c}" stroke-width="1.5"/><line x1="${lo}" x2="${lo}" y1="${a}" y2="${b}"/><line x1="${hi}" x2="${hi}" y1="${a}" y2="${b}"/><circle cx="${mid}" cy="${c}" r="3.5" fill="${COLORS.yes}" stroke="none"/>`;
  return html`<g class="ci" data-group="${r.group}" data-cq="${r.cq}" data-rate="${rateAttr(r.rate)}" data-low="${rateAttr(r.ciLow)}" data-high="${rateAttr(r.ciHigh)}" stroke="${COLORS.bar}"><title>${tip}</title>${lines}</g>`;
}

/** A share as the data attributes carry it: rates.csv's 4 decimals. */
function rateAttr(value: number | null): string {
  return value === null ? "" : String(Number(value.toFixed(4)));
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Vertical gridlines at 0, 25, 50, 75 and 100% with their labels under the rows. */
function xGrid(scale: (v: number) => number, top: number, bottom: number, fontSize: number, every = 0.25): Html[] {
  const out: Html[] = [];
  for (let v = 0; v <= 1.0001; v += every) {
    const x = scale(v).toFixed(1);
    out.push(
      html`<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="${v === 0 ? AXIS : GRID}"/><text x="${x}" y="${bottom + fontSize + 3}" text-anchor="middle" font-size="${fontSize}" fill="${COLORS.text}">${pct(v)}</text>`,
    );
  }
  return out;
}

/** Every question's rate over all papers: one row each, dot and whisker, "reported/applicable" at the right. */
function overallSvg(rows: readonly RateRow[]): Html {
  const width = 680;
  const labelW = 210;
  const valueW = 70;
  const rowH = 18;
  const top = 6;
  const plotBottom = top + rows.length * rowH;
  const height = plotBottom + 34;
  const scale = (v: number) => labelW + v * (width - labelW - valueW);
  const marks = rows.map((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const name = `CQ${r.cq} ${r.label}`;
    const text = html`<text x="${labelW - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="${COLORS.text}">${cut(name, 34)}</text><text x="${width - valueW + 8}" y="${(y + 4).toFixed(1)}" font-size="11" fill="${COLORS.text}">${r.applicable > 0 ? `${r.reported}/${r.applicable}` : "n/a"}</text>`;
    const mark = r.rate === null ? "" : whisker(r, y, scale, false, `${name}: ${describe(r)}`);
    return html`${text}${mark}`;
  });
  const desc = rows.map((r) => `CQ${r.cq} ${r.label}: ${describe(r)}`).join("; ");
  return html`<svg class="rates-all" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="rates-all-t rates-all-d"><title id="rates-all-t">Reporting rate per question, all papers, with 95% intervals</title><desc id="rates-all-d">${desc}</desc>${xGrid(scale, top, plotBottom, 11)}${marks}<text x="${scale(0.5).toFixed(1)}" y="${height - 2}" text-anchor="middle" font-size="11" fill="${COLORS.text}">share of papers that report it (papers it applies to)</text></svg>`;
}

/** One question's rate per numeric group (years): groups along x, rate up the y axis, whiskers vertical. */
function trendSvg(q: Question, key: string, points: readonly RateRow[]): Html {
  const width = 270;
  const height = 160;
  const left = 38;
  const right = 10;
  const top = 24;
  const bottom = 36;
  const pad = 8;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  // A linear axis: a gap of ten years looks like one.
  const values = points.map((r) => Number(r.group));
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const x = (v: number) => left + pad + ((v - min) / span) * (plotW - 2 * pad);
  const y = (v: number) => top + (1 - v) * plotH;
  const grid = [0, 0.5, 1].map(
    (v) =>
      html`<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? AXIS : GRID}"/><text x="${left - 4}" y="${(y(v) + 3.5).toFixed(1)}" text-anchor="end" font-size="10" fill="${COLORS.text}">${pct(v)}</text>`,
  );
  // Labels at least 28 px apart (four digits at 10 px), so neighbouring years never overprint.
  const labelled: number[] = [];
  for (const v of tickValues(values)) {
    const last = labelled[labelled.length - 1];
    if (last === undefined || x(v) - x(last) >= 28) labelled.push(v);
  }
  const ticks = labelled.map(
    (v) =>
      html`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top + plotH}" y2="${top + plotH + 3}" stroke="${AXIS}"/><text x="${x(v).toFixed(1)}" y="${top + plotH + 13}" text-anchor="middle" font-size="10" fill="${COLORS.text}">${cut(String(v), 8)}</text>`,
  );
  const drawn = points.flatMap((r, i) => (r.rate === null ? [] : [{ r, v: values[i] }]));
  const marks = drawn.map((d) => whisker(d.r, x(d.v), y, true, `${key} ${d.r.group}: ${describe(d.r)}`));
  return chartFrame(
    q,
    key,
    points,
    width,
    height,
    html`${grid}${ticks}${trendLines(drawn, x, y)}${marks}<text x="${(left + plotW / 2).toFixed(1)}" y="${height - 4}" text-anchor="middle" font-size="10" fill="${COLORS.text}">${key}</text>`,
  );
}

/** The x axis's labels: every group when there are few, else about six round values across the span. */
function tickValues(values: readonly number[]): number[] {
  if (values.length <= 6) return [...values];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const raw = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Number(v.toFixed(6)));
  return out;
}

/** Lines joining consecutive rates; a skipped year (no paper it applies to) breaks the line. */
function trendLines(
  drawn: readonly { r: RateRow; v: number }[],
  x: (v: number) => number,
  y: (v: number) => number,
): Html[] {
  const runs: { r: RateRow; v: number }[][] = [];
  for (const d of drawn) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    const joined = prev && (!Number.isInteger(prev.v) || !Number.isInteger(d.v) || d.v - prev.v <= 1);
    if (run && joined) run.push(d);
    else runs.push([d]);
  }
  return runs
    .filter((run) => run.length > 1)
    .map(
      (run) =>
        html`<polyline points="${run.map((d) => `${x(d.v).toFixed(1)},${y(d.r.rate ?? 0).toFixed(1)}`).join(" ")}" fill="none" stroke="${AXIS}" stroke-width="1"/>`,
    );
}

/** One question's rate per categorical group (venues): a row per group, whiskers horizontal. */
function groupRowsSvg(q: Question, key: string, points: readonly RateRow[]): Html {
  const width = 270;
  const labelW = 112;
  const right = 12;
  const top = 24;
  const rowH = 15;
  const plotBottom = top + points.length * rowH;
  const height = plotBottom + 30;
  const scale = (v: number) => labelW + v * (width - labelW - right);
  const marks = points.map((r, i) => {
    const at = top + i * rowH + rowH / 2;
    const label = html`<text x="${labelW - 5}" y="${(at + 3.5).toFixed(1)}" text-anchor="end" font-size="10" fill="${COLORS.text}">${cut(r.group, 17)}</text>`;
    return r.rate === null ? label : html`${label}${whisker(r, at, scale, false, `${key} ${r.group}: ${describe(r)}`)}`;
  });
  return chartFrame(q, key, points, width, height, html`${xGrid(scale, top, plotBottom, 10, 0.5)}${marks}`);
}

/** The SVG around a small chart: its heading, title and a description listing every group's numbers. */
function chartFrame(
  q: Question,
  key: string,
  points: readonly RateRow[],
  width: number,
  height: number,
  body: Html,
): Html {
  const id = safeId(`rates-${key}-cq${q.cq}`);
  const title = `CQ${q.cq} ${q.label}: reporting rate by ${key}`;
  const desc = points.map((r) => `${r.group}: ${brief(r)}`).join("; ");
  return html`<svg class="trend" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc><text x="4" y="14" font-size="11" font-weight="600" fill="${COLORS.text}">${cut(`CQ${q.cq} ${q.label}`, 40)}</text>${body}</svg>`;
}
