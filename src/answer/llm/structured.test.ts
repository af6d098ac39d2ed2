import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../../errors.js";
import { chunkDocument } from "../../ingest/chunk.js";
import { buildDocument } from "../../ingest/document.js";
import type { ChatRequest } from "../../llm/types.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import { createMemoryRetriever } from "../../retrieve/index.js";
import type { EngineInput, Question } from "../../types.js";
import { createFakeProvider } from "./fake-provider.js";
import { createStructuredEngine, FLAGS } from "./structured.js";

const PAPER = [
  "Bird call detection with deep learning",
  "",
  "2. Methods",
  "",
  "Audio was recorded with autonomous sound recorders in the field. The network was trained with the Adam",
  "optimizer at a learning rate of 0.0001 for 30 epochs with a batch size of 16. Training used one NVIDIA",
  "A100 GPU. The data were split into 80% training and 20% testing sets.",
].join("\n");

function input(): EngineInput {
  const document = buildDocument({ id: "p1", path: "p1.txt", pages: [PAPER] });
  const chunks = chunkDocument(document, "sections");
  return { document, chunks, retrieve: createMemoryRetriever(chunks) };
}

const questions = (...cqs: number[]): Question[] => builtinQuestions().filter((q) => cqs.includes(q.cq));

/** Replies "yes" for every asked CQ with the given quote. */
function replyFor(request: ChatRequest, quote: string, reported = "yes"): string {
  const user = request.messages.find((m) => m.role === "user")?.content ?? "";
  const cqs = [...user.matchAll(/^CQ(\d+):/gm)].map((m) => Number(m[1]));
  return JSON.stringify({
    answers: cqs.map((cq) => ({ cq, reported, answer: `answer ${cq}`, values: { v: "x" }, evidence: [quote] })),
  });
}

describe("createStructuredEngine", () => {
  test("batches questions, sends the schema, and verifies quotes against the text", async () => {
    const provider = createFakeProvider((r) => replyFor(r, "trained with the Adam optimizer at a learning rate"));
    const engine = createStructuredEngine({ provider, batchSize: 2 });
    const qs = questions(12, 13, 14, 20);
    const answers = await engine.answerAll!(input(), qs);
    assert.equal(provider.requests.length, 2);
    assert.equal(provider.requests[0]?.jsonSchema?.name, "methodscope_answers");
    assert.equal(provider.requests[0]?.temperature, 0);
    assert.deepEqual(
      answers.map((a) => a.cq),
      qs.map((q) => q.cq),
    );
    const a = answers[0]!;
    assert.equal(a.reported, "yes");
    assert.equal(a.engine, "llm:fake:fake-model");
    const ev = a.evidence[0]!;
    assert.equal(input().document.text.slice(ev.start, ev.end), ev.quote);
    assert.match(ev.quote, /Adam\s+optimizer/);
    const stats = engine.stats!();
    assert.equal(stats.calls, 2);
    assert.ok((stats.tokensIn as number) > 0);
  });

  test("the prompt holds each retrieved chunk once, with its page", async () => {
    const provider = createFakeProvider((r) => replyFor(r, "autonomous sound recorders in the field"));
    await createStructuredEngine({ provider, batchSize: 7 }).answerAll!(input(), questions(13, 14));
    const user = provider.requests[0]?.messages[1]?.content ?? "";
    assert.match(user, /\[chunk \d+, page 1\]/);
    const heads = user.match(/\[chunk \d+/g) ?? [];
    assert.equal(new Set(heads).size, heads.length);
    assert.match(user, /^CQ13: /m);
  });

  test("gates questions without retrieved chunks: answered no, no call", async () => {
    const provider = createFakeProvider((r) => replyFor(r, "batch size of 16"));
    const engine = createStructuredEngine({ provider });
    const base = input();
    const only13 = { ...base, retrieve: (q: Question) => (q.cq === 13 ? base.retrieve(q) : []) };
    const answers = await engine.answerAll!(only13, questions(13, 20, 26));
    assert.equal(provider.requests.length, 1);
    assert.deepEqual(answers[1]?.flags, [FLAGS.gated]);
    assert.equal(answers[1]?.reported, "no");
    assert.equal(engine.stats!().gated, 2);
  });

  test("drops invented quotes and downgrades a yes left without evidence", async () => {
    const provider = createFakeProvider((r) => replyFor(r, "The model was trained on eight TPUs."));
    const engine = createStructuredEngine({ provider });
    const [a] = await engine.answerAll!(input(), questions(20));
    assert.equal(a?.reported, "no");
    assert.deepEqual(a?.flags, [FLAGS.dropped, FLAGS.downgraded]);
    assert.deepEqual(a?.evidence, []);
    assert.equal(engine.stats!().downgraded, 1);
  });

  test("repairs malformed output once", async () => {
    const provider = createFakeProvider((r, n) => (n === 1 ? "{not json" : replyFor(r, "batch size of 16")));
    const engine = createStructuredEngine({ provider });
    const [a] = await engine.answerAll!(input(), questions(13));
    assert.equal(a?.reported, "yes");
    assert.equal(provider.requests.length, 2);
    const repair = provider.requests[1]!.messages;
    assert.equal(repair.at(-2)?.role, "assistant");
    assert.match(
      repair.at(-1)?.content ?? "",
      /could not be used: the reply (contains no JSON object|is not valid JSON)/,
    );
    assert.equal(engine.stats!().repaired, 1);
  });

  test("a reply still malformed after the repair is an error, never a silent no", async () => {
    const provider = createFakeProvider(() => '{"answers": []}');
    const engine = createStructuredEngine({ provider });
    await assert.rejects(
      async () => engine.answerAll!(input(), questions(13)),
      (e: unknown) => {
        assert.ok(e instanceof MethodscopeError);
        assert.match(e.message, /unusable output for CQ 13 twice/);
        return true;
      },
    );
    assert.equal(engine.stats!().errors, 1);
  });

  test("settings differ per model, batch size and prompt", () => {
    const p1 = createFakeProvider(() => "", { model: "a" });
    const p2 = createFakeProvider(() => "", { model: "b" });
    const s = (e: ReturnType<typeof createStructuredEngine>) => JSON.stringify([e.name, e.settings]);
    const base = s(createStructuredEngine({ provider: p1 }));
    assert.notEqual(base, s(createStructuredEngine({ provider: p2 })));
    assert.notEqual(base, s(createStructuredEngine({ provider: p1, batchSize: 3 })));
    const custom = createStructuredEngine({ provider: p1, prompts: { user: "{context}\n{questions}" } });
    assert.notEqual(base, s(custom));
    assert.throws(() => createStructuredEngine({ provider: p1, prompts: { user: "no placeholders" } }), /\{context\}/);
  });
});
