// `methodscope extract --llm …` through the CLI against the loopback OpenAI/Ollama server: several
// models vote, each member's answers land in the store under its own run key, the k24 layout is
// written, and a second run makes no call.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import type { RunManifest } from "../src/pipeline/manifest.js";
import type { ResultRow } from "../src/report/rows.js";
import { openStore } from "../src/store/index.js";
import { type LlmServer, type RecordedRequest, startLlmServer } from "./fixtures/llm-server.js";
import { dlPaperText } from "./fixtures/text-papers.js";

let server: LlmServer;
let dir: string;
before(async () => {
  server = await startLlmServer();
  dir = mkdtempSync(join(tmpdir(), "methodscope-cli-llm-"));
  writeFileSync(join(dir, "marmots.txt"), dlPaperText(3));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUOTE = "We fixed the random seed to 42.";

/** Model "a" says CQ24 (seed) is reported with a real quote; model "b" says nothing is. */
function reply(r: RecordedRequest): string {
  const body = r.body as { model: string; messages: { content: string }[] };
  const cqs = [...(body.messages.at(-1)?.content ?? "").matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  return JSON.stringify({
    answers: cqs.map((cq) =>
      cq === 24 && body.model === "a"
        ? { cq, reported: "yes", answer: "Seed 42.", values: [{ name: "seed", value: "42" }], evidence: [QUOTE] }
        : { cq, reported: "no", answer: "Not stated.", values: [], evidence: [] },
    ),
  });
}

function io(): CliIO & { err: () => string } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (s) => err.push(s), isTTY: false, env: {}, cwd: dir, err: () => err.join("") };
}

test("extract --llm twice (+ extractive): votes, member answers stored, k24 layout, cached re-run", async () => {
  server.setHandler((r) => ({ type: "chat", content: reply(r) }));
  const args = [
    "extract",
    "marmots.txt",
    "--out",
    "out",
    "--db",
    "store.db",
    "--quiet",
    "--llm",
    `openai:a@${server.openaiBaseURL}`,
    "--llm",
    `ollama:b@${server.url}`,
    "--include-extractive",
    "--k24-layout",
    "k24",
  ];
  const first = io();
  assert.equal(await main(args, first), 0, first.err());
  const calls = server.requests.filter((r) => r.endpoint === "chat").length;
  assert.ok(calls > 0);

  const rows = readFileSync(join(dir, "out", "results.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ResultRow);
  assert.equal(rows.length, 28);
  const seed = rows.find((r) => r.cq === 24);
  // a: yes, b: no, extractive: yes (the paper states its seed) → 2 of 3.
  assert.equal(seed?.reported, "yes");
  assert.ok(seed?.flags?.includes("disagreement"));
  assert.ok(seed?.evidence.some((e) => e.quote === QUOTE));

  const manifest = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8")) as RunManifest;
  assert.ok(manifest.engine.stats, "engine stats (calls, tokens, agreement) are in run.json");
  assert.ok(!JSON.stringify(manifest).includes("OPENAI_API_KEY="));

  // Every member's answers are in the store under a run key of its own, next to the vote's.
  const store = openStore(join(dir, "store.db"));
  try {
    const keys = store.db.prepare("SELECT run_key, count(*) AS n FROM answers GROUP BY run_key").all() as {
      n: number;
    }[];
    assert.equal(keys.length, 4, "vote + 3 members");
    assert.ok(keys.every((k) => k.n === 28));
  } finally {
    store.close();
  }

  // K24's layout: a folder and a CSV per model.
  const layout = readdirSync(join(dir, "k24"));
  assert.ok(layout.some((f) => f.endsWith(".csv")));
  const csv = readFileSync(join(dir, "k24", layout.find((f) => f.endsWith(".csv")) ?? ""), "utf8");
  assert.match(csv, /^UID,Status,CQ1,/);

  // The same command again answers from the store: no new call.
  const second = io();
  assert.equal(await main(args, second), 0, second.err());
  assert.equal(server.requests.filter((r) => r.endpoint === "chat").length, calls);
});

test("extract --dry-run estimates calls and tokens and calls nothing", async () => {
  const before = server.requests.length;
  const out: string[] = [];
  const cli: CliIO = { stdout: (s) => out.push(s), stderr: () => {}, isTTY: false, env: {}, cwd: dir };
  const code = await main(["extract", "marmots.txt", "--llm", `openai:a@${server.openaiBaseURL}`, "--dry-run"], cli);
  assert.equal(code, 0);
  assert.match(out.join(""), /calls/i);
  assert.match(out.join(""), /tokens/i);
  assert.equal(server.requests.length, before);
  assert.ok(!existsSync(join(dir, "methodscope.db")), "a dry run opens no store");
});
