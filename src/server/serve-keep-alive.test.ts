// Issue 15: a review POST sent on a kept-alive connection was lost ("socket hang up") when the server was
// busy past its keep-alive timeout: the idle timer fired before the request waiting on the socket was read.
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { describe, test } from "node:test";
import { makeTestStore, PAPER_A } from "../report/html/_test-store.js";
import { listReviews } from "../store/reviews.js";
import { TOKEN_HEADER } from "./app.js";
import { serve } from "./serve.js";

const TOKEN = "t".repeat(43);
/** The keep-alive timeout of the servers below, short so the tests are quick. */
const KEEP_ALIVE_MS = 200;
/** When Node closes an idle connection: it announces the timeout but waits a second longer. */
const IDLE_CLOSE_MS = KEEP_ALIVE_MS + 1000;

describe("serve's kept-alive connections", () => {
  test("a request sent on an idle connection while the server was busy past its keep-alive timeout is answered", async () => {
    const store = makeTestStore();
    const server = await serve({ store, port: 0, token: TOKEN, keepAliveTimeout: KEEP_ALIVE_MS });
    const connection = await open(server.port);
    try {
      assert.match(await connection.send(get(server.port, "/favicon.ico")), /^HTTP\/1\.1 204/);
      // The connection is idle and kept alive. The client sends a review on it, then the server's
      // loop is busy (here: this process, which runs the server) for longer than the keep-alive
      // timeout, as a cold overview of a large store keeps it. The idle timer then fires before
      // the server reads the request that has been waiting on the connection all along.
      const answered = connection.send(postReview(server.port, { documentId: PAPER_A, cq: 3, op: "accept" }));
      busyFor(IDLE_CLOSE_MS + 500);
      assert.match(await answered, /^HTTP\/1\.1 201/);
      assert.equal(listReviews(store, { documentId: PAPER_A, cq: 3 }).length, 1);
    } finally {
      connection.socket.destroy();
      await server.close();
      store.close();
    }
  });

  test("an idle connection is still closed after the keep-alive timeout", async () => {
    const store = makeTestStore();
    const server = await serve({ store, port: 0, token: TOKEN, keepAliveTimeout: KEEP_ALIVE_MS });
    const connection = await open(server.port);
    try {
      assert.match(await connection.send(get(server.port, "/favicon.ico")), /^HTTP\/1\.1 204/);
      const started = performance.now();
      await new Promise((done) => connection.socket.once("close", done));
      const waited = performance.now() - started;
      assert.ok(waited >= KEEP_ALIVE_MS && waited < IDLE_CLOSE_MS + 2000, `closed after ${waited.toFixed(0)} ms`);
    } finally {
      connection.socket.destroy();
      await server.close();
      store.close();
    }
  });
});

/** A raw client connection: `send` writes a request and resolves with the response head, or how the connection ended. */
async function open(port: number): Promise<{ socket: Socket; send: (request: string) => Promise<string> }> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((done, fail) => socket.once("connect", done).once("error", fail));
  let received = "";
  let waiting: ((head: string) => void) | undefined;
  const settle = (outcome: string) => {
    waiting?.(outcome);
    waiting = undefined;
  };
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString("latin1");
    const end = received.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = received.slice(0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (received.length < end + 4 + length) return;
    received = received.slice(end + 4 + length);
    settle(head);
  });
  socket.on("error", (error: NodeJS.ErrnoException) => settle(`error ${error.code}`));
  socket.on("close", () => settle("closed"));
  const send = (request: string) =>
    new Promise<string>((resolve) => {
      waiting = resolve;
      socket.write(request);
    });
  return { socket, send };
}

function get(port: number, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${TOKEN_HEADER}: ${TOKEN}\r\n\r\n`;
}

function postReview(port: number, review: object): string {
  const body = JSON.stringify(review);
  return (
    `POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${TOKEN_HEADER}: ${TOKEN}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Blocks the event loop for `ms`, as a long synchronous request handler does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
