// `methodscope bench --task reported --llm …` through the CLI against the loopback OpenAI server, on a
// synthetic bench folder: an LLM engine (or a vote of two) is scored like the extractive one, the
// response cache makes a re-run free, and misplaced options are usage errors.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../src/cli/main.js";
import { captureIO } from "./fixtures/capture.js";
import { type LlmServer, type RecordedRequest, startLlmServer } from "./fixtures/llm-server.js";

const SEED = "We fixed the random seed to 42 for every run.";
const OPTIMIZER = "The network was trained with the Adam optimizer.";

let server: LlmServer;
let dir: string;

/** Two papers; CQ24 (randomness) is stated in p1 only, CQ15 (optimizer) in both. Humans judged p1. */
function writeBenchFolder(root: string): void {
  mkdirSync(join(root, "chunks"));
  const paper = (uid: string, chunks: string[]) =>
    writeFileSync(
      join(root, "chunks", `${uid}.json`),
      JSON.stringify({ uid, chunks, retrieved: { CQ15: [0], CQ24: [chunks.length - 1] } }),
    );
  // Three chunks of about 900 characters, as K24's splitter makes them: one methods section of 2,700.
  const filler = "The camera traps were checked every week and the images were copied to the server. ".repeat(10);
  paper("p1", [`Methods. ${OPTIMIZER} ${filler}`, filler, `${filler} ${SEED}`]);
  paper("p2", [`Methods. ${OPTIMIZER} Results were good.`]);
  const lines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n");
  const label = (uid: string, cq: number, vote: "yes" | "no", human?: "yes" | "no") => ({
    uid,
    cq,
    llm: { m1: vote, m2: vote },
    vote,
    human_majority: human ?? null,
  });
  writeFileSync(
    join(root, "labels.jsonl"),
    lines([
      label("p1", 15, "yes", "yes"),
      label("p1", 24, "yes", "yes"),
      label("p2", 15, "yes"),
      label("p2", 24, "no"),
    ]),
  );
  writeFileSync(join(root, "binary_conversion.jsonl"), "");
  writeFileSync(
    join(root, "publications.jsonl"),
    lines(["p1", "p2"].map((uid) => ({ uid, family: "ecoinf", dl_method: "yes" }))),
  );
  writeFileSync(join(root, "cqs.json"), JSON.stringify([15, 24].map((cq) => ({ cq, question: `Question ${cq}?` }))));
  // Only the two scored questions, in the catalogue's file format.
  writeFileSync(
    join(root, "questions.txt"),
    Array.from({ length: 24 }, (_, i) =>
      i === 14
        ? "Which optimizer trains the model?"
        : i === 23
          ? "Is a random seed fixed?"
          : `Unused question ${i + 1}?`,
    ).join("\n"),
  );
}

/** Model "a" reports what the context quotes; model "b" always says "not stated". */
function reply(r: RecordedRequest): string {
  const body = r.body as { model: string; messages: { content: string }[] };
  const prompt = body.messages.at(-1)?.content ?? "";
  const cqs = [...prompt.matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  const found = (cq: number) => (cq === 24 ? SEED : cq === 15 ? OPTIMIZER : undefined);
  return JSON.stringify({
    answers: cqs.map((cq) => {
      const quote = found(cq);
      return body.model === "a" && quote && prompt.includes(quote)
        ? { cq, reported: "yes", answer: "Stated.", values: [], evidence: [quote] }
        : { cq, reported: "no", answer: "Not stated.", values: [], evidence: [] };
    }),
  });
}

const chatCalls = () => server.requests.filter((r) => r.endpoint === "chat").length;

interface PredRow {
  uid: string;
  cq: number;
  pred: string;
  evidence: { quote: string }[];
}

/** `bench --task reported` on the folder with `args`, predictions to `out`: exit code 0, the rows. */
async function benchReported(
  args: string[],
  out: string,
): Promise<{ rows: PredRow[]; cli: ReturnType<typeof captureIO> }> {
  const cli = captureIO(dir);
  const code = await main(["bench", "--data", ".", "--task", "reported", ...args, "--out", out], cli);
  assert.equal(code, 0, cli.err());
  const rows = readFileSync(join(dir, out), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as PredRow);
  return { rows, cli };
}

const predOf = (rows: PredRow[], uid: string, cq: number) => rows.find((r) => r.uid === uid && r.cq === cq)?.pred;

before(async () => {
  server = await startLlmServer();
  server.setHandler((r) => ({ type: "chat", content: reply(r) }));
  dir = mkdtempSync(join(tmpdir(), "methodscope-bench-llm-"));
  writeBenchFolder(dir);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test("bench --llm scores an LLM engine; with --db a second run makes no call", async () => {
  const args = ["--questions", "questions.txt", "--llm", `openai:a@${server.openaiBaseURL}`];
  const { rows, cli: first } = await benchReported([...args, "--db", "cache.db", "--report", "r.json"], "p.jsonl");
  const calls = chatCalls();
  assert.ok(calls > 0);

  const byKey = new Map(rows.map((r) => [`${r.uid}:${r.cq}`, r]));
  // 24 questions for each of the two papers; the scored ones follow the text.
  assert.equal(rows.length, 48);
  assert.equal(byKey.get("p1:24")?.pred, "yes");
  assert.deepEqual(
    byKey.get("p1:24")?.evidence.map((e) => e.quote),
    [SEED],
  );
  assert.equal(byKey.get("p2:24")?.pred, "no");
  assert.equal(byKey.get("p2:15")?.pred, "yes");

  const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as {
    engine: string;
    settings: Record<string, unknown>;
    comparisons: { name: string; summary: { n: number; accuracy: number } }[];
  };
  assert.notEqual(report.engine, "extractive");
  const summary = (name: string) => report.comparisons.find((c) => c.name === name)?.summary;
  assert.deepEqual(summary("vs human majority"), { ...summary("vs human majority"), n: 2, accuracy: 1 });
  assert.deepEqual(summary("vs K24 hard vote (silver)"), {
    ...summary("vs K24 hard vote (silver)"),
    n: 4,
    accuracy: 1,
  });
  assert.match(first.out(), /vs human majority\s+2\s+1\.000/);

  const again = await benchReported([...args, "--db", "cache.db"], "p.jsonl");
  assert.equal(chatCalls(), calls, "answered from the cache");
  assert.equal(again.rows.length, 48);
});

test("bench --llm twice votes, in the k24 context too, and the model reads all of K24's chunks", async () => {
  // Worded so that no word of the question is in the chunk K24 retrieved for it: BM25 alone would
  // hand the model nothing.
  writeFileSync(
    join(dir, "stochastic.json"),
    JSON.stringify([
      { cq: 15, text: "Which optimizer trains the model?" },
      { cq: 24, text: "How are stochastic effects controlled?", query: ["stochastic", "controlled"] },
    ]),
  );
  const { rows } = await benchReported(
    [
      "--context",
      "k24",
      "--questions",
      "stochastic.json",
      "--llm",
      `openai:a@${server.openaiBaseURL}`,
      "--llm",
      `openai:b@${server.openaiBaseURL}`,
      "--vote-tie",
      "yes",
    ],
    "vote.jsonl",
  );
  // a says yes where its context quotes the seed, b never: a 1–1 tie, broken towards "yes".
  assert.equal(predOf(rows, "p1", 24), "yes");
  assert.equal(predOf(rows, "p2", 24), "no");
});

test("bench --mode k24 gets K24's 1,000-character chunks and judges the answers yes/no", async () => {
  writeFileSync(join(dir, "wrapper.txt"), "Context:\n{context}\n\nQuestion: {question}\nAnswer:");
  writeFileSync(join(dir, "query.txt"), "{query}");
  let longest = 0;
  server.setHandler((r) => {
    const prompt = (r.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? "";
    const context = prompt.slice(prompt.indexOf("Context:\n") + 9, prompt.indexOf("\n\nQuestion:"));
    longest = Math.max(longest, ...context.split("\n\n").map((c) => c.length));
    const seed = prompt.includes("random seed") && prompt.includes(SEED);
    return {
      type: "chat",
      content: seed ? "The random seed was fixed to 42 for every run." : "The context does not say.",
    };
  });
  try {
    const { rows } = await benchReported(
      [
        "--questions",
        "questions.txt",
        "--llm",
        `openai:a@${server.openaiBaseURL}`,
        "--mode",
        "k24",
        "--prompt-file",
        "wrapper.txt",
        "--query-template",
        "query.txt",
      ],
      "k24.jsonl",
    );
    assert.equal(predOf(rows, "p1", 24), "yes");
    assert.equal(predOf(rows, "p2", 24), "no");
    // K24's splitter (up to 1,000 characters), not the 800-character section chunks of `extract`.
    assert.ok(longest > 800 && longest <= 1000, `longest chunk ${longest}`);
  } finally {
    server.setHandler((r) => ({ type: "chat", content: reply(r) }));
  }
});

test("bench: misplaced engine options are usage errors and call nothing", async () => {
  const before = server.requests.length;
  const llm = ["--llm", `openai:a@${server.openaiBaseURL}`];
  for (const args of [
    ["--task", "binary", ...llm],
    ["--task", "reported", "--engine", "llm"],
    ["--task", "reported", "--engine", "extractive", ...llm],
    ["--task", "reported", ...llm, "--dry-run"],
    ["--task", "reported", "--db", "x.db"],
    ["--task", "dl-filter", "--questions", "questions.txt"],
    ["--task", "reported", "--prompt-file", "questions.txt"],
  ]) {
    const cli = captureIO(dir);
    assert.equal(await main(["bench", "--data", ".", ...args], cli), 2, args.join(" "));
    assert.match(cli.err(), /methodscope: /);
  }
  assert.equal(server.requests.length, before);
});
