// buildCell's outcome is found by voteOutcome without sorting or copying (the served summary makes
// millions of cells): it must pick what the sorting rules pick, ties and vote runs included.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildCell, type RunView, runOrder, voteOutcome } from "../src/report/html/corpus.js";
import type { AnswerVote } from "../src/store/read-model.js";
import type { YesNo } from "../src/types.js";
import { mulberry32 } from "./fixtures/prng.js";

/** The rules as written before voteOutcome: sort by run order, then by confidence (stable sorts). */
function sortedOutcome(group: AnswerVote[], runs: RunView[]) {
  const order = new Map(runs.map((r, i) => [r.runKey, i]));
  const vote = group.find((a) => runs.find((r) => r.runKey === a.runKey)?.isVote);
  const others = group.filter((a) => a !== vote);
  const answers = [...(others.length > 0 ? others : group)].sort(
    (a, b) => (order.get(a.runKey) ?? 0) - (order.get(b.runKey) ?? 0),
  );
  const yes = answers.filter((a) => a.reported === "yes").length;
  const no = answers.length - yes;
  const strongest = [...answers].sort((a, b) => b.confidence - a.confidence)[0];
  const consensus: YesNo = vote ? vote.reported : yes === no ? strongest.reported : yes > no ? "yes" : "no";
  const primary =
    vote ?? [...answers].filter((a) => a.reported === consensus).sort((a, b) => b.confidence - a.confidence)[0];
  const agreement = answers.filter((a) => a.reported === consensus).length / answers.length;
  return { answers, vote, consensus, primary, agreement };
}

describe("voteOutcome", () => {
  test("equals the sorting rules on 20,000 random cells (ties, vote runs, runs without a row)", () => {
    const random = mulberry32(15);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    for (let round = 0; round < 20_000; round++) {
      const keys = ["a", "b", "c", "d", "e", "f"].slice(0, 1 + Math.floor(random() * 6));
      // Runs in a shuffled order, some of them votes; one key may lack a run row (an orphan: rank 0).
      const runs: RunView[] = keys
        .filter(() => random() < 0.9)
        .sort(() => random() - 0.5)
        .map((runKey) => ({
          runKey,
          engine: runKey,
          settings: {},
          startedAt: "",
          label: runKey,
          isVote: random() < 0.2,
        }));
      const group: AnswerVote[] = keys
        .filter(() => random() < 0.8)
        .sort(() => random() - 0.5)
        .map((runKey) => ({
          documentId: "p",
          runKey,
          cq: 7,
          engine: runKey,
          reported: pick<YesNo>(["yes", "no"]),
          confidence: pick([0.4, 0.5, 0.5, 0.9]),
        }));
      if (group.length === 0) continue;
      const expected = sortedOutcome(group, runs);
      const got = voteOutcome(group, runOrder(runs));
      const where = `round ${round}: ${JSON.stringify({ runs: runs.map((r) => [r.runKey, r.isVote]), group })}`;
      assert.equal(got.vote, expected.vote, where);
      assert.equal(got.consensus, expected.consensus, where);
      assert.equal(got.primary, expected.primary, where);
      assert.equal(got.agreement, expected.agreement, where);
      const cell = buildCell([...group], runs);
      assert.deepEqual(cell.answers, expected.answers, where);
      assert.equal(cell.primary, expected.primary, where);
    }
  });
});
