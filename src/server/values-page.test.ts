import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { XSS } from "../report/html/_test-store.js";
import { openStore, type Store } from "../store/index.js";
import { createApp, TOKEN_HEADER } from "./app.js";
import { VALUES_PAGE_SIZE } from "./pages.js";

const TOKEN = "v".repeat(43);

/** `count` papers, each with an optimizer answer; paper 0's framework value is hostile. */
function storeWithPapers(count: number): Store {
  const store = openStore(":memory:");
  store.startRun({ id: "r1", runKey: "x".repeat(64), engine: "extractive", settings: {}, questionSetHash: "q" });
  for (let i = 0; i < count; i++) {
    const id = i.toString(16).padStart(64, "0");
    const text = `Paper ${i} used SGD.`;
    store.upsertDocument({
      id,
      path: `/secret/p${i}.txt`,
      title: `Paper ${String(i).padStart(3, "0")}`,
      pageCount: 1,
      text,
      pages: [{ page: 1, start: 0, end: text.length }],
      sections: [],
    });
    const yes = (cq: number, values: Record<string, unknown>) => ({
      cq,
      reported: "yes" as const,
      answer: `Answer ${cq}`,
      values,
      confidence: 0.9,
      evidence: [{ quote: text, page: 1, start: 0, end: text.length }],
      engine: "extractive",
      question: `Question ${cq}?`,
    });
    store.saveAnswers(id, "x".repeat(64), [
      yes(15, { optimizers: [i % 2 === 0 ? "SGD" : "Adam"] }),
      yes(19, { frameworks: [i === 0 ? XSS.script : "PyTorch"] }),
    ]);
  }
  return store;
}

describe("GET /values (issue 16, item 1)", () => {
  test("needs the session token like every page; shows one row per paper with linked values", async () => {
    const store = storeWithPapers(3);
    const app = createApp({ store, token: TOKEN });
    assert.equal((await app.request("/values")).status, 403);
    assert.equal((await app.request("/values", { headers: { [TOKEN_HEADER]: "wrong" } })).status, 403);
    assert.equal(
      (await app.request("/values", { headers: { host: "evil.example", [TOKEN_HEADER]: TOKEN } })).status,
      421,
    );
    const entry = await app.request(`/values?token=${TOKEN}`);
    assert.equal(entry.status, 303);
    assert.equal(entry.headers.get("location"), "/values");
    const res = await app.request("/values", { headers: { [TOKEN_HEADER]: TOKEN } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const html = await res.text();
    assert.equal((html.match(/<tr data-paper=/g) ?? []).length, 3);
    const first = "0".repeat(64);
    assert.match(html, new RegExp(`<a href="/paper/${first}#a-${first}-15" title="CQ15: “Paper 0 used SGD.”">SGD</a>`));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.includes(XSS.script));
    assert.match(html, /<a href="\/values">Values<\/a>/, "the nav links the page");
    assert.ok(!html.includes("/secret/"), "no file paths");
    store.close();
  });

  test("a large corpus is paged like the heatmap; a bad offset is a 400 that says what to send", async () => {
    const store = storeWithPapers(VALUES_PAGE_SIZE + 2);
    const app = createApp({ store, token: TOKEN });
    const get = (path: string) => app.request(path, { headers: { [TOKEN_HEADER]: TOKEN } });
    const first = await (await get("/values")).text();
    assert.equal((first.match(/<tr data-paper=/g) ?? []).length, VALUES_PAGE_SIZE);
    assert.match(first, new RegExp(`Papers 1–${VALUES_PAGE_SIZE} of ${VALUES_PAGE_SIZE + 2}`));
    assert.match(first, new RegExp(`<a href="/values\\?papers=${VALUES_PAGE_SIZE}" rel="next">`));
    const second = await (await get(`/values?papers=${VALUES_PAGE_SIZE}`)).text();
    assert.equal((second.match(/<tr data-paper=/g) ?? []).length, 2);
    assert.match(second, /<a href="\/values" rel="prev">/);
    const bad = await get("/values?papers=-1");
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /papers: expected a non-negative whole number/);
    store.close();
  });
});
