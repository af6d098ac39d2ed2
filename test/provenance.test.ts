/**
 * Every stored answer is traceable to what produced it, and reused only while all of that is equal:
 * a changed cue, vocabulary, weight file, prompt file or tool version makes the next run re-answer;
 * an unchanged setup reuses everything with zero engine work.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createExtractiveEngine } from "../src/answer/extractive/index.js";
import { shippedLearnedLayer } from "../src/answer/extractive/learned.js";
import { VOCABULARIES } from "../src/answer/extractive/vocab.js";
import { createFakeProvider } from "../src/answer/llm/fake-provider.js";
import { createEngine } from "../src/pipeline/engine.js";
import { extract, runKeyFor } from "../src/pipeline/extract.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { openStore } from "../src/store/index.js";
import type { Engine, Question } from "../src/types.js";
import { writeTextPapers } from "./fixtures/text-papers.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-provenance-"));
const papers = writeTextPapers(join(dir, "papers"), 3);
after(() => rmSync(dir, { recursive: true, force: true }));

/** The engine, with a record of which questions it was asked per paper (same name and settings). */
function counting(engine: Engine): { engine: Engine; asked: number[][] } {
  const asked: number[][] = [];
  return {
    asked,
    engine: {
      ...engine,
      answer: engine.answer,
      answerAll: async (input, questions) => {
        asked.push(questions.map((q) => q.cq));
        return engine.answerAll
          ? engine.answerAll(input, questions)
          : questions.map((q) => engine.answer(input, q) as never);
      },
    },
  };
}

async function run(store: ReturnType<typeof openStore>, engine: Engine, questions: Question[] = builtinQuestions()) {
  const spy = counting(engine);
  const { manifest } = await extract({ inputs: papers, store, engine: spy.engine, questions });
  return { asked: spy.asked, statuses: manifest.inputs.map((i) => i.status), runKey: manifest.run_key };
}

describe("provenance: what is reused and what is answered again", () => {
  test("an unchanged setup reuses every answer with zero engine work", async () => {
    const store = openStore(":memory:");
    const first = await run(store, createExtractiveEngine());
    assert.equal(first.asked.length, 3);
    assert.ok(first.asked.every((cqs) => cqs.length === 28));
    const again = await run(store, createExtractiveEngine());
    assert.deepEqual(again.asked, [], "the engine was not called");
    assert.deepEqual(again.statuses, ["reused", "reused", "reused"]);
    assert.equal(again.runKey, first.runKey);
    store.close();
  });

  test("a changed cue re-answers that question only, in every paper", async () => {
    const store = openStore(":memory:");
    await run(store, createExtractiveEngine());
    const edited = builtinQuestions().map((q) =>
      q.cq === 7 ? { ...q, cues: { ...(q.cues as Record<string, unknown>), threshold: 1000 } } : q,
    );
    const second = await run(store, createExtractiveEngine(), edited);
    assert.deepEqual(second.asked, [[7], [7], [7]]);
    const changedQuery = edited.map((q) => (q.cq === 3 ? { ...q, query: [...q.query, "tensors"] } : q));
    assert.deepEqual((await run(store, createExtractiveEngine(), changedQuery)).asked, [[3], [3], [3]]);
    const stored = store.getAnswers(
      (await extract({ inputs: papers.slice(0, 1), store, questions: edited })).rows[0]?.paper_id as string,
      second.runKey,
    );
    assert.equal(stored.find((a) => a.cq === 7)?.reported, "no", "the stored CQ7 answer follows the new threshold");
    store.close();
  });

  test("a changed vocabulary or weight file changes the run key, so everything is answered again", async () => {
    const store = openStore(":memory:");
    const base = await run(store, createExtractiveEngine());
    const frameworks = VOCABULARIES.frameworks as unknown as { name: string; pattern: string }[];
    frameworks.push({ name: "Zyzzyva", pattern: "\\bZyzzyva\\b" });
    try {
      const vocab = await run(store, createExtractiveEngine());
      assert.notEqual(vocab.runKey, base.runKey);
      assert.ok(vocab.asked.length === 3 && vocab.asked.every((cqs) => cqs.length === 28));
    } finally {
      frameworks.pop();
    }
    const shipped = shippedLearnedLayer();
    const rows = new Map(shipped.sentences.rows);
    const [id, weights] = [...rows][0] as [number, Float32Array];
    rows.set(
      id,
      Float32Array.from(weights, (w, i) => (i === 0 ? w + 0.25 : w)),
    );
    const retrained = await run(
      store,
      createExtractiveEngine({ learned: { ...shipped, sentences: { ...shipped.sentences, rows } } }),
    );
    assert.notEqual(retrained.runKey, base.runKey);
    assert.equal(retrained.asked.length, 3);
    // The old run's answers stay in the store under their own key.
    assert.equal((await run(store, createExtractiveEngine())).asked.length, 0);
    store.close();
  });

  test("a changed prompt file or tool version gives another run key", async () => {
    const fake = async () => createFakeProvider(() => "[]");
    const withPrompt = (prompt: string) =>
      createEngine({ llm: { models: ["fake:m"], prompt } }, { createProvider: fake });
    const a = await withPrompt("Paper:\n{context}\nQuestions:\n{questions}");
    const b = await withPrompt("Read this paper.\n{context}\nAnswer:\n{questions}");
    assert.notEqual(runKeyFor(a, "sections"), runKeyFor(b, "sections"));
    assert.equal(
      runKeyFor(a, "sections"),
      runKeyFor(await withPrompt("Paper:\n{context}\nQuestions:\n{questions}"), "sections"),
    );
    const engine = createExtractiveEngine();
    assert.notEqual(
      runKeyFor(engine, "sections", undefined, "0.1.0"),
      runKeyFor(engine, "sections", undefined, "0.2.0"),
      "a tool upgrade re-answers",
    );
  });
});
