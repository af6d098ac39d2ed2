import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { compileCues } from "../answer/extractive/cues.js";
import { builtinQuestions, loadQuestions, QuestionSchema, questionSetHash } from "./catalogue.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CQS_TXT = path.resolve(repoRoot, "../shared/k24/CQs.txt");
const tmp = () => mkdtempSync(path.join(tmpdir(), "methodscope-questions-"));

describe("builtin catalogue", () => {
  test("has 28 valid, numbered, compilable questions", () => {
    const qs = builtinQuestions();
    assert.equal(qs.length, 28);
    assert.deepEqual(
      qs.map((q) => q.cq),
      Array.from({ length: 28 }, (_, i) => i + 1),
    );
    for (const q of qs) {
      QuestionSchema.parse(q);
      assert.ok(q.query.length > 0, `CQ${q.cq} has query terms`);
      assert.ok(compileCues(q).signals.length > 0, `CQ${q.cq} has signals`);
    }
    assert.equal(qs[6].label, "Split criteria");
    assert.equal(qs[19].dlSpecific, true);
    assert.equal(qs[21].dlSpecific, false);
  });

  test("question set hash is stable and sensitive to content", () => {
    const a = builtinQuestions();
    assert.equal(questionSetHash(a), questionSetHash([...builtinQuestions()].reverse()));
    assert.match(questionSetHash(a), /^[0-9a-f]{64}$/);
    const changed = a.map((q) => (q.cq === 1 ? { ...q, text: `${q.text} ` } : q));
    assert.notEqual(questionSetHash(a), questionSetHash(changed));
  });
});

describe("loadQuestions", () => {
  test("plain text: one per line, blank and triple-quote lines skipped, built-in data inherited", async () => {
    const file = path.join(tmp(), "qs.txt");
    writeFileSync(file, '"""\nWhich optimiser?\n\nWhich GPUs?\n"""\n');
    const qs = await loadQuestions(file);
    assert.deepEqual(
      qs.map((q) => [q.cq, q.text]),
      [
        [1, "Which optimiser?"],
        [2, "Which GPUs?"],
      ],
    );
    const builtin1 = builtinQuestions()[0];
    assert.equal(qs[0].label, builtin1.label);
    assert.deepEqual(qs[0].cues, builtin1.cues);
  });

  test("YAML entries get missing fields filled; unknown numbers get query terms from their words", async () => {
    const file = path.join(tmp(), "qs.yaml");
    writeFileSync(
      file,
      "- cq: 13\n  text: What training settings were used?\n- cq: 40\n  text: Which ethics permits were obtained for fieldwork?\n",
    );
    const [a, b] = await loadQuestions(file);
    assert.equal(a.label, "Hyperparameters");
    assert.equal(a.dlSpecific, true);
    assert.equal(a.text, "What training settings were used?");
    assert.equal(b.cq, 40);
    assert.equal(b.cues, undefined);
    assert.deepEqual(b.query, ["ethics", "permits", "obtained", "fieldwork"]);
  });

  test("JSON with a bad entry is a usage error", async () => {
    const file = path.join(tmp(), "qs.json");
    writeFileSync(file, JSON.stringify([{ cq: 1 }]));
    await assert.rejects(loadQuestions(file), (e: Error & { code?: string }) => e.code === "usage");
  });

  test("K24's CQs.txt gives the 28 questions with built-in cues", {
    skip: existsSync(CQS_TXT) ? false : `not found: ${CQS_TXT}`,
  }, async () => {
    const qs = await loadQuestions(CQS_TXT);
    assert.equal(qs.length, 28);
    assert.equal(qs[6].cq, 7);
    assert.equal(qs[6].label, "Split criteria");
    assert.ok(qs.every((q) => q.cues !== undefined));
  });
});

describe("catalogue typos", () => {
  test("a misspelt cue field is a usage error naming the file, the question and the field", async () => {
    const dir = tmp();
    const file = path.join(dir, "typo.yaml");
    writeFileSync(
      file,
      '- cq: 5\n  text: What data formats are used?\n  cues: {treshold: 5, signals: [{name: x, patern: "foo", wieght: 3}]}\n',
    );
    await assert.rejects(loadQuestions(file), (error: Error & { code?: string }) => {
      assert.equal(error.code, "usage");
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, /question 5/);
      assert.match(error.message, /cues: unknown field "treshold"/);
      assert.match(error.message, /cues\.signals\[0\]: unknown fields "patern", "wieght"/);
      return true;
    });
  });

  test("a misspelt question field is a usage error naming it", async () => {
    const file = path.join(tmp(), "typo.json");
    writeFileSync(file, JSON.stringify([{ text: "Which optimizer?", dlSpecfic: true }]));
    await assert.rejects(loadQuestions(file), /\[0\]: unknown field "dlSpecfic"/);
  });

  test("compileCues names the field of a cue typo too", () => {
    const q = { ...builtinQuestions()[0], cues: { signals: [], threshhold: 2 } };
    assert.throws(() => compileCues(q), /Question 1 has invalid cues: cues: unknown field "threshhold"/);
  });
});
