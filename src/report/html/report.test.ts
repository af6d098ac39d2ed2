import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addReview } from "../../store/reviews.js";
import { makeTestStore, PAPER_A, PAPER_B, RUN_L, XSS } from "./_test-store.js";
import { loadCorpus, reviewQueue } from "./corpus.js";
import { esc, linkify } from "./escape.js";
import { answerId } from "./paper.js";
import { renderReport } from "./report.js";

describe("escaping", () => {
  test("esc and linkify leave no markup from the input", () => {
    assert.equal(esc(XSS.img), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    const html = linkify(`a ${XSS.js} b https://ok.org/p?q=1&r=<2>. ${XSS.script}`);
    assert.ok(!html.includes("<script") && !html.includes('href="javascript'));
    assert.match(
      html,
      /<a href="https:\/\/ok\.org\/p\?q=1&amp;r=" rel="noopener noreferrer nofollow" target="_blank">/,
    );
  });
});

describe("corpus", () => {
  test("votes, agreement, DL flag, gold and queue order", () => {
    const store = makeTestStore();
    const corpus = loadCorpus(store);
    assert.deepEqual(
      corpus.runs.map((r) => r.label),
      ["extractive", "llm: m1"],
    );
    const a = corpus.papers.find((p) => p.id === PAPER_A)!;
    const b = corpus.papers.find((p) => p.id === PAPER_B)!;
    assert.equal(a.dl, true);
    assert.equal(b.dl, false);
    const cq2 = a.cells.find((c) => c.cq === 2)!;
    assert.equal(cq2.agreement, 0.5);
    // Tie: the more confident engine (llm, 0.8 vs 0.6) decides.
    assert.equal(cq2.consensus, "no");
    assert.equal(cq2.primary.runKey, RUN_L);
    assert.equal(a.completeness, 1 / 3);
    assert.deepEqual(
      reviewQueue(corpus)
        .slice(0, 1)
        .map((x) => [x.paper.id, x.cell.cq]),
      [[PAPER_A, 2]],
    );
    addReview(store, { documentId: PAPER_A, cq: 2, action: "correct", reported: "yes", reviewer: "ana" });
    const after = loadCorpus(store);
    const reviewed = after.papers.find((p) => p.id === PAPER_A)!;
    assert.equal(reviewed.cells.find((c) => c.cq === 2)!.label, "yes");
    assert.equal(reviewed.completeness, 2 / 3);
    const first = reviewQueue(after)[0];
    assert.ok(!(first.paper.id === PAPER_A && first.cell.cq === 2), "reviewed answers leave the front of the queue");
    store.close();
  });
});

describe("renderReport", () => {
  test("one self-contained page: heatmap cells link to answer cards, hostile text stays text", () => {
    const store = makeTestStore();
    const html = renderReport(loadCorpus(store), { exports: [{ label: "results.csv", href: "results.csv" }] });
    store.close();
    assert.ok(!/<(link|img|iframe)\b/i.test(html), "no external resources or injected elements");
    assert.equal((html.match(/<script\b/g) ?? []).length, 1, "only the report's own script");
    assert.ok(!/href="javascript:/i.test(html));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("javascript:alert(1)"), "the javascript: text is shown as text");
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    const target = answerId(PAPER_A, 2);
    assert.ok(html.includes(`href="#${target}"`), "heatmap cell links to the card");
    assert.ok(html.includes(`id="${target}"`), "the card exists");
    assert.match(html, /Engines disagree: 1 of 2 say no/);
    assert.match(html, /<a href="results.csv">results.csv<\/a>/);
    assert.ok(!html.includes("/secret/home"), "full paths stay out of the report");
  });
});
