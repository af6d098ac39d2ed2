// LLM engines end to end through the real openai/ollama clients against the loopback server:
// structured mode in the pipeline (cache, resume, error rows), k24 mode's exact prompt, voting.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createK24Engine } from "../src/answer/llm/k24.js";
import { buildEngineFromOptions, estimateFromOptions } from "../src/cli/llm-options.js";
import { createProvider } from "../src/llm/index.js";
import { extract, runKeyFor } from "../src/pipeline/extract.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { openStore } from "../src/store/index.js";
import type { Chunk, EngineInput, Question } from "../src/types.js";
import { type LlmServer, type RecordedRequest, startLlmServer } from "./fixtures/llm-server.js";

const REPO = resolve(fileURLToPath(import.meta.url), "../..");
const K24 = resolve(REPO, "../shared/k24");
const BENCH = resolve(REPO, "../shared/bench");

const PAPER = [
  "Detecting frogs in audio with a convolutional network",
  "",
  "2. Methods",
  "",
  "Recordings were made with autonomous sound recorders at twelve ponds. The network was trained with the Adam",
  "optimizer at a learning rate of 0.001 for 50 epochs. Training ran on a single NVIDIA RTX 3090 GPU.",
].join("\n");
const QUOTE = "trained with the Adam optimizer at a learning rate of 0.001";

let server: LlmServer;
let dir: string;
before(async () => {
  server = await startLlmServer();
  dir = mkdtempSync(join(tmpdir(), "llm-e2e-"));
  writeFileSync(join(dir, "frog.txt"), PAPER);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const messagesOf = (r: RecordedRequest) => (r.body as { messages: { role: string; content: string }[] }).messages;
const modelOf = (r: RecordedRequest) => (r.body as { model: string }).model;

/** A structured reply: "yes" with a real quote for the optimizer question, "no" otherwise. */
function structuredReply(r: RecordedRequest, yesCqs: number[] = [13]): string {
  const cqs = [...(messagesOf(r).at(-1)?.content ?? "").matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  return JSON.stringify({
    answers: cqs.map((cq) =>
      yesCqs.includes(cq)
        ? {
            cq,
            reported: "yes",
            answer: "Adam, lr 0.001",
            values: [{ name: "optimizer", value: "Adam" }],
            evidence: [QUOTE],
          }
        : { cq, reported: "no", answer: "not stated", values: [], evidence: [] },
    ),
  });
}

const chats = () => server.requests.filter((r) => r.endpoint === "chat");

describe("structured mode through the pipeline", () => {
  test("openai protocol: answers with verified quotes; a re-run is served by the store", async () => {
    server.setHandler((r) => ({ type: "chat", content: structuredReply(r) }));
    const store = openStore(":memory:");
    const questions = builtinQuestions();
    const spec = `openai:frog-model@${server.openaiBaseURL}`;
    try {
      const before = chats().length;
      const engine = await buildEngineFromOptions(
        { llm: [spec], mode: "structured", batchSize: 7 },
        { env: {}, store },
      );
      const first = await extract({ inputs: [join(dir, "frog.txt")], store, engine, questions });
      const calls = chats().length - before;
      assert.ok(calls >= 1 && calls <= 4);
      const body = chats().at(-1)?.body as { response_format?: { type: string }; temperature: number };
      assert.equal(body.response_format?.type, "json_schema");
      assert.equal(body.temperature, 0);
      const cq13 = first.rows.find((r) => r.cq === 13);
      assert.equal(cq13?.reported, "yes");
      assert.equal(cq13?.engine, "llm:openai:frog-model");
      assert.match(cq13?.evidence[0]?.quote ?? "", /Adam optimizer/);
      assert.ok(first.rows.some((r) => r.flags?.includes("gated-no-evidence")));
      const stats = first.manifest.engine.stats as { calls: number; gated: number; tokensIn: number };
      assert.equal(stats.calls, calls);
      assert.ok(stats.gated > 0 && stats.tokensIn > 0);

      // A fresh engine, the same store, --force: every answer again, every call from the cache.
      const again = await buildEngineFromOptions({ llm: [spec], mode: "structured", batchSize: 7 }, { env: {}, store });
      const second = await extract({ inputs: [join(dir, "frog.txt")], store, engine: again, questions, force: true });
      assert.equal(chats().length - before, calls);
      assert.equal((second.manifest.engine.stats as { cacheHits: number }).cacheHits, calls);
    } finally {
      store.close();
    }
  });

  test("malformed output twice gives an error row, never a silent no", async () => {
    server.setHandler(() => ({ type: "chat", content: "this is not JSON" }));
    const store = openStore(":memory:");
    try {
      const engine = await buildEngineFromOptions(
        { llm: [`ollama:broken-model@${server.url}`], mode: "structured" },
        { env: {}, store },
      );
      const before = chats().length;
      const { rows, manifest } = await extract({
        inputs: [join(dir, "frog.txt")],
        store,
        engine,
        questions: builtinQuestions().slice(12, 14),
      });
      assert.equal(chats().length - before, 2); // the call and its one repair
      assert.equal(rows.length, 1);
      assert.match(rows[0]?.error ?? "", /unusable output/);
      assert.equal(manifest.counts.failed, 1);

      // The unusable replies were not kept in the cache: the next run asks the model again.
      const again = await extract({
        inputs: [join(dir, "frog.txt")],
        store,
        engine,
        questions: builtinQuestions().slice(12, 14),
      });
      assert.equal(chats().length - before, 4);
      assert.equal(again.manifest.counts.failed, 1);
    } finally {
      store.close();
    }
  });
});

describe("voting through two protocols", () => {
  test("members answer, the majority decides, member answers are handed over", async () => {
    server.setHandler((r) => ({
      type: "chat",
      content: structuredReply(r, modelOf(r) === "model-a" ? [13, 20] : [13]),
    }));
    const engine = await buildEngineFromOptions(
      {
        llm: [`openai:model-a@${server.openaiBaseURL}`, `ollama:model-b@${server.url}`],
        includeExtractive: true,
        voteTie: "no",
      },
      { env: {} },
    );
    assert.ok(engine);
    const store = openStore(":memory:");
    const { rows } = await extract({
      inputs: [join(dir, "frog.txt")],
      store,
      engine,
      questions: builtinQuestions(),
    });
    const cq13 = rows.find((r) => r.cq === 13);
    assert.equal(cq13?.reported, "yes");
    assert.deepEqual(Object.keys(cq13?.values.votes as object), [
      "llm:openai:model-a",
      "llm:ollama:model-b",
      "extractive",
    ]);
    const paperId = rows[0]?.paper_id as string;
    // Each member's own answers are stored under its own run key, beside the vote's.
    const members = engine.members ?? [];
    assert.deepEqual(
      members.map((m) => m.name),
      ["llm:openai:model-a", "llm:ollama:model-b", "extractive"],
    );
    const memberCq13 = members.map(
      (m) => store.getAnswers(paperId, runKeyFor(m, "sections")).find((a) => a.cq === 13)?.reported,
    );
    assert.deepEqual(memberCq13, [
      "yes",
      "yes",
      cq13?.values.votes && (cq13.values.votes as Record<string, string>).extractive,
    ]);
    assert.equal(store.getAnswers(paperId, runKeyFor(engine, "sections")).length, 28);
    store.close();
  });
});

describe("k24 mode", () => {
  test("the prompt the server receives for CQ20 is K24's, character for character", async (t) => {
    const example = resolve(K24, "example_output_mixtral_8_22b_10.1016_j.ecoinf.2024.102471_CQ20.txt");
    const chunkFile = resolve(BENCH, "chunks", "10.1016_j.ecoinf.2024.102471.pdf.json");
    if (!existsSync(example) || !existsSync(chunkFile)) {
      t.skip(`needs ${K24} and ${BENCH} (absent)`);
      return;
    }
    server.setHandler((r) => ({
      type: "chat",
      content: messagesOf(r)[0]?.content.includes("%EXAMPLES")
        ? "Answer:::\nResponse: No\n\nAnswer:::"
        : "\nThe context does not say.",
    }));
    const bench = JSON.parse(readFileSync(chunkFile, "utf8")) as {
      chunks: string[];
      retrieved: Record<string, number[]>;
    };
    // The recorded example lost PDFMiner's form feed; see src/answer/llm/k24.test.ts.
    const texts = (bench.retrieved.CQ20 ?? []).map((i) => (bench.chunks[i] ?? "").replaceAll("\f", ""));
    const chunks: Chunk[] = [];
    let text = "";
    for (const [index, c] of texts.entries()) {
      if (index > 0) text += "\n\n";
      chunks.push({ index, text: c, start: text.length, end: text.length + c.length, section: "methods", page: 1 });
      text += c;
    }
    const input: EngineInput = {
      document: {
        id: "w",
        path: "w.pdf",
        title: "w",
        pageCount: 1,
        text,
        pages: [{ page: 1, start: 0, end: text.length }],
        sections: [],
      },
      chunks,
      retrieve: () => chunks.map((c) => ({ ...c, score: 1 })),
    };
    const cq20 = (
      JSON.parse(readFileSync(resolve(BENCH, "cqs.json"), "utf8")) as { cq: number; question: string }[]
    ).find((q) => q.cq === 20);
    const question: Question = {
      cq: 20,
      label: "",
      category: "",
      text: cq20?.question ?? "",
      query: [],
      dlSpecific: true,
    };
    const engine = createK24Engine({
      provider: await createProvider(`ollama:mixtral@${server.url}`),
      promptTemplate: readFileSync(resolve(K24, "stuff_prompt.txt"), "utf8"),
      queryTemplate: readFileSync(resolve(K24, "RAG_prompt.txt"), "utf8"),
      binary: { kind: "prompt", template: readFileSync(resolve(K24, "Binary_responses.txt"), "utf8") },
    });
    const before = chats().length;
    const answer = await engine.answer(input, question);
    const [ask, judge] = chats().slice(before);
    const recorded = readFileSync(example, "utf8");
    const expected = recorded.slice(0, recorded.lastIndexOf("Helpful Answer:") + "Helpful Answer:".length);
    assert.equal(messagesOf(ask as RecordedRequest)[0]?.content, expected);
    const options = (ask?.body as { options?: { temperature?: number; num_predict?: number } } | undefined)?.options;
    assert.equal(options?.temperature, 0);
    assert.equal(options?.num_predict, 1200);
    assert.match(messagesOf(judge as RecordedRequest)[0]?.content ?? "", /Answer: The context does not say\./);
    assert.equal(answer.reported, "no");
    assert.equal(answer.answer, "The context does not say.");
  });
});

test("--dry-run calls nothing", async () => {
  const before = server.requests.length;
  const est = await estimateFromOptions(
    [join(dir, "frog.txt")],
    { llm: [`openai:x@${server.openaiBaseURL}`, `ollama:y@${server.url}`] },
    {
      questions: builtinQuestions(),
      chunking: "sections",
    },
  );
  assert.equal(server.requests.length, before);
  assert.equal(est.papers, 1);
  assert.equal(est.models, 2);
  assert.ok(est.calls > 0 && est.gated > 0);
});
