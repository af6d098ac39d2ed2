/** Test helper: an in-memory store with two papers, two engines and hostile text. Not shipped API. */

import { onePageDocument } from "../../../test/fixtures/documents.js";
import { openStore, type Store, type StoredAnswer } from "../../store/index.js";
import type { Document, YesNo } from "../../types.js";

export const XSS = {
  script: "<script>alert(1)</script>",
  img: '"><img src=x onerror=alert(1)>',
  js: "javascript:alert(1)",
};

export const PAPER_A = "a".repeat(64);
export const PAPER_B = "b".repeat(64);
export const RUN_X = "x".repeat(64);
export const RUN_L = "l".repeat(64);

function doc(id: string, title: string, text: string): Document {
  return onePageDocument({ id, path: `/secret/home/${id.slice(0, 4)}.txt`, title, text });
}

function answer(
  cq: number,
  reported: YesNo,
  text: string,
  engine: string,
  confidence = 0.9,
  flags?: string[],
): StoredAnswer {
  const a: StoredAnswer = {
    cq,
    reported,
    answer: text,
    values: {},
    confidence,
    evidence: reported === "yes" ? [{ quote: text, page: 1, start: 0, end: text.length }] : [],
    engine,
    question: `Question ${cq}?`,
  };
  if (flags) a.flags = flags;
  return a;
}

/** A clock that advances one second per reading, from 2026-01-02T03:04:05Z. */
export function tickingClock(): () => Date {
  let ms = Date.UTC(2026, 0, 2, 3, 4, 5);
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

/**
 * Paper A (DL, hostile title): CQ1..3 answered by "extractive" and "llm" (model "m1"); they disagree on CQ2.
 * Paper B (non-DL): CQ1..3 by extractive only.
 */
export function makeTestStore(now = tickingClock(), path = ":memory:"): Store {
  const store = openStore(path, { now });
  const hostile = `${XSS.script} ${XSS.img} see ${XSS.js}`;
  store.upsertDocument(doc(PAPER_A, `Deep nets ${XSS.script}`, hostile));
  store.upsertDocument(doc(PAPER_B, "Random forests for newts", "plain text"));
  store.startRun({ id: "r1", runKey: RUN_X, engine: "extractive", settings: {}, questionSetHash: "q" });
  store.startRun({ id: "r2", runKey: RUN_L, engine: "llm", settings: { model: "m1" }, questionSetHash: "q" });
  store.saveAnswers(PAPER_A, RUN_X, [
    answer(1, "yes", `Code at ${XSS.js} and https://example.org/x ${XSS.img}`, "extractive"),
    answer(2, "yes", "Adam", "extractive", 0.6),
    answer(3, "no", "not stated", "extractive"),
  ]);
  store.saveAnswers(PAPER_A, RUN_L, [
    answer(1, "yes", "Code on example.org", "llm"),
    answer(2, "no", "not stated", "llm", 0.8),
    answer(3, "no", "not stated", "llm"),
  ]);
  store.saveAnswers(PAPER_B, RUN_X, [
    answer(1, "yes", "Field surveys", "extractive", 0.95, ["non-dl-paper"]),
    answer(2, "no", "not stated", "extractive", 0.97, ["non-dl-paper"]),
    answer(3, "no", "not stated", "extractive", 0.97, ["non-dl-paper"]),
  ]);
  return store;
}
