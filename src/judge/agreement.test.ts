import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { agreementReport, tfidfCosineMatrix, tfidfTokens } from "./agreement.js";

describe("tfidfCosineMatrix", () => {
  test("identical texts score 1, disjoint texts 0, empty texts 0", () => {
    const m = tfidfCosineMatrix(["Adam optimizer used", "adam OPTIMIZER used", "no information given", ""]);
    assert.ok(Math.abs((m[0]?.[1] ?? 0) - 1) < 1e-12);
    assert.equal(m[0]?.[2], 0);
    assert.equal(m[0]?.[3], 0);
  });

  test("matches scikit-learn's TfidfVectorizer defaults", () => {
    // idf = ln((1+n)/(1+df)) + 1: shared words 1, own words ln(1.5)+1; L2-normalised raw counts → 0.4113…
    const m = tfidfCosineMatrix(["the cat sat", "the dog sat down"]);
    const idfShared = 1;
    const idfOwn = Math.log(3 / 2) + 1;
    const expected = (2 * idfShared * idfShared) / (Math.sqrt(2 + idfOwn ** 2) * Math.sqrt(2 + 2 * idfOwn ** 2));
    assert.ok(Math.abs((m[0]?.[1] ?? 0) - expected) < 1e-12);
    assert.ok(Math.abs(expected - 0.4113) < 1e-3);
  });

  test("single-character tokens are ignored", () => {
    assert.deepEqual(tfidfTokens("A b cd 1 23"), ["cd", "23"]);
  });
});

test("agreementReport gives per-pair κ and cosine, per-question figures and the disagreement count", () => {
  const rec = (paper: string, cq: number, a: string, b: string) => ({
    paper,
    cq,
    opinions: {
      m1: { reported: a as "yes" | "no", answer: `adam ${a}` },
      m2: { reported: b as "yes" | "no", answer: `adam ${b}` },
    },
  });
  const report = agreementReport([
    rec("p1", 1, "yes", "yes"),
    rec("p2", 1, "no", "no"),
    rec("p3", 1, "yes", "no"),
    rec("p1", 2, "no", "no"),
  ]);
  assert.deepEqual(report.models, ["m1", "m2"]);
  const [pair] = report.pairs;
  assert.equal(pair?.n, 4);
  assert.equal(pair?.agreement, 0.75);
  assert.equal(pair?.kappa, 0.5);
  assert.equal(report.disagreements, 1);
  assert.equal(report.perCq[0]?.cq, 1);
  assert.equal(report.perCq[0]?.unanimous, 0.667);
});
