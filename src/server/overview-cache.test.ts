// The served overview is kept across reviews (issue 15): after reviews through the app it must be
// byte-identical to the overview a fresh app (a fresh reader, counting every cell) serves on the same store.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  makeOverviewStore,
  OVERVIEW_REVIEWS,
  type OverviewReview,
  overviewPaperId,
} from "../report/html/_test-overview-store.js";
import type { OverviewCounts } from "../report/html/overview-aggregates.js";
import { createCorpusReader } from "../report/html/reader.js";
import { openStore, type Store } from "../store/index.js";
import { addReview } from "../store/reviews.js";
import { createApp, TOKEN_HEADER } from "./app.js";
import { createOverviewCache, createOverviewMetadata } from "./overview-cache.js";

const TOKEN = "t".repeat(43);
const HEADERS = { [TOKEN_HEADER]: TOKEN, host: "127.0.0.1:4173" };

function appOn(store: Store) {
  const app = createApp({ store, token: TOKEN, reviewer: "ana", groupBy: ["year", "venue"] });
  const get = async (path: string) => (await app.request(path, { headers: HEADERS })).text();
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, {
      method: "POST",
      headers: { ...HEADERS, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.ok(res.status === 200 || res.status === 201, await res.clone().text());
  };
  return { get, post };
}

/** A review step as the UI posts it. */
function requestOf(step: OverviewReview) {
  const base = { documentId: overviewPaperId(step.paper), cq: step.cq };
  if (step.action === "note") return { ...base, op: "note", text: "look again" };
  if (step.action === "accept") return { ...base, op: "accept" };
  return { ...base, op: "correct", reported: step.reported };
}

describe("the served overview, kept across reviews", () => {
  test("after each review through the app, GET / is byte-identical to a fresh app's", async () => {
    const store = makeOverviewStore();
    try {
      const served = appOn(store);
      let before = await served.get("/");
      assert.equal(before, await appOn(store).get("/"), "before any review");
      for (const step of OVERVIEW_REVIEWS) {
        await served.post("/api/reviews", requestOf(step));
        const after = await served.get("/");
        assert.equal(after, await appOn(store).get("/"), step.why);
        assert.equal(after !== before, step.action !== "note", `the page changes unless a note: ${step.why}`);
        before = after;
      }
      assert.match(before, /<b>7 \/ 36<\/b><span>answers reviewed/, "seven cells have a gold label");
    } finally {
      store.close();
    }
  });

  test("a metadata edit through the app and another connection's commit are counted afresh", async () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-overview-cache-"));
    const path = join(dir, "store.db");
    const store = makeOverviewStore(path);
    const other = openStore(path);
    try {
      const served = appOn(store);
      await served.post("/api/reviews", { documentId: overviewPaperId(0), cq: 2, op: "flip" });
      await served.get("/");
      // Paper 1 moves from 2021 to 2019: the rates by year gain a group.
      await served.post("/api/metadata", { documentId: overviewPaperId(1), year: "2019" });
      const edited = await served.get("/");
      assert.match(edited, /data-group="2019"/);
      assert.equal(edited, await appOn(store).get("/"), "after the metadata edit");
      // A reviewer on another connection (another `serve`, say): the summary is read again.
      addReview(other, { documentId: overviewPaperId(3), cq: 1, action: "correct", reported: "yes", reviewer: "bo" });
      assert.equal(await served.get("/"), await appOn(store).get("/"), "after another connection's review");
      await served.post("/api/reviews", { documentId: overviewPaperId(3), cq: 4, op: "flip" });
      assert.equal(await served.get("/"), await appOn(store).get("/"), "a review through the app after that");
    } finally {
      other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("reviews move the kept counts (no recount); pages are rendered again only after a change", () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-overview-kept-"));
    const path = join(dir, "store.db");
    const store = makeOverviewStore(path);
    const other = openStore(path);
    try {
      const reader = createCorpusReader(store);
      const metadata = new Map<string, Record<string, unknown>>();
      const rendered: OverviewCounts[] = [];
      const overview = createOverviewCache({
        summary: () => reader.summary(),
        metadata: () => metadata,
        groupBy: ["year"],
        render: (_summary, offset, _rates, counts) => {
          rendered.push(counts);
          return `page ${offset}: ${counts.reviewed} reviewed`;
        },
      });
      const review = (cq: number, action: "correct" | "note") =>
        reader.reviewed(
          addReview(store, {
            documentId: overviewPaperId(0),
            cq,
            action,
            reported: action === "note" ? null : "no",
            note: action === "note" ? "n" : null,
            reviewer: "ana",
          }),
        );
      assert.equal(overview.page(0), "page 0: 0 reviewed");
      assert.equal(overview.page(0), "page 0: 0 reviewed");
      assert.equal(rendered.length, 1, "a kept page is not rendered again");
      overview.reviewed(review(1, "correct"));
      assert.equal(overview.page(0), "page 0: 1 reviewed");
      overview.reviewed(review(2, "note"));
      assert.equal(overview.page(0), "page 0: 1 reviewed");
      assert.equal(rendered.length, 2, "a note changes nothing: the page is kept");
      assert.equal(rendered[1], rendered[0], "the same counts, moved by the review, not counted again");
      // Another connection commits and the reader reads the summary again (a queue page, say): a
      // review of that summary is not moved into counts of the old one; the next page counts afresh.
      addReview(other, { documentId: overviewPaperId(1), cq: 1, action: "accept", reported: "yes", reviewer: "bo" });
      reader.summary();
      overview.reviewed(review(3, "correct"));
      assert.equal(overview.page(0), "page 0: 3 reviewed");
      assert.notEqual(rendered[2], rendered[0], "a new summary: new counts");
    } finally {
      other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the overview's metadata is read again after an edit or another connection's commit, not after a review", () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-overview-meta-"));
    const path = join(dir, "store.db");
    const store = makeOverviewStore(path);
    const other = openStore(path);
    try {
      const metadata = createOverviewMetadata(store);
      const first = metadata.read();
      assert.equal(first.get(overviewPaperId(0))?.year, 2020);
      addReview(store, { documentId: overviewPaperId(0), cq: 1, action: "accept", reported: "yes", reviewer: "ana" });
      assert.equal(metadata.read(), first, "a review through this connection: the same map");
      metadata.edited();
      const second = metadata.read();
      assert.notEqual(second, first, "an edit through this app: read again");
      addReview(other, { documentId: overviewPaperId(0), cq: 2, action: "accept", reported: "yes", reviewer: "bo" });
      assert.notEqual(metadata.read(), second, "another connection's commit: read again");
    } finally {
      other.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
