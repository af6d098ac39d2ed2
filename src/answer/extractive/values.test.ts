import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import {
  buildDocContext,
  isHedgedAt,
  isNegatedAt,
  isOtherWork,
  isReferenceEntry,
  isSourcedStatement,
  isTitleOrKeywords,
} from "./doc-context.js";
import { createExtractiveEngine } from "./index.js";
import { codeUrls, datasetNames, dataUrls, hyperparameters, parseNumber, seeds, splits } from "./values.js";

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

  test("datasets the vocabulary does not list are named before 'dataset', 'benchmark' or 'collection'", () => {
    const names = (s: string) => datasetNames(s).map((h) => h.value);
    assert.deepEqual(names("We also tested on the public ReefFish-12 dataset."), ["ReefFish-12"]);
    assert.deepEqual(names("The model was pretrained on the BigEarthNet benchmark."), ["BigEarthNet"]);
    assert.deepEqual(names("Calls from the ANSWER 2019 collection were added."), ["ANSWER 2019"]);
    assert.deepEqual(names("Our evaluation follows the iNatSounds benchmark and the FrogID database."), [
      "iNatSounds",
      "FrogID",
    ]);
    // Kinds of data, abbreviations of tools and plain words are not names.
    assert.deepEqual(names("The RGB dataset and the LiDAR dataset were merged with the training dataset."), []);
    assert.deepEqual(names("The Bavarian dataset has 400 images; This collection is small."), []);
    const engine = createExtractiveEngine({ learned: null });
    const q5 = builtinQuestions().find((q) => q.cq === 5);
    assert.ok(q5);
    const doc = buildDocument({
      id: "ds",
      path: "ds.txt",
      title: "Frog calls",
      pages: [
        "We trained a convolutional neural network on spectrograms of frog calls. The network was fine-tuned from pretrained weights for 30 epochs. We also tested it on the public ReefFish-12 dataset.",
      ],
    });
    const answer = engine.answer({ document: doc, chunks: [], retrieve: () => [] }, q5) as {
      values: { datasets?: string[] };
    };
    assert.deepEqual(answer.values.datasets, ["ReefFish-12"]);
  });

  test("hyperparameters: 'in batches of N' and 'a mini-batch of N' give the batch size", () => {
    const batch = (s: string) => values(hyperparameters(s), "batch_size");
    assert.deepEqual(batch("The network was trained for 40 epochs in batches of 128 tiles."), [128]);
    assert.deepEqual(batch("Each update used a mini-batch of 24 clips and a learning rate of 0.01."), [24]);
    assert.deepEqual(batch("The tiles were processed in batches of 64 when the map was drawn."), []);
  });

  test("hyperparameters: a number of another setting before 'and' is not part of an epochs list", () => {
    const epochs = (s: string) => values(hyperparameters(s), "epochs");
    assert.deepEqual(epochs("The model used a batch size of 32 and 23 epochs of training."), [23]);
    assert.deepEqual(epochs("Each network was fitted with momentum 0.9 and 40 epochs."), [40]);
    assert.deepEqual(values(hyperparameters("We used a batch size of 32 and 23 epochs."), "batch_size"), [32]);
    // A real list stays a list.
    assert.deepEqual(epochs("The networks were trained for 50, 100 and 200 epochs."), [50, 100, 200]);
    assert.deepEqual(epochs("We trained for 60 and 120 epochs respectively."), [60, 120]);
  });

  test("hyperparameters: lost superscripts, implausible rates and lists given 'respectively'", () => {
    const lr = (s: string) => values(hyperparameters(s), "learning_rate");
    assert.deepEqual(lr("We used the Adam optimiser and a learning rate of 10\u22124."), [0.0001]);
    assert.deepEqual(lr("After 50,000 iterations the learning rate was reduced in the last 50,000 steps."), []);
    const hits = hyperparameters(
      "Specifically, the learning rate, weight decay, momentum, and iterations were 0.01, 0.005, 0.9, and 200,000, respectively.",
    );
    assert.deepEqual(values(hits, "learning_rate"), [0.01]);
    assert.deepEqual(values(hits, "weight_decay"), [0.005]);
    assert.deepEqual(values(hits, "momentum"), [0.9]);
    assert.deepEqual(values(hits, "iterations"), [200000]);
    assert.deepEqual(values(hyperparameters("We tried batch sizes of 32-64."), "batch_size"), ["32-64"]);
    assert.deepEqual(values(hyperparameters("A dropout of 50% was used in the first layers."), "dropout"), [0.5]);
    assert.deepEqual(values(hyperparameters("We applied dropout in 3 layers and momentum 8 times."), "dropout"), []);
    const its = (t: string) => values(hyperparameters(t), "iterations");
    assert.deepEqual(its("After 50,000 iterations the learning rate was reduced by the SGD scheduler."), [50000]);
    assert.deepEqual(its("We split the data into training and test sets over 20 iterations."), []);
  });

  test("hyperparameters: a number of epochs written as a word, but not a patience or a schedule", () => {
    const epochs = (s: string) =>
      hyperparameters(s)
        .filter((h) => h.key === "epochs")
        .map((h) => h.value);
    assert.deepEqual(epochs("Fine-tuning ran for four epochs, after which the loss no longer fell."), [4]);
    assert.deepEqual(epochs("We trained the network for twenty epochs."), [20]);
    assert.deepEqual(epochs("Training stopped after five epochs without improvement."), []);
    assert.deepEqual(epochs("The learning rate was halved every ten epochs."), []);
    assert.deepEqual(epochs("We trained for two hundred epochs."), []);
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

  test("the condition of a stopping rule is not a negation of it", () => {
    const at = (s: string, w: string) => isNegatedAt(s, s.indexOf(w), s.indexOf(w) + w.length);
    assert.equal(
      at("Training ends with early stopping after 8 epochs without validation improvement.", "early stopping"),
      false,
    );
    assert.equal(at("We stopped training when the validation loss did not decrease for 5 epochs.", "stopped"), false);
    assert.equal(
      at("Early stopping was triggered if there was no further improvement in the F1 score.", "Early stopping"),
      false,
    );
    // Real negations stay negations.
    assert.equal(at("The model was trained without early stopping.", "early stopping"), true);
    assert.equal(at("No dropout was used in the final layers.", "dropout"), true);
  });

  test("'without' negates its own object, not the statement it stands in", () => {
    const at = (s: string, w: string) => isNegatedAt(s, s.indexOf(w), s.indexOf(w) + w.length);
    assert.equal(at("Windows without calls were undersampled to balance the classes.", "undersampled"), false);
    assert.equal(at("Images without animals were removed before training.", "removed"), false);
    assert.equal(at("Photos without a label were discarded, and the rest were resized.", "resized"), false);
    // Its object is negated, however it is spelled.
    assert.equal(at("The network was trained without data augmentation.", "augmentation"), true);
    assert.equal(at("We fine-tuned the model without any early stopping.", "early stopping"), true);
    assert.equal(at("Training ran without a GPU.", "GPU"), true);
  });

  test("a class and its absence named as two classes is not a negation", () => {
    const at = (s: string, w: string) => isNegatedAt(s, s.indexOf(w), s.indexOf(w) + w.length);
    assert.equal(at("The task is binary classification of windows into song and no song.", "classification"), false);
    assert.equal(at("Each frame was classified as bird vs. no-bird.", "classified"), false);
    assert.equal(at("Clips were labelled call or no call by two analysts.", "labelled"), false);
    // Another word after "no" is still a negation.
    assert.equal(at("We had images and no labels for classification.", "classification"), true);
    assert.equal(at("No classification of the calls was attempted.", "classification"), true);
  });

  test("negation reaches only a few words, even inside a long clause", () => {
    const s =
      "The model adjusts too well to the training data and it does not generalize to the unseen dataset, " +
      "after 50,000 iterations the learning rate was reduced following an exponential decay by an SGD scheduler.";
    assert.equal(isNegatedAt(s, s.indexOf("SGD"), s.indexOf("SGD") + 3), false);
    const t = "Data augmentation was not used.";
    assert.equal(isNegatedAt(t, 0, "Data augmentation".length), true);
  });

  test("hedging: any hedge word in a sentence, only a nearby one in a run-on", () => {
    const s = "The network could be trained with Adam.";
    assert.equal(isHedgedAt(s, s.indexOf("Adam"), s.indexOf("Adam") + 4), true);
    const next = "Our subsequent work will focus on migration learning during model training.";
    assert.equal(isHedgedAt(next, next.indexOf("training"), next.indexOf("training") + 8), true);
    // A two-column extraction glued unrelated lines together; "could" belongs to another line.
    const runOn = [
      "approaches to computer vision could in principle need no hand-crafted features",
      "with the identification of wildebeest and other animals on the platform page",
      "images where users could click on the images to indicate the animals they saw",
      "all but the final 7 layers of the network and trained for 25 epochs, using",
      "the Adam optimiser and a learning rate of 10-4",
    ].join("\n\n");
    const at = runOn.indexOf("Adam");
    assert.ok(runOn.length > 300);
    assert.equal(isHedgedAt(runOn, at, at + 4), false);
  });

  test("titles, keyword lists and numbered headings are not statements", () => {
    assert.equal(isTitleOrKeywords("Keywords: deep learning, monitoring, camera traps"), true);
    assert.equal(
      isTitleOrKeywords("WorldClim 2: new 1-km spatial resolution climate surfaces for global land areas."),
      true,
    );
    assert.equal(isTitleOrKeywords("Methods for Ecological Monitoring of Coral Reefs: A Resource Guide"), true);
    assert.equal(isTitleOrKeywords("Note: we trained the model for 30 epochs."), false);
    assert.equal(isTitleOrKeywords("Data availability: The data are archived on Zenodo."), false);
  });

  test("other work and bibliography entries", () => {
    assert.equal(isOtherWork("Smith et al. (2020) trained a ResNet on camera trap images."), true);
    assert.equal(isOtherWork("CNNs have been widely used (Lee, 2019; Kim, 2021)."), true);
    assert.equal(isOtherWork("We trained a ResNet, following Smith et al. (2020)."), false);
    assert.equal(isOtherWork("Using a convolutional architecture, (Koch et al., 2015) achieve strong results."), true);
    assert.equal(isOtherWork("ResNet (He et al., 2016) proposed residual connections."), true);
    // A general statement that credits its source, and others' work in the passive.
    assert.equal(isOtherWork("Deep networks are usually trained with SGD (Bottou, 2010)."), true);
    assert.equal(isOtherWork("A U-Net was used by Garcia et al. (2021) to map reefs."), true);
    assert.equal(isOtherWork("We trained the network with Adam (Kingma and Ba, 2015)."), false);
    assert.equal(isOtherWork("The images are often blurred, so we sharpened them."), false);
    assert.equal(
      isReferenceEntry("[12] A. Author, B. Author, Deep nets for birds, Ecol. Inform. 12 (2020) 101–110."),
      true,
    );
    assert.equal(isReferenceEntry("We trained the network for 30 epochs."), false);
    assert.equal(isReferenceEntry("A sentinel-2-based vegetation index for chlorophyll estimation[J]."), true);
    assert.equal(isReferenceEntry("Carbon concentration [C] rose with depth."), false);
  });

  test("a numbered list item that makes a statement is not a numbered bibliography entry", () => {
    assert.equal(isReferenceEntry("1. The audio is converted to a monophonic channel and resampled at"), false);
    assert.equal(isReferenceEntry("12. Smith, J., Lee, K. Deep nets are used for birds. Ecol. Inform. 3, 1-9."), true);
    assert.equal(isReferenceEntry("3. Lee JH, Park S. Acoustic monitoring is hard. Bioacoustics 2020."), true);
  });

  test("a statement with author-year citation groups is sourced, not a bibliography entry", () => {
    const statement =
      "A convolutional neural network was built using the Python package Keras with a TensorFlow backend (Abadi et al., 2015; Chollet, 2015).";
    assert.equal(isReferenceEntry(statement), true);
    assert.equal(isSourcedStatement(statement), true);
    assert.equal(isSourcedStatement("Smith, J., Doe, K., 2015. Deep nets are great. J. Ecol. 12, 33-45."), false);
    assert.equal(isSourcedStatement("Deep nets for birds (Smith, 2015; Lee, 2016), in: Proc. CVPR, pp. 1-9."), false);
    assert.equal(isSourcedStatement("We trained the network for 30 epochs."), false);
  });

  test("the title after a bibliography author line is a cited title, outside a references section too", () => {
    // Retrieved chunks out of reading order: no References heading, an entry split into pieces.
    const text =
      "We counted birds from drone images.\n\nWang, L.-H., Xing, Y.-Q., 2008. Remote sensing estimation of forest biomass based on an artificial neural network. Remote Sens. 12, 1-9.\n\n" +
      "Lee, K., 2019. The network was trained on our images for 30 epochs.\n\n" +
      "Tabak, M.A., et al., 2019. Machine learning to classify animal species in camera trap images. Methods Ecol. Evol.\n\n" +
      "Intel, 2016. Efficient implementation of neural network systems built on FPGAs.";
    const ctx = buildDocContext(buildDocument({ id: "t", path: "t.txt", pages: [text] }));
    const flag = (start: string) => ctx.sentences.find((x) => x.text.startsWith(start))?.cited;
    assert.equal(flag("Remote sensing estimation"), true);
    assert.equal(flag("We counted birds"), false);
    assert.equal(flag("Machine learning to classify"), true);
    assert.equal(flag("Efficient implementation"), true);
    // A piece that states something ("was trained") stays a sentence of the body.
    assert.equal(flag("The network was trained"), false);
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
  assert.deepEqual(
    splits("patches: 388 for the test, 1162 for train and 388 for validation, approximately 20%, 60%, and 20%.")
      .filter((h) => h.key === "splits")
      .map((h) => h.value),
    ["20/60/20"],
  );
  assert.deepEqual(v("Cover rose from 20% and 30% to 45%."), []);
});

describe("catalogue cues on single sentences", () => {
  const answer = async (cq: number, text: string) => {
    const document = buildDocument({ id: `cq${cq}`, path: "t.txt", pages: [text] });
    const q = builtinQuestions().find((x) => x.cq === cq);
    assert.ok(q);
    const input = { document, chunks: [], retrieve: () => [] };
    // The catalogue rules alone: these tests are about the cues, not the learned layer.
    return createExtractiveEngine({ deepLearning: () => true, learned: null }).answer(input, q);
  };

  test("subset sizes given as counts are a split (CQ7)", async () => {
    const a = await answer(7, "We used 1,200 images for training, 300 for validation and 300 for testing.");
    assert.equal(a.reported, "yes");
  });

  test("a CPU named with its cores or clock is hardware (CQ20)", async () => {
    const a = await answer(20, "The experiments ran on a computer with two 2.3 GHz Intel 8-core processors.");
    assert.equal(a.reported, "yes");
  });

  test("CUDA cores describe hardware, not a framework (CQ19)", async () => {
    const a = await answer(19, "The board has an NVIDIA Volta GPU with 512 CUDA cores.");
    assert.equal(a.reported, "no");
  });

  test("what a framework allows is not a deployment (CQ27)", async () => {
    const a = await answer(27, "TensorFlow allows easy deployment on desktops, servers and mobile phones.");
    assert.equal(a.reported, "no");
  });

  test("layers inside the network are not preprocessing (CQ6)", async () => {
    const a = await answer(
      6,
      "The conv-block comprises convolution layers, normalisation layers and activation layers.",
    );
    assert.equal(a.reported, "no");
  });

  test("ecological monitoring is not monitoring of training (CQ18)", async () => {
    assert.equal((await answer(18, "Camera traps are used for monitoring wildlife populations.")).reported, "no");
    assert.equal((await answer(18, "We monitored the validation loss after every epoch.")).reported, "yes");
  });

  test("early stopping on a validation set is a generalisation measure; dropout alone is too weak (CQ23)", async () => {
    const a = await answer(23, "To avoid overfitting we used early stopping on the validation set and dropout.");
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.measures, ["early stopping", "dropout"]);
    assert.equal((await answer(23, "The dense layer is followed by dropout.")).reported, "no");
  });

  test("a sourced statement counts where cited sentences count (CQ19), not elsewhere (CQ12)", async () => {
    const text =
      "A convolutional neural network was built using the Python package Keras with a TensorFlow backend (Abadi et al., 2015; Chollet, 2015).";
    const a = await answer(19, text);
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.frameworks, ["TensorFlow", "Keras"]);
    assert.equal((await answer(12, text)).reported, "no");
  });

  test("code said to be on GitHub or in the supplement, without an address, is still where the code is (CQ10)", async () => {
    const a = await answer(10, "Code for the format conversion is available at GitHub (see Supplementary Materials).");
    assert.equal(a.reported, "yes");
    assert.match(a.answer, /available at GitHub/);
    assert.equal(
      (await answer(10, "The code for the simulations is provided in Supplementary Material S3.")).reported,
      "yes",
    );
    assert.equal((await answer(10, "The code is available from the authors upon request.")).reported, "no");
    assert.equal((await answer(10, "The code is not available on GitHub.")).reported, "no");
  });

  test("pretrained audio and vision networks are models (CQ12); a CLIP-like word in lower case is not", async () => {
    const a = await answer(12, "Embeddings from the pre-trained YAMNet and VGGish networks were fed to a dense layer.");
    assert.deepEqual(a.values.models, ["YAMNet", "VGGish"]);
    assert.equal((await answer(12, "Each clip was trimmed to five seconds.")).reported, "no");
  });

  test("scalers, imperative steps and tokenizers are preprocessing (CQ6)", async () => {
    const a = await answer(
      6,
      "The training set is preprocessed using a MinMaxScaler that scales each feature to [0, 1].",
    );
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.steps, ["MinMaxScaler"]);
    const b = await answer(6, "Fig. 2 shows the preprocessing. Step 3: Normalize the signal amplitude.");
    assert.equal(b.reported, "yes");
    assert.deepEqual(b.values.steps, ["normalize"]);
    const list = await answer(6, "1. The audio is converted to a monophonic channel and resampled at 16 kHz.");
    assert.equal(list.reported, "yes");
  });

  test("a seed named without its value and runs repeated with new initialisations handle randomness (CQ24)", async () => {
    const seed = "The weights were randomly initialized using a specific integer seed to guarantee reproducibility.";
    assert.equal((await answer(24, seed)).reported, "yes");
    const runs = "Each network was trained three times, each time with a different random initialization.";
    assert.equal((await answer(24, runs)).reported, "yes");
    assert.equal((await answer(24, "Seeds of 40 plant species were collected in the field.")).reported, "no");
  });

  test("traps, underwater video stations and social media are ways of collecting data (CQ1)", async () => {
    const a = await answer(1, "Insects were collected with sticky traps and scanned with an office scanner.");
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.methods, ["sticky traps", "office scanner"]);
    const b = await answer(1, "Tweets were collected through the Twitter API.");
    assert.equal(b.reported, "yes");
  });

  test("a numbered heading alone is not evidence (CQ5)", async () => {
    assert.equal((await answer(5, "3.1. Dataset")).reported, "no");
  });
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
