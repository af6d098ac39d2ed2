import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeTestStore, PAPER_A, PAPER_B } from "../report/html/_test-store.js";
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
});
