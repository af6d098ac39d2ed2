// K24's five LLMs replayed from the recorded bench data (../shared/bench) through the real CLI: a few
// papers through `extract --mode k24` and `bench --mode k24` reproduce each model's recorded yes/no and
// K24's hard vote row for row; the cascade sends only the uncertain questions to the same five models.
// Skips with a printed reason when ../shared is absent.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../src/cli/main.js";
import { captureIO } from "./fixtures/capture.js";
import { loadReplayData, type ReplayServer, startReplayServer } from "./fixtures/replay-server.js";

const BENCH = resolve(import.meta.dirname, "../../shared/bench");
const K24 = resolve(import.meta.dirname, "../../shared/k24");
const present = existsSync(join(BENCH, "answers.jsonl")) && existsSync(join(K24, "Binary_responses.txt"));
const skip = present ? false : `needs ${BENCH} and ${K24} (the recorded K24 data), absent here`;
if (skip) console.log(`# replay.test.ts skipped: ${skip}`);

/** The first papers of the bench (sorted by uid, as `bench --limit` takes them). */
const PAPERS = 2;

let replay: ReplayServer;
let dir: string;
let uids: string[];
let labels: Map<string, { llm: Record<string, string>; vote: string }>;

const readRows = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** K24's prompt files and the five models at the replay server. */
function k24Args(): string[] {
  return [
    "--mode",
    "k24",
    "--questions",
    join(K24, "CQs.txt"),
    "--prompt-file",
    join(K24, "stuff_prompt.txt"),
    "--query-template",
    join(K24, "RAG_prompt.txt"),
    "--binary-prompt-file",
    join(K24, "Binary_responses.txt"),
    ...loadModels().flatMap((m) => ["--llm", `openai:${m}@${replay.openaiBaseURL}`]),
  ];
}

function loadModels(): string[] {
  return [...new Set([...labels.values()].flatMap((l) => Object.keys(l.llm)))].sort();
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), "methodscope-replay-"));
  const chunkUids = new Set(
    readFileSync(join(BENCH, "publications.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { uid: string }).uid),
  );
  labels = new Map();
  for (const line of readFileSync(join(BENCH, "labels.jsonl"), "utf8").trim().split("\n")) {
    const r = JSON.parse(line) as { uid: string; cq: number; llm: Record<string, string>; vote: string };
    labels.set(`${r.uid}\t${r.cq}`, r);
  }
  uids = [...new Set([...labels.values()].map((l) => (l as unknown as { uid: string }).uid))]
    .filter((u) => chunkUids.has(u) && existsSync(join(BENCH, "chunks", `${u}.json`)))
    .sort()
    .slice(0, PAPERS);
  const binaryTemplate = readFileSync(join(K24, "Binary_responses.txt"), "utf8");
  replay = await startReplayServer(loadReplayData(BENCH, uids), { binaryTemplate });
  mkdirSync(join(dir, "papers"));
  for (const [i, uid] of uids.entries()) {
    const chunks = (JSON.parse(readFileSync(join(BENCH, "chunks", `${uid}.json`), "utf8")) as { chunks: string[] })
      .chunks;
    writeFileSync(join(dir, "papers", `paper${i}.txt`), chunks.join("\n\n"));
  }
});

after(async () => {
  if (skip) return;
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
});

test("extract --mode k24 with the five replayed models reproduces each model's yes/no and K24's vote", {
  skip,
}, async () => {
  const cli = captureIO(dir);
  const code = await main(
    ["extract", join(dir, "papers"), "--out", join(dir, "out"), "--db", ":memory:", "--quiet", ...k24Args()],
    cli,
  );
  assert.equal(code, 0, cli.err());
  assert.equal(replay.stats.unknown, 0);
  const rows = readRows(join(dir, "out", "results.jsonl"));
  assert.equal(rows.length, uids.length * 28);
  let models = 0;
  for (const row of rows) {
    const uid = uids[Number(/paper(\d+)\.txt$/.exec(String(row.file))?.[1])] as string;
    const label = labels.get(`${uid}\t${row.cq}`);
    assert.ok(label, `${uid} CQ${row.cq} has labels`);
    assert.equal(row.reported, label.vote, `vote of ${uid} CQ${row.cq}`);
    const votes = (row.values as { votes: Record<string, string> }).votes;
    for (const [model, recorded] of Object.entries(label.llm)) {
      assert.equal(votes[`k24:openai:${model}`], recorded, `${model} on ${uid} CQ${row.cq}`);
      models++;
    }
  }
  assert.equal(models, uids.length * 28 * 5);
});

test("bench --task reported --context k24 --mode k24 reproduces K24's vote row for row", { skip }, async () => {
  const cli = captureIO(dir);
  const out = join(dir, "bench.jsonl");
  const code = await main(
    [
      "bench",
      "--data",
      BENCH,
      "--task",
      "reported",
      "--context",
      "k24",
      "--limit",
      String(PAPERS),
      "--out",
      out,
      ...k24Args(),
    ],
    cli,
  );
  assert.equal(code, 0, cli.err());
  const rows = readRows(out);
  assert.equal(rows.length, uids.length * 28);
  const differ = rows.filter((r) => labels.get(`${r.uid}\t${r.cq}`)?.vote !== r.pred);
  assert.deepEqual(differ, []);
  assert.match(cli.out(), /vs K24 hard vote \(silver\)\s+56\s+1\.000/);
});

test("extract --llm-when uncertain:τ sends only the uncertain questions to the five models", { skip }, async () => {
  const cli = captureIO(dir);
  const before = replay.stats.answered;
  const out = join(dir, "cascade");
  const code = await main(
    [
      "extract",
      join(dir, "papers", "paper0.txt"),
      "--out",
      out,
      "--db",
      ":memory:",
      "--llm-when",
      "uncertain:0.9",
      ...k24Args(),
    ],
    cli,
  );
  assert.equal(code, 0, cli.err());
  const rows = readRows(join(out, "results.jsonl"));
  const byLlm = rows.filter((r) => (r.flags as string[]).includes("decided-by-llm"));
  const offline = rows.filter((r) => (r.flags as string[]).includes("decided-by-extractive"));
  assert.equal(byLlm.length + offline.length, 28);
  assert.ok(offline.every((r) => r.engine === "extractive" && Number(r.confidence) >= 0.9));
  assert.ok(byLlm.every((r) => String(r.engine).startsWith("vote(")));
  assert.equal(replay.stats.answered - before, byLlm.length * 5);
  assert.match(cli.out(), new RegExp(`cascade \\(τ 0\\.9\\): ${byLlm.length} of 28 questions sent to the LLMs`));
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { engine: { stats: { cascade: object } } };
  assert.equal((run.engine.stats.cascade as { sent: number }).sent, byLlm.length);
});

test("a cascade whose LLM cannot be reached keeps the extractive answers, flagged llm-failed", async () => {
  const root = mkdtempSync(join(tmpdir(), "methodscope-cascade-fail-"));
  try {
    writeFileSync(
      join(root, "paper.txt"),
      "Methods\n\nWe trained a convolutional neural network with the Adam optimizer on camera-trap images.",
    );
    const cli = { ...captureIO(dir), cwd: root };
    const dead = "openai:m@http://127.0.0.1:9/v1";
    const args = ["extract", "paper.txt", "--out", "out", "--db", ":memory:", "--llm", dead, "--retries", "0"];
    const code = await main([...args, "--llm-when", "uncertain:1"], cli);
    assert.equal(code, 0, cli.err());
    const rows = readRows(join(root, "out", "results.jsonl"));
    assert.equal(rows.length, 28);
    for (const r of rows) {
      assert.equal(r.engine, "extractive");
      assert.ok((r.flags as string[]).includes("llm-failed"), `CQ${r.cq} flagged`);
    }
    assert.match(cli.out(), /the LLM step failed on 1 papers: 28 questions keep the extractive answer/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
