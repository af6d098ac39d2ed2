/**
 * The served overview, kept between requests. Its numbers over every cell (tiles, per-question
 * counts, the rates panel's tallies: overview-aggregates.ts) are counted once per summary and
 * metadata, then follow each review stored through this app one cell at a time, so the overview
 * right after a review costs a page render, not a pass over every cell. Rendered pages are kept
 * until the next change.
 */
import type { Corpus } from "../report/html/corpus.js";
import {
  moveCell,
  type OverviewAggregates,
  type OverviewCounts,
  overviewAggregates,
} from "../report/html/overview-aggregates.js";
import type { SummaryChange } from "../report/html/reader.js";
import { type RatesPanel, readPaperMetadata } from "../report/html/trends.js";
import { rateRows } from "../report/rates.js";
import type { AnswerVote } from "../store/read-model.js";
import type { Store } from "../store/store.js";

/** Paper metadata by paper id. */
export type MetadataMap = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** Where the overview's parts come from. */
export interface OverviewSource {
  /** The vote summary of every cell: the same object until it is read again (another connection's commit). */
  summary: () => Corpus<AnswerVote>;
  /** The papers' metadata: the same map until it changed. */
  metadata: () => MetadataMap;
  /** Metadata keys the rate charts group papers by. */
  groupBy: readonly string[];
  /** The page from `offset`, given its rate charts' numbers and the tiles' counts. */
  render: (summary: Corpus<AnswerVote>, offset: number, rates: RatesPanel, counts: OverviewCounts) => string;
}

export interface OverviewCache {
  /** The overview page whose heatmap starts at paper `offset`. */
  page(offset: number): string;
  /** Follows a review stored through this app: pass what `CorpusReader.reviewed` returned for it. */
  reviewed(change: SummaryChange | undefined): void;
}

/** Rendered pages kept at most (each a heatmap offset). */
const KEPT_PAGES = 16;

interface Kept {
  summary: Corpus<AnswerVote>;
  meta: MetadataMap;
  aggregates: OverviewAggregates;
  /** The rate charts' rows, made from the tallies when a page is first rendered after a change. */
  rates?: RatesPanel;
  pages: Map<number, string>;
}

/**
 * The overview of `source`, kept across requests and reviews.
 * @example const overview = createOverviewCache({ summary: reader.summary, metadata, groupBy, render }); overview.page(0)
 */
export function createOverviewCache(source: OverviewSource): OverviewCache {
  let kept: Kept | undefined;
  const current = (): Kept => {
    const summary = source.summary();
    const meta = source.metadata();
    if (kept?.summary !== summary || kept.meta !== meta) {
      const aggregates = overviewAggregates(summary, (id) => meta.get(id), source.groupBy);
      kept = { summary, meta, aggregates, pages: new Map() };
    }
    return kept;
  };
  return {
    page: (offset) => {
      const k = current();
      let body = k.pages.get(offset);
      if (body === undefined) {
        k.rates ??= { rows: rateRows(k.aggregates.rates, k.summary.questions), groupBy: source.groupBy };
        body = source.render(k.summary, offset, k.rates, k.aggregates.counts);
        if (k.pages.size < KEPT_PAGES) k.pages.set(offset, body);
      }
      return body;
    },
    reviewed: (change) => {
      // No change (a note, or no summary read yet): the summary and so every page are as they were.
      if (change === undefined || kept === undefined) return;
      // A review of a summary read after the kept one: the next page counts that summary afresh.
      if (change.summary !== kept.summary) {
        kept = undefined;
        return;
      }
      const { meta } = kept;
      moveCell(kept.aggregates, change, kept.summary.questions, (id) => meta.get(id));
      kept.rates = undefined;
      kept.pages.clear();
    },
  };
}

/**
 * The papers' metadata as the overview groups them (`readPaperMetadata`), read again only after
 * another connection's commit (SQLite's data_version) or a metadata edit through this app (call
 * `edited`). A review stored through this connection keeps the same map, so the kept overview
 * stays valid.
 * @example const metadata = createOverviewMetadata(store); metadata.read().get(id); metadata.edited()
 */
export function createOverviewMetadata(store: Store): { read: () => MetadataMap; edited: () => void } {
  let edits = 0;
  let cached: { version: string; map: MetadataMap } | undefined;
  return {
    read: () => {
      const version = `${store.db.pragma("data_version", { simple: true })}:${edits}`;
      if (cached?.version !== version) cached = { version, map: readPaperMetadata(store) };
      return cached.map;
    },
    edited: () => {
      edits++;
    },
  };
}
