import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer } from "../../types.js";
import { createExtractiveEngine } from "./index.js";
import { docFrom, inputOf } from "./test-helpers.js";

// The failure classes of issue 11, each on a short paper written for this test, answered by the
// default engine (learned layer and rules together), as a user gets it. cue-classes.test.ts checks
// the same classes on the catalogue rules alone.

const questions = builtinQuestions();
const engine = createExtractiveEngine();

function answers(text: string, cqs: number[]): Map<number, Answer> {
  const doc = docFrom(text);
  return new Map(cqs.map((cq) => [cq, engine.answer(inputOf(doc), questions.find((q) => q.cq === cq)!) as Answer]));
}

const STUDY =
  "We trained a convolutional neural network to recognise the calls of twelve frog species in spectrograms. " +
  "The network was built with PyTorch and trained for 40 epochs with the Adam optimizer and a batch size of 32. ";
// The same study without a training length (a fixed number of epochs is itself a stopping rule).
const STUDY_NO_LENGTH =
  "We trained a convolutional neural network to recognise the calls of twelve frog species in spectrograms. " +
  "The network was built with PyTorch and trained with the Adam optimizer and a batch size of 32. ";

describe("plain statements the engine must not miss", () => {
  test("data from public archives, a split by year, augmentation operations and a deployment", () => {
    const a = answers(
      STUDY +
        "All recordings were downloaded from Xeno-canto and the Macaulay Library. " +
        "Recordings from 2015 to 2019 were used for training and those from 2020 for testing. " +
        "Each training clip was shifted in time at random, its pitch was shifted by up to two semitones, and mixup was applied. " +
        "The trained network was exported to ONNX and runs on a Raspberry Pi 4 in the field.",
      [1, 4, 7, 27, 28],
    );
    for (const cq of [1, 4, 7, 27, 28]) assert.equal(a.get(cq)?.reported, "yes", `CQ${cq}: ${a.get(cq)?.answer}`);
  });

  test("early stopping 'after N epochs without improvement' is a stopping rule and a regulariser (CQ16, CQ17)", () => {
    const a = answers(
      STUDY_NO_LENGTH +
        "Training lasts at most 120 epochs, with early stopping after 10 epochs without validation improvement.",
      [16, 17],
    );
    for (const cq of [16, 17]) assert.equal(a.get(cq)?.reported, "yes", `CQ${cq}: ${a.get(cq)?.answer}`);
  });

  test("a training length beside a per-epoch action, or in thousands of steps, is a stopping rule (CQ16)", () => {
    for (const length of [
      "The network is trained for 60 epochs and its weights are saved after each epoch.",
      "Pretraining ran for 250K steps on two GPUs.",
    ]) {
      const a = answers(STUDY_NO_LENGTH + length, [16]);
      assert.equal(a.get(16)?.reported, "yes", `${length} → ${a.get(16)?.answer}`);
    }
  });

  test("a split given as counts per subset ('700 training and 200 test images') is a split (CQ7)", () => {
    for (const split of [
      "The labelled set holds 900 spectrograms: 700 training images and 200 test images.",
      "We kept 640 training and 160 validation clips.",
    ]) {
      const a = answers(STUDY + split, [7]);
      assert.equal(a.get(7)?.reported, "yes", `${split} → ${a.get(7)?.answer}`);
    }
  });

  test("outputs fused across models are post-processing (CQ21)", () => {
    const a = answers(
      STUDY +
        "The class probabilities of the five networks were averaged, and the final label was the class with the highest mean.",
      [21],
    );
    assert.equal(a.get(21)?.reported, "yes", a.get(21)?.answer);
  });

  test("outputs fused with a hyphenated modifier ('the clip-wise outputs') are post-processing (CQ21)", () => {
    const a = answers(
      STUDY +
        "For the final label we average the clip-wise outputs of four networks trained on four folds of the data.",
      [21],
    );
    assert.equal(a.get(21)?.reported, "yes", a.get(21)?.answer);
  });
});

describe("labelled addresses are statements, not titles", () => {
  test("a front-matter 'Project page:' line gives the code repository (CQ8, CQ10)", () => {
    const a = answers(
      "Abstract. We present a point-cloud network that segments the leaves and stems of tomato plants. " +
        "It needs few labelled plants. Project page: https://gitlab.com/leaf-lab/stem-seg-3d\n\n" +
        STUDY,
      [8, 10],
    );
    for (const cq of [8, 10]) assert.equal(a.get(cq)?.reported, "yes", `CQ${cq}: ${a.get(cq)?.answer}`);
    assert.match(a.get(10)?.answer ?? "", /gitlab\.com\/leaf-lab\/stem-seg-3d/);
  });

  test("a footnote naming the UCI repository with its address is a data link (CQ11)", () => {
    const a = answers(
      STUDY +
        "The tabular benchmarks come from the UCI Machine Learning Repository 2 and each has two classes.\n" +
        "2. UCI Machine Learning Repository: https://archive.ics.uci.edu/datasets\n",
      [11],
    );
    assert.equal(a.get(11)?.reported, "yes", a.get(11)?.answer);
  });
});

describe("sentences the engine must not accept", () => {
  test("metrics and model selection are not monitoring; a schedule is not a stopping rule; flips are not a bias measure", () => {
    const a = answers(
      STUDY_NO_LENGTH +
        "We report accuracy, precision and the F1 score on the test set, and compared the candidate models by their AIC. " +
        "The learning rate was divided by ten every 10 epochs. " +
        "Random horizontal flips were applied to the spectrograms.",
      [16, 18, 26],
    );
    for (const cq of [16, 18, 26]) assert.equal(a.get(cq)?.reported, "no", `CQ${cq}: ${a.get(cq)?.evidence[0]?.quote}`);
  });

  test("a species distribution model is not a deep-learning model type", () => {
    const a = answers(
      "We modelled the range of the orchid with MaxEnt from 300 occurrence records and eight climate layers. " +
        "Model performance was assessed with the AUC on spatially blocked folds.",
      [12, 13, 15],
    );
    for (const cq of [13, 15]) assert.equal(a.get(cq)?.reported, "no", `CQ${cq}`);
    assert.ok(a.get(13)?.flags?.includes("non-dl-paper"));
  });
});
