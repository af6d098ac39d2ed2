// The overview's aggregates follow each review one cell at a time (issue 15): after every review they
// must equal a fresh count, and the overview they render must be byte-identical to a full recomputation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AnswerVote } from "../../store/read-model.js";
import { addReview } from "../../store/reviews.js";
import { rateRows } from "../rates.js";
import { makeOverviewStore, OVERVIEW_REVIEWS, overviewPaperId } from "./_test-overview-store.js";
import type { Corpus } from "./corpus.js";
import { renderOverview } from "./overview.js";
import { moveCell, type OverviewAggregates, overviewAggregates, overviewCounts } from "./overview-aggregates.js";
import { createCorpusReader } from "./reader.js";
import { REPORT_LINKS } from "./report.js";
import { ratesFromCorpus, readPaperMetadata } from "./trends.js";

const GROUP_BY = ["year", "venue"];
const PAGE = { offset: 0, limit: 4, href: (n: number) => `/?papers=${n}` };

describe("overview aggregates kept across reviews", () => {
  test("after each review the kept aggregates, and the overview they render, equal a fresh reader's", () => {
    const store = makeOverviewStore();
    try {
      const meta = readPaperMetadata(store);
      const metadataOf = (id: string) => meta.get(id);
      const reader = createCorpusReader(store);
      const summary = reader.summary();
      const kept = overviewAggregates(summary, metadataOf, GROUP_BY);
      // Kept: rendered from the aggregates. Full: the overview counting every cell itself, with the
      // rates panel of ratesFromCorpus (what the server rendered before the aggregates were kept).
      const keptOverview = (corpus: Corpus<AnswerVote>, aggregates: OverviewAggregates) =>
        String(
          renderOverview(
            corpus,
            REPORT_LINKS,
            [],
            PAGE,
            { rows: rateRows(aggregates.rates, corpus.questions), groupBy: GROUP_BY },
            aggregates.counts,
          ),
        );
      const fullOverview = (corpus: Corpus<AnswerVote>) =>
        String(
          renderOverview(corpus, REPORT_LINKS, [], PAGE, {
            rows: ratesFromCorpus(corpus, metadataOf, GROUP_BY),
            groupBy: GROUP_BY,
          }),
        );
      assert.equal(keptOverview(summary, kept), fullOverview(summary), "before any review");
      let previous = keptOverview(summary, kept);
      const seen = new Set<string>();
      for (const step of OVERVIEW_REVIEWS) {
        const documentId = overviewPaperId(step.paper);
        const review = addReview(store, {
          documentId,
          cq: step.cq,
          action: step.action,
          reported: step.reported ?? null,
          note: step.action === "note" ? "look again" : null,
          reviewer: "ana",
        });
        const change = reader.reviewed(review);
        if (step.action === "note") {
          assert.equal(change, undefined, step.why);
        } else {
          assert.ok(change, step.why);
          assert.equal(change.summary, summary, "the cached summary, updated in place");
          const bin = (share: number) => Math.min(9, Math.floor(share * 10));
          const binBefore = bin(kept.counts.byFilter.all.completeness[kept.counts.slots.get(documentId)?.all ?? -1]);
          moveCell(kept, change, summary.questions, metadataOf);
          if (change.before.gold) seen.add("already reviewed");
          if (change.before.label !== change.after.label) seen.add(`${change.before.label} → ${change.after.label}`);
          if (binBefore !== bin(change.paper.completeness)) seen.add("completeness bin");
        }
        const fresh = createCorpusReader(store).summary();
        assert.deepEqual(kept, overviewAggregates(fresh, metadataOf, GROUP_BY), `aggregates: ${step.why}`);
        assert.deepEqual(
          rateRows(kept.rates, summary.questions),
          ratesFromCorpus(fresh, metadataOf, GROUP_BY),
          `rates panel: ${step.why}`,
        );
        const overview = keptOverview(summary, kept);
        assert.equal(overview, fullOverview(fresh), `overview: ${step.why}`);
        assert.equal(overview !== previous, step.action !== "note", `the overview changes unless a note: ${step.why}`);
        previous = overview;
      }
      assert.deepEqual([...seen].sort(), ["already reviewed", "completeness bin", "no → yes", "yes → no"]);
    } finally {
      store.close();
    }
  });

  test("counts: tiles, per-question counts per paper filter, completeness in paper order", () => {
    const store = makeOverviewStore();
    try {
      const summary = createCorpusReader(store).summary();
      const counts = overviewCounts(summary);
      assert.equal(counts.cells, 36);
      assert.equal(counts.reviewed, 0);
      // The engines disagree on CQ3 of paper 0, CQ1 and CQ21 of paper 2 and CQ21 of paper 4.
      assert.equal(counts.disagreements, 4);
      assert.deepEqual([counts.byFilter.dl.completeness.length, counts.byFilter.nondl.completeness.length], [4, 2]);
      assert.deepEqual(
        counts.byFilter.all.completeness,
        summary.papers.map((p) => p.completeness),
      );
      // CQ1 is answered by all six papers; "yes" by papers 0, 1, 2 (its engines tie: the more confident
      // "yes" wins) and 4.
      assert.deepEqual([counts.byFilter.all.answered[1], counts.byFilter.all.yes[1]], [6, 4]);
      assert.deepEqual([counts.byFilter.nondl.answered[1], counts.byFilter.nondl.yes[1]], [2, 2]);
    } finally {
      store.close();
    }
  });
});
