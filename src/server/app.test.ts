import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeTestStore, PAPER_A, XSS } from "../report/html/_test-store.js";
import { listReviews } from "../store/reviews.js";
import { createApp, TOKEN_HEADER } from "./app.js";

const TOKEN = "t".repeat(43);

function setup() {
  const store = makeTestStore();
  const app = createApp({ store, token: TOKEN, reviewer: "ana", now: () => new Date("2026-03-04T05:06:07.000Z") });
  const post = (body: unknown, token: string | null = TOKEN) =>
    app.request("/api/reviews", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token === null ? {} : { [TOKEN_HEADER]: token }) },
      body: JSON.stringify(body),
    });
  const get = (path: string) => app.request(path, { headers: { [TOKEN_HEADER]: TOKEN } });
  return { store, app, post, get };
}

describe("review app", () => {
  test("the token in the URL sets an HttpOnly cookie; pages without it are refused with JSON", async () => {
    const { app, store } = setup();
    const denied = await app.request("/");
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { error: string }).error, /session token/);
    const entry = await app.request(`/?token=${TOKEN}`);
    assert.equal(entry.status, 303);
    assert.equal(entry.headers.get("location"), "/");
    const cookie = entry.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const page = await app.request("/", { headers: { cookie: cookie.split(";")[0] } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const html = await page.text();
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(!html.includes(XSS.script));
    assert.equal((await app.request("/?token=wrong")).status, 403);
    store.close();
  });

  test("POST needs the token header: missing or wrong is 403 JSON and nothing is stored", async () => {
    const { post, store } = setup();
    for (const token of [null, "nope", `${TOKEN}x`]) {
      const res = await post({ documentId: PAPER_A, cq: 1, op: "accept" }, token);
      assert.equal(res.status, 403);
      assert.ok(((await res.json()) as { error?: string }).error);
    }
    assert.equal(listReviews(store).length, 0);
    store.close();
  });

  test("flip stores a correction with reviewer and time, and returns the re-rendered card", async () => {
    const { post, store } = setup();
    const res = await post({ documentId: PAPER_A, cq: 1, op: "flip" });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { review: Record<string, string>; html: string };
    assert.deepEqual(
      [body.review.action, body.review.reported, body.review.reviewer, body.review.createdAt],
      ["correct", "no", "ana", "2026-03-04T05:06:07.000Z"],
    );
    assert.match(body.html, /Gold label: corrected to “not reported” by ana/);
    assert.ok(!body.html.includes(XSS.img));
    const note = await post({ documentId: PAPER_A, cq: 1, op: "note", text: XSS.script });
    assert.ok(((await note.json()) as { html: string }).html.includes("&lt;script&gt;"));
    assert.equal(
      store.getAnswers(PAPER_A, "x".repeat(64)).find((a) => a.cq === 1)?.reported,
      "yes",
      "machine answer kept",
    );
    store.close();
  });

  test("bad input and unknown ids give JSON errors without stack traces; paths are never read", async () => {
    const { post, get, app, store } = setup();
    const cases: [Response, number][] = [
      [await post({ documentId: PAPER_A, cq: 1, op: "explode" }), 400],
      [await post({ documentId: "../../etc/passwd", cq: 1, op: "accept" }), 404],
      [await post({ documentId: PAPER_A, cq: 99, op: "accept" }), 404],
      [await post({ documentId: PAPER_A, cq: 1, op: "edit", text: " " }), 400],
      [await get("/paper/..%2F..%2Fetc%2Fpasswd"), 404],
      [await get("/nowhere"), 404],
      [
        await app.request("/api/reviews", {
          method: "POST",
          headers: { [TOKEN_HEADER]: TOKEN, "content-type": "application/json" },
          body: "{",
        }),
        400,
      ],
    ];
    for (const [res, status] of cases) {
      assert.equal(res.status, status);
      const text = await res.text();
      const body = JSON.parse(text);
      assert.equal(typeof body.error, "string");
      assert.ok(!/\bat .+:\d+:\d+/.test(text), "no stack trace");
      assert.ok(!text.includes("root:"), "no file content");
    }
    store.close();
  });

  test("gold export reflects the latest decision", async () => {
    const { post, get, store } = setup();
    await post({ documentId: PAPER_A, cq: 2, op: "accept" });
    await post({ documentId: PAPER_A, cq: 2, op: "correct", reported: "yes", text: "Adam, lr 0.001" });
    const lines = (await (await get("/export/gold.jsonl")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.deepEqual(
      [lines[0].cq, lines[0].reported, lines[0].answer, lines[0].action],
      [2, "yes", "Adam, lr 0.001", "correct"],
    );
    assert.equal((await get("/queue")).status, 200);
    assert.equal((await get(`/paper/${PAPER_A}`)).status, 200);
    store.close();
  });
});
