import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Document } from "../types.js";
import { openStore, type Store, type StoredAnswer } from "./index.js";
import { listRuns, selectRuns } from "./runs.js";

function doc(i: number): Document {
  return {
    id: `${i}`.padStart(64, "0"),
    path: `/p/${i}.txt`,
    title: `P${i}`,
    pageCount: 1,
    text: "t",
    pages: [],
    sections: [],
  };
}

function answer(cq: number, engine: string): StoredAnswer {
  return { cq, reported: "yes", answer: "a", values: {}, confidence: 0.5, evidence: [], engine, question: `Q${cq}?` };
}

/** The runs `latest` chose when the choice counted every answer (listRuns), members of votes included. */
function latestByCounts(store: Store): Set<string> {
  return new Set(listRuns(store).flatMap((r) => (r.superseded ? [] : [r.runKey, ...r.members])));
}

describe("selectRuns", () => {
  test("chooses without counting answers what the counted run list gives", () => {
    let tick = 0;
    const store = openStore(":memory:", { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) });
    store.upsertDocument(doc(1));
    // Two setups of one engine (the older superseded), an LLM, a run row without answers, and
    // answers whose run row is missing (a store of an old version).
    const runs = [
      { id: "x1", runKey: "1".repeat(64), engine: "extractive" },
      { id: "x2", runKey: "2".repeat(64), engine: "extractive" },
      { id: "l1", runKey: "3".repeat(64), engine: "llm" },
      { id: "e1", runKey: "4".repeat(64), engine: "empty" },
    ];
    runs.forEach((r) => {
      store.startRun({ ...r, settings: {}, questionSetHash: "q" });
      if (r.engine !== "empty") store.saveAnswers(doc(1).id, r.runKey, [answer(1, r.engine), answer(2, r.engine)]);
    });
    store.saveAnswers(doc(1).id, "0".repeat(64), [answer(1, "orphan engine")]);
    store.db
      .prepare("UPDATE runs SET manifest_json = ? WHERE id = 'l1'")
      .run(JSON.stringify({ tool: { version: "9.9.9" }, member_run_keys: ["1".repeat(64)] }));
    assert.deepEqual(selectRuns(store), latestByCounts(store));
    assert.deepEqual(selectRuns(store, ["all"]), new Set(listRuns(store).map((r) => r.runKey)));
    const llm = listRuns(store).find((r) => r.engine === "llm");
    assert.equal(llm?.toolVersion, "9.9.9");
    assert.deepEqual(llm?.members, ["1".repeat(64)]);
    assert.equal(listRuns(store).find((r) => r.runKey === "0".repeat(64))?.engine, "orphan engine");
    store.close();
  });
});
