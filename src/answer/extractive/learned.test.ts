import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer } from "../../types.js";
import { compileCues } from "./cues.js";
import { buildDocContext } from "./doc-context.js";
import { measureQuestion } from "./features.js";
import { createExtractiveEngine, type DlDetection } from "./index.js";
import { decideWithLayer, documentLogits, type LearnedLayer, shippedLearnedLayer } from "./learned.js";
import {
  cueFeatureIds,
  hashFeature,
  loadSentenceModel,
  PAPER_FEATURE_NAMES,
  type PaperModel,
  paperFeatures,
  paperProbability,
  sentenceFeatureNames,
  sentenceTokens,
  textLogits,
} from "./sentence-model.js";
import { docFrom, inputOf } from "./test-helpers.js";

const questions = builtinQuestions();
const q = (cq: number) => questions.find((x) => x.cq === cq)!;

/** A hand-made layer for CQ15 (optimizer): "adam" and "optimizer" raise a sentence, nothing else does. */
function tinyLayer(): LearnedLayer {
  const sentences = loadSentenceModel({
    version: 1,
    hashBits: 18,
    questions: { "15": { b: -4, ids: [hashFeature("adam"), hashFeature("optimizer")], w: [3, 2] } },
  });
  const w = PAPER_FEATURE_NAMES.map((name) => (name === "top1" ? 2 : 0));
  const paper: PaperModel = { version: 1, features: [...PAPER_FEATURE_NAMES], questions: { "15": { w, b: -1 } } };
  return { sentences, paper };
}

describe("sentence features", () => {
  test("numbers become shapes, words are lower case, run-on sentences are cut", () => {
    assert.deepEqual(sentenceTokens("Trained for 50 epochs in 2021 at 0.001 and 95% with ResNet-50"), [
      "trained",
      "for",
      "#int",
      "epochs",
      "in",
      "#year",
      "at",
      "#small",
      "and",
      "#pct",
      "with",
      "resnet-50",
    ]);
    assert.equal(sentenceTokens("word ".repeat(500)).length, 160);
  });

  test("names carry words, pairs, heading words, section, flags and cues", () => {
    const ctx = buildDocContext(docFrom("We applied random flips and crops to the images."));
    const names = sentenceFeatureNames(ctx.sentences[0], "2.3 Data augmentation", ["augmentation"]);
    for (const expected of [
      "applied",
      "random flips",
      "heading:augmentation",
      "heading:data",
      "section:other",
      "flag:own",
      "cue:augmentation",
    ])
      assert.ok(names.includes(expected), `missing ${expected}`);
    assert.ok(!names.includes("the"), "stopwords have no unigram");
  });

  test("hashing is deterministic and inside the hash space", () => {
    assert.equal(hashFeature("adam"), hashFeature("adam"));
    assert.notEqual(hashFeature("adam"), hashFeature("sgd"));
    assert.ok(hashFeature("anything") < 2 ** 18);
  });

  test("one table lookup per feature serves every question", () => {
    const model = loadSentenceModel({
      version: 1,
      hashBits: 18,
      questions: { "3": { b: -1, ids: [5], w: [2] }, "7": { b: 0.5, ids: [5, 9], w: [-1, 4] } },
    });
    assert.deepEqual(model.questions, [3, 7]);
    assert.deepEqual(Array.from(textLogits(model, Uint32Array.from([5, 9, 11]))), [1, 3.5]);
    assert.equal(
      loadSentenceModel({ version: 1, hashBits: 12, questions: { "3": { b: 0, ids: [], w: [] } } }).questions.length,
      0,
    );
  });

  test("paper features are bounded whatever the logits", () => {
    const x = paperFeatures({ logits: [1e9, -1e9], ruleRatio: 99, rulePass: true, dlProbability: 3, sentences: 1e7 });
    assert.equal(x.length, PAPER_FEATURE_NAMES.length);
    for (const v of x) assert.ok(Number.isFinite(v) && Math.abs(v) <= 9, `unbounded ${v}`);
    const empty = paperFeatures({ logits: [], ruleRatio: 0, rulePass: false, dlProbability: 0, sentences: 0 });
    assert.equal(empty[0], -8);
  });

  test("a paper model for another feature set is not used", () => {
    const paper: PaperModel = { version: 1, features: ["a"], questions: { "1": { w: [1], b: 0 } } };
    assert.equal(paperProbability(paper, 1, [1]), undefined);
  });
});

describe("the learned layer decides from its best sentences", () => {
  test("the best sentence is quoted, cited and heading pieces never are", () => {
    const text =
      "3.1. Training. Kingma, D.P., Ba, J., 2015. Adam: a method for stochastic optimization. " +
      "The weights were updated with the Adam optimizer. The images were resized.";
    const doc = docFrom(text);
    const layer = tinyLayer();
    const ctx = buildDocContext(doc);
    const d = decideWithLayer(layer, {
      ctx,
      logits: documentLogits(layer, ctx),
      hits: [],
      cq: 15,
      threshold: 1,
      dlProbability: 1,
    });
    assert.ok(d.probability !== undefined && d.probability > 0.5);
    assert.match(d.ranked[0].sentence.text, /updated with the Adam optimizer/);
    assert.ok(d.ranked.every((r) => !/a method for stochastic/.test(r.sentence.text)));
    assert.equal(
      decideWithLayer(layer, {
        ctx,
        logits: documentLogits(layer, ctx),
        hits: [],
        cq: 3,
        threshold: 1,
        dlProbability: 1,
      }).probability,
      undefined,
      "a question the layer lacks falls back to the rules",
    );
  });

  test("the engine's confidence is the layer's probability and its quote is exact", () => {
    const doc = docFrom("The weights were updated with the Adam optimizer. The images were resized.");
    const engine = createExtractiveEngine({ learned: tinyLayer() });
    const a = engine.answer(inputOf(doc), q(15)) as Answer;
    assert.equal(a.reported, "yes");
    assert.equal(a.evidence[0].quote, doc.text.slice(a.evidence[0].start, a.evidence[0].end));
    assert.match(a.evidence[0].quote, /Adam optimizer/);
    // top1 = 3 + 2 - 4 = 1 → p = sigmoid(2·1 − 1).
    assert.equal(a.confidence, Math.round(100 / (1 + Math.exp(-1))) / 100);
    const none = engine.answer(inputOf(docFrom("The images were resized to 224 pixels.")), q(15)) as Answer;
    assert.equal(none.reported, "no");
    assert.ok(none.confidence >= 0.5);
  });

  test("learned: null answers with the catalogue rules alone", () => {
    const engine = createExtractiveEngine({ learned: null });
    assert.equal(engine.settings.learned, null);
    assert.notEqual(createExtractiveEngine().settings.learned, null);
  });

  test("cue features add to a sentence's logit", () => {
    const layer = loadSentenceModel({
      version: 1,
      hashBits: 18,
      questions: { "4": { b: 0, ids: cueFeatureIds(["augmentation"]), w: [1.5, 0.5] } },
    });
    assert.equal(layer.rows.size, 2);
  });
});

describe("the deep-learning decision is a prior, not a gate", () => {
  const notDl: DlDetection = { dl: false, score: 1, confidence: 0.7, probability: 0.15, evidence: [] };
  const cues = (cq: number) => compileCues(q(cq));

  test("the study's own plain statement answers a DL question whatever the filter said", () => {
    const ctx = buildDocContext(docFrom("We trained our network for 60 epochs with the Adam optimizer."));
    const m = measureQuestion(ctx, cues(15), notDl, true);
    assert.equal(m.asDl, true);
    assert.equal(m.statedDespiteFilter, true);
    assert.equal(m.dl.dl, false, "the paper-level decision itself is kept");
  });

  test("other people's work, hedged plans and non-DL questions keep the filter's decision", () => {
    for (const text of [
      "Smith et al. (2020) trained their network with the Adam optimizer.",
      "In future work we could train a network with the Adam optimizer.",
    ]) {
      const m = measureQuestion(buildDocContext(docFrom(text)), cues(15), notDl, true);
      assert.equal(m.asDl, false, text);
    }
    const general = measureQuestion(buildDocContext(docFrom("We report the AUC.")), cues(22), notDl, false);
    assert.equal(general.statedDespiteFilter, undefined);
  });

  test("the rules path flags such an answer and still calls the paper non-DL", () => {
    const doc = docFrom(
      "Occurrences were modelled with a random forest. We trained our network for 60 epochs with the Adam optimizer.",
    );
    const a = createExtractiveEngine({ learned: null, paperDetection: () => notDl }).answer(
      inputOf(doc),
      q(15),
    ) as Answer;
    assert.equal(a.reported, "yes");
    assert.ok(a.flags?.includes("dl-by-statement"));
  });
});

describe("the shipped layer (trained by npm run train)", () => {
  const layer = shippedLearnedLayer();
  const covered = layer.sentences.questions.length === 28;

  test("covers all 28 questions", () => {
    assert.equal(layer.sentences.questions.length, 28);
    assert.equal(Object.keys(layer.paper.questions).length, 28);
    assert.deepEqual(layer.paper.features, [...PAPER_FEATURE_NAMES]);
  });

  // The deep-learning decision is a prior, not a gate: a short paper the filter doubts still gets
  // its plain statements about a detector it trained.
  test("a short camera-trap note judged non-DL still reports its detector and its training", { skip: !covered }, () => {
    const doc = docFrom(
      "Counting deer in camera-trap images. We trained an object detector to find deer in 4,000 camera-trap images " +
        "that two observers had labelled with bounding boxes. We used YOLOv5s, a one-stage object detector, " +
        "and trained it for 100 epochs with a batch size of 16 and the SGD optimizer. " +
        "The detector found 91% of the deer in the test images.",
    );
    const doubtful: DlDetection = { dl: false, score: 2, confidence: 0.6, probability: 0.2, evidence: [] };
    const engine = createExtractiveEngine({ paperDetection: () => doubtful });
    const answers = new Map(questions.map((x) => [x.cq, engine.answer(inputOf(doc), x) as Answer]));
    assert.equal(answers.get(12)?.reported, "yes", "model type");
    assert.equal(answers.get(13)?.reported, "yes", "hyperparameters");
    assert.equal(answers.get(15)?.reported, "yes", "optimizer");
  });

  test("confidence lies in [0.5, 1] and is higher for a plain statement than for a passing mention", {
    skip: !covered,
  }, () => {
    const engine = createExtractiveEngine();
    const plain = docFrom(
      "We trained a convolutional neural network on our images. The network was optimised with Adam at a learning rate of 0.001 for 50 epochs.",
    );
    const passing = docFrom(
      "We trained a convolutional neural network on our images. Several optimisers exist for such networks.",
    );
    const a = engine.answer(inputOf(plain), q(15)) as Answer;
    const b = engine.answer(inputOf(passing), q(15)) as Answer;
    for (const x of [a, b]) assert.ok(x.confidence >= 0.5 && x.confidence <= 1);
    assert.equal(a.reported, "yes");
    const pa = a.confidence;
    const pb = b.reported === "yes" ? b.confidence : 1 - b.confidence;
    assert.ok(pa > pb, `plain ${pa} vs passing ${pb}`);
  });
  // A review describes other people's work: the layer's yes needs a statement of the paper's own, as the rules'.
  test("a review's account of other people's models is not its own task, datasets or framework", {
    skip: !covered,
  }, () => {
    const engine = createExtractiveEngine();
    const review = docFrom(
      "Deep learning for species identification: a review. Abstract. This review summarises how deep learning is used to " +
        "identify species from images and sounds. We review 120 studies published between 2015 and 2024. In these studies, " +
        "the networks predict the species of each animal in a camera-trap image and classify bird songs in audio " +
        "recordings (Norouzzadeh et al., 2018; Kahl et al., 2021). Most detectors were trained on the Snapshot Serengeti " +
        "dataset and implemented in PyTorch (Willi et al., 2019; Beery et al., 2018). This review concludes that " +
        "transfer learning dominates the field.",
    );
    for (const cq of [5, 19, 25]) {
      const a = engine.answer(inputOf(review), q(cq)) as Answer;
      assert.equal(a.reported, "no", `CQ${cq}: ${a.answer} ${JSON.stringify(a.evidence)}`);
    }
  });
});
