import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import { canonicalList } from "./canonical.js";
import { createExtractiveEngine } from "./index.js";
import { codeUrls, hyperparameters, splitCriterion, splits } from "./values.js";
import { VOCABULARIES } from "./vocab.js";

// Failure classes seen on real papers; every sentence here is written for the test.

const values = (hits: { key: string; value: unknown }[], key: string) =>
  hits.filter((h) => h.key === key).map((h) => h.value);

/** What a vocabulary reports for a sentence, canonicalised as an answer lists it. */
function names(vocab: string, key: string, text: string): unknown[] {
  const found: string[] = [];
  for (const term of VOCABULARIES[vocab])
    for (const m of text.matchAll(new RegExp(term.pattern, term.caseSensitive ? "g" : "gi")))
      found.push(term.keepMatch ? m[0] : term.name);
  return canonicalList(key, found);
}

const answer = async (cq: number, text: string) => {
  const document = buildDocument({ id: `cq${cq}`, path: "t.txt", pages: [text] });
  const q = builtinQuestions().find((x) => x.cq === cq);
  assert.ok(q);
  return createExtractiveEngine({ deepLearning: () => true }).answer({ document, chunks: [], retrieve: () => [] }, q);
};

describe("names keep their variant", () => {
  test("models", () => {
    assert.deepEqual(names("models", "models", "We fine-tuned a ResNet-50 and a ResNet backbone."), ["ResNet-50"]);
    assert.deepEqual(names("models", "models", "Detection used YOLOv5s; YOLO models are fast."), ["YOLOv5s"]);
    assert.deepEqual(names("models", "models", "An efficientnet-b0 and a Swin-T were compared."), [
      "Swin-T",
      "EfficientNet-b0",
    ]);
    assert.deepEqual(names("models", "models", "Text was encoded with BERT-base."), ["BERT-base"]);
    assert.deepEqual(names("models", "models", "We trained resnet50 and ResNet-50 again."), ["ResNet50"]);
    assert.deepEqual(names("models", "models", "Segmentation used DeepLabv3+ and UNet++."), ["U-Net++", "DeepLabv3+"]);
    assert.deepEqual(names("models", "models", "Deep residual networks were trained."), ["ResNet"]);
  });

  test("frameworks keep the version when written, in one form", () => {
    assert.deepEqual(names("frameworks", "frameworks", "All code used Pytorch 1.12 and PyTorch."), ["PyTorch 1.12"]);
    assert.deepEqual(names("frameworks", "frameworks", "Models were built in TensorFlow (version 2.4.1)."), [
      "TensorFlow 2.4.1",
    ]);
    assert.deepEqual(names("frameworks", "frameworks", "We used Keras v2.3 on top of TensorFlow."), [
      "TensorFlow",
      "Keras 2.3",
    ]);
  });

  test("hardware: the whole GPU name, and no bare GPU beside it", () => {
    assert.deepEqual(names("hardware", "hardware", "Training ran on an NVIDIA GeForce RTX 3090 GPU."), [
      "NVIDIA GeForce RTX 3090 GPU",
    ]);
    assert.deepEqual(names("hardware", "hardware", "We trained on one T4 GPU in Google Colab."), [
      "T4",
      "Google Colab",
    ]);
    assert.deepEqual(names("hardware", "hardware", "An NVIDIA Tesla V100 32GB GPU was used."), ["NVIDIA Tesla V100"]);
  });

  test("datasets are whole names: a CLEF challenge is not another one", () => {
    assert.deepEqual(names("datasets", "datasets", "We trained on the GeoLifeCLEF 2022 data."), ["GeoLifeCLEF 2022"]);
    assert.deepEqual(names("datasets", "datasets", "Results of the LifeCLEF campaign."), ["LifeCLEF"]);
    assert.deepEqual(names("datasets", "datasets", "Recordings from BirdCLEF were used."), ["BirdCLEF"]);
    assert.deepEqual(
      names("datasets", "datasets", "Few-shot tests on mini-ImageNet, CIFAR-100 and Sentinel-2 tiles."),
      ["mini-ImageNet", "CIFAR-100", "Sentinel-2"],
    );
  });
});

describe("the study's own model", () => {
  test("a model named in comparison gives way to the one the study trained", async () => {
    const a = await answer(
      12,
      "We trained a CNN-LSTM network on the yearly image stacks. " +
        "Unlike Vision Transformer approaches of previous studies, it needs little data.",
    );
    assert.equal(a.reported, "yes");
    assert.ok(!(a.values.models as string[]).includes("Vision Transformer"), String(a.values.models));
    assert.ok((a.values.models as string[]).includes("CNN"));
  });
  test("a comparison alone still names a model", async () => {
    const a = await answer(12, "Our results are better than those of a Vision Transformer on the same images.");
    assert.deepEqual(a.values.models, ["Vision Transformer"]);
  });
});

describe("splits keep their criterion", () => {
  test("ratios with what keeps the subsets apart", () => {
    assert.deepEqual(
      values(splits("Plots were split 70/15/15 into training, validation and test sets by site."), "splits"),
      ["70/15/15 by site"],
    );
    assert.deepEqual(
      values(splits("We held out 20% for testing with an 80/20 split stratified by species."), "splits"),
      ["80/20 stratified by species"],
    );
    assert.deepEqual(
      values(splits("Frames were divided 80:20 into training and test sets, split by individual."), "splits"),
      ["80:20 by individual"],
    );
    assert.deepEqual(values(splits("The split was made at the image level: 75% training and 25% test."), "scheme"), [
      "at the image level",
    ]);
    // "taken by camera" is not how the data were split.
    assert.deepEqual(
      values(splits("Photos taken by camera were divided 90:10 into training and test sets."), "splits"),
      ["90:10"],
    );
  });
  test("criteria by year, location, blocks and time", () => {
    assert.equal(splitCriterion("The data were partitioned by year into training and test sets."), "by year");
    assert.equal(splitCriterion("Samples were split by location."), "by location");
    assert.equal(splitCriterion("We used spatial blocks to separate training and test data."), "spatial blocks");
    assert.equal(splitCriterion("A temporal split kept the last season for testing."), "temporal split");
  });
});

describe("hyperparameters come from statements about training", () => {
  const of = (s: string, key: string) => values(hyperparameters(s), key);
  test("a learning-rate schedule gives no epochs and no rate", () => {
    assert.deepEqual(of("The learning rate was reduced by a factor of 10 every 20 epochs.", "epochs"), []);
    assert.deepEqual(of("The learning rate was reduced by a factor of 10 every 20 epochs.", "learning_rate"), []);
    assert.deepEqual(
      of("The network was trained for 60 epochs; its learning rate was halved after 30 epochs.", "epochs"),
      [60],
    );
    assert.deepEqual(
      of("The starting learning rate of 0.005 was lowered to 0.0005 after 40 epochs.", "learning_rate"),
      [0.005],
    );
  });
  test("patience, warm-up and stopping counts are not the number of epochs", () => {
    assert.deepEqual(of("Training stopped when the loss did not improve, with a patience of 12 epochs.", "epochs"), []);
    assert.deepEqual(of("We stopped after 8 epochs without improvement in validation loss.", "epochs"), []);
    assert.deepEqual(of("A linear warm-up of 3 epochs preceded training for 90 epochs.", "epochs"), [90]);
    assert.deepEqual(of("For choosing the best epoch of the model we use 1 of the 5 folds.", "epochs"), []);
  });
  test("a batch size for inference is not a training setting", () => {
    assert.deepEqual(of("Inference latency was measured with a batch size of 8 on the GPU.", "batch_size"), []);
    assert.deepEqual(of("We trained with a batch size of 24 for 30 epochs.", "batch_size"), [24]);
  });
  test("several values: lists and 'respectively'", () => {
    assert.deepEqual(
      of("The detector and the classifier were trained for 40 and 120 epochs, respectively.", "epochs"),
      [40, 120],
    );
    const hits = hyperparameters("Learning rate and batch size were set to 0.0005 and 48, respectively.");
    assert.deepEqual(values(hits, "learning_rate"), [0.0005]);
    assert.deepEqual(values(hits, "batch_size"), [48]);
    const three = hyperparameters(
      "The number of epochs, batch size and learning rate were 75, 12 and 3e-4, respectively.",
    );
    assert.deepEqual(values(three, "epochs"), [75]);
    assert.deepEqual(values(three, "batch_size"), [12]);
    assert.deepEqual(values(three, "learning_rate"), [0.0003]);
    assert.deepEqual(
      of("We compared learning rates of 0.01, 0.001 and 0.0001.", "learning_rate"),
      [0.01, 0.001, 0.0001],
    );
    assert.deepEqual(of("A batch size of 16, 25 epochs and a dropout of 0.2 were used.", "batch_size"), [16]);
    assert.deepEqual(of("Fine-tuning ran for 500K steps.", "iterations"), [500000]);
    assert.deepEqual(of("Pre-training ran for 20K steps on two RTX 3080 GPUs.", "iterations"), [20000]);
  });
  test("a number inside a name is no setting", () => {
    assert.deepEqual(of("Few epochs suffice thanks to the wav2vec encoder.", "epochs"), []);
  });
  test("one value per setting, or a list when the paper gives several", async () => {
    const one = await answer(
      13,
      "We trained for 80 epochs with a batch size of 16. Training lasted 80 epochs in total.",
    );
    assert.equal(one.values.epochs, 80);
    const two = await answer(
      13,
      "The encoder was trained for 50 epochs with a learning rate of 0.001. The decoder was then trained for 20 epochs with a learning rate of 0.0001.",
    );
    assert.deepEqual(two.values.epochs, [50, 20]);
    assert.deepEqual(two.values.learning_rate, [0.001, 0.0001]);
    assert.deepEqual(two.values.learning_rate_text, ["0.001", "0.0001"]);
  });
});

describe("links are kept whole", () => {
  test("underscores, line breaks, parentheses and trailing punctuation", () => {
    assert.deepEqual(values(codeUrls("Our scripts are at https://github.com/some_user/repo_name."), "urls"), [
      "https://github.com/some_user/repo_name",
    ]);
    assert.deepEqual(values(codeUrls("Code: https://gitlab.com/lab/fish_counting_ tool_v2, accessed 2021."), "urls"), [
      "https://gitlab.com/lab/fish_counting_tool_v2",
    ]);
    assert.deepEqual(values(codeUrls("The code (https://github.com/a_b/c_d) is open."), "urls"), [
      "https://github.com/a_b/c_d",
    ]);
    assert.deepEqual(values(codeUrls("Code: https://github.com/owner_x/ tree_model (2024)."), "urls"), [
      "https://github.com/owner_x/tree_model",
    ]);
    assert.deepEqual(values(codeUrls("See https://github.com/x/y; data elsewhere."), "urls"), [
      "https://github.com/x/y",
    ]);
  });
});

describe("a search space is not the setting used", () => {
  test("grid-search candidates give way to the values the study states it used (CQ13)", async () => {
    const a = await answer(
      13,
      "We trained the convolutional network with the SGD optimizer, a learning rate of 0.01 and a batch size of 64 for 80 epochs. " +
        "Both were chosen by a grid\nsearch over learning rates of 0.1, 0.01 and 0.001 and batch sizes of 32, 64 and 128.",
    );
    assert.equal(a.values.learning_rate, 0.01);
    assert.equal(a.values.batch_size, 64);
  });

  test("candidates alone are still reported when no chosen value is stated (CQ13)", async () => {
    const a = await answer(
      13,
      "We trained the convolutional network for 80 epochs; the learning rate was tuned over 0.1, 0.01 and 0.001 on the validation set.",
    );
    const rates = a.values.learning_rate;
    assert.ok(Array.isArray(rates) && rates.includes(0.1) && rates.includes(0.01), JSON.stringify(rates));
  });
});
