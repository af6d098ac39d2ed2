// Prompt tokens per paper, k24 mode vs structured mode, and the share of calls saved by evidence
// gating, on a K24-style bench folder. No model is called: the engines send their real prompts to a
// recording stand-in; all counts use the same estimator (src/llm/tokens.ts).
//
// k24 mode is measured on what K24 itself sent: per (paper, CQ) the four chunks K24 retrieved
// (chunks/<uid>.json), wrapped by ../shared/k24's templates, plus the yes/no prompt around K24's own
// Mixtral 8x22B answer (answers.jsonl). Structured mode runs our engine (sections chunking, BM25,
// k=4, batches of 7, built-in CQs) over the same paper text (the chunks K24 retrieved, joined).
//
// Usage: node --import tsx scripts/llm-token-budget.ts [--data ../shared/bench] [--k24 ../shared/k24]
//        [--limit N] [--batch-size 7] [--k 4] [--json out.json]
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createFakeProvider } from "../src/answer/llm/fake-provider.js";
import { buildK24BinaryPrompt, buildK24Prompt } from "../src/answer/llm/k24.js";
import { createStructuredEngine } from "../src/answer/llm/structured.js";
import { benchUids, engineInputFor } from "../src/evaluate/bench.js";
import { loadBench, loadChunks, retrievedText } from "../src/evaluate/bench-data.js";
import { estimateChatTokens } from "../src/llm/tokens.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/bench" },
    k24: { type: "string", default: "../shared/k24" },
    limit: { type: "string" },
    "batch-size": { type: "string", default: "7" },
    k: { type: "string", default: "4" },
    json: { type: "string" },
  },
});
const data = loadBench(resolve(values.data ?? "../shared/bench"));
const k24Dir = resolve(values.k24 ?? "../shared/k24");
const read = (name: string) => readFileSync(resolve(k24Dir, name), "utf8");
const stuff = read("stuff_prompt.txt");
const query = read("RAG_prompt.txt");
const binary = read("Binary_responses.txt");
const batchSize = Number(values["batch-size"]);
const k = Number(values.k);
const uids = benchUids(data, values.limit ? Number(values.limit) : undefined);

const answers = new Map<string, string>();
for (const line of readFileSync(resolve(data.dir, "answers.jsonl"), "utf8").split("\n")) {
  if (!line.trim()) continue;
  const row = JSON.parse(line) as { uid: string; cq: number; model: string; answer: string; answer_recovered?: string };
  if (row.model === "mixtral_8_22b") answers.set(`${row.uid}#${row.cq}`, row.answer_recovered ?? row.answer);
}

const questions = builtinQuestions();
const user = (content: string) => [{ role: "user" as const, content }];
const perPaper: {
  uid: string;
  k24Tokens: number;
  k24Calls: number;
  structuredTokens: number;
  structuredCalls: number;
  gated: number;
}[] = [];
for (const uid of uids) {
  const file = loadChunks(data.dir, uid);
  let k24Tokens = 0;
  let k24Calls = 0;
  for (const cq of data.cqs) {
    const prompt = buildK24Prompt(stuff, query, retrievedText(file, cq.cq), cq.question);
    const yesNo = buildK24BinaryPrompt(binary, cq.question, answers.get(`${uid}#${cq.cq}`) ?? "");
    k24Tokens += estimateChatTokens(user(prompt)) + estimateChatTokens(user(yesNo));
    k24Calls += 2;
  }
  const provider = createFakeProvider((request) => {
    const cqs = [...(request.messages.at(-1)?.content ?? "").matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
    return JSON.stringify({
      answers: cqs.map((c) => ({ cq: c, reported: "no", answer: "", values: {}, evidence: [] })),
    });
  });
  const engine = createStructuredEngine({ provider, batchSize, k });
  await engine.answerAll?.(engineInputFor(uid, file.chunks.join("\n\n")), questions);
  const s = engine.stats?.() as { calls: number; tokensIn: number; gated: number };
  perPaper.push({ uid, k24Tokens, k24Calls, structuredTokens: s.tokensIn, structuredCalls: s.calls, gated: s.gated });
}

const sum = (f: (p: (typeof perPaper)[number]) => number) => perPaper.reduce((a, p) => a + f(p), 0);
const n = perPaper.length;
const ungatedCalls = n * Math.ceil(questions.length / batchSize);
const summary = {
  papers: n,
  tokenizer: "src/llm/tokens.ts estimateChatTokens",
  k24: {
    meanPromptTokens: Math.round(sum((p) => p.k24Tokens) / n),
    medianPromptTokens: median(perPaper.map((p) => p.k24Tokens)),
    callsPerPaper: sum((p) => p.k24Calls) / n,
  },
  structured: {
    batchSize,
    k,
    meanPromptTokens: Math.round(sum((p) => p.structuredTokens) / n),
    medianPromptTokens: median(perPaper.map((p) => p.structuredTokens)),
    callsPerPaper: sum((p) => p.structuredCalls) / n,
  },
  ratio: sum((p) => p.structuredTokens) / sum((p) => p.k24Tokens),
  gating: {
    gatedQuestionShare: sum((p) => p.gated) / (n * questions.length),
    callsWithoutGating: ungatedCalls,
    callsWithGating: sum((p) => p.structuredCalls),
    callShareSaved: 1 - sum((p) => p.structuredCalls) / ungatedCalls,
    papersWithNoCall: perPaper.filter((p) => p.structuredCalls === 0).length,
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ summary, perPaper }, null, 2)}\n`);
