import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { runInNewContext } from "node:vm";
import { addReview } from "../../store/reviews.js";
import { assertInert, escaped, HOSTILE, HOSTILE_ID, makeHostileStore, withoutOwnScripts } from "./_test-hostile.js";
import { makeTestStore, PAPER_A, PAPER_B, RUN_L, XSS } from "./_test-store.js";
import { clientScript } from "./client.js";
import { loadCorpus, reviewQueue } from "./corpus.js";
import { linkify } from "./escape.js";
import { renderOverview } from "./overview.js";
import { answerId, renderCard, renderPaper, renderPaperSection } from "./paper.js";
import { createCorpusReader } from "./reader.js";
import { REPORT_LINKS, renderReport } from "./report.js";
import { html, raw } from "./template.js";

const ESCAPED_IMG = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";

describe("escaping", () => {
  test("the html template and linkify leave no markup from the input", () => {
    assert.equal(String(html`<b title="${XSS.img}">${XSS.img}</b>`), `<b title="${ESCAPED_IMG}">${ESCAPED_IMG}</b>`);
    assert.equal(
      String(html`<i>${[XSS.script, html`<br>`, raw("<hr>")]}</i>`),
      "<i>&lt;script&gt;alert(1)&lt;/script&gt;<br><hr></i>",
    );
    const linked = String(linkify(`a ${XSS.js} b https://ok.org/p?q=1&r=<2>. ${XSS.script}`));
    assert.ok(!linked.includes("<script") && !linked.includes('href="javascript'));
    assert.match(
      linked,
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

describe("escaping in every report page (issue 12, item 5)", () => {
  test("a title, answer, quote, flag, note and reviewer with <script>, quotes and & are text everywhere", () => {
    const store = makeHostileStore();
    addReview(store, { documentId: HOSTILE_ID, cq: 1, action: "note", note: HOSTILE.note, reviewer: HOSTILE.reviewer });
    const corpus = loadCorpus(store);
    const paper = corpus.papers.find((p) => p.id === HOSTILE_ID)!;
    const pages = {
      report: withoutOwnScripts(renderReport(corpus)),
      overview: String(renderOverview(corpus, REPORT_LINKS)),
      paper: String(renderPaper(corpus, paper, REPORT_LINKS, { review: true })),
      card: String(renderCard(corpus, paper, paper.cells[0], REPORT_LINKS, { showPaper: true })),
    };
    store.close();
    for (const [name, page] of Object.entries(pages)) {
      assertInert(name, page);
      assert.ok(page.includes(escaped(HOSTILE.title)), `${name}: the title is shown, escaped`);
    }
    for (const name of ["report", "paper", "card"] as const) {
      for (const field of ["answer", "quote", "note", "reviewer", "flag"] as const) {
        assert.ok(pages[name].includes(escaped(HOSTILE[field])), `${name}: the ${field} is shown, escaped`);
      }
    }
    assert.ok(pages.overview.includes(`title="${escaped(HOSTILE.title)}"`), "attribute values are escaped too");
  });

  test("the report inlines the compiled client module, allowed by its hash and nothing else", () => {
    const page = renderReport(loadCorpus(makeTestStore()));
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], ' type="module"');
    assert.equal(scripts[0][2], clientScript());
    const hash = createHash("sha256").update(clientScript(), "utf8").digest("base64");
    assert.ok(page.includes(`script-src &#39;sha256-${hash}&#39;;`), "the CSP allows exactly this script");
    assert.match(clientScript(), /window\.addEventListener\("hashchange", route\)/, "compiled JavaScript");
    assert.doesNotMatch(clientScript(), /\binterface\b|: HTMLElement\b/, "no TypeScript syntax left");
  });
});

describe("per-request reader", () => {
  /** The test store plus a vote run, an answer whose run row is missing, and a paper only an LLM answered. */
  function richStore() {
    const store = makeTestStore();
    const paperC = "c".repeat(64);
    store.upsertDocument({
      id: paperC,
      path: "/secret/home/cccc.txt",
      title: "",
      pageCount: 2,
      text: "We trained a convolutional neural network with PyTorch on a GPU for 30 epochs.",
      pages: [{ page: 1, start: 0, end: 10 }],
      sections: [],
    });
    const answer = (cq: number, reported: "yes" | "no", engine: string, confidence: number) => ({
      cq,
      reported,
      answer: reported === "yes" ? `Answer ${cq} by ${engine}` : "not stated",
      values: {},
      confidence,
      evidence: [],
      engine,
      question: `Question ${cq}?`,
    });
    store.saveAnswers(paperC, RUN_L, [answer(1, "yes", "llm", 0.5), answer(4, "no", "llm", 0.9)]);
    store.startRun({ id: "r3", runKey: "v".repeat(64), engine: "vote", settings: {}, questionSetHash: "q" });
    store.saveAnswers(PAPER_A, "v".repeat(64), [answer(2, "yes", "vote", 0.55)]);
    store.saveAnswers(PAPER_B, "o".repeat(64), [answer(1, "no", "orphan-engine", 0.4)]);
    addReview(store, { documentId: PAPER_A, cq: 1, action: "accept", reported: "yes", reviewer: "ana" });
    addReview(store, { documentId: PAPER_A, cq: 1, action: "note", note: XSS.script, reviewer: "ana" });
    addReview(store, { documentId: PAPER_A, cq: 1, action: "correct", reported: "no", reviewer: "bo" });
    addReview(store, { documentId: PAPER_B, cq: 3, action: "accept", reported: "no", note: "ok", reviewer: "bo" });
    return store;
  }

  test("summary, paper pages, cells and the queue equal what loadCorpus renders", () => {
    const store = richStore();
    const corpus = loadCorpus(store);
    const reader = createCorpusReader(store);
    assert.equal(corpus.papers.length, 3);
    assert.equal(String(renderOverview(reader.summary(), REPORT_LINKS)), String(renderOverview(corpus, REPORT_LINKS)));
    for (const [i, paper] of corpus.papers.entries()) {
      const read = reader.paper(paper.id);
      assert.ok(read);
      assert.deepEqual([read.prev?.id, read.next?.id], [corpus.papers[i - 1]?.id, corpus.papers[i + 1]?.id]);
      assert.equal(
        String(renderPaperSection(read.context, read.paper, read, REPORT_LINKS, { review: true })),
        String(renderPaper(corpus, paper, REPORT_LINKS, { review: true })),
      );
      for (const cell of paper.cells) {
        const one = reader.cell(paper.id, cell.cq);
        assert.ok(one);
        assert.equal(
          String(renderCard(one.context, one.paper, one.cell, REPORT_LINKS, { showPaper: true })),
          String(renderCard(corpus, paper, cell, REPORT_LINKS, { showPaper: true })),
        );
      }
    }
    const expected = reviewQueue(corpus);
    const page = reader.queue(2, 5);
    assert.equal(page.total, expected.length);
    assert.equal(page.open, expected.filter((x) => !x.cell.gold).length);
    assert.deepEqual(
      page.items.map((x) => String(renderCard(page.context, x.paper, x.cell, REPORT_LINKS))),
      expected.slice(2, 7).map((x) => String(renderCard(corpus, x.paper, x.cell, REPORT_LINKS))),
    );
    assert.equal(reader.paper("nope"), undefined);
    assert.equal(reader.cell(PAPER_A, 99), undefined);
    store.close();
  });
});

describe("client script", () => {
  /** Runs the browser script against a minimal page with `hash` as the URL fragment; returns the ids it looked up. */
  function runClient(hash: string) {
    const looked: string[] = [];
    const listeners: Record<string, () => void> = {};
    const noop = () => {};
    const document = {
      body: { getAttribute: () => "report" },
      documentElement: { classList: { add: noop } },
      querySelectorAll: () => [],
      querySelector: () => null,
      getElementById: (id: string) => {
        looked.push(id);
        return null;
      },
      addEventListener: noop,
    };
    const location = { hash };
    const window = {
      addEventListener: (name: string, fn: () => void) => {
        listeners[name] = fn;
      },
      scrollTo: noop,
    };
    // The script is an ES module without imports or exports: its body runs as a plain script too.
    const body = clientScript().replace(/^export \{\};?$/m, "");
    runInNewContext(body, { document, window, location, history: { replaceState: noop } });
    return { looked, location, hashchange: () => listeners.hashchange() };
  }

  test("a malformed fragment is ignored, not an uncaught URIError (issue 14, finding 9)", () => {
    assert.deepEqual(runClient("#a-x%20y").looked, ["a-x y"], "a valid fragment is decoded");
    const page = runClient("#%E0%A4%A");
    assert.deepEqual(page.looked, []);
    page.location.hash = "#%";
    assert.doesNotThrow(page.hashchange);
    page.location.hash = "#a-ok";
    page.hashchange();
    assert.deepEqual(page.looked, ["a-ok"]);
  });
});

describe("values table and three states (issue 16, items 1 and 4)", () => {
  /** The test store plus values on paper A's answers (one of them hostile). */
  function storeWithValues() {
    const store = makeTestStore();
    const paperC = "c".repeat(64);
    store.upsertDocument({
      id: paperC,
      path: "/secret/home/cccc.txt",
      title: "Owls with Adam",
      pageCount: 1,
      text: "We used Adam with a learning rate of 0.001.",
      pages: [{ page: 1, start: 0, end: 10 }],
      sections: [],
    });
    const yes = (cq: number, values: Record<string, unknown>, quote: string) => ({
      cq,
      reported: "yes" as const,
      answer: `Answer ${cq}`,
      values,
      confidence: 0.9,
      evidence: [{ quote, page: 1, start: 0, end: quote.length }],
      engine: "extractive",
      question: `Question ${cq}?`,
    });
    store.startRun({ id: "r9", runKey: "e".repeat(64), engine: "extractive", settings: {}, questionSetHash: "q" });
    store.saveAnswers(paperC, "e".repeat(64), [
      yes(13, { optimizer: "Adam", learning_rate: 0.001, learning_rate_text: "0.001" }, "We used Adam."),
      yes(19, { frameworks: [XSS.script] }, `Built with ${XSS.script}.`),
    ]);
    return { store, paperC };
  }

  test("the report has a values section: one row per paper, cells link to the answer, hostile values are text", () => {
    const { store, paperC } = storeWithValues();
    const page = renderReport(loadCorpus(store));
    store.close();
    const section = page.slice(page.indexOf('<section class="page" id="values"'));
    const table = section.slice(0, section.indexOf("</section>"));
    assert.equal((table.match(/<tr data-paper=/g) ?? []).length, 3, "one row per paper");
    assert.match(table, /data-sort="optimizer">Optimizer<\/button>/);
    assert.match(table, /data-sort="learning_rate">Learning rate<\/button>/);
    assert.doesNotMatch(table, /data-sort="hardware"/, "columns without any value are left out");
    assert.match(table, new RegExp(`<a href="#${answerId(paperC, 13)}" title="CQ13: “We used Adam.”">Adam</a>`));
    assert.match(table, new RegExp(`<a href="#${answerId(paperC, 13)}"[^>]*>0.001</a>`));
    assert.ok(table.includes("&lt;script&gt;alert(1)&lt;/script&gt;") && !table.includes(XSS.script));
    assert.match(table, /<input type="search" data-values-filter/);
    assert.match(page, /<a href="#values">Values<\/a>/, "the top bar links the table");
  });

  test("heatmap and cards show reported, not reported and not applicable, with one legend", () => {
    const store = makeTestStore();
    const corpus = loadCorpus(store);
    store.close();
    const overview = String(renderOverview(corpus, REPORT_LINKS));
    const cellOf = (paper: string, cq: number) =>
      new RegExp(`<a class="cell (\\w+)[^"]*" href="#${answerId(paper, cq)}"[^>]*data-state="(\\w+)"`)
        .exec(overview)
        ?.slice(1);
    // Paper B is not a deep-learning study: CQ3 (annotation) is deep-learning specific, CQ2 (formats) is not.
    assert.deepEqual(cellOf(PAPER_B, 3), ["na", "na"]);
    assert.deepEqual(cellOf(PAPER_B, 2), ["no", "no"]);
    assert.deepEqual(cellOf(PAPER_B, 1), ["yes", "yes"]);
    assert.deepEqual(cellOf(PAPER_A, 3), ["no", "no"], "a deep-learning paper's gap is 'not reported'");
    assert.match(overview, /title="[^"]*CQ3 Annotation: not applicable"/);
    for (const state of ["yes", "no", "na", "low"]) assert.match(overview, new RegExp(`<span data-state="${state}">`));
    assert.match(overview, /low confidence \(&lt; 0.7\)/);
    assert.match(overview, /<th class="q"[^>]*><span class="ql"><b>3<\/b> Annotation<\/span><\/th>/, "short names");
    const b = corpus.papers.find((p) => p.id === PAPER_B)!;
    const card = (cq: number) => String(renderCard(corpus, b, b.cells.find((c) => c.cq === cq)!, REPORT_LINKS));
    assert.match(card(3), /<span class="pill na">Not applicable<\/span>/);
    assert.doesNotMatch(card(3), /Not reported/);
    assert.match(card(2), /<span class="pill no">Not reported<\/span>/);
    // A bare paper reference (queue, review POST) falls back to the answer's "non-dl-paper" flag.
    const bare = renderCard(corpus, { id: b.id, title: b.title }, b.cells.find((c) => c.cq === 3)!, REPORT_LINKS);
    assert.match(String(bare), /Not applicable/);
    assert.match(String(renderPaper(corpus, b, REPORT_LINKS)), /1 not applicable \(deep-learning questions\)/);
  });
});
