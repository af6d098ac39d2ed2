/**
 * Agreement between models, the two figures K24 reports: Cohen's κ between two models' yes/no
 * decisions, and the cosine similarity of TF-IDF vectors of their answer texts (fitted, as K24 did
 * with scikit-learn's defaults, on the answers to one (paper, question) at a time).
 */

import type { YesNo } from "../types.js";
import { cohenKappa } from "./confusion.js";

/** scikit-learn's default token pattern: runs of two or more word characters, lower-cased. */
export function tfidfTokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_\p{M}]{2,}/gu) ?? []) as string[];
}

/**
 * Pairwise cosine similarities of TF-IDF vectors of `texts` (smooth idf = ln((1+n)/(1+df)) + 1,
 * raw counts, L2 norm: TfidfVectorizer's defaults). An empty text has similarity 0 with anything.
 * @example tfidfCosineMatrix(["Adam was used", "Adam was used"])[0][1] // 1
 */
export function tfidfCosineMatrix(texts: readonly string[]): number[][] {
  const docs = texts.map(tfidfTokens);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const vectors = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    for (const [t, c] of tf) v.set(t, c * (Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
    if (norm > 0) for (const [t, x] of v) v.set(t, x / norm);
    return v;
  });
  return vectors.map((a, i) =>
    vectors.map((b, j) => {
      if (i === j) return a.size > 0 ? 1 : 0;
      let dot = 0;
      for (const [t, x] of a) dot += x * (b.get(t) ?? 0);
      return dot;
    }),
  );
}

/** One model's decision and answer text for one (paper, question). */
export interface MemberOpinion {
  reported: YesNo;
  answer: string;
}

/** Everything the models said about one (paper, question), keyed by model (engine) name. */
export interface OpinionRecord {
  paper: string;
  cq: number;
  opinions: Record<string, MemberOpinion>;
}

export interface PairAgreement {
  a: string;
  b: string;
  n: number;
  /** Share of (paper, question) with the same decision. */
  agreement: number;
  kappa: number;
  /** Mean TF-IDF cosine between the two models' answer texts. */
  cosine: number;
}

export interface CqAgreement {
  cq: number;
  n: number;
  /** Share of papers where all models gave the same decision. */
  unanimous: number;
  /** Mean over model pairs of κ on this question. */
  meanKappa: number;
  meanCosine: number;
}

export interface AgreementReport {
  models: string[];
  pairs: PairAgreement[];
  perCq: CqAgreement[];
  /** (paper, question) where the models disagree: the ones to review. */
  disagreements: number;
}

/**
 * Per-pair and per-question agreement over the records (records missing a model are left out of
 * that model's pairs).
 * @example agreementReport([{ paper: "p", cq: 1, opinions: { a: {reported:"yes",answer:"x"}, b: {reported:"yes",answer:"x"} } }])
 */
export function agreementReport(records: readonly OpinionRecord[]): AgreementReport {
  const models = [...new Set(records.flatMap((r) => Object.keys(r.opinions)))].sort();
  const cosines = records.map((r) => cosineByPair(r));
  const pairOf = (a: string, b: string, subset: number[]) => {
    const idx = subset.filter((i) => records[i]?.opinions[a] && records[i]?.opinions[b]);
    const ya = idx.map((i) => records[i]?.opinions[a]?.reported as YesNo);
    const yb = idx.map((i) => records[i]?.opinions[b]?.reported as YesNo);
    const same = ya.filter((y, i) => y === yb[i]).length;
    const cos = idx.map((i) => cosines[i]?.get(`${a}\u0000${b}`) ?? 0);
    return {
      a,
      b,
      n: idx.length,
      agreement: round(idx.length ? same / idx.length : 0),
      kappa: round(cohenKappa(ya, yb)),
      cosine: round(mean(cos)),
    };
  };
  const all = records.map((_, i) => i);
  const pairs: PairAgreement[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) pairs.push(pairOf(models[i] as string, models[j] as string, all));
  }
  const cqs = [...new Set(records.map((r) => r.cq))].sort((x, y) => x - y);
  const perCq = cqs.map((cq) => {
    const subset = all.filter((i) => records[i]?.cq === cq);
    const cqPairs = pairs.map((p) => pairOf(p.a, p.b, subset)).filter((p) => p.n > 0);
    const unanimous = subset.filter((i) => isUnanimous(records[i] as OpinionRecord)).length;
    return {
      cq,
      n: subset.length,
      unanimous: round(subset.length ? unanimous / subset.length : 0),
      meanKappa: round(mean(cqPairs.map((p) => p.kappa))),
      meanCosine: round(mean(cqPairs.map((p) => p.cosine))),
    };
  });
  return { models, pairs, perCq, disagreements: records.filter((r) => !isUnanimous(r)).length };
}

function cosineByPair(record: OpinionRecord): Map<string, number> {
  const names = Object.keys(record.opinions).sort();
  const m = tfidfCosineMatrix(names.map((n) => record.opinions[n]?.answer ?? ""));
  const out = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) out.set(`${names[i]}\u0000${names[j]}`, m[i]?.[j] ?? 0);
  }
  return out;
}

function isUnanimous(record: OpinionRecord): boolean {
  return new Set(Object.values(record.opinions).map((o) => o.reported)).size <= 1;
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
