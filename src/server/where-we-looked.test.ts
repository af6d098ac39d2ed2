import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { createExtractiveEngine } from "../answer/extractive/index.js";
import { docFrom, inputOf } from "../answer/extractive/test-helpers.js";
import { goldJsonl, goldRecords } from "../evaluate/gold.js";
import { builtinQuestions } from "../questions/catalogue.js";
import { loadCorpus } from "../report/html/corpus.js";
import { REPORT_CANDIDATES } from "../report/html/looked.js";
import { renderReport } from "../report/html/report.js";
import { candidatesColumn } from "../store/_statements.js";
import { openStore, type Store } from "../store/index.js";
import { createReadQueries } from "../store/read-model.js";
import { listAllAnswers, listReviews } from "../store/reviews.js";
import type { Answer, Document } from "../types.js";
import { createApp, TOKEN_HEADER } from "./app.js";

const TOKEN = "w".repeat(43);
const RUN = "r".repeat(64);
const TEXT =
  "Introduction\nSmith et al. (2019) trained their detector on an NVIDIA Tesla V100 GPU. " +
  "Training could be accelerated with a GPU in future work.\nMethods\n" +
  "We trained a convolutional neural network (ResNet-50) with PyTorch on our camera trap images. " +
  "The deep learning model was fine-tuned from pretrained weights and used dropout before the softmax layer. " +
  "No GPU was used for training.\n";

/** A store holding the extractive engine's real answers to CQ20 (a "no") and CQ19 for one paper. */
function storeWithNo(): { store: Store; doc: Document; no: Answer } {
  const doc = {
    ...docFrom(TEXT, [
      ["introduction", "Introduction"],
      ["methods", "Methods"],
    ]),
    id: "c".repeat(64),
    path: "/papers/owls.txt",
    title: "Owls",
  };
  const store = openStore(":memory:");
  store.upsertDocument(doc);
  store.startRun({ id: "run1", runKey: RUN, engine: "extractive", settings: {}, questionSetHash: "q" });
  const engine = createExtractiveEngine();
  const answers = builtinQuestions()
    .filter((q) => q.cq === 19 || q.cq === 20)
    .map((q) => ({ ...(engine.answer(inputOf(doc), q) as Answer), question: q.text }));
  store.saveAnswers(doc.id, RUN, answers);
  const no = answers.find((a) => a.cq === 20)!;
  assert.equal(no.reported, "no");
  assert.ok(no.candidates && no.candidates.length >= 3);
  return { store, doc, no };
}

function post(app: ReturnType<typeof createApp>, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", [TOKEN_HEADER]: TOKEN },
      body: JSON.stringify(body),
    }),
  );
}

describe("where we looked: store", () => {
  test("candidates round-trip through every answer read; a yes has none", () => {
    const { store, doc, no } = storeWithNo();
    const stored = store.getAnswers(doc.id, RUN);
    assert.deepEqual(stored.find((a) => a.cq === 20)?.candidates, no.candidates);
    assert.equal(stored.find((a) => a.cq === 19)?.candidates, undefined);
    assert.deepEqual(listAllAnswers(store).find((a) => a.cq === 20)?.candidates, no.candidates);
    assert.deepEqual(createReadQueries(store).paperAnswers(doc.id, 20)[0].candidates, no.candidates);
    for (const c of no.candidates ?? []) assert.equal(c.quote, doc.text.slice(c.start, c.end));
    store.close();
  });

  test("a store without the column (read-only, older schema) reads candidates as not recorded", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE answers (cq INTEGER)");
    assert.equal(candidatesColumn(db), "NULL AS candidates_json");
    db.exec("ALTER TABLE answers ADD COLUMN candidates_json TEXT");
    assert.equal(candidatesColumn(db), "candidates_json");
    db.close();
  });
});

describe("where we looked: report", () => {
  test("the single-file report lists the first candidates under a no, without review buttons", () => {
    const { store, doc } = storeWithNo();
    // An answer stored without candidates (an older run) says so.
    store.saveAnswers(doc.id, "o".repeat(64), [
      {
        cq: 20,
        reported: "no",
        answer: "not stated",
        values: {},
        confidence: 0.9,
        evidence: [],
        engine: "extractive",
        question: "Q?",
      },
    ]);
    const report = renderReport(loadCorpus(store, undefined, { runs: new Set([RUN]) }));
    const card = report.slice(report.indexOf('data-cq="20"'));
    const list = card.slice(card.indexOf('<details class="looked">'), card.indexOf("</details>"));
    assert.equal((list.match(/<li /g) ?? []).length, REPORT_CANDIDATES);
    assert.doesNotMatch(list, /data-act="use"/);
    assert.doesNotMatch(card.slice(0, card.indexOf("</article>")), /paper's text/, "no text view in a file");
    const old = renderReport(loadCorpus(store, undefined, { runs: new Set(["o".repeat(64)]) }));
    assert.match(old, /Where we looked: not recorded for this run\./);
    store.close();
  });
});

describe("where we looked: serve", () => {
  test("the paper page shows the candidates under the no; the text view highlights them", async () => {
    const { store, doc, no } = storeWithNo();
    const app = createApp({ store, token: TOKEN, reviewer: "ana" });
    const page = await (await app.request(`/paper/${doc.id}`, { headers: { [TOKEN_HEADER]: TOKEN } })).text();
    const card = page.slice(page.indexOf('data-cq="20"'));
    assert.match(card, /<summary>Where we looked \(\d sentences\)<\/summary>/);
    assert.match(card, /No GPU was used for training\.<\/q>.*data-reason="negated"/);
    assert.match(card, new RegExp(`href="/paper/${doc.id}/text\\?cq=20"`));
    const res = await app.request(`/paper/${doc.id}/text?cq=20`, { headers: { [TOKEN_HEADER]: TOKEN } });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.equal((text.match(/<mark class="cand"/g) ?? []).length, no.candidates?.length);
    assert.match(text, /data-paper-text/);
    assert.match(text, /data-text-search/);
    const bad = await app.request(`/paper/${doc.id}/text?cq=x`, { headers: { [TOKEN_HEADER]: TOKEN } });
    assert.equal(bad.status, 400);
    const missing = await app.request(`/paper/${"d".repeat(64)}/text?cq=20`, { headers: { [TOKEN_HEADER]: TOKEN } });
    assert.equal(missing.status, 404);
    store.close();
  });

  test("a no flipped to yes with a candidate stores its evidence; gold.jsonl carries it", async () => {
    const { store, doc, no } = storeWithNo();
    const app = createApp({ store, token: TOKEN, reviewer: "ana" });
    const chosen = no.candidates!.find((c) => c.quote.includes("Smith et al."))!;
    const { quote, start, end } = chosen;
    const res = await post(app, {
      documentId: doc.id,
      cq: 20,
      op: "correct",
      reported: "yes",
      evidence: { quote, start, end },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { review, html } = (await res.json()) as { review: { evidence: unknown }; html: string };
    assert.deepEqual(review.evidence, { quote, page: 1, start, end });
    assert.match(html, /corrected to “reported” by ana.*Evidence: “<q class="quote">[^<]*Smith et al\./s);
    assert.deepEqual(listReviews(store, { documentId: doc.id, cq: 20 })[0].evidence, { quote, page: 1, start, end });
    const gold = goldRecords(store);
    assert.deepEqual(gold[0].evidence, { quote, page: 1, start, end });
    assert.match(goldJsonl(gold), /"evidence":\{"quote":"[^"]*Smith et al\./);
    store.close();
  });

  test("a forged or misplaced quote is refused with 400 and nothing is stored", async () => {
    const { store, doc } = storeWithNo();
    const app = createApp({ store, token: TOKEN, reviewer: "ana" });
    const at = doc.text.indexOf("No GPU");
    const cases = [
      { quote: "A GPU was used for training.", start: at, end: at + 28 },
      { quote: "No GPU was used for training.", start: at + 1, end: at + 30 },
      { quote: "x", start: doc.text.length, end: doc.text.length + 1 },
      { quote: "x", start: 5, end: 5 },
    ];
    for (const evidence of cases) {
      const res = await post(app, { documentId: doc.id, cq: 20, op: "correct", reported: "yes", evidence });
      assert.equal(res.status, 400, JSON.stringify(evidence));
    }
    const wrongOp = await post(app, {
      documentId: doc.id,
      cq: 20,
      op: "accept",
      evidence: { quote: "No GPU", start: at, end: at + 6 },
    });
    assert.equal(wrongOp.status, 400);
    const withNo = await post(app, {
      documentId: doc.id,
      cq: 20,
      op: "correct",
      reported: "no",
      evidence: { quote: "No GPU", start: at, end: at + 6 },
    });
    assert.equal(withNo.status, 400);
    assert.equal(listReviews(store).length, 0);
    // Without the token the POST is refused as every other review is.
    const noToken = await app.request("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ documentId: doc.id, cq: 20, op: "correct", reported: "yes" }),
    });
    assert.equal(noToken.status, 403);
    store.close();
  });
});
