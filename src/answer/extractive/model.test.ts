import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer } from "../../types.js";
import { DL_FEATURE_NAMES, detectDeepLearning, dlFeatures } from "./dl-detect.js";
import { buildDocContext } from "./doc-context.js";
import { FEATURE_NAMES } from "./features.js";
import { ANSWER_MODEL, createExtractiveEngine, extractiveFeatures } from "./index.js";
import { fitLogistic, modelCut, modelProbability } from "./model.js";
import { evidenceStrength, type SentenceHit } from "./score.js";
import { docFrom, inputOf } from "./test-helpers.js";

const questions = builtinQuestions();
const q = (cq: number) => questions.find((x) => x.cq === cq)!;

const DL_TEXT =
  "We trained a convolutional neural network (ResNet-50) with PyTorch on our camera trap images for 30 epochs. " +
  "The deep learning model was fine-tuned from pretrained weights and used dropout before the softmax layer. " +
  "Our deep neural network classifies each image into one of ten species with an accuracy of 94%.";

function hitAt(start: number, score: number): SentenceHit {
  const sentence = {
    start,
    end: start + 50,
    text: "",
    section: "methods" as const,
    page: 1,
    otherWork: false,
    cited: false,
    sourced: false,
    heading: false,
    hedged: false,
    own: true,
  };
  return { sentence, score, signals: ["s"], values: [], from: start, to: start + 10 };
}

describe("logistic layer", () => {
  test("fitLogistic is deterministic and separates a simple problem", () => {
    const X = [[0], [0.2], [0.8], [1]];
    const y = [0, 0, 1, 1];
    const a = fitLogistic(X, y, { iterations: 300, l2: 0, learningRate: 0.1 });
    const b = fitLogistic(X, y, { iterations: 300, l2: 0, learningRate: 0.1 });
    assert.deepEqual(a, b);
    const model = { version: 1, features: ["x"], questions: { "7": a } };
    assert.ok((modelProbability(model, 7, [1]) ?? 0) > 0.5);
    assert.ok((modelProbability(model, 7, [0]) ?? 1) < 0.5);
    assert.equal(modelProbability(model, 8, [1]), undefined, "question without weights");
    assert.equal(modelProbability(model, 7, [1, 2]), undefined, "wrong feature count");
    assert.equal(modelCut(model, 7), 0.5);
  });

  test("shipped weights match the feature sets", () => {
    assert.deepEqual(ANSWER_MODEL.features, [...FEATURE_NAMES]);
    for (const w of Object.values(ANSWER_MODEL.questions)) assert.equal(w.w.length, FEATURE_NAMES.length);
  });

  test("feature vectors have the model's length; a paper with deep learning sets the dl feature", () => {
    const doc = docFrom(DL_TEXT);
    const rows = extractiveFeatures(inputOf(doc), questions);
    assert.equal(rows.length, questions.length);
    for (const r of rows) assert.equal(r.x.length, FEATURE_NAMES.length);
    assert.equal(rows[0].x[FEATURE_NAMES.indexOf("dl")], 1);
    assert.ok(rows.find((r) => r.cq === 22)!.hits > 0, "accuracy is a metric");
  });

  test("with the distilled layer every yes still quotes the paper", () => {
    const doc = docFrom(DL_TEXT);
    const engine = createExtractiveEngine({ model: ANSWER_MODEL });
    assert.equal(engine.settings.model, ANSWER_MODEL.version);
    for (const question of questions) {
      const a = engine.answer(inputOf(doc), question) as Answer;
      if (a.reported === "yes") {
        assert.ok(a.evidence.length > 0, `CQ${question.cq} yes without evidence`);
        for (const e of a.evidence) assert.equal(e.quote, doc.text.slice(e.start, e.end));
      }
    }
  });
});

describe("evidence strength", () => {
  test("weak hits add up within one passage but not across a long paper", () => {
    assert.equal(evidenceStrength([]), 0);
    assert.equal(evidenceStrength([hitAt(0, 0.5), hitAt(200, 0.5)]), 1);
    assert.equal(evidenceStrength([hitAt(0, 0.5), hitAt(5000, 0.5)]), 0.5);
    assert.equal(evidenceStrength([hitAt(0, 1), hitAt(100, 1), hitAt(200, 1)]), 2, "capped at twice the best");
  });
});

describe("deep-learning filter", () => {
  test("features have the model's length; rule and trained filter agree on clear cases", () => {
    const dl = docFrom(DL_TEXT);
    const plain = docFrom(
      "We fitted a generalized linear model to the counts of birds observed along transects in 2019.",
    );
    assert.equal(dlFeatures(buildDocContext(dl), 10).length, DL_FEATURE_NAMES.length);
    assert.equal(detectDeepLearning(dl).dl, true);
    assert.equal(detectDeepLearning(plain).dl, false);
    assert.equal(detectDeepLearning(plain, buildDocContext(plain), null).dl, false);
  });
});

describe("two-column text", () => {
  test("a sentence cut by a blank line is rejoined, so a code link keeps its context", () => {
    const doc = docFrom(`${DL_TEXT}\n\nSource code is available\n\nfrom https://doi.org/10.5281/zenodo.2562058.\n`);
    const a = createExtractiveEngine().answer(inputOf(doc), q(10)) as Answer;
    assert.equal(a.reported, "yes");
    assert.match(a.evidence[0].quote, /^Source code is available\s+from https/);
  });

  test("prose after a references heading survives when every line is its own block", () => {
    const lines = [
      "we trained the network for 25 epochs using the",
      "Adam optimiser and a learning rate of 0.0001 on",
      "a single GPU while the validation loss was logged",
      "after every epoch of training on the tiles we cut",
      "from the survey images of the wildebeest herds",
      "that volunteers had counted on the web platform",
      "and the counts were then compared with the expert",
      "count of every image in the test set of the study",
      "so that the two methods could be judged fairly by",
      "the same yardstick across all of the survey areas.",
    ];
    const text = `Intro text here.\n\nReferences\n\n${lines.join("\n\n")}\n\nSmith, J. (2019). A title. J. Ecol. 12, 1-10.\n`;
    const doc = docFrom(text, [["references", "References"]]);
    const ctx = buildDocContext(doc);
    assert.ok(ctx.sentences.some((s) => /Adam optimiser/.test(s.text)));
    assert.ok(!ctx.sentences.some((s) => /A title/.test(s.text)));
  });
});
