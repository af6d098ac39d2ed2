import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer, Candidate, Document } from "../../types.js";
import { createExtractiveEngine, shippedLearnedLayer } from "./index.js";
import { docFrom, inputOf } from "./test-helpers.js";
import { MAX_CANDIDATES } from "./trace.js";

const questions = builtinQuestions();
const q = (cq: number) => questions.find((x) => x.cq === cq)!;

const DL_METHODS =
  "We trained a convolutional neural network (ResNet-50) with PyTorch on our camera trap images. " +
  "The deep learning model was fine-tuned from pretrained weights and used dropout before the softmax layer. " +
  "Our deep neural network classifies each image into one of ten species.";

// Each sentence that speaks of the topic is not evidence: another study's, a plan, a negation.
function paper(topic: { otherWork: string; hedged: string; negated: string }): Document {
  return docFrom(`Introduction\n${topic.otherWork} ${topic.hedged}\nMethods\n${DL_METHODS} ${topic.negated}\n`, [
    ["introduction", "Introduction"],
    ["methods", "Methods"],
  ]);
}

const HARDWARE = {
  otherWork: "Smith et al. (2019) trained their detector on an NVIDIA Tesla V100 GPU.",
  hedged: "Training could be accelerated with a GPU in future work.",
  negated: "No GPU was used for training.",
};
const AUGMENTATION = {
  otherWork: "Smith et al. (2019) used data augmentation with random flips and rotations to train their detector.",
  hedged: "Future work could apply data augmentation such as random cropping.",
  negated: "No data augmentation was applied to the images.",
};

function byQuote(candidates: Candidate[] | undefined, start: string): Candidate {
  const c = candidates?.find((x) => x.quote.includes(start));
  assert.ok(c, `no candidate quoting "${start}" in ${JSON.stringify(candidates?.map((x) => x.quote))}`);
  return c;
}

function assertQuotesVerify(doc: Document, a: Answer): void {
  assert.ok(a.candidates && a.candidates.length > 0 && a.candidates.length <= MAX_CANDIDATES);
  for (const c of a.candidates) {
    assert.equal(c.quote, doc.text.slice(c.start, c.end));
    assert.equal(c.page, 1);
  }
}

describe("where we looked (candidates of a no)", () => {
  test("learned layer (CQ20 hardware): negated, other-work and hedged sentences carry those reasons", () => {
    // Whoever decides CQ20 in the shipped weights, this test has the layer decide it.
    const shipped = shippedLearnedLayer();
    const cq20 = shipped.paper.questions["20"];
    assert.ok(cq20, "the shipped layer has weights for CQ20");
    const learned = {
      ...shipped,
      paper: { ...shipped.paper, questions: { ...shipped.paper.questions, "20": { ...cq20, use: "layer" as const } } },
    };
    const doc = paper(HARDWARE);
    const a = createExtractiveEngine({ learned }).answer(inputOf(doc), q(20)) as Answer;
    assert.equal(a.reported, "no");
    assertQuotesVerify(doc, a);
    assert.ok(a.candidates!.every((c) => c.scale === "probability" && c.score >= 0 && c.score <= 1));
    // Best first.
    const scores = a.candidates!.map((c) => c.score);
    assert.deepEqual(
      scores,
      [...scores].sort((x, y) => y - x),
    );
    assert.ok(byQuote(a.candidates, "Smith et al.").reasons.includes("other-work"));
    assert.ok(byQuote(a.candidates, "Smith et al.").reasons.includes("outside-methods"));
    assert.ok(!byQuote(a.candidates, "Smith et al.").reasons.includes("no-cue-match"), "a GPU cue matched it");
    assert.ok(byQuote(a.candidates, "could be accelerated").reasons.includes("hedged"));
    const negated = byQuote(a.candidates, "No GPU");
    assert.ok(negated.reasons.includes("negated"));
    assert.ok(!negated.reasons.includes("outside-methods"));
    assert.ok(!negated.reasons.includes("hedged"));
    for (const c of a.candidates!) assert.equal(c.reasons.includes("below-threshold"), c.score < 0.5);
  });

  test("catalogue rules (CQ4 augmentation): a weak hedged hit, then the sentences the rule dropped", () => {
    const doc = paper(AUGMENTATION);
    for (const learned of [undefined, null]) {
      const a = createExtractiveEngine({ learned }).answer(inputOf(doc), q(4)) as Answer;
      assert.equal(a.reported, "no");
      assertQuotesVerify(doc, a);
      assert.ok(a.candidates!.every((c) => c.scale === "rule"));
      const hedged = a.candidates![0];
      assert.match(hedged.quote, /^Future work could/);
      assert.ok(hedged.score > 0 && hedged.score < 1);
      assert.deepEqual(hedged.reasons, ["below-threshold", "hedged", "outside-methods"]);
      assert.deepEqual(byQuote(a.candidates, "Smith et al.").reasons, ["other-work", "outside-methods"]);
      assert.deepEqual(byQuote(a.candidates, "No data augmentation").reasons, ["negated"]);
      assert.equal(byQuote(a.candidates, "No data augmentation").score, 0);
    }
  });

  test("a deep-learning question about a non-DL study says so on every candidate", () => {
    const doc = docFrom(
      "We counted birds at 40 sites with point counts. Smith et al. (2019) trained their network on a GPU. " +
        "A generalised linear model related counts to habitat.",
    );
    const a = createExtractiveEngine().answer(inputOf(doc), q(20)) as Answer;
    assert.equal(a.reported, "no");
    assert.ok(a.flags?.includes("non-dl-paper"));
    assert.ok(a.candidates && a.candidates.length > 0);
    for (const c of a.candidates) assert.ok(c.reasons.includes("not-deep-learning-paper"), c.quote);
  });

  test("a yes carries no candidates; its evidence is the trace", () => {
    const doc = docFrom(
      `${DL_METHODS} The network was trained on an NVIDIA GeForce RTX 3090 GPU with 24 GB of memory.`,
    );
    const a = createExtractiveEngine().answer(inputOf(doc), q(20)) as Answer;
    assert.equal(a.reported, "yes");
    assert.equal(a.candidates, undefined);
  });
});
