import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadBench, loadChunks } from "../../evaluate/bench-data.js";
import { summarize } from "../../evaluate/metrics.js";
import { buildDocument } from "../../ingest/document.js";
import type { YesNo } from "../../types.js";
import {
  DL_FEATURE_NAMES,
  DL_FILTER_FEATURE_NAMES,
  DL_FILTER_MODEL,
  detectDeepLearning,
  dlFilterFeatures,
  statesOwnDeepMethod,
} from "./dl-detect.js";
import { buildDocContext } from "./doc-context.js";
import type { ExtractiveModel } from "./model.js";
import { docFrom } from "./test-helpers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BENCH = path.resolve(repoRoot, "../shared/bench");

const CNN_STUDY =
  "Methods. We trained a convolutional neural network (ResNet-50) pre-trained on ImageNet and fine-tuned it on 12,000 camera trap images. " +
  "The network was trained for 50 epochs with the Adam optimizer, a learning rate of 0.0001 and a batch size of 32 on an NVIDIA GPU using PyTorch. " +
  "Data augmentation included random flips and crops.";
const SDM_STUDY =
  "Methods. We fitted MaxEnt, random forest and boosted regression tree species distribution models to 420 occurrence records. " +
  "Generalized linear models served as a baseline, and model performance was assessed with AUC on a spatial block cross-validation.";

describe("trained deep-learning filter (dl-model.json)", () => {
  test("the weights match the feature vector", () => {
    assert.deepEqual(DL_FILTER_MODEL.features, [...DL_FILTER_FEATURE_NAMES]);
    assert.equal(DL_FILTER_MODEL.questions["0"].w.length, DL_FILTER_FEATURE_NAMES.length);
    const doc = docFrom(CNN_STUDY);
    assert.equal(dlFilterFeatures(buildDocContext(doc), 5).length, DL_FILTER_FEATURE_NAMES.length);
  });

  test("a CNN training study is DL, a classical species distribution study is not", () => {
    const dl = detectDeepLearning(docFrom(CNN_STUDY));
    assert.equal(dl.dl, true);
    assert.ok(dl.evidence.length > 0 && dl.confidence > 0.5);
    const sdm = detectDeepLearning(docFrom(SDM_STUDY));
    assert.equal(sdm.dl, false);
    assert.deepEqual(sdm.evidence, []);
  });

  test("a model over the short feature vector (train-extractive.ts) still applies", () => {
    const short: ExtractiveModel = {
      version: 1,
      features: [...DL_FEATURE_NAMES],
      questions: { "0": { w: DL_FEATURE_NAMES.map(() => 0), b: 5 } },
    };
    assert.equal(detectDeepLearning(docFrom(SDM_STUDY), undefined, short).dl, true, "bias-only model says yes");
  });

  test("a study that compares SVMs with a network and states the network's training recipe is DL", () => {
    const text =
      "We compared a support vector machine, a random forest and a small network on the forest tiles. " +
      "The support vector machine used an RBF kernel and the random forest 500 trees. " +
      "For training the network we used a batch size of 32, 100 epochs and the Adam optimizer.";
    const doc = docFrom(text);
    assert.equal(detectDeepLearning(doc).dl, true);
    // Without the recipe sentence the same comparison is not enough.
    const without = docFrom(text.slice(0, text.indexOf(" For training")));
    assert.equal(detectDeepLearning(without).dl, false);
  });

  test("deterministic", () => {
    const doc = docFrom(CNN_STUDY);
    assert.deepEqual(detectDeepLearning(doc), detectDeepLearning(doc));
  });
});

test("dl-filter on every 4th development paper agrees with dl_method ≥ 0.88 (mostly in-sample)", {
  skip: existsSync(path.join(BENCH, "publications.jsonl")) ? false : `bench data not found at ${BENCH}`,
}, () => {
  const bench = loadBench(BENCH);
  // A quarter of the papers keeps the test fast; the full figure is `bench --task dl-filter`.
  const pubs = bench.publications.filter((p, i) => p.dl_method && i % 4 === 0);
  const pred: YesNo[] = pubs.map((p) => {
    const doc = buildDocument({ id: p.uid, path: p.uid, pages: [loadChunks(bench.dir, p.uid).chunks.join("\n\n")] });
    return detectDeepLearning(doc).dl ? "yes" : "no";
  });
  const s = summarize(
    pred,
    pubs.map((p) => p.dl_method as YesNo),
    { bootstrap: false },
  );
  assert.ok(s.n >= 75 && s.accuracy >= 0.88, `accuracy ${s.accuracy} over ${s.n}`);
});

describe("a study's own claim of a deep method", () => {
  const own = (text: string) => statesOwnDeepMethod(buildDocContext(docFrom(text)));
  test("'we present a deep learning pipeline' and its kin make a short paper a deep-learning study", () => {
    assert.equal(own("We present a deep learning pipeline that counts seals in aerial images."), true);
    assert.equal(own("In this study we trained a YOLOv5 detector on drone footage of nests."), true);
    assert.equal(own("Our convolutional network segments coral in survey photos."), true);
    // Any named neural model of the vocabulary after the study's own claim, spelled out or not.
    assert.equal(own("We built a lightweight convolutional network that identifies bat calls on the recorder."), true);
    assert.equal(own("We present a long short-term memory network that forecasts leaf-out dates."), true);
    assert.equal(own("This study fine-tuned a MobileNetV3 on herbarium sheets."), true);
    // The claim may be any verb with its means ("we map … with", "we count … using"), and the network may carry
    // a description between its kind and "network".
    assert.equal(
      own("We map salt-marsh vegetation from aerial photos with a deep convolutional segmentation network."),
      true,
    );
    assert.equal(own("We count nesting terns using a fully convolutional density network."), true);
    const doc = docFrom(
      "Abstract. We present a deep learning pipeline that counts seals in aerial images. It counts well.",
    );
    assert.equal(detectDeepLearning(doc).dl, true);
  });
  test("comparisons, negations, hedges and other people's work are not such a claim", () => {
    assert.equal(own("We use random forests rather than deep learning, which needs more data."), false);
    assert.equal(own("We did not use deep learning because the sample was small."), false);
    assert.equal(own("In future work we could train a convolutional neural network on these images."), false);
    assert.equal(own("Smith et al. (2020) proposed a deep learning pipeline for seal counts."), false);
    assert.equal(own("We fitted generalised additive models to the counts."), false);
    assert.equal(own("We compared our approach with a long short-term memory network used in earlier work."), false);
    assert.equal(own("Unlike previous studies, we do not use an LSTM; we fit a random forest."), false);
    assert.equal(own("In this study we used random forests to map species."), false);
    assert.equal(own("We compared maps made with random forests and with a deep convolutional network."), false);
    assert.equal(own("We map habitats with field surveys, not with deep neural networks."), false);
  });
  test("a single author's 'I' and 'my' claim the study's method as 'we' and 'our' do", () => {
    assert.equal(own("I trained a recurrent neural network on the logger's dive profiles."), true);
    assert.equal(own("In this thesis I fine-tune a MobileNetV2 on herbarium scans."), true);
    assert.equal(own("My convolutional network counts the nests in each tile."), true);
    assert.equal(own("I compared my counts with those of a convolutional neural network used in earlier work."), false);
    assert.equal(
      detectDeepLearning(
        docFrom("I trained a convolutional neural network to recognise bat calls. It outputs one score per species."),
      ).dl,
      true,
    );
  });

  test("the same claim in the passive voice, as methods sections write it, without 'we'", () => {
    assert.equal(
      own("Otter whistles in the hydrophone recordings were classified by a convolutional neural network."),
      true,
    );
    assert.equal(own("Spawning redds were outlined in the sonar mosaics with a U-Net."), true);
    assert.equal(own("Leaf lesions were scored using a deep residual network."), true);
    assert.equal(own("A ResNet-34 was then trained on the labelled sonar frames."), true);
    assert.equal(own("The recurrent neural network was fine-tuned on two further rivers."), true);
    // Earlier work ("have been", cited), negations and comparisons are not the study's own claim.
    assert.equal(own("Whistles have been classified with deep networks in several rivers (Ortega 2019)."), false);
    assert.equal(own("Whistles were classified by two listeners, not by a neural network."), false);
    assert.equal(own("Redds were outlined by hand rather than with a convolutional neural network."), false);
    assert.equal(own("Lesions were scored by eye, because no neural network had been trained for them."), false);
    assert.equal(own("Water levels were logged by a pressure sensor network."), false);
    const doc = docFrom(
      "Otter whistles in the hydrophone recordings were classified by a convolutional neural network. The network was trained on labelled clips and outputs one probability per call type.",
    );
    assert.equal(detectDeepLearning(doc).dl, true);
  });
});

describe("a large language model the study prompts is its deep method (engine version 18)", () => {
  const own = (text: string) => statesOwnDeepMethod(buildDocContext(docFrom(text)));
  test("prompting, querying or evaluating a named LLM for the study's task", () => {
    assert.equal(
      own("Three open models, Llama 3.1 and Mixtral among them, were prompted to code each interview turn."),
      true,
    );
    assert.equal(own("We queried GPT-4 with every ship log entry and asked for the vessel's position."), true);
    assert.equal(own("Large language models were evaluated as annotators of tree-ring descriptions."), true);
    assert.equal(own("In this work I fine-tuned Llama-2 on legal summaries of fishing disputes."), true);
    assert.equal(
      detectDeepLearning(
        docFrom(
          "Abstract. We asked whether Claude 3 can read herbarium labels. Two models, GPT-4o and Claude 3 Opus, were prompted to transcribe each label. Accuracy was 0.91.",
        ),
      ).dl,
      true,
    );
  });
  test("help with the manuscript's language, other people's models, names of other things and hedges are not", () => {
    assert.equal(
      own("During the preparation of this work the authors used ChatGPT to improve the readability of the text."),
      false,
    );
    assert.equal(own("We used GPT-4 for spell checking and grammar checking of the manuscript."), false);
    assert.equal(own("Large language models have been used to summarise field notes (Ortiz et al., 2023)."), false);
    assert.equal(own("The Mistral wind was used to explain the dust events; the Falcon colony was surveyed."), false);
    assert.equal(own("We coded the interviews by hand rather than with large language models."), false);
    assert.equal(own("In future, GPT-4 could be prompted to code the remaining interviews."), false);
  });
});
