import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer, Document } from "../../types.js";
import { createExtractiveEngine, detectDeepLearning, NOT_DL, NOT_STATED } from "./index.js";
import { docFrom, inputOf } from "./test-helpers.js";

const questions = builtinQuestions();
const q = (cq: number) => questions.find((x) => x.cq === cq)!;

// Enough first-person deep-learning method text for the detector, without hardware or URLs.
const DL_METHODS =
  "We trained a convolutional neural network (ResNet-50) with PyTorch on our camera trap images. " +
  "The deep learning model was fine-tuned from pretrained weights and used dropout before the softmax layer. " +
  "Our deep neural network classifies each image into one of ten species.";

function answer(doc: Document, cq: number): Answer {
  return createExtractiveEngine().answer(inputOf(doc), q(cq)) as Answer;
}

function assertQuotesExact(doc: Document, a: Answer): void {
  for (const e of a.evidence) {
    assert.equal(e.quote, doc.text.slice(e.start, e.end));
    assert.equal(e.page, 1);
  }
}

describe("extractive engine", () => {
  test("reads optimizer, learning rate, epochs and batch size (CQ13) with exact quotes", () => {
    const doc = docFrom(
      `${DL_METHODS} The network was trained with the Adam optimizer, a learning rate of 10e-5, 30 epochs and a batch size of 1.`,
    );
    const a = answer(doc, 13);
    assert.equal(a.reported, "yes");
    assert.equal(a.values.optimizer, "Adam");
    assert.equal(a.values.learning_rate, 0.0001);
    assert.equal(a.values.learning_rate_text, "10e-5");
    assert.equal(a.values.epochs, 30);
    assert.equal(a.values.batch_size, 1);
    assert.match(a.answer, /Adam/);
    assert.ok(a.evidence.length >= 1);
    assertQuotesExact(doc, a);
    assert.equal(a.engine, "extractive");
  });

  test("finds split ratios (CQ7)", () => {
    const doc = docFrom(
      `${DL_METHODS} The recordings were split into training and test sets at 70:30, 80:20 and 90:10.`,
    );
    const a = answer(doc, 7);
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.splits, ["70:30", "80:20", "90:10"]);
    assert.match(a.answer, /70:30, 80:20 and 90:10/);
    assertQuotesExact(doc, a);
  });

  test("a negated augmentation statement is not evidence (CQ4)", () => {
    const doc = docFrom(`${DL_METHODS} No data augmentation was applied to the images.`);
    const a = answer(doc, 4);
    assert.equal(a.reported, "no");
    assert.ok(a.answer.startsWith(NOT_STATED));
    const yes = answer(
      docFrom(`${DL_METHODS} Data augmentation included random flipping and rotation of the images.`),
      4,
    );
    assert.equal(yes.reported, "yes");
    assert.deepEqual(yes.values.augmentations, ["flipping", "rotation"]);
  });

  test("other people's work is not evidence (CQ20)", () => {
    const doc = docFrom(`${DL_METHODS} Smith et al. (2020) trained a similar network on an NVIDIA Tesla V100 GPU.`);
    const a = answer(doc, 20);
    assert.equal(a.reported, "no");
    assert.equal(a.answer, `${NOT_STATED} which hardware was used for training.`);
    const own = answer(docFrom(`${DL_METHODS} We trained the network on an NVIDIA Tesla V100 GPU.`), 20);
    assert.equal(own.reported, "yes");
    assert.ok((own.values.hardware as string[]).length >= 1);
  });

  test("the References section is not evidence (CQ19)", () => {
    const text = `Methods\n${DL_METHODS.replace(" with PyTorch", "")}\n\nReferences\nPaszke, A., et al., 2019. PyTorch: an imperative style deep learning library. Adv. Neural Inf. Process. Syst. 32, 8024.`;
    const doc = docFrom(text, [
      ["methods", "Methods"],
      ["references", "References"],
    ]);
    assert.equal(answer(doc, 19).reported, "no");
  });

  test("code links count, 'upon request' does not (CQ8, CQ10)", () => {
    const doc = docFrom(`${DL_METHODS} The code is available at https://github.com/example/birds.`);
    const a = answer(doc, 10);
    assert.equal(a.reported, "yes");
    assert.deepEqual(a.values.urls, ["https://github.com/example/birds"]);
    assertQuotesExact(doc, a);
    const request = docFrom(
      `${DL_METHODS} The code is available from the corresponding author upon reasonable request.`,
    );
    assert.equal(answer(request, 8).reported, "no");
    assert.equal(answer(request, 10).reported, "no");
  });

  test("a paper without deep learning gets plain 'no' for DL-only questions and answers general ones", () => {
    const text =
      "We modelled the distribution of the species with MaxEnt and a random forest. " +
      "Occurrence records were downloaded from GBIF and thinned to one per grid cell. " +
      "Model performance was evaluated with the AUC and the true skill statistic. " +
      "Neural networks are often trained with the Adam optimizer (Kingma and Ba, 2015).";
    const doc = docFrom(text);
    assert.equal(detectDeepLearning(doc).dl, false);
    const a = answer(doc, 15);
    assert.equal(a.reported, "no");
    assert.ok(a.answer.startsWith(NOT_DL));
    assert.ok(a.flags?.includes("non-dl-paper"));
    // The study's own statement is answered whatever the filter said (a prior, not a gate), and says so.
    const own = answer(docFrom(text.replace(/Neural networks are often[^.]+\./, "We used the Adam optimizer.")), 15);
    assert.equal(own.reported, "yes");
    assert.ok(own.flags?.includes("non-dl-paper"));
    const metrics = answer(doc, 22);
    assert.equal(metrics.reported, "yes");
    assert.ok((metrics.values.metrics as string[]).includes("AUC"));
  });

  test("answerAll answers every question once, in order", async () => {
    const engine = createExtractiveEngine();
    const doc = docFrom(DL_METHODS);
    const all = await engine.answerAll!(inputOf(doc), questions);
    assert.deepEqual(
      all.map((a) => a.cq),
      questions.map((x) => x.cq),
    );
    for (const a of all) {
      assert.ok(a.confidence >= 0 && a.confidence <= 1);
      if (a.reported === "yes") assert.ok(a.evidence.length >= 1);
      else assert.ok(a.answer.startsWith(NOT_STATED) || a.answer.startsWith(NOT_DL));
      assertQuotesExact(doc, a);
    }
  });

  test("a custom question without cues is answered from its query terms", () => {
    const custom = {
      cq: 99,
      label: "Ethics",
      category: "custom",
      text: "Was an ethics permit obtained?",
      query: ["ethics", "permit"],
      dlSpecific: false,
    };
    const engine = createExtractiveEngine();
    const yes = engine.answer(
      inputOf(docFrom("Fieldwork was carried out under ethics permit 12/2020.")),
      custom,
    ) as Answer;
    assert.equal(yes.reported, "yes");
    const no = engine.answer(inputOf(docFrom("We counted birds.")), custom) as Answer;
    assert.equal(no.reported, "no");
  });
});

describe("detectDeepLearning", () => {
  test("recognises a neural network study with evidence", () => {
    const r = detectDeepLearning(docFrom(DL_METHODS));
    assert.equal(r.dl, true);
    assert.ok(r.evidence.length >= 1 && r.confidence > 0.5);
  });

  test("a study citing deep learning only as other work is not DL", () => {
    const r = detectDeepLearning(
      docFrom(
        "Smith et al. (2019) trained a convolutional neural network with TensorFlow. We fitted generalised linear models to the counts.",
      ),
    );
    assert.equal(r.dl, false);
  });
});
