import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import { isNegatedAt, isOtherWork, isReferenceEntry } from "./doc-context.js";
import { createExtractiveEngine } from "./index.js";
import { codeUrls, dataUrls, hyperparameters, parseNumber, seeds, splits } from "./values.js";

const values = (hits: { key: string; value: unknown }[], key: string) =>
  hits.filter((h) => h.key === key).map((h) => h.value);

describe("value extractors", () => {
  test("parseNumber keeps the literal meaning of what is written", () => {
    assert.equal(parseNumber("10e-5"), 1e-4);
    assert.equal(parseNumber("1 × 10-4"), 1e-4);
    assert.equal(parseNumber("0.001"), 0.001);
    assert.equal(parseNumber("abc"), undefined);
  });

  test("hyperparameters: each number goes with its own setting", () => {
    const hits = hyperparameters(
      "Training used a learning rate of 0.001, a batch size of 32, 50 epochs and dropout of 0.5.",
    );
    assert.deepEqual(values(hits, "learning_rate"), [0.001]);
    assert.deepEqual(values(hits, "batch_size"), [32]);
    assert.deepEqual(values(hits, "epochs"), [50]);
    assert.deepEqual(values(hits, "dropout"), [0.5]);
  });

  test("splits: ratios of a whole, percentages and folds; dates are not splits", () => {
    assert.deepEqual(values(splits("We used an 80/10/10 split."), "splits"), ["80/10/10"]);
    assert.deepEqual(values(splits("70% of the images were used for training."), "percentages"), ["70% training"]);
    assert.deepEqual(values(splits("Models were assessed with 5-fold cross-validation."), "cross_validation"), [
      "5-fold",
    ]);
    assert.deepEqual(values(splits("Recording started at 10:30 each day."), "splits"), []);
  });

  test("links: code hosts vs data repositories", () => {
    assert.deepEqual(values(codeUrls("Code: https://github.com/a/b."), "urls"), ["https://github.com/a/b"]);
    assert.deepEqual(values(dataUrls("Data: https://doi.org/10.5281/zenodo.123."), "urls"), [
      "https://doi.org/10.5281/zenodo.123",
    ]);
    assert.deepEqual(values(codeUrls("See https://example.org/page."), "urls"), []);
  });

  test("seeds", () => {
    assert.deepEqual(values(seeds("We fixed the random seed to 42."), "seeds"), [42]);
  });
});

describe("sentence judgements", () => {
  test("negation reaches only its clause", () => {
    const s = "No augmentation was applied, but the images were resized.";
    assert.equal(isNegatedAt(s, s.indexOf("augmentation"), s.indexOf("augmentation") + 12), true);
    assert.equal(isNegatedAt(s, s.indexOf("resized"), s.indexOf("resized") + 7), false);
    const t = "We not only flipped but also rotated images.";
    assert.equal(isNegatedAt(t, t.indexOf("flipped"), t.indexOf("flipped") + 7), false);
  });

  test("other work and bibliography entries", () => {
    assert.equal(isOtherWork("Smith et al. (2020) trained a ResNet on camera trap images."), true);
    assert.equal(isOtherWork("CNNs have been widely used (Lee, 2019; Kim, 2021)."), true);
    assert.equal(isOtherWork("We trained a ResNet, following Smith et al. (2020)."), false);
    assert.equal(
      isReferenceEntry("[12] A. Author, B. Author, Deep nets for birds, Ecol. Inform. 12 (2020) 101–110."),
      true,
    );
    assert.equal(isReferenceEntry("We trained the network for 30 epochs."), false);
  });
});

test("splits reads subset percentages and ignores percentages of other things", () => {
  const v = (s: string) => splits(s).map((h) => h.value);
  assert.deepEqual(v("We split the dataset into a training set (70%), a validation set (15%) and a test set (15%)."), [
    "70% training",
    "15% validation",
    "15% test",
  ]);
  assert.deepEqual(v("80% of the images were used for training and 20% for testing."), ["80% training", "20% testing"]);
  assert.deepEqual(v("each class made up at least 3% of the training batches."), []);
  assert.deepEqual(v("About 6% of test images fell below the threshold."), []);
  assert.deepEqual(v("It reached 95% training accuracy."), []);
});

test("hardware is reported as written, without shorter duplicates", async () => {
  const document = buildDocument({
    id: "hw",
    path: "hw.txt",
    pages: [
      "Methods\n\nWe trained a ResNet-50 convolutional neural network in PyTorch with Adam for 40 epochs. " +
        "Training ran on a single NVIDIA RTX 3090 GPU (24 GB memory).",
    ],
  });
  const q20 = builtinQuestions().find((q) => q.cq === 20);
  assert.ok(q20);
  const answer = await createExtractiveEngine().answer({ document, chunks: [], retrieve: () => [] }, q20);
  assert.equal(answer.reported, "yes");
  assert.deepEqual(answer.values.hardware, ["NVIDIA RTX 3090 GPU", "24 GB memory"]);
});
