/**
 * Test helper for the kept overview (issue 15): a store of six papers, two engines and six questions
 * (three of them deep-learning specific), deep-learning and other papers, years and venues, and the
 * reviews that move its cells every way the overview counts them. Not shipped API.
 */

import { onePageDocument } from "../../../test/fixtures/documents.js";
import { openStore, type Store, type StoredAnswer } from "../../store/index.js";
import type { DocumentMetadata, YesNo } from "../../types.js";

/** CQ3, 4 and 13 are deep-learning specific in the catalogue. */
export const OVERVIEW_CQS = [1, 2, 3, 4, 13, 21] as const;

export const RUN_X = "x".repeat(64);
export const RUN_L = "l".repeat(64);

/** A paper of the store: its engines' labels by CQ (extractive, then llm), whether it is a DL study, its metadata. */
interface PaperSpec {
  x: string;
  l: string;
  dl: boolean;
  metadata?: DocumentMetadata;
}

// Labels are "y"/"n" per CQ in OVERVIEW_CQS order; the engines disagree where the strings differ.
const PAPERS: PaperSpec[] = [
  { x: "yynnyn", l: "yyynyn", dl: true, metadata: { year: 2020, journal: "J. Owls" } },
  { x: "ynynnn", l: "ynynnn", dl: true, metadata: { year: 2021 } },
  { x: "ynnnnn", l: "nnnnny", dl: false, metadata: { year: 2021, journal: "j. owls" } },
  { x: "nnnnnn", l: "nnnnnn", dl: true },
  { x: "yyyyyn", l: "yyyyyy", dl: false, metadata: { year: 2020, journal: "Newt Letters" } },
  { x: "nnynyn", l: "nnynyn", dl: true, metadata: { year: 2022 } },
];

/** The id of paper `i` (a hex digest's length, as in a real store). */
export function overviewPaperId(i: number): string {
  return String(i).repeat(64);
}

function answers(labels: string, engine: string, dl: boolean): StoredAnswer[] {
  return OVERVIEW_CQS.map((cq, k) => {
    const reported: YesNo = labels[k] === "y" ? "yes" : "no";
    const a: StoredAnswer = {
      cq,
      reported,
      answer: reported === "yes" ? `found ${cq}` : "not stated",
      values: {},
      confidence: engine === "extractive" ? 0.9 : 0.6 + k / 100,
      evidence: [],
      engine,
      question: `Question ${cq}?`,
    };
    if (!dl && engine === "extractive") a.flags = ["non-dl-paper"];
    return a;
  });
}

/** The store (in memory unless `path` is given). */
export function makeOverviewStore(path = ":memory:"): Store {
  const store = openStore(path);
  store.startRun({ id: "x", runKey: RUN_X, engine: "extractive", settings: {}, questionSetHash: "q" });
  store.startRun({ id: "l", runKey: RUN_L, engine: "llm", settings: { model: "m" }, questionSetHash: "q" });
  PAPERS.forEach((p, i) => {
    const id = overviewPaperId(i);
    const text = `paper ${i}`;
    store.upsertDocument(
      onePageDocument({
        id,
        path: `/p/${i}.txt`,
        title: `Paper ${i}`,
        text,
        ...(p.metadata && { metadata: p.metadata }),
      }),
    );
    store.saveAnswers(id, RUN_X, answers(p.x, "extractive", p.dl));
    store.saveAnswers(id, RUN_L, answers(p.l, "llm", p.dl));
  });
  return store;
}

/** A reviewer's decision as the tests make it: the label a correction sets, or an accept or a note. */
export interface OverviewReview {
  paper: number;
  cq: number;
  action: "accept" | "correct" | "note";
  reported?: YesNo;
  /** What the step shows. */
  why: string;
}

/**
 * Reviews that move the overview's numbers every way: gold labels that flip yes → no and no → yes, a
 * "no" made "yes" on a deep-learning question of another study (not applicable → reported), reviews
 * of cells that already have a gold label (back and forth), an accept that changes no label, a note,
 * and labels that move a paper to another completeness bin.
 */
export const OVERVIEW_REVIEWS: readonly OverviewReview[] = [
  { paper: 0, cq: 1, action: "correct", reported: "no", why: "yes → no" },
  { paper: 3, cq: 2, action: "correct", reported: "yes", why: "no → yes" },
  { paper: 2, cq: 3, action: "correct", reported: "yes", why: "not applicable → reported (non-DL, DL question)" },
  { paper: 0, cq: 1, action: "correct", reported: "yes", why: "a gold cell reviewed again: no → yes" },
  { paper: 0, cq: 1, action: "correct", reported: "no", why: "and again: yes → no" },
  { paper: 1, cq: 3, action: "accept", reported: "yes", why: "an accept: gold label, same label" },
  { paper: 1, cq: 3, action: "correct", reported: "no", why: "an accepted cell corrected: yes → no" },
  { paper: 4, cq: 21, action: "note", why: "a note changes nothing the overview shows" },
  { paper: 4, cq: 13, action: "correct", reported: "no", why: "non-DL, DL question: reported → not applicable" },
  { paper: 5, cq: 1, action: "correct", reported: "yes", why: "completeness 2/6 → 3/6: another bin" },
  { paper: 5, cq: 2, action: "correct", reported: "yes", why: "completeness 3/6 → 4/6: another bin" },
];
