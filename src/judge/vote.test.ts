import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Answer, Engine, EngineInput, Question, YesNo } from "../types.js";
import { createVotingEngine, tally, VOTE_FLAGS } from "./vote.js";

const doc = { id: "p1", path: "p", title: "t", pageCount: 1, text: "0123456789 abcdefghij", pages: [], sections: [] };
const input: EngineInput = { document: doc, chunks: [], retrieve: () => [] };
const q = (cq: number): Question => ({ cq, label: "", category: "", text: `q${cq}`, query: [], dlSpecific: false });

function member(name: string, decisions: Record<number, YesNo>, confidence = 0.8): Engine {
  return {
    name,
    settings: { name },
    answer: (_i, question) => ({
      cq: question.cq,
      reported: decisions[question.cq] ?? "no",
      answer: `${name} says ${decisions[question.cq]}`,
      values: {},
      confidence,
      evidence: decisions[question.cq] === "yes" ? [{ quote: doc.text.slice(0, 10), page: 1, start: 0, end: 10 }] : [],
      engine: name,
    }),
  };
}

const ballot = (engine: string, reported: YesNo, confidence = 0.8) => ({
  engine,
  answer: { cq: 1, reported, answer: engine, values: {}, confidence, evidence: [], engine } as Answer,
});

describe("tally", () => {
  test("hard majority: yes only with more than half", () => {
    const w = { a: 1, b: 1, c: 1 };
    assert.equal(tally(1, [ballot("a", "yes"), ballot("b", "yes"), ballot("c", "no")], w, "no", "v").reported, "yes");
    assert.equal(tally(1, [ballot("a", "yes"), ballot("b", "no"), ballot("c", "no")], w, "no", "v").reported, "no");
  });

  test("ties follow the tie rule and are flagged", () => {
    const w = { a: 1, b: 1 };
    const tie = [ballot("a", "yes", 0.9), ballot("b", "no", 0.6)];
    const no = tally(1, tie, w, "no", "v");
    assert.equal(no.reported, "no");
    assert.deepEqual(no.flags, [VOTE_FLAGS.disagreement, VOTE_FLAGS.tie]);
    assert.equal(tally(1, tie, w, "yes", "v").reported, "yes");
    assert.equal(tally(1, tie, w, "confidence", "v").reported, "yes");
  });

  test("weights move the majority", () => {
    const b = [ballot("a", "yes"), ballot("b", "no"), ballot("c", "no")];
    assert.equal(tally(1, b, { a: 3, b: 1, c: 1 }, "no", "v").reported, "yes");
  });
});

describe("createVotingEngine", () => {
  test("votes per question, keeps member answers, and reports agreement", async () => {
    const engine = createVotingEngine([
      member("m1", { 1: "yes", 2: "no" }),
      member("m2", { 1: "yes", 2: "yes" }),
      member("m3", { 1: "no", 2: "no" }),
    ]);
    assert.deepEqual(
      engine.members?.map((m) => m.name),
      ["m1", "m2", "m3"],
    );
    const { answers, members } = await engine.answerWithMembers!(input, [q(1), q(2)]);
    const [a1, a2] = answers;
    assert.equal(a1?.reported, "yes");
    assert.deepEqual(a1?.values.votes, { m1: "yes", m2: "yes", m3: "no" });
    assert.deepEqual(a1?.flags, [VOTE_FLAGS.disagreement]);
    assert.equal(a1?.evidence.length, 1);
    assert.equal(a1?.confidence, 0.667);
    assert.equal(a2?.reported, "no");
    assert.deepEqual(a2?.evidence, []);
    assert.deepEqual(
      members.map((m) => `${m.engine.name}:${m.answers.map((a) => a.reported).join(",")}`),
      ["m1:yes,no", "m2:yes,yes", "m3:no,no"],
    );
    const stats = engine.stats!() as { agreement: { pairs: unknown[]; disagreements: number } };
    assert.equal(stats.agreement.pairs.length, 3);
    assert.equal(stats.agreement.disagreements, 2);
    assert.equal(engine.name, "vote(m1|m2|m3)");
    assert.deepEqual(
      (await engine.answerAll!(input, [q(1)])).map((a) => a.reported),
      ["yes"],
    );
  });

  test("a failing member fails the paper (no silent vote without it)", async () => {
    const broken: Engine = { name: "bad", settings: {}, answer: () => Promise.reject(new Error("server down")) };
    const engine = createVotingEngine([member("m1", { 1: "yes" }), broken]);
    await assert.rejects(async () => engine.answerAll!(input, [q(1)]), /bad: server down/);
  });

  test("needs two distinct members", () => {
    assert.throws(() => createVotingEngine([member("m1", {})]), /at least two/);
    assert.throws(() => createVotingEngine([member("m1", {}), member("m1", {})]), /twice/);
  });
});
