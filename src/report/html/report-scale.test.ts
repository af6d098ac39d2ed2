/**
 * The report at scale (issues 15 and 16): papers' pages in compressed blocks rendered on demand, the
 * heatmap and values table paged from compact JSON, the file written piece by piece, and the papers'
 * metadata on their pages (review edits applied, no edit form).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addMetadataEdit } from "../../store/metadata.js";
import { makeTestStore, PAPER_A, PAPER_B, XSS } from "./_test-store.js";
import { PAGE_BREAK, unpackBlock } from "./blocks.js";
import { loadCorpus } from "./corpus.js";
import { answerId, paperId } from "./paper.js";
import { corpusSource, renderReport, storeSource, writeReport } from "./report.js";
import { CELL_CODES, type HeatIndex, type ValuesIndex } from "./report-data.js";
import { expandTokens } from "./shared-text.js";
import { readPaperMetadata } from "./trends.js";

/** The JSON data block `name` of a report. */
function dataBlock<T>(page: string, name: string): T {
  const m = new RegExp(`<script type="application/json" data-index="${name}">([^<]*)</script>`).exec(page);
  assert.ok(m, `the report has the ${name} block`);
  return JSON.parse(m[1]) as T;
}

/** Every compressed block of a report, inflated, as written: the papers' pages in overview order, with tokens. */
function packedBlocks(page: string): string[][] {
  return [...page.matchAll(/<script type="application\/json" data-chunk="(\d+)">([^<]*)<\/script>/g)].map((m, i) => {
    assert.equal(Number(m[1]), i, "blocks are numbered in order");
    return unpackBlock(m[2]);
  });
}

/** Every compressed block's pages with their tokens expanded, as the client script shows them. */
function blocks(page: string): string[][] {
  const shared = dataBlock<string[]>(page, "shared");
  const heat = dataBlock<HeatIndex>(page, "heat");
  return packedBlocks(page).map((pages, b) =>
    pages.map((text, i) => expandTokens(text, heat.p[b * heat.chunk + i][0], shared)),
  );
}

describe("the report at scale", () => {
  test("above inlinePapers, papers' pages are compressed blocks; the same pages as the plain report", () => {
    const corpus = loadCorpus(makeTestStore());
    const plain = renderReport(corpus);
    const lazy = renderReport(corpus, { inlinePapers: 0, chunkSize: 1, pageSize: 1 });
    assert.match(plain, /<section class="page paper"/);
    assert.doesNotMatch(lazy, /<section class="page paper"/, "no paper's page is markup in the file");
    assert.match(lazy, /<body data-mode="report" data-dl="all" data-cat="all" data-lazy-papers>/);
    const pages = blocks(lazy);
    assert.equal(pages.length, corpus.papers.length, "one block per paper with chunkSize 1");
    // Each block holds the very section the plain report inlines.
    corpus.papers.forEach((p, i) => {
      const section = pages[i][0];
      assert.ok(section.startsWith(`<section class="page paper" id="${paperId(p.id)}"`));
      assert.ok(plain.includes(section), `${p.title}: the same page as in the plain report`);
      assert.ok(section.includes(`id="${answerId(p.id, 1)}"`), "its cards, targets of the heatmap's links");
    });
    // Text every card repeats is written once: the blocks hold tokens, not the questions' wording.
    const packed = packedBlocks(lazy).flat().join("");
    assert.doesNotMatch(packed, new RegExp(`data-doc="${corpus.papers[0].id}"`));
    assert.ok(!packed.includes(corpus.questions[0].text.slice(0, 30)), "no question's wording in a block");
    assert.match(packed, /<p class="q"><@\d+><\/p>/);
    const markup = plain.slice(0, plain.indexOf('<script type="module">'));
    assert.ok(!markup.includes("<@") && !markup.includes(PAGE_BREAK), "the plain pages hold no token, no page break");
    // The only script that runs is the report's own (data blocks are JSON, never executed).
    assert.equal((lazy.match(/<script type="module">/g) ?? []).length, 1);
    assert.equal((lazy.match(/<script\b(?! type="(?:module|application\/json)")/g) ?? []).length, 0);
  });

  test("the heatmap and values data: one row per paper in overview order, hostile text escaped", () => {
    const corpus = loadCorpus(makeTestStore());
    const page = renderReport(corpus, { inlinePapers: 0, pageSize: 1 });
    const heat = dataBlock<HeatIndex>(page, "heat");
    assert.equal(heat.size, 1);
    assert.deepEqual(
      heat.p.map((p) => p[1]),
      corpus.papers.map((p) => p.title),
    );
    assert.ok(!page.includes(XSS.script), "no raw <script> from a title anywhere, data blocks included");
    const a = heat.p.find((p) => p[1].includes("Deep nets"));
    assert.ok(a);
    assert.equal(a[2], 1, "paper A is a deep-learning study");
    // CQ2 of paper A: "yes" (extractive, 0.6) vs "no" (llm): consensus by the most confident → no, disputed.
    const code = CELL_CODES.indexOf(a[4][1]);
    assert.equal(code & 3, 2, "not reported");
    assert.ok(code & 8, "engines disagree");
    assert.equal(a[4].length, heat.q.length, "one code per question");
    // Only the first page's row is rendered as markup; the pager names every paper.
    assert.equal((page.match(/<tr data-dl=/g) ?? []).length, 1);
    assert.match(page, /<span data-pager-text>Papers 1–1 of 2<\/span>/);
    assert.match(page, /data-pager-step="-1" disabled>/);
    const values = dataBlock<ValuesIndex>(page, "values");
    assert.equal(values.rows.length, corpus.papers.length);
    assert.match(page, /<table class="values" data-values data-values-paged>|No values were extracted/);
  });

  test("writeReport streams the same text renderReport returns, reading the store a paper at a time", () => {
    const store = makeTestStore();
    const whole = renderReport(loadCorpus(store), { inlinePapers: 0, chunkSize: 2 });
    const parts: string[] = [];
    writeReport(storeSource(store), { inlinePapers: 0, chunkSize: 2 }, (part) => parts.push(part));
    assert.ok(parts.length >= 4, `written in pieces (${parts.length})`);
    assert.equal(parts.join(""), whole, "the store-backed source renders what the loaded corpus does");
    assert.equal(renderReport(corpusSource(loadCorpus(store))), renderReport(loadCorpus(store)));
  });

  test("a paper's metadata is on its page, with its sources and a reviewer's edit, without a form", () => {
    const store = makeTestStore();
    store.db.prepare("UPDATE documents SET metadata_json = ? WHERE id = ?").run(
      JSON.stringify({
        authors: ["Ada Lovelace", XSS.img],
        year: 2020,
        sources: { authors: "first-page", year: "pdf-info" },
      }),
      PAPER_B,
    );
    addMetadataEdit(store, { documentId: PAPER_B, fields: { year: 2021, journal: "Newt Quarterly" }, reviewer: "ana" });
    const metadata = readPaperMetadata(store);
    for (const inlinePapers of [200, 0]) {
      const page = renderReport(loadCorpus(store), { metadata: (id) => metadata.get(id), inlinePapers });
      const section = inlinePapers === 0 ? blocks(page).flat().join("\n") : page;
      const b = section.slice(section.indexOf(`id="${paperId(PAPER_B)}"`));
      const block = b.slice(0, b.indexOf("</section>", b.indexOf("data-metadata-block")));
      assert.match(block, /<dt>Authors<\/dt><dd>Ada Lovelace; &quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.match(block, /<dt>Year<\/dt><dd>2021 <span class="src" title="from a reviewer&#39;s edit">review<\/span>/);
      assert.match(block, /<dt>Venue<\/dt><dd>Newt Quarterly/);
      assert.ok(!/<form\b|Edit metadata/.test(section), "the static report has no edit form");
      // A paper without metadata shows no block.
      const a = section.slice(section.indexOf(`id="${paperId(PAPER_A)}"`));
      assert.doesNotMatch(a.slice(0, a.indexOf("</section>")), /data-metadata-block/);
    }
  });
});
