import assert from "node:assert/strict";
import { test } from "node:test";
import type { Answer, Engine, EngineInput, Question } from "../types.js";
import { CASCADE_FLAGS, createCascadeEngine } from "./cascade.js";

const questions: Question[] = [1, 2, 3, 4].map((cq) => ({
  cq,
  label: `Q${cq}`,
  category: "c",
  text: `Question ${cq}?`,
  query: [],
  dlSpecific: false,
}));
const input = { document: { id: "p1", path: "p1.txt" }, chunks: [], retrieve: () => [] } as unknown as EngineInput;

const answer = (engine: string, cq: number, reported: "yes" | "no", confidence: number): Answer => ({
  cq,
  reported,
  answer: `${engine} on ${cq}`,
  values: {},
  confidence,
  evidence: [],
  engine,
});

/** An extractive stand-in: "no" to every question, with confidences 0.95, 0.6, 0.79, 0.8. */
const first: Engine = {
  name: "extractive",
  settings: {},
  answer: (_i, q) => answer("extractive", q.cq, "no", [0.95, 0.6, 0.79, 0.8][q.cq - 1] as number),
};

/** An LLM stand-in that says "yes" and records which questions it was asked. */
function llm(fail = false): Engine & { asked: number[][] } {
  const asked: number[][] = [];
  return {
    name: "vote(a|b)",
    settings: {},
    asked,
    answer: () => {
      throw new Error("answerAll expected");
    },
    answerAll: async (_i, qs) => {
      asked.push(qs.map((q) => q.cq));
      if (fail) throw new Error("connect ECONNREFUSED 127.0.0.1:9");
      return qs.map((q) => answer("vote(a|b)", q.cq, "yes", 0.8));
    },
    stats: () => ({ members: { a: { calls: asked.length } } }),
  };
}

test("only questions below τ go to the LLM, in one batch; each answer says who decided it", async () => {
  const second = llm();
  const cascade = createCascadeEngine({ first, llm: second, threshold: 0.8 });
  const answers = (await cascade.answerAll?.(input, questions)) as Answer[];
  assert.deepEqual(second.asked, [[2, 3]]);
  assert.deepEqual(
    answers.map((a) => [a.cq, a.reported, a.engine, a.flags?.at(-1)]),
    [
      [1, "no", "extractive", CASCADE_FLAGS.extractive],
      [2, "yes", "vote(a|b)", CASCADE_FLAGS.llm],
      [3, "yes", "vote(a|b)", CASCADE_FLAGS.llm],
      [4, "no", "extractive", CASCADE_FLAGS.extractive],
    ],
  );
  assert.deepEqual(answers[1]?.values.extractive, { reported: "no", confidence: 0.6, threshold: 0.8 });
  const stats = cascade.stats?.() as { cascade: Record<string, unknown>; members: unknown };
  assert.deepEqual(stats.members, { a: { calls: 1 } });
  assert.equal(stats.cascade.sent, 2);
  assert.equal(stats.cascade.saved, 2);
  assert.equal(stats.cascade.questions, 4);
  assert.equal(cascade.settings.threshold, 0.8);
});

test("τ 0 never calls the LLM; τ 1 sends every question below certainty", async () => {
  const none = llm();
  await createCascadeEngine({ first, llm: none, threshold: 0 }).answerAll?.(input, questions);
  assert.deepEqual(none.asked, []);
  const all = llm();
  await createCascadeEngine({ first, llm: all, threshold: 1 }).answerAll?.(input, questions);
  assert.deepEqual(all.asked, [[1, 2, 3, 4]]);
});

test("a failed LLM call leaves the extractive answers in place, flagged llm-failed, never a silent no", async () => {
  const cascade = createCascadeEngine({ first, llm: llm(true), threshold: 0.8 });
  const answers = (await cascade.answerAll?.(input, questions)) as Answer[];
  const sent = answers.filter((a) => a.cq === 2 || a.cq === 3);
  for (const a of sent) {
    assert.equal(a.engine, "extractive");
    assert.deepEqual(a.flags, [CASCADE_FLAGS.failed, CASCADE_FLAGS.extractive]);
  }
  assert.deepEqual(answers[0]?.flags, [CASCADE_FLAGS.extractive]);
  const all = cascade.stats?.() as { cascade: { failedPapers: number; failedQuestions: number; failures: string[] } };
  const stats = all.cascade;
  assert.equal(stats.failedPapers, 1);
  assert.equal(stats.failedQuestions, 2);
  assert.match(stats.failures[0] ?? "", /p1\.txt: .*ECONNREFUSED/);
});
