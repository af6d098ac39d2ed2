import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chunkDocument } from "../../ingest/chunk.js";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import { createMemoryRetriever } from "../../retrieve/index.js";
import type { Answer, Question } from "../../types.js";
import { createExtractiveEngine } from "./index.js";

// Short papers written for this test, as a reader would write one to test a single question: a title, an
// abstract that says the study uses deep learning, one methods statement, a result. Each question's plain
// statement must be answered "yes" by the default engine, deep-learning questions included: a paper of a
// few hundred words is judged on what it says (issue 11: "short papers are judged on what they say").

const HEAD = `Automated monitoring of pollinators with deep learning

Abstract
We present a deep learning pipeline that detects and classifies insect pollinators in field images.

1. Introduction
Pollinator decline is a major concern, and camera-based monitoring can scale surveys across many sites.

2. Methods
`;
const TAIL = `

3. Results
The detector reached a mean average precision of 0.87 on held-out images.

4. Discussion
Camera-based monitoring can complement transect walks.
`;

/** One plain statement per question, in our own words. */
const PLAIN: Record<number, string> = {
  1: "Images were collected with 24 time-lapse cameras mounted above flower patches at six meadows between May and August 2022.",
  2: "The input data are RGB images of 1920 × 1080 pixels stored as JPEG files.",
  3: "Two entomologists annotated every insect with a bounding box and a genus label using the CVAT tool.",
  4: "During training, images were augmented with random horizontal flips, rotations of up to 15 degrees and colour jitter.",
  5: "We trained on our own PollCam dataset of 14,200 annotated images and evaluated on the public Insect Pollinator benchmark.",
  6: "Before training, images were resized to 640 × 640 pixels and pixel values were normalised to the range 0 to 1.",
  7: "The images were split by site into training (70%), validation (15%) and test (15%) sets.",
  8: "The source code is available on GitHub at https://github.com/pollcam/detector.",
  9: "The annotated images have been deposited in Zenodo.",
  10: "All code needed to reproduce the experiments is provided at https://github.com/pollcam/detector.",
  11: "The dataset can be downloaded from https://doi.org/10.5281/zenodo.1234567.",
  12: "The detector is a YOLOv8 convolutional neural network with a CSPDarknet backbone.",
  13: "The network was trained with a learning rate of 0.01, a batch size of 16 and a momentum of 0.937.",
  14: "Hyperparameters were selected by a grid search over learning rates and batch sizes on the validation set.",
  15: "The weights were optimised with stochastic gradient descent (SGD).",
  16: "Training stopped when the validation loss had not improved for 20 consecutive epochs.",
  17: "To reduce overfitting we applied a weight decay of 0.0005 and dropout of 0.2.",
  18: "During training, the validation mAP was computed after every epoch to track progress.",
  19: "All models were implemented in PyTorch 2.0.",
  20: "Training was performed on a single NVIDIA RTX 3090 GPU with 24 GB of memory.",
  21: "Detections with a confidence below 0.25 were discarded and overlapping boxes were merged with non-maximum suppression.",
  22: "Performance was measured with precision, recall, F1 score and mean average precision.",
  23: "To test generalisation, the model was evaluated on images from two meadows that were not used for training.",
  24: "Each experiment was repeated with five different random seeds and we report the mean.",
  25: "The model detects pollinators in images and classifies them into nine genera.",
  26: "Because bees dominated the data, rare genera were oversampled to balance the classes.",
  27: "The trained model was exported to ONNX format for deployment.",
  28: "The model now runs on a Raspberry Pi 4 attached to each camera in the field.",
};

/**
 * Questions the engine still misses in this form, with why; each is a known gap, not a pass.
 * CQ23: the learned layer decides it and rates "evaluated on … not used for training" low; a catalogue
 * cue for that class lowered the silver agreement, so it waits for a retrained layer.
 */
const KNOWN_MISSES = new Set([23]);

const FRAME_ANSWERS = new Set([22, 25]);

const engine = createExtractiveEngine();

function answerPlain(question: Question, statement: string): Answer {
  const document = buildDocument({
    id: `plain-${question.cq}`,
    path: `plain-${question.cq}.txt`,
    pages: [HEAD + statement + TAIL],
  });
  const chunks = chunkDocument(document, "sections");
  return engine.answer({ document, chunks, retrieve: createMemoryRetriever(chunks) }, question) as Answer;
}

describe("one plain statement per question, in a short deep-learning paper", () => {
  for (const question of builtinQuestions()) {
    const statement = PLAIN[question.cq];
    const known = KNOWN_MISSES.has(question.cq);
    test(`CQ${question.cq} ${question.label}`, { todo: known ? "known gap (see KNOWN_MISSES)" : undefined }, () => {
      const a = answerPlain(question, statement);
      assert.equal(a.reported, "yes", `CQ${question.cq}: ${a.answer}`);
      // The frame answers CQ22 and CQ25 by itself (its result names a metric, its abstract the task).
      const quoted = a.evidence.some((e) => statement.includes(e.quote) || e.quote.includes(statement));
      assert.ok(quoted || FRAME_ANSWERS.has(question.cq), "quotes the statement");
      assert.ok(!a.flags?.includes("non-dl-paper"), "the abstract's own claim makes it a deep-learning paper");
    });
  }

  test("without the statement, the same paper answers 'no' to the questions it does not address", () => {
    const noStatement = new Set([3, 8, 9, 10, 11, 14, 16, 20, 24, 26, 27, 28]);
    for (const question of builtinQuestions().filter((q) => noStatement.has(q.cq))) {
      assert.equal(answerPlain(question, "").reported, "no", `CQ${question.cq} without its statement`);
    }
  });
});
