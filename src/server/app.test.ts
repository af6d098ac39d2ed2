import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { describe, test } from "node:test";
import {
  assertInert,
  escaped,
  HOSTILE,
  HOSTILE_ID,
  makeHostileStore,
  withoutOwnScripts,
} from "../report/html/_test-hostile.js";
import { makeTestStore, PAPER_A, XSS } from "../report/html/_test-store.js";
import { clientScript } from "../report/html/client.js";
import { listReviews } from "../store/reviews.js";
import type { Store } from "../store/store.js";
import { createApp, isJsonContentType, sessionCookieName, TOKEN_HEADER } from "./app.js";
import { hostNamesFor, serve } from "./serve.js";

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

describe("review app: escaping in every page (issue 12, item 5)", () => {
  test("a title, answer, quote, flag, note and reviewer with <script>, quotes and & are text everywhere", async () => {
    const store = makeHostileStore();
    const app = createApp({ store, token: TOKEN, reviewer: HOSTILE.reviewer });
    const headers = { [TOKEN_HEADER]: TOKEN };
    const posted = await app.request("/api/reviews", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ documentId: HOSTILE_ID, cq: 1, op: "note", text: HOSTILE.note, showPaper: true }),
    });
    assert.equal(posted.status, 201);
    const pages: Record<string, string> = { card: ((await posted.json()) as { html: string }).html };
    for (const [name, path] of [
      ["overview", "/"],
      ["paper", `/paper/${HOSTILE_ID}`],
      ["queue", "/queue"],
    ]) {
      const res = await app.request(path, { headers });
      assert.equal(res.status, 200, path);
      pages[name] = await res.text();
    }
    store.close();
    for (const [name, page] of Object.entries(pages)) {
      // The shell's own script is the only script element, loaded as a module.
      if (name !== "card")
        assert.equal((page.match(/<script type="module" src="\/assets\/app\.js"><\/script>/g) ?? []).length, 1);
      assertInert(name, withoutOwnScripts(page));
      assert.ok(page.includes(escaped(HOSTILE.title)), `${name}: the title is shown, escaped`);
      if (name !== "card")
        assert.ok(page.includes(`reviewing as ${escaped(HOSTILE.reviewer)}`), `${name}: the reviewer`);
    }
    for (const name of ["paper", "queue", "card"]) {
      for (const field of ["answer", "quote", "note", "reviewer"] as const) {
        assert.ok(pages[name].includes(escaped(HOSTILE[field])), `${name}: the ${field} is shown, escaped`);
      }
    }
  });

  test("/assets/app.js is the compiled client module", async () => {
    const { get, store } = setup();
    const res = await get("/assets/app.js");
    assert.match(res.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.equal(await res.text(), clientScript());
    store.close();
  });
});

describe("review app: only its user reaches it (issue 14, finding 8)", () => {
  test("a foreign Host header is refused (DNS rebinding); the bound address and loopback names pass", async () => {
    const { app, store } = setup();
    const at = (host: string) => app.request("/", { headers: { host, [TOKEN_HEADER]: TOKEN } });
    assert.equal((await at("evil.example:4173")).status, 421);
    assert.equal((await at("evil.example")).status, 421);
    assert.equal((await at("127.0.0.1.evil.example:4173")).status, 421);
    assert.equal((await at("127.0.0.1:4173")).status, 200);
    assert.equal((await at("localhost:4173")).status, 200);
    assert.equal((await at("[::1]:4173")).status, 200);

    const allowedHosts = new Set<string>();
    const bound = createApp({ store, token: TOKEN, allowedHosts });
    const entry = `/?token=${TOKEN}`;
    assert.equal((await bound.request(entry, { headers: { host: "127.0.0.1:5555" } })).status, 421, "empty set");
    allowedHosts.add("127.0.0.1:5555");
    const ok = await bound.request(entry, { headers: { host: "127.0.0.1:5555" } });
    assert.equal(ok.status, 303);
    const cookie = (ok.headers.get("set-cookie") ?? "").split(";")[0];
    for (const host of ["127.0.0.1:5556", "evil.example:5555", "localhost:5555"]) {
      const res = await bound.request("/", { headers: { host, cookie } });
      assert.equal(res.status, 421, host);
      assert.match(((await res.json()) as { error: string }).error, /Misdirected/);
    }
    assert.equal((await bound.request("/", { headers: { host: "127.0.0.1:5555", cookie } })).status, 200);
    store.close();
  });

  test("assets need the token too, and an asset reads no answers", async () => {
    const { app, store } = setup();
    for (const path of ["/assets/app.css", "/assets/app.js", "/favicon.ico"]) {
      assert.equal((await app.request(path)).status, 403, path);
    }
    const entry = await app.request(`/?token=${TOKEN}`);
    const cookie = (entry.headers.get("set-cookie") ?? "").split(";")[0];
    const sql = recordSql(store);
    const css = await app.request("/assets/app.css", { headers: { cookie } });
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    assert.match(await css.text(), /body\[data-cat="other"\]/);
    assert.equal((await app.request("/assets/app.js", { headers: { cookie } })).status, 200);
    assert.deepEqual(sql, [], "no query for an asset");
    store.close();
  });

  test("the token URL never redirects to another origin", async () => {
    const { app, store } = setup();
    for (const [path, location] of [
      [`//evil.example/?token=${TOKEN}`, "/evil.example/"],
      [`///evil.example/x?token=${TOKEN}&a=1`, "/evil.example/x?a=1"],
      [`/\\evil.example/?token=${TOKEN}`, "/evil.example/"],
      [`/queue?token=${TOKEN}`, "/queue"],
    ]) {
      const res = await app.request(path);
      assert.equal(res.status, 303, path);
      const target = res.headers.get("location") ?? "";
      assert.equal(target, location, path);
      assert.match(target, /^\/(?![/\\])/, "one slash, then a path on this origin");
      assert.equal(new URL(target, "http://127.0.0.1:4173").host, "127.0.0.1:4173");
    }
    store.close();
  });

  test("the session cookie's name is unique per instance and HttpOnly, SameSite=Strict, Path=/", async () => {
    const store = makeTestStore();
    const other = "o".repeat(43);
    const first = createApp({ store, token: TOKEN });
    const second = createApp({ store, token: other });
    const cookieOf = async (app: typeof first, token: string) =>
      (await app.request(`/?token=${token}`)).headers.get("set-cookie") ?? "";
    const a = await cookieOf(first, TOKEN);
    const b = await cookieOf(second, other);
    const name = (cookie: string) => cookie.split("=")[0];
    assert.notEqual(name(a), name(b), "a second serve does not overwrite the first one's cookie");
    assert.equal(name(a), sessionCookieName(TOKEN));
    assert.ok(!name(a).includes(TOKEN), "the name does not reveal the token");
    for (const attribute of [/HttpOnly/, /SameSite=Strict/, /Path=\//]) assert.match(a, attribute);
    // Both cookies in one browser (cookies ignore ports): each server accepts its own.
    const both = `${a.split(";")[0]}; ${b.split(";")[0]}`;
    assert.equal((await first.request("/", { headers: { cookie: both } })).status, 200);
    assert.equal((await second.request("/", { headers: { cookie: both } })).status, 200);
    assert.equal((await second.request("/", { headers: { cookie: a.split(";")[0] } })).status, 403);
    store.close();
  });

  test("query parameters are validated: cq=abc and bad offsets are 400; an unknown paper lists nothing", async () => {
    const { get, post, store } = setup();
    for (const path of [
      "/api/reviews?cq=abc",
      "/api/reviews?cq=0",
      "/api/reviews?cq=1.5",
      "/queue?offset=-1",
      "/queue?offset=abc",
      "/queue?offset=1e3",
    ]) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.match(((await res.json()) as { error: string }).error, /Invalid query parameter (cq|offset)/);
    }
    await post({ documentId: PAPER_A, cq: 1, op: "accept" });
    await post({ documentId: PAPER_A, cq: 2, op: "accept" });
    assert.equal(((await (await get("/api/reviews?cq=2")).json()) as unknown[]).length, 1);
    assert.equal(((await (await get(`/api/reviews?documentId=${PAPER_A}`)).json()) as unknown[]).length, 2);
    assert.deepEqual(await (await get("/api/reviews?documentId=nope")).json(), []);
    assert.equal((await get("/queue?offset=25")).status, 200);
    store.close();
  });

  test("a JSON POST needs exactly application/json (charset utf-8 allowed)", async () => {
    const { app, store } = setup();
    const send = (type: string) =>
      app.request("/api/reviews", {
        method: "POST",
        headers: { "content-type": type, [TOKEN_HEADER]: TOKEN },
        body: JSON.stringify({ documentId: PAPER_A, cq: 1, op: "accept" }),
      });
    for (const type of ["text/plain; application/json", "text/plain;x=application/json", "application/jsonx", ""]) {
      const res = await send(type);
      assert.equal(res.status, 415, type);
      assert.match(((await res.json()) as { error: string }).error, /Content-Type: application\/json/);
    }
    assert.equal(listReviews(store).length, 0);
    for (const type of ["application/json", "Application/JSON; charset=UTF-8", 'application/json;charset="utf-8"']) {
      assert.equal((await send(type)).status, 201, type);
    }
    assert.equal(listReviews(store).length, 3);
    store.close();
  });

  test("a review POST reads one cell, not the corpus", async () => {
    const { post, store } = setup();
    const sql = recordSql(store);
    const res = await post({ documentId: PAPER_A, cq: 2, op: "flip" });
    assert.equal(res.status, 201);
    assert.match(((await res.json()) as { html: string }).html, /data-cq="2"/);
    const corpusWide = sql.filter((s) => /FROM answers ORDER BY/i.test(s) || /FROM reviews ORDER BY/i.test(s));
    assert.deepEqual(corpusWide, []);
    store.close();
  });
});

describe("isJsonContentType", () => {
  test("only application/json with at most a utf-8 charset", () => {
    assert.equal(isJsonContentType("application/json"), true);
    assert.equal(isJsonContentType("application/json; charset=utf-8"), true);
    assert.equal(isJsonContentType(undefined), false);
    assert.equal(isJsonContentType("application/json; charset=latin1"), false);
    assert.equal(isJsonContentType("text/plain; application/json"), false);
  });
});

/** Records the SQL of every statement `store` prepares from now on. */
function recordSql(store: Store): string[] {
  const seen: string[] = [];
  const prepare = store.db.prepare.bind(store.db);
  (store.db as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    seen.push(sql.replace(/\s+/g, " "));
    return prepare(sql);
  };
  return seen;
}

describe("warm app", () => {
  test("reads every paper's votes when built, not on the first request, and serves the same pages", async () => {
    const store = makeTestStore();
    const headers = { [TOKEN_HEADER]: TOKEN };
    const warm = createApp({ store, token: TOKEN, warm: true });
    const cold = createApp({ store, token: TOKEN });
    // Which SQL the requests below prepare: the votes of every paper are read from the vote packs.
    const prepared: string[] = [];
    const prepare = store.db.prepare.bind(store.db);
    store.db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof store.db.prepare;
    const readsVotes = () => prepared.some((sql) => sql.includes("FROM vote_packs p"));
    for (const path of ["/", "/queue", `/paper/${PAPER_A}`]) {
      const page = await warm.request(path, { headers });
      assert.equal(page.status, 200);
      assert.equal(await page.text(), await (await cold.request(path, { headers })).text(), path);
      if (path === "/") assert.ok(readsVotes(), "the cold app reads the votes on its first overview");
    }
    prepared.length = 0;
    assert.equal((await warm.request("/?papers=0", { headers })).status, 200);
    assert.equal(readsVotes(), false);
    store.close();
  });
});

describe("serve", () => {
  test("answers at its bound address with the port it picked, and refuses another Host", async () => {
    const store = makeTestStore();
    const server = await serve({ store, port: 0, token: TOKEN });
    try {
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: "127.0.0.1", port: server.port, path: "/", headers: { host, [TOKEN_HEADER]: TOKEN } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on("error", reject);
          req.end();
        });
      assert.equal(await status(`127.0.0.1:${server.port}`), 200);
      assert.equal(await status(`localhost:${server.port}`), 200);
      assert.equal(await status(`evil.example:${server.port}`), 421);
      assert.equal(await status(`localhost:${server.port + 1}`), 421);
      const entry = await fetch(server.url, { redirect: "manual" });
      assert.equal(entry.status, 303);
      assert.match(entry.headers.get("set-cookie") ?? "", /^methodscope_[0-9a-f]{16}=/);
    } finally {
      await server.close();
      store.close();
    }
  });

  test("hostNamesFor: loopback names and the listening address with the port", () => {
    assert.deepEqual([...hostNamesFor("127.0.0.1", 4173)].sort(), ["127.0.0.1:4173", "[::1]:4173", "localhost:4173"]);
    const v6 = hostNamesFor("::1", 80, ["Review.LAN", "box:8080"]);
    assert.ok(v6.has("[::1]:80") && v6.has("[::1]") && v6.has("review.lan:80") && v6.has("box:8080"));
    assert.ok(hostNamesFor("0.0.0.0", 5000).has("0.0.0.0:5000"));
  });
});
