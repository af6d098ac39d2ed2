import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { makeTestStore, PAPER_A, PAPER_B, RUN_L, RUN_X } from "../report/html/_test-store.js";
import { addReview, cellKey, goldReviews, listAllAnswers, listReviews, listRunKeys } from "./reviews.js";

describe("reviews store", () => {
  test("every decision is a new row; the latest accept/correct is gold, notes do not change it", () => {
    const store = makeTestStore();
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    addReview(store, { documentId: PAPER_A, cq: 2, action: "accept", reported: "yes", reviewer: "ana" }, t(1));
    addReview(store, { documentId: PAPER_A, cq: 2, action: "correct", reported: "no", reviewer: "bo" }, t(2));
    addReview(store, { documentId: PAPER_A, cq: 2, action: "note", note: "tricky", reviewer: "ana" }, t(3));
    const all = listReviews(store, { documentId: PAPER_A, cq: 2 });
    assert.deepEqual(
      all.map((r) => r.action),
      ["accept", "correct", "note"],
    );
    const gold = goldReviews(store).get(cellKey(PAPER_A, 2));
    assert.equal(gold?.reported, "no");
    assert.equal(gold?.reviewer, "bo");
    assert.equal(gold?.createdAt, "2026-01-01T00:00:02.000Z");
    // Machine answers are untouched.
    assert.equal(store.getAnswers(PAPER_A, RUN_X).find((a) => a.cq === 2)?.reported, "yes");
    store.close();
  });

  test("rejects incomplete decisions and unknown papers", () => {
    const store = makeTestStore();
    const bad = [
      { documentId: PAPER_A, cq: 1, action: "correct" as const, reviewer: "ana" },
      { documentId: PAPER_A, cq: 1, action: "note" as const, note: "  ", reviewer: "ana" },
      { documentId: PAPER_A, cq: 0, action: "accept" as const, reported: "yes" as const, reviewer: "ana" },
      { documentId: PAPER_A, cq: 1, action: "accept" as const, reported: "yes" as const, reviewer: " " },
    ];
    for (const input of bad)
      assert.throws(
        () => addReview(store, input),
        (e: unknown) => e instanceof MethodscopeError && e.code === "usage",
      );
    assert.throws(
      () => addReview(store, { documentId: "f".repeat(64), cq: 1, action: "accept", reported: "yes", reviewer: "ana" }),
      (e: unknown) => e instanceof MethodscopeError && e.code === "not-found",
    );
    assert.equal(listReviews(store).length, 0);
    store.close();
  });

  test("lists every answer with its run key, and each run key's engine and settings", () => {
    const store = makeTestStore();
    const answers = listAllAnswers(store);
    assert.equal(answers.length, 9);
    assert.deepEqual(new Set(answers.map((a) => a.runKey)), new Set([RUN_X, RUN_L]));
    assert.equal(answers.filter((a) => a.documentId === PAPER_B).length, 3);
    const runs = listRunKeys(store);
    assert.deepEqual(
      runs.map((r) => [r.engine, r.settings]),
      [
        ["extractive", {}],
        ["llm", { model: "m1" }],
      ],
    );
    store.close();
  });
});
