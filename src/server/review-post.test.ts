import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeTestStore, PAPER_A, PAPER_B } from "../report/html/_test-store.js";
import { renderOverview } from "../report/html/overview.js";
import { createCorpusReader } from "../report/html/reader.js";
import { createApp, TOKEN_HEADER } from "./app.js";
import { cardHtml } from "./pages.js";

const TOKEN = "t".repeat(43);

describe("a review POST's card", () => {
  test("is the card a fresh read of the store renders, for accept, correct and note", async () => {
    const store = makeTestStore();
    const app = createApp({ store, token: TOKEN, reviewer: "ana", now: () => new Date("2026-03-04T05:06:07.000Z") });
    const reader = createCorpusReader(store);
    const requests = [
      { documentId: PAPER_A, cq: 1, op: "accept" },
      { documentId: PAPER_A, cq: 2, op: "flip" },
      { documentId: PAPER_B, cq: 1, op: "note", text: "check the split" },
      { documentId: PAPER_A, cq: 1, op: "note", text: "after the accept" },
    ];
    for (const body of requests) {
      const res = await app.request("/api/reviews", {
        method: "POST",
        headers: { "content-type": "application/json", [TOKEN_HEADER]: TOKEN },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const { html } = (await res.json()) as { html: string };
      const fresh = reader.cell(body.documentId, body.cq);
      assert.ok(fresh);
      assert.equal(html, cardHtml(fresh, undefined), `${body.op} on ${body.documentId.slice(0, 1)}/${body.cq}`);
    }
    store.close();
  });

  test("the overview, served from the reader's cached summary, counts a review made through the app at once", async () => {
    const store = makeTestStore();
    const app = createApp({ store, token: TOKEN, reviewer: "ana" });
    const overview = async () =>
      (await (await app.request("/", { headers: { [TOKEN_HEADER]: TOKEN, host: "127.0.0.1:4173" } })).text()).match(
        /<b>(\d+) \/ (\d+)<\/b><span>answers reviewed/,
      )?.[1];
    const before = Number(await overview());
    const res = await app.request("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", [TOKEN_HEADER]: TOKEN },
      body: JSON.stringify({ documentId: PAPER_B, cq: 2, op: "accept" }),
    });
    assert.equal(res.status, 201);
    assert.equal(Number(await overview()), before + 1);
    store.close();
  });

  test("the served heatmap is paged; tiles and rates still cover every paper", () => {
    const store = makeTestStore();
    const summary = createCorpusReader(store).summary();
    assert.ok(summary.papers.length >= 2);
    const links = {
      overview: "/",
      paper: (id: string) => `/paper/${id}`,
      answer: (id: string, cq: number) => `/paper/${id}#${cq}`,
    };
    const page = (offset: number) =>
      String(renderOverview(summary, links, [], { offset, limit: 1, href: (n) => `/?papers=${n}` }));
    const first = page(0);
    assert.match(first, /Papers 1–1 of \d+/);
    assert.match(first, /href="\/\?papers=1" rel="next"/);
    assert.equal((first.match(/<tr data-dl=/g) ?? []).length, 1, "one heatmap row");
    assert.match(first, new RegExp(`<b>${summary.papers.length}</b><span>papers`));
    const second = page(1);
    assert.match(second, /rel="prev"/);
    assert.notEqual(first.match(/data-paper="([^"]+)"/)?.[1], second.match(/data-paper="([^"]+)"/)?.[1]);
    store.close();
  });
});
