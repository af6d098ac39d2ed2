import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { makeTestStore, PAPER_A, PAPER_B, RUN_X } from "../report/html/_test-store.js";
import { loadCorpus } from "../report/html/corpus.js";
import { addReview } from "../store/reviews.js";
import { evaluateGold, formatEvaluation, goldJsonl, goldRecords, parseGoldJsonl } from "./gold.js";

describe("gold labels and evaluation", () => {
  test("every engine and the majority vote are scored against the latest reviews", () => {
    const store = makeTestStore();
    const review = (documentId: string, cq: number, reported: "yes" | "no") =>
      addReview(store, { documentId, cq, action: "correct", reported, reviewer: "ana", runKey: RUN_X });
    review(PAPER_A, 1, "no"); // both engines said yes
    review(PAPER_A, 1, "yes"); // changed mind: latest wins
    review(PAPER_A, 2, "yes"); // extractive yes, llm no
    review(PAPER_A, 3, "no");
    review(PAPER_B, 1, "no"); // extractive said yes
    const records = goldRecords(store);
    assert.equal(records.length, 4);
    assert.equal(records[0].file, "aaaa.txt");
    const parsed = parseGoldJsonl(goldJsonl(records));
    assert.deepEqual(parsed, records);
    const result = evaluateGold(loadCorpus(store), parsed, { bootstrap: false });
    const by = new Map(result.systems.map((s) => [s.system, s.summary]));
    assert.deepEqual([...by.keys()], ["extractive", "llm: m1", "vote (majority)"]);
    assert.equal(by.get("extractive")?.n, 4);
    assert.equal(by.get("extractive")?.accuracy, 3 / 4);
    assert.equal(by.get("llm: m1")?.n, 3);
    assert.equal(by.get("llm: m1")?.accuracy, 2 / 3);
    assert.equal(by.get("vote (majority)")?.n, 3);
    assert.match(formatEvaluation(result), /4 of 4 gold labels/);
    store.close();
  });

  test("a malformed gold line is a usage error with its line number", () => {
    assert.throws(
      () => parseGoldJsonl('\n{"paper_id":"x"}\n', "g.jsonl"),
      (e: unknown) => e instanceof MethodscopeError && e.code === "usage" && /g\.jsonl line 2/.test(e.message),
    );
    assert.throws(() => parseGoldJsonl("{", "g.jsonl"), /line 1 is not JSON/);
  });
});
