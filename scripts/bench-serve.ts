// Benchmark of the review server (not a timed test): a store of synthesised papers, `serve` in a
// child process on port 0, review POSTs at a fixed concurrency, then GETs of the overview and of
// paper pages. Prints stored-once counts, latency percentiles and connection errors.
// Usage: node --import tsx scripts/bench-serve.ts [--papers 300] [--posts 2000] [--concurrency 50] [--gets 200]
//        node --import tsx scripts/bench-serve.ts --fill store.db [--papers 300]   (only write the store)
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { TOKEN_HEADER } from "../src/server/app.js";
import { serve } from "../src/server/serve.js";
import { openStore, type Store, type StoredAnswer } from "../src/store/index.js";
import type { Document, YesNo } from "../src/types.js";
import { mulberry32 } from "../test/fixtures/prng.js";

// Run as a script; imported (scripts/bench-scale.ts reuses the client), it only exports.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      papers: { type: "string", default: "300" },
      posts: { type: "string", default: "2000" },
      concurrency: { type: "string", default: "50" },
      gets: { type: "string", default: "200" },
      // Internal: the child process that runs the server.
      serve: { type: "string" },
      // Only write the synthetic store to this file (to profile against it), then exit.
      fill: { type: "string" },
      // Serve this store (filled by --fill earlier) instead of filling a fresh one; it is not removed.
      db: { type: "string" },
    },
  });

  if (values.serve !== undefined) {
    await runServer(values.serve);
  } else if (values.fill !== undefined) {
    fillStore(values.fill, Number(values.papers));
  } else {
    await runBenchmark({
      papers: Number(values.papers),
      posts: Number(values.posts),
      concurrency: Number(values.concurrency),
      gets: Number(values.gets),
      db: values.db,
    });
  }
}

interface Settings {
  papers: number;
  posts: number;
  concurrency: number;
  gets: number;
  db?: string;
}

/** Child mode: serve the store and print where, until the parent ends it. */
async function runServer(db: string): Promise<void> {
  const store = openStore(db);
  const server = await serve({ store, port: 0, reviewer: "bench" });
  process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
  process.once("SIGTERM", () => {
    void server.close().then(() => {
      store.close();
      process.exit(0);
    });
  });
}

async function runBenchmark(settings: Settings): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-bench-serve-"));
  const db = settings.db ?? join(dir, "store.db");
  let child: ChildProcess | undefined;
  try {
    const started = performance.now();
    const papers = settings.db ? storedPapers(db) : fillStore(db, settings.papers);
    say(`store: ${papers.length} papers × ${builtinQuestions().length} CQs × 2 engines (${ms(started)})`);
    const server = await startServer(db);
    child = server.child;
    const base = `http://127.0.0.1:${server.port}`;
    const headers = { [TOKEN_HEADER]: server.token };
    // A light client (node:http with keep-alive) rather than fetch: client and server share the cores,
    // and undici's fetch costs the server CPU time it would not lose to a browser on another machine.
    const fetch = lightFetch(server.port);

    // The HTTP stack alone (a route that does nothing), to read the numbers below against.
    const baseline = await load(Array(settings.posts).fill("/favicon.ico"), settings.concurrency, (path) =>
      fetch(`${base}${path}`, { headers }),
    );
    say(
      `baseline GET /favicon.ico (no work): ${settings.posts} at ${settings.concurrency} concurrent, ${baseline.summary}; ${baseline.rate}`,
    );

    // Distinct cells, so "stored once" is checkable per cell. The catalogue is read once: read per
    // paper (a file read and a schema check each) it blocked this client for ~20 s at 20,000 papers,
    // past the server's keep-alive timeout, and the first POST went out on the connection the server
    // had closed meanwhile ("socket hang up"; see closeOnlyIdleConnections in src/server/serve.ts).
    const questions = builtinQuestions();
    const cells = papers.flatMap((id) => questions.map((q) => ({ id, cq: q.cq })));
    const ops = ["accept", "flip", "note"] as const;
    const posts = Array.from({ length: settings.posts }, (_, i) => {
      const cell = cells[(i * 7919) % cells.length];
      const op = ops[i % ops.length];
      return { documentId: cell.id, cq: cell.cq, op, ...(op === "note" ? { text: `bench note ${i}` } : {}) };
    });
    if (new Set(posts.map((p) => `${p.documentId}#${p.cq}`)).size !== posts.length) {
      throw new Error(`--posts ${settings.posts} exceeds the ${cells.length} distinct cells`);
    }
    const post = await load(posts, settings.concurrency, (body) =>
      fetch(`${base}/api/reviews`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    const stored = countReviews(db);
    const storedOnce = posts.every((p) => stored.get(`${p.documentId}#${p.cq}`) === 1);
    const total = [...stored.values()].reduce((a, b) => a + b, 0);
    say(
      `POST /api/reviews: ${settings.posts} at ${settings.concurrency} concurrent, ${post.ok} × 201, ` +
        `${post.failed} other status, ${post.errors} connection errors${post.errorKinds}`,
    );
    say(`  stored: ${total} reviews, each POST stored exactly once: ${storedOnce ? "yes" : "NO"}`);
    say(`  latency: ${post.summary}; throughput ${post.rate}`);

    const overview = await load(Array(settings.gets).fill("/"), 1, (path) => fetch(`${base}${path}`, { headers }));
    say(`GET / (overview of ${papers.length} papers): ${settings.gets} sequential, ${overview.summary}`);
    const pages = Array.from({ length: settings.gets }, (_, i) => `/paper/${papers[(i * 31) % papers.length]}`);
    const paper = await load(pages, 1, (path) => fetch(`${base}${path}`, { headers }));
    say(`GET /paper/:id: ${settings.gets} sequential, ${paper.summary}`);
    const concurrentPages = await load(pages, 10, (path) => fetch(`${base}${path}`, { headers }));
    say(`GET /paper/:id: ${settings.gets} at 10 concurrent, ${concurrentPages.summary}`);
    const queuePages = Array.from({ length: settings.gets }, (_, i) => `/queue?offset=${(i % 10) * 20}`);
    const queue = await load(queuePages, 1, (path) => fetch(`${base}${path}`, { headers }));
    say(`GET /queue: ${settings.gets} sequential, ${queue.summary}`);
    // One POST at a time (a reviewer clicking), on cells the burst above did not touch.
    const single = Array.from({ length: Math.min(200, settings.posts) }, (_, i) => ({
      ...cells[(i * 7919 + 3) % cells.length],
      op: "note" as const,
      text: `single ${i}`,
    }));
    const one = await load(single, 1, (body) =>
      fetch(`${base}/api/reviews`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ documentId: body.id, cq: body.cq, op: body.op, text: body.text }),
      }),
    );
    say(`POST /api/reviews: ${single.length} sequential, ${one.summary}`);
    // Each overview right after a review: the cached page is stale, so this is the overview's real cost.
    let n = 0;
    const overviewAfter = await load(Array(20).fill("/"), 1, async (path) => {
      const cell = cells[(n++ * 7919 + 5) % cells.length];
      const res = await fetch(`${base}/api/reviews`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ documentId: cell.id, cq: cell.cq, op: "accept" }),
      });
      await res.arrayBuffer();
      return fetch(`${base}${path}`, { headers });
    });
    say(`POST then GET / (the overview after each review), 20 sequential, ${overviewAfter.summary}`);
    say(`server peak RSS: ${peakRssMb(child.pid)} MB`);

    const met = storedOnce && total === settings.posts && post.errors === 0 && post.failed === 0 && post.p95 < 100;
    say(
      `target (every POST stored once, POST p95 < 100 ms, no connection error): ${met ? "met" : "NOT met"} ` +
        `(${cpus().length} CPU cores, ${cpus()[0]?.model ?? "unknown CPU"}; client and server share them)`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    child?.kill("SIGTERM");
    if (child) await new Promise((done) => child?.once("exit", done));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `load` needs of a response. */
export interface LightResponse {
  ok: boolean;
  arrayBuffer(): Promise<unknown>;
}

/** A fetch-like call over node:http with one keep-alive agent (the body is read before it resolves). */
export function lightFetch(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<LightResponse>((resolve, reject) => {
      const { pathname, search } = new URL(url);
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: `${pathname}${search}`,
          method: init.method ?? "GET",
          headers: init.headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            resolve({ ok: status >= 200 && status < 300, arrayBuffer: async () => Buffer.concat(chunks) });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}

/** Runs `request` over `items` with `concurrency` in flight; latencies of responses, errors counted. */
export async function load<T>(
  items: T[],
  concurrency: number,
  request: (item: T) => Promise<LightResponse>,
): Promise<{
  ok: number;
  failed: number;
  errors: number;
  errorKinds: string;
  p95: number;
  summary: string;
  rate: string;
}> {
  const latencies: number[] = [];
  const errorKinds = new Map<string, number>();
  let ok = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const t0 = performance.now();
      try {
        const res = await request(item);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.ok) ok++;
        else failed++;
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        const kind = cause?.code ?? (error as Error).message;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const errors = [...errorKinds.values()].reduce((a, b) => a + b, 0);
  return {
    ok,
    failed,
    errors,
    errorKinds: errors === 0 ? "" : ` (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(", ")})`,
    p95: at(0.95),
    summary: `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms`,
    rate: `${(items.length / seconds).toFixed(0)} requests/s`,
  };
}

export function startServer(db: string): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", new URL(import.meta.url).pathname, "--serve", db], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited early (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) => {
      resolve({ child, ...(JSON.parse(line) as { port: number; token: string }) });
    });
  });
}

/** Fills a fresh store with `count` papers answered by two engines (extractive, an LLM). Returns the ids. */
function fillStore(db: string, count: number): string[] {
  const store = openStore(db);
  const random = mulberry32(14);
  const questions = builtinQuestions();
  const words = "model network training data images layer accuracy species camera survey trap learning".split(" ");
  const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(" ");
  const ids: string[] = [];
  try {
    store.startRun({ id: "bench-x", runKey: "x".repeat(64), engine: "extractive", settings: {}, questionSetHash: "q" });
    store.startRun({
      id: "bench-l",
      runKey: "l".repeat(64),
      engine: "llm",
      settings: { model: "m" },
      questionSetHash: "q",
    });
    store.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = createHash("sha256").update(`bench paper ${i}`).digest("hex");
        ids.push(id);
        const text = Array.from({ length: 200 }, () => `${sentence(14)}.`).join(" ");
        const doc: Document = {
          id,
          path: `/bench/paper-${i}.txt`,
          title: `Paper ${i}: ${sentence(6)}`,
          pageCount: 10,
          text,
          pages: Array.from({ length: 10 }, (_, p) => ({
            page: p + 1,
            start: (p * text.length) / 10,
            end: ((p + 1) * text.length) / 10,
          })),
          sections: [],
        };
        store.upsertDocument(doc);
        const answer = (cq: number, engine: string, reported: YesNo): StoredAnswer => {
          const quote = sentence(30);
          return {
            cq,
            reported,
            answer: reported === "yes" ? sentence(25) : "not stated",
            values: {},
            confidence: Math.round(random() * 100) / 100,
            evidence: reported === "yes" ? [{ quote, page: 1, start: 0, end: quote.length }] : [],
            engine,
            question: questions[cq - 1]?.text ?? `Question ${cq}?`,
          };
        };
        const labels = questions.map(() => (random() < 0.5 ? "yes" : "no") as YesNo);
        store.saveAnswers(
          id,
          "x".repeat(64),
          questions.map((q, k) => answer(q.cq, "extractive", labels[k])),
        );
        store.saveAnswers(
          id,
          "l".repeat(64),
          questions.map((q, k) => answer(q.cq, "llm", random() < 0.8 ? labels[k] : labels[k] === "yes" ? "no" : "yes")),
        );
      }
    });
  } finally {
    store.close();
  }
  return ids;
}

/** The peak resident memory of a process (VmHWM, Linux), in MB. */
function peakRssMb(pid: number | undefined): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return (kb / 1024).toFixed(0);
  } catch {
    return "unknown";
  }
}

/** The ids of the papers of an existing store, in bench order ("bench paper i" first). */
function storedPapers(db: string): string[] {
  const store = openStore(db);
  try {
    return store.listDocuments().map((d) => d.id);
  } finally {
    store.close();
  }
}

/** How many reviews each (paper, CQ) has, read through a second connection. */
function countReviews(db: string): Map<string, number> {
  const store: Store = openStore(db);
  try {
    const rows = store.db
      .prepare("SELECT document_id, cq, COUNT(*) AS n FROM reviews GROUP BY document_id, cq")
      .all() as { document_id: string; cq: number; n: number }[];
    return new Map(rows.map((r) => [`${r.document_id}#${r.cq}`, r.n]));
  } finally {
    store.close();
  }
}

function ms(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export { mulberry32 };
