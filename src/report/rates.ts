/**
 * Reporting rates per question and per group of papers (by year, venue or any metadata key), with
 * 95% Wilson score intervals: what rates.csv holds and the report's "Reporting rates" charts draw.
 *
 * A rate counts only the papers a question applies to: a "yes" is reported, a "no" is not reported,
 * and a "no" that is not applicable (a deep-learning question about a study that trains no
 * deep-learning model, see `isApplicable` in rows.ts and `cellState` in html/states.ts) is left out
 * of both counts. Pure functions: the callers say which label each cell has (the engine's answer in
 * `extract`, the reviewer's decision where there is one in the report and `serve`).
 */
import { csvLine } from "./csv.js";
import type { ResultRow } from "./rows.js";

/** One (paper, question) as a rate counts it. */
export interface RateCell {
  cq: number;
  reported: boolean;
  /** False when the question does not apply to the paper (then `reported` is false too). */
  applicable: boolean;
}

/** One paper: its metadata (year, journal, …) and its cells. */
export interface RatePaper {
  metadata?: Readonly<Record<string, unknown>>;
  cells: readonly RateCell[];
}

/** A question as the rows name it. */
export interface RateQuestion {
  cq: number;
  label: string;
}

/** One line of rates.csv: a question's rate in one group of papers. */
export interface RateRow {
  /** The metadata key the papers were grouped by ("year", "venue", …), or "all". */
  groupBy: string;
  /** The group: a year, a venue, "unknown" (no such field), or "all". */
  group: string;
  cq: number;
  label: string;
  /** Papers in the group with an answer to this question (applicable or not). */
  papers: number;
  /** Of those, the papers the question applies to: the rate's denominator. */
  applicable: number;
  /** Of those, the papers that report it. */
  reported: number;
  /** reported / applicable; null when no paper of the group is applicable. */
  rate: number | null;
  /** The 95% Wilson score interval of the rate; null with the rate. */
  ciLow: number | null;
  ciHigh: number | null;
}

/** The group of every paper, and the `groupBy` of its rows. */
export const ALL_GROUP = "all";
/** The group of papers whose metadata lacks the key grouped by. */
export const UNKNOWN_GROUP = "unknown";
/** Grouping when none is asked for. */
export const DEFAULT_GROUP_BY: readonly string[] = ["year"];
/** Names that stand for a metadata key: "venue" is the journal (or conference) a paper appeared in. */
export const GROUP_ALIASES: Readonly<Record<string, string>> = { venue: "journal" };

/** z for a two-sided 95% interval (the 0.975 quantile of the standard normal). */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of `successes` out of `n` (null when n is 0). It stays inside [0, 1],
 * is not empty at a rate of 0 or 1, and covers close to 95% even for a handful of papers, where
 * the normal (Wald) interval collapses or spills over; it needs no resampling.
 * @example wilsonInterval(5, 10) // { low: 0.2366, high: 0.7634 } (to 4 places)
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  if (!(n > 0)) return null;
  if (successes < 0 || successes > n) throw new RangeError(`wilsonInterval: ${successes} successes out of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 and n the bound is exact (0 or 1); rounding would leave 1e-17 and 0.9999999999999999.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * `--group-by`'s value as metadata keys: a comma list, trimmed, each once; "all" and empty names
 * are refused (every output has the all-papers rows already).
 * @example parseGroupBy("year, venue") // ["year", "venue"]
 */
export function parseGroupBy(text: string): string[] {
  const keys = [...new Set(text.split(",").map((k) => k.trim()))];
  const bad = keys.filter((k) => !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(k) || k === ALL_GROUP);
  if (bad.length > 0 || keys.length === 0) {
    throw new RangeError(
      `--group-by takes metadata keys separated by commas (year, venue, journal, …), not ${JSON.stringify(text)}`,
    );
  }
  return keys;
}

/**
 * The groups a paper belongs to under `key` ("venue" reads `journal`): its value as text, each value
 * of a list (a paper with two keywords counts in both), or "unknown" when it has none.
 * @example groupValues({ year: 2021 }, "year") // ["2021"]
 */
export function groupValues(metadata: Readonly<Record<string, unknown>> | undefined, key: string): string[] {
  const field = GROUP_ALIASES[key] ?? key;
  const value = metadata && Object.hasOwn(metadata, field) ? metadata[field] : undefined;
  const texts = (Array.isArray(value) ? value : [value]).flatMap((v) => {
    if (typeof v === "number" && Number.isFinite(v)) return [String(v)];
    if (typeof v === "string") {
      const t = v.replace(/\s+/g, " ").trim();
      return t ? [t] : [];
    }
    return [];
  });
  return texts.length > 0 ? [...new Set(texts)] : [UNKNOWN_GROUP];
}

/** Counts of one (group, question) while papers are added. */
export interface Tally {
  papers: number;
  applicable: number;
  reported: number;
}

/**
 * The counts behind {@link computeRates}' rows, kept so that a changed cell can be moved in place
 * ({@link moveRateCell}) instead of counting every paper again: per key (first "all", then each
 * key grouped by), per group (folded to lower case, in first-met order), per CQ.
 */
export interface RateTallies {
  keys: readonly string[];
  /** key → folded group → cq → counts. */
  byKey: Map<string, Map<string, Map<number, Tally>>>;
  /** `${key}\0${folded group}` → the group's name: its first spelling met. */
  names: Map<string, string>;
}

/**
 * The tallies of `papers` grouped by `groupBy`: {@link computeRates} is `rateRows(tallyRates(…), …)`.
 * @example const tallies = tallyRates(papers, ["year"]); rateRows(tallies, questions)
 */
export function tallyRates(papers: Iterable<RatePaper>, groupBy: readonly string[] = DEFAULT_GROUP_BY): RateTallies {
  const tallies = emptyRateTallies(groupBy);
  for (const paper of papers) countRatePaper(tallies, paper);
  return tallies;
}

/**
 * Tallies with no paper counted yet, for counting papers one at a time as they come ({@link countRatePaper}).
 * @example const t = emptyRateTallies(["year"]); countRatePaper(t, paper); rateRows(t, questions)
 */
export function emptyRateTallies(groupBy: readonly string[] = DEFAULT_GROUP_BY): RateTallies {
  const keys = [ALL_GROUP, ...groupBy];
  return { keys, byKey: new Map(keys.map((k) => [k, new Map()])), names: new Map() };
}

/** Counts one paper's cells into every group it belongs to. */
export function countRatePaper(tallies: RateTallies, paper: RatePaper): void {
  const groups = paperTallies(tallies, paper.metadata);
  for (const cell of paper.cells) for (const byCq of groups) countRateCell(byCq, cell, 1);
}

/**
 * Moves one cell of a paper already counted in `tallies` from `before` to `after` (same CQ): its
 * contribution to every group of the paper is taken away and the new one added. `metadata` must be
 * what the paper was counted with.
 * @example moveRateCell(tallies, { year: 2021 }, { cq: 2, reported: false, applicable: true }, { cq: 2, reported: true, applicable: true })
 */
export function moveRateCell(
  tallies: RateTallies,
  metadata: RatePaper["metadata"],
  before: RateCell,
  after: RateCell,
): void {
  for (const byCq of paperTallies(tallies, metadata)) {
    countRateCell(byCq, before, -1);
    countRateCell(byCq, after, 1);
  }
}

/** The per-CQ counts of every group a paper with `metadata` belongs to (made, and named, when first met). */
function paperTallies(tallies: RateTallies, metadata: RatePaper["metadata"]): Map<number, Tally>[] {
  const out: Map<number, Tally>[] = [];
  for (const key of tallies.keys) {
    const byGroup = tallies.byKey.get(key) as Map<string, Map<number, Tally>>;
    for (const name of key === ALL_GROUP ? [ALL_GROUP] : groupValues(metadata, key)) {
      const folded = name.toLowerCase();
      if (!tallies.names.has(`${key}\0${folded}`)) tallies.names.set(`${key}\0${folded}`, name);
      let byCq = byGroup.get(folded);
      if (!byCq) {
        byCq = new Map();
        byGroup.set(folded, byCq);
      }
      out.push(byCq);
    }
  }
  return out;
}

/** Adds (`sign` 1) or takes away (-1) one cell's counts. */
function countRateCell(byCq: Map<number, Tally>, cell: RateCell, sign: 1 | -1): void {
  let t = byCq.get(cell.cq);
  if (!t) {
    t = { papers: 0, applicable: 0, reported: 0 };
    byCq.set(cell.cq, t);
  }
  t.papers += sign;
  if (cell.applicable) {
    t.applicable += sign;
    if (cell.reported) t.reported += sign;
  }
}

/**
 * The rate of every question in every group: first the all-papers rows ("all", "all"), then for each
 * key of `groupBy` its groups in order (see {@link orderGroups}), each with one row per question in
 * `questions`' order. Groups are told apart without case ("Ecol. Inf." and "ECOL. INF." are one),
 * named as first met.
 * @example computeRates([{ metadata: { year: 2020 }, cells: [{ cq: 1, reported: true, applicable: true }] }], [{ cq: 1, label: "Data" }], ["year"])
 */
export function computeRates(
  papers: Iterable<RatePaper>,
  questions: readonly RateQuestion[],
  groupBy: readonly string[] = DEFAULT_GROUP_BY,
): RateRow[] {
  return rateRows(tallyRates(papers, groupBy), questions);
}

/**
 * {@link computeRates}' rows from tallies (which it leaves as they are): a few rows per group and
 * question, whatever the number of papers counted.
 * @example rateRows(tallyRates(papers, ["year"]), questions)
 */
export function rateRows(tallies: RateTallies, questions: readonly RateQuestion[]): RateRow[] {
  const rows: RateRow[] = [];
  for (const key of tallies.keys) {
    const byGroup = tallies.byKey.get(key) as Map<string, Map<number, Tally>>;
    // With no paper at all, the all-papers rows still name every question.
    const folded = key === ALL_GROUP && byGroup.size === 0 ? [ALL_GROUP] : [...byGroup.keys()];
    const groups = orderGroups(folded.map((f) => tallies.names.get(`${key}\0${f}`) ?? f));
    for (const group of groups) {
      const byCq = byGroup.get(group.toLowerCase()) ?? new Map<number, Tally>();
      for (const q of questions) {
        const t = byCq.get(q.cq) ?? { papers: 0, applicable: 0, reported: 0 };
        const ci = wilsonInterval(t.reported, t.applicable);
        rows.push({
          groupBy: key,
          group,
          cq: q.cq,
          label: q.label,
          papers: t.papers,
          applicable: t.applicable,
          reported: t.reported,
          rate: t.applicable > 0 ? t.reported / t.applicable : null,
          ciLow: ci?.low ?? null,
          ciHigh: ci?.high ?? null,
        });
      }
    }
  }
  return rows;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * Groups in their reading order: numbers (years) ascending when every group is one, else
 * alphabetically (numbers inside names compared as numbers); "unknown" last.
 * @example orderGroups(["unknown", "2021", "2019"]) // ["2019", "2021", "unknown"]
 */
export function orderGroups(groups: readonly string[]): string[] {
  const known = groups.filter((g) => g !== UNKNOWN_GROUP);
  const numeric = known.every((g) => /^-?\d+(\.\d+)?$/.test(g));
  known.sort(numeric ? (a, b) => Number(a) - Number(b) : collator.compare);
  return groups.includes(UNKNOWN_GROUP) ? [...known, UNKNOWN_GROUP] : known;
}

/**
 * The papers of results rows, for {@link computeRates}: one per paper id (failed inputs have none),
 * with each answered question's `reported` and `applicable` (a row without `applicable` counts as
 * applicable), and the metadata `metadataOf` gives for its id.
 * @example ratePapersFromRows(rows, (id) => byId.get(id)?.metadata)
 */
export function ratePapersFromRows(
  rows: Iterable<ResultRow>,
  metadataOf: (paperId: string) => Readonly<Record<string, unknown>> | undefined = () => undefined,
): RatePaper[] {
  const papers = new Map<string, RateCell[]>();
  for (const r of rows) {
    const cell = rateCellOf(r);
    if (!cell || !r.paper_id) continue;
    const cells = papers.get(r.paper_id);
    if (cells) cells.push(cell);
    else papers.set(r.paper_id, [cell]);
  }
  return [...papers].map(([id, cells]) => ({ metadata: metadataOf(id), cells }));
}

/** What a results row adds to its paper's rate: nothing for a failure or an unanswered question. */
export function rateCellOf(r: ResultRow): RateCell | undefined {
  if (!r.paper_id || r.error || r.cq === null || r.reported === null) return undefined;
  const applicable = r.applicable !== false;
  return { cq: r.cq, reported: applicable && r.reported === "yes", applicable };
}

/** rates.csv's columns, in order. */
export const RATES_COLUMNS = [
  "group_by",
  "group",
  "cq",
  "label",
  "papers",
  "applicable",
  "reported",
  "rate",
  "ci_low",
  "ci_high",
] as const;

/**
 * rates.csv line by line (header first): shares with 4 decimals, empty when no paper of the group
 * is applicable.
 * @example [...ratesCsvLines(rows)][1] // "all,all,1,Data collection,3,3,2,0.6667,0.2077,0.9385\r\n"
 */
export function* ratesCsvLines(rows: Iterable<RateRow>): Generator<string> {
  yield csvLine([...RATES_COLUMNS]);
  for (const r of rows) {
    yield csvLine([
      r.groupBy,
      r.group,
      r.cq,
      r.label,
      r.papers,
      r.applicable,
      r.reported,
      share(r.rate),
      share(r.ciLow),
      share(r.ciHigh),
    ]);
  }
}

/** A share as rates.csv writes it: 4 decimals, no trailing zeros ("0.5", "1", "0.6667"); "" for null. */
export function share(value: number | null): string {
  return value === null ? "" : String(Number(value.toFixed(4)));
}
