import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { fetchWithQuery, isSecretParam, redactText, redactUrl, splitCredentials } from "./credentials.js";
import { createProvider } from "./index.js";

const basic = (s: string) => `Basic ${Buffer.from(s, "utf8").toString("base64")}`;

test("redactUrl writes *** where the user, password and secret query values were", () => {
  assert.equal(redactUrl("http://alice:pw@host/v1"), "http://***@host/v1");
  assert.equal(redactUrl("https://TOKEN@host:8443/v1/"), "https://***@host:8443/v1");
  assert.equal(
    redactUrl("http://h/v1?api_key=abc&key=def&api-version=2024"),
    "http://h/v1?api_key=***&key=***&api-version=2024",
  );
  assert.equal(redactUrl("http://127.0.0.1:11434"), "http://127.0.0.1:11434");
  assert.equal(redactUrl("not a url, http://u:p@h/x inside"), "not a url, http://***@h/x inside");
});

test("splitCredentials: user:password is HTTP Basic, a lone token is the API key (Bearer)", () => {
  const both = splitCredentials("http://alice:s3cret%2Fpw@h:8000/v1");
  assert.equal(both.url, "http://h:8000/v1");
  assert.equal(both.shown, "http://***@h:8000/v1");
  assert.deepEqual(both.headers, { Authorization: basic("alice:s3cret/pw") });
  assert.ok(both.secrets.includes("s3cret/pw") && both.secrets.includes("s3cret%2Fpw"));

  assert.deepEqual(splitCredentials("http://sk-abc@h/v1").headers, { Authorization: "Bearer sk-abc" });
  assert.deepEqual(splitCredentials("http://:sk-abc@h/v1").headers, { Authorization: "Bearer sk-abc" });
  assert.deepEqual(splitCredentials("http://h/v1").headers, {});
});

test("splitCredentials moves the query out of the address (sent with each request)", () => {
  const e = splitCredentials("https://h/v1?key=k3y&api-version=2");
  assert.equal(e.url, "https://h/v1");
  assert.equal(e.shown, "https://h/v1?key=***&api-version=2");
  assert.deepEqual(e.query, { key: "k3y", "api-version": "2" });
  assert.ok(e.secrets.includes("k3y"));
  assert.ok(!e.secrets.includes("2"), "non-secret parameters are not scrubbed");
});

test("secret parameter names", () => {
  for (const name of ["api_key", "api-key", "apikey", "key", "access_token", "token", "client_secret", "password"]) {
    assert.ok(isSecretParam(name), name);
  }
  for (const name of ["api-version", "model", "v"]) assert.ok(!isSecretParam(name), name);
});

test("redactText scrubs URLs in a message and every known secret", () => {
  const message =
    "Request cannot be constructed from a URL that includes credentials: http://alice:s3cret@h/v1/chat?key=z9z9";
  const out = redactText(message, ["s3cret"]);
  assert.ok(!/alice|s3cret|z9z9/.test(out), out);
  assert.match(out, /http:\/\/\*\*\*@h\/v1\/chat\?key=\*\*\*/);
  assert.equal(redactText("token s3cret-pw was refused", ["s3cret-pw", "pw"]), "token *** was refused");
});

test("fetchWithQuery adds the endpoint's query parameters to every request", async () => {
  const seen: string[] = [];
  const inner = (async (input: string | URL | Request) => {
    seen.push(typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url);
    return new Response("{}");
  }) as typeof fetch;
  const f = fetchWithQuery({ key: "k3y" }, inner);
  await f("http://h:1/api/chat");
  await f(new URL("http://h:1/api/embed?x=1"));
  assert.deepEqual(seen, ["http://h:1/api/chat?key=k3y", "http://h:1/api/embed?x=1&key=k3y"]);
  assert.equal(fetchWithQuery({}, inner), inner);
});

/** A loopback server answering both chat protocols, recording each request's URL and Authorization. */
async function rawChatServer() {
  const seen: { url: string; authorization?: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    req.resume();
    req.on("end", () => {
      const message = { role: "assistant", content: "ok" };
      const body = req.url?.startsWith("/api/")
        ? { model: "m", message, done: true }
        : {
            id: "x",
            object: "chat.completion",
            created: 0,
            model: "m",
            choices: [{ index: 0, message, finish_reason: "stop" }],
          };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { port, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
}

test("providers send a URL's token as Bearer and its query key as a query parameter, and show neither", async () => {
  const server = await rawChatServer();
  try {
    const request = { messages: [{ role: "user" as const, content: "hi" }] };
    const openai = await createProvider(`openai:m@http://tok-0123@127.0.0.1:${server.port}/v1?api_key=q-key-0123`, {
      apiKey: "env-key-0123",
      maxRetries: 0,
    });
    const ollama = await createProvider(`ollama:m@http://127.0.0.1:${server.port}?key=q-key-0123`, { maxRetries: 0 });
    await openai.chat(request);
    await ollama.chat(request);
    assert.deepEqual(server.seen, [
      { url: "/v1/chat/completions?api_key=q-key-0123", authorization: "Bearer tok-0123" },
      { url: "/api/chat?key=q-key-0123", authorization: undefined },
    ]);
    assert.equal(openai.id, `openai:m@http://***@127.0.0.1:${server.port}/v1?api_key=***`);
    assert.equal(ollama.id, `ollama:m@http://127.0.0.1:${server.port}?key=***`);
  } finally {
    await server.close();
  }
});
