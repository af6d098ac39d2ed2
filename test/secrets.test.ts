// Credentials in --llm and --embedder URLs (issue 14, finding 3): `extract` through the CLI (a child
// process) against loopback OpenAI and Ollama servers that demand HTTP Basic auth. The calls succeed
// (the server got the credentials), and neither stdout, stderr, any file under --out nor the raw bytes
// of the store (and its -wal) holds the password or the user; a failing server is redacted the same way.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { hashVector, type LlmServer, type RecordedRequest, startLlmServer } from "./fixtures/llm-server.js";
import { dlPaperText } from "./fixtures/text-papers.js";

const USER = "alice";
const PASSWORD = "s3cret-pw";
const EXPECTED_AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
const LEAKS = [PASSWORD, `${USER}:`, encodeURIComponent(PASSWORD), EXPECTED_AUTH.slice(6)];

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const cli = ["--import", import.meta.resolve("tsx"), join(repoRoot, "src/cli/main.ts")];

let server: LlmServer;
let dir: string;
before(async () => {
  server = await startLlmServer({
    handler: (r) => {
      if (r.headers.authorization !== EXPECTED_AUTH) return { type: "error", status: 401, message: "unauthorized" };
      if (r.endpoint === "chat") return { type: "chat", content: answers(r) };
      if (r.endpoint === "embed") return { type: "embedding", vectors: inputs(r).map((t) => hashVector(t, 8)) };
      return { type: "error", status: 404, message: "no route" };
    },
  });
  dir = mkdtempSync(join(tmpdir(), "methodscope-secrets-"));
  writeFileSync(join(dir, "marmots.txt"), dlPaperText(7));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A structured-mode reply: every question asked answered "no". */
function answers(r: RecordedRequest): string {
  const body = r.body as { messages: { content: string }[] };
  const cqs = [...(body.messages.at(-1)?.content ?? "").matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  return JSON.stringify({
    answers: cqs.map((cq) => ({ cq, reported: "no", answer: "Not stated.", values: [], evidence: [] })),
  });
}

function inputs(r: RecordedRequest): string[] {
  const input = (r.body as { input?: unknown }).input;
  return Array.isArray(input) ? input.map(String) : [String(input)];
}

function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...cli, ...args], { cwd, env: { ...process.env, OPENAI_API_KEY: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Asserts that no output, log or stored byte of a run names the credentials. */
function assertNoLeak(run: { stdout: string; stderr: string }, runDir: string): void {
  const texts: [string, Buffer][] = [
    ["stdout", Buffer.from(run.stdout)],
    ["stderr", Buffer.from(run.stderr)],
    ...filesUnder(runDir).map((f): [string, Buffer] => [f, readFileSync(f)]),
  ];
  for (const [where, bytes] of texts) {
    for (const secret of LEAKS) assert.ok(!bytes.includes(secret), `${where} holds "${secret}"`);
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

function runDirFor(name: string): string {
  const runDir = join(dir, name);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir);
  return runDir;
}

const port = () => new URL(server.url).port;

test("openai: URL credentials go as HTTP Basic and appear in no output, log or store", {
  timeout: 60_000,
}, async () => {
  const runDir = runDirFor("openai");
  const before = server.requests.length;
  const address = `http://${USER}:${PASSWORD}@127.0.0.1:${port()}/v1`;
  const run = await runCli(
    [
      "extract",
      "marmots.txt",
      "--out",
      join(runDir, "out"),
      "--db",
      join(runDir, "store.db"),
      "--llm",
      `openai:m@${address}`,
      "--retrieval",
      "hybrid",
      "--embedder",
      `openai:emb@${address}`,
    ],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const sent = server.requests.slice(before);
  assert.ok(sent.some((r) => r.endpoint === "chat") && sent.some((r) => r.endpoint === "embed"));
  assert.ok(
    sent.every((r) => r.headers.authorization === EXPECTED_AUTH),
    "the server received the credentials",
  );
  assert.match(run.stdout, /wrote /);
  const manifest = readFileSync(join(runDir, "out", "run.json"), "utf8");
  assert.match(manifest, /http:\/\/\*\*\*@127\.0\.0\.1/, "run.json shows that credentials were used");
  assertNoLeak(run, runDir);
});

test("ollama: URL credentials go as HTTP Basic and appear in no output, log or store", {
  timeout: 60_000,
}, async () => {
  const runDir = runDirFor("ollama");
  const before = server.requests.length;
  const run = await runCli(
    [
      "extract",
      "marmots.txt",
      "--out",
      join(runDir, "out"),
      "--db",
      join(runDir, "store.db"),
      "--llm",
      `ollama:m@http://${USER}:${PASSWORD}@127.0.0.1:${port()}`,
    ],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const sent = server.requests.slice(before);
  assert.ok(sent.some((r) => r.protocol === "ollama" && r.endpoint === "chat"));
  assert.ok(sent.every((r) => r.headers.authorization === EXPECTED_AUTH));
  assertNoLeak(run, runDir);
});

test("a failing server: the error rows, stderr and summary are redacted too", { timeout: 60_000 }, async () => {
  const runDir = runDirFor("failing");
  const dead = await closedPort();
  const run = await runCli(
    [
      "extract",
      "marmots.txt",
      "--out",
      join(runDir, "out"),
      "--db",
      join(runDir, "store.db"),
      "--retries",
      "0",
      "--llm",
      `openai:m@http://${USER}:${PASSWORD}@127.0.0.1:${dead}/v1?api_key=${PASSWORD}`,
    ],
    dir,
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /llm-http/);
  assert.match(run.stderr, /\*\*\*@127\.0\.0\.1/);
  assertNoLeak(run, runDir);
});

test("a bad spec's usage error does not echo the credentials", { timeout: 60_000 }, async () => {
  const runDir = runDirFor("usage");
  const run = await runCli(
    [
      "extract",
      "marmots.txt",
      "--out",
      join(runDir, "out"),
      "--db",
      join(runDir, "store.db"),
      "--llm",
      `openai:m@http://${USER}:${PASSWORD}@h:99999/v1`,
    ],
    dir,
  );
  assert.equal(run.code, 2);
  assert.match(run.stderr, /bad --llm spec/);
  for (const secret of LEAKS) assert.ok(!run.stderr.includes(secret), run.stderr);
});
