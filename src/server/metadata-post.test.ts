import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeTestStore, PAPER_A, PAPER_B, XSS } from "../report/html/_test-store.js";
import { listMetadataEdits, paperMetadata } from "../store/metadata.js";
import { createApp, TOKEN_HEADER } from "./app.js";

const TOKEN = "t".repeat(43);

function setup() {
  const store = makeTestStore();
  const doc = store.getDocument(PAPER_A);
  assert.ok(doc);
  store.upsertDocument({
    ...doc,
    metadata: { year: 2020, journal: "Invented Letters", sources: { year: "first-page", journal: "first-page" } },
  });
  const app = createApp({ store, token: TOKEN, reviewer: "ana", now: () => new Date("2026-03-04T05:06:07.000Z") });
  const post = (body: unknown, token: string | null = TOKEN) =>
    app.request("/api/metadata", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token === null ? {} : { [TOKEN_HEADER]: token }) },
      body: JSON.stringify(body),
    });
  const get = (path: string) => app.request(path, { headers: { [TOKEN_HEADER]: TOKEN } });
  return { store, post, get };
}

describe("metadata edits in the review UI", () => {
  test("the paper page shows the metadata with its sources and an edit form", async () => {
    const { get, store } = setup();
    const page = await (await get(`/paper/${PAPER_A}`)).text();
    assert.match(
      page,
      /<dt>Year<\/dt><dd>2020 <span class="src" title="from the first page&#39;s text">first-page<\/span>/,
    );
    assert.match(page, /<form class="metaform" data-metadata-form data-doc="a{64}">/);
    assert.match(page, /<input name="journal" value="Invented Letters">/);
    store.close();
  });

  test("POST needs the session token: without it nothing is stored", async () => {
    const { post, store } = setup();
    for (const token of [null, "nope"]) {
      const res = await post({ documentId: PAPER_A, year: "2021" }, token);
      assert.equal(res.status, 403);
    }
    assert.equal(listMetadataEdits(store, PAPER_A).length, 0);
    store.close();
  });

  test("an edit stores only what changed, never overwrites the extracted metadata, and the latest wins", async () => {
    const { post, get, store } = setup();
    const first = await post({
      documentId: PAPER_A,
      title: "A corrected title",
      authors: "Ann Lee;  Bo Chan ; ",
      year: "2021",
      journal: "Invented Letters",
      doi: "https://doi.org/10.1234/ABC.9",
    });
    assert.equal(first.status, 201, await first.clone().text());
    const body = (await first.json()) as { edit: { fields: Record<string, unknown> }; html: string };
    assert.deepEqual(body.edit.fields, {
      title: "A corrected title",
      authors: ["Ann Lee", "Bo Chan"],
      year: 2021,
      doi: "10.1234/abc.9",
    });
    assert.match(body.html, /<dt>Year<\/dt><dd>2021 <span class="src"[^>]*>review<\/span>/);
    const second = await post({ documentId: PAPER_A, year: "2022", journal: "" });
    assert.equal(second.status, 201);
    const unchanged = await post({ documentId: PAPER_A, year: "2022" });
    assert.equal(unchanged.status, 200, "nothing changed: no edit stored");
    assert.equal(listMetadataEdits(store, PAPER_A).length, 2);

    // The machine's metadata is as it was; the effective one has the edits.
    assert.equal(store.getDocument(PAPER_A)?.metadata?.year, 2020);
    const effective = paperMetadata(store, PAPER_A);
    assert.deepEqual(
      [effective?.year, effective?.journal, effective?.title, effective?.sources?.year, effective?.sources?.journal],
      [2022, undefined, "A corrected title", "review", undefined],
    );

    const page = await (await get(`/paper/${PAPER_A}`)).text();
    assert.match(page, /<h1>A corrected title<\/h1>/);
    assert.match(page, /<dt>Year<\/dt><dd>2022/);
    const exported = (await (await get("/export/results.jsonl")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { paper_id: string; title: string; metadata?: Record<string, unknown> });
    const rowA = exported.find((r) => r.paper_id === PAPER_A);
    assert.equal(rowA?.title, "A corrected title");
    assert.deepEqual(rowA?.metadata?.authors, ["Ann Lee", "Bo Chan"]);
    assert.equal(rowA?.metadata?.year, 2022);
    assert.equal((rowA?.metadata?.sources as Record<string, string> | undefined)?.doi, "review");
    assert.equal(exported.find((r) => r.paper_id === PAPER_B)?.metadata, undefined);
    store.close();
  });

  test("bad input is refused with a message; values are escaped when shown", async () => {
    const { post, store } = setup();
    const year = await post({ documentId: PAPER_A, year: "20x1" });
    assert.equal(year.status, 400);
    assert.match(((await year.json()) as { error: string }).error, /Invalid year/);
    assert.equal((await post({ documentId: PAPER_A, doi: "not a doi" })).status, 400);
    assert.equal((await post({ documentId: "f".repeat(64), year: "2020" })).status, 404);
    assert.equal((await post({ documentId: PAPER_A, extra: 1 })).status, 400);
    const hostile = await post({ documentId: PAPER_A, journal: XSS.script, authors: XSS.img });
    assert.equal(hostile.status, 201);
    const { html } = (await hostile.json()) as { html: string };
    assert.ok(!html.includes(XSS.script) && !html.includes(XSS.img));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    store.close();
  });
});
