import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addMetadataEdit } from "../../store/metadata.js";
import { addReview } from "../../store/reviews.js";
import type { Store } from "../../store/store.js";
import type { RateRow } from "../rates.js";
import { makeTestStore, PAPER_A, PAPER_B } from "./_test-store.js";
import { loadCorpus } from "./corpus.js";
import { createCorpusReader } from "./reader.js";
import { renderReport } from "./report.js";
import { ratesFromCorpus, readPaperMetadata, renderRates } from "./trends.js";

/** The test store with paper A from 2020 in "J. Owls" and paper B from 2021 without a journal. */
function storeWithMetadata(): Store {
  const store = makeTestStore();
  for (const [id, metadata] of [
    [PAPER_A, { year: 2020, journal: "J. Owls" }],
    [PAPER_B, { year: 2021 }],
  ] as const) {
    const doc = store.getDocument(id);
    assert.ok(doc);
    store.upsertDocument({ ...doc, metadata });
  }
  return store;
}

const pick = (rows: RateRow[], groupBy: string, group: string, cq: number) => {
  const r = rows.find((x) => x.groupBy === groupBy && x.group === group && x.cq === cq);
  assert.ok(r, `${groupBy}=${group} CQ${cq}`);
  return [r.papers, r.applicable, r.reported, r.rate];
};

describe("rates of a corpus", () => {
  test("three states and the reviewer's decision: not applicable counts nowhere, gold wins", () => {
    const store = storeWithMetadata();
    try {
      const meta = readPaperMetadata(store);
      assert.deepEqual(meta.get(PAPER_A), { year: 2020, journal: "J. Owls" });
      let rows = ratesFromCorpus(loadCorpus(store), (id) => meta.get(id), ["year"]);
      // CQ1: both yes. CQ2: A's engines disagree (0.8 "no" beats 0.6 "yes"), B no. CQ3 is deep-learning
      // specific and B is not a deep-learning study: B's "no" is not applicable.
      assert.deepEqual(pick(rows, "all", "all", 1), [2, 2, 2, 1]);
      assert.deepEqual(pick(rows, "all", "all", 2), [2, 2, 0, 0]);
      assert.deepEqual(pick(rows, "all", "all", 3), [2, 1, 0, 0]);
      assert.deepEqual(pick(rows, "year", "2021", 3), [1, 0, 0, null]);
      // A reviewer says A does report CQ2: the rates follow the decision.
      addReview(store, { documentId: PAPER_A, cq: 2, action: "correct", reported: "yes", reviewer: "ana" });
      rows = ratesFromCorpus(loadCorpus(store), (id) => meta.get(id), ["year"]);
      assert.deepEqual(pick(rows, "all", "all", 2), [2, 2, 1, 0.5]);
      assert.deepEqual(pick(rows, "year", "2020", 2), [1, 1, 1, 1]);
      // The served summary (votes only) gives the same numbers.
      const summary = createCorpusReader(store).summary();
      assert.deepEqual(
        ratesFromCorpus(summary, (id) => meta.get(id), ["year"]),
        rows,
      );
    } finally {
      store.close();
    }
  });

  test("a reviewer's metadata edit moves the paper to its new group", () => {
    const store = storeWithMetadata();
    try {
      assert.equal(readPaperMetadata(store).get(PAPER_A)?.year, 2020);
      addMetadataEdit(store, { documentId: PAPER_A, fields: { year: 2019, journal: null }, reviewer: "ana" });
      const edited = readPaperMetadata(store).get(PAPER_A);
      assert.equal(edited?.year, 2019);
      assert.equal(edited?.journal, undefined, "a cleared field is gone");
      assert.deepEqual(edited?.sources, { year: "review" });
    } finally {
      store.close();
    }
  });
});

describe("the Reporting rates panel", () => {
  test("a chart per question by year, one whisker per year; a key with one group says why it has none", () => {
    const store = storeWithMetadata();
    try {
      const corpus = loadCorpus(store);
      const meta = readPaperMetadata(store);
      const groupBy = ["year", "venue"];
      const rows = ratesFromCorpus(corpus, (id) => meta.get(id), groupBy);
      const markup = renderRates(corpus.questions, { rows, groupBy }).toString();
      const overall = markup.slice(markup.indexOf('<svg class="rates-all"'), markup.indexOf("</svg>") + 6);
      assert.equal(overall.match(/<g class="ci"/g)?.length, 3, "every question has an applicable paper");
      assert.match(overall, /<title id="rates-all-t">Reporting rate per question/);
      assert.match(overall, />2\/2</);
      const byYear = markup.slice(markup.indexOf('data-group-by="year"'));
      assert.equal(byYear.match(/<figure class="trend"/g)?.length, 3);
      const cq1 = byYear.slice(byYear.indexOf('data-cq="1"'), byYear.indexOf('data-cq="2"'));
      assert.equal(cq1.match(/class="whisker"/g)?.length, 2, "2020 and 2021");
      assert.match(cq1, /<title>year 2020: 1 of 1 paper \(100%\), 95% CI 21%–100%<\/title>/);
      // CQ3 has no applicable paper in 2021: one point only, and the description says n/a.
      const cq3 = byYear.slice(byYear.indexOf('data-cq="3"'));
      assert.equal(cq3.match(/class="whisker"/g)?.length, 1);
      assert.match(cq3, /2021: n\/a/);
      assert.match(
        markup,
        /data-no-trend="venue">No chart by venue: it needs papers in at least two groups \(all are in J\. Owls\)\. 1 of 2 papers have no venue \(journal\)/,
      );
      // Hostile metadata is escaped like any text.
      const hostile = renderRates(corpus.questions, {
        rows: rows.map((r) => (r.group === "2020" ? { ...r, group: '<script>alert(1)</script>"' } : r)),
        groupBy: ["year"],
      }).toString();
      assert.ok(!hostile.includes("<script>alert(1)"));
    } finally {
      store.close();
    }
  });

  test("the report has the panel; without metadata it shows the overall rates and no trend", () => {
    const store = makeTestStore();
    try {
      const html = renderReport(loadCorpus(store), { rates: { groupBy: ["year"], metadataOf: () => undefined } });
      assert.match(html, /<h2>Reporting rates<\/h2>/);
      assert.match(html, /<svg class="rates-all"/);
      assert.match(html, /data-no-trend="year">No chart by year: .*none has one\)\. 2 of 2 papers have no year/);
      assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link\b|@import|font-face/, "no external script, style or font");
    } finally {
      store.close();
    }
  });
});
