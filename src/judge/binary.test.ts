import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { binaryRowSchema, readJsonl } from "../evaluate/bench-data.js";
import { summarize } from "../evaluate/metrics.js";
import { lineSentences } from "../ingest/sentences.js";
import type { YesNo } from "../types.js";
import { classifyAnswer } from "./binary.js";
import { answerFeatures, fnv1a } from "./binary-features.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = path.resolve(repoRoot, "../shared/bench");
const FILE = path.join(BENCH, "binary_conversion.jsonl");

const SPLIT_Q = "How was the data split into training, validation and test sets?";
const OPT_Q = "Which optimizer and learning rate were used to train the network?";

describe("classifyAnswer", () => {
  test("plain abstentions are no", () => {
    for (const a of [
      "I don't know. The provided context does not mention how the data were split.",
      "Unfortunately, the given text does not provide any information about the optimizer or the learning rate.",
      "The context does not specify this.",
    ]) {
      assert.equal(classifyAnswer(OPT_Q, a).reported, "no", a);
    }
  });

  test("empty answers are no with high confidence", () => {
    assert.deepEqual(classifyAnswer(SPLIT_Q, "  \n"), { reported: "no", confidence: 0.99, reason: "empty answer" });
  });

  test("specific answers are yes", () => {
    for (const a of [
      "The recordings were split into 80% training, 10% validation and 10% test sets.",
      "The authors trained the network with the Adam optimizer, a learning rate of 0.0001 and a batch size of 32 for 50 epochs.",
    ]) {
      assert.equal(classifyAnswer(OPT_Q, a).reported, "yes", a);
    }
  });

  test("a hedged answer that still gives the paper's value is yes", () => {
    const a =
      "The split is not explicitly described in the methods. However, the authors state that the 2,400 images were divided 70:30 into training and test sets.";
    assert.equal(classifyAnswer(SPLIT_Q, a).reported, "yes");
  });

  test("a generic textbook answer is no", () => {
    const a =
      "The context does not say. In general, common optimizers in deep learning include SGD and Adam, and typical learning rates can be chosen by grid search.";
    assert.equal(classifyAnswer(OPT_Q, a).reported, "no");
  });

  test("deterministic, with confidence in [0.5, 1] and a reason", () => {
    const a = "The model was trained with SGD at a learning rate of 0.01.";
    const v1 = classifyAnswer(OPT_Q, a);
    assert.deepEqual(classifyAnswer(OPT_Q, a), v1);
    assert.ok(v1.confidence >= 0.5 && v1.confidence <= 1);
    assert.match(v1.reason, /^p\(yes\)=/);
  });

  test("features: stable hash, sentence split, abstention flags", () => {
    assert.equal(fnv1a("abc"), 440920331);
    assert.deepEqual(lineSentences("One. Two here!\nThree"), ["One.", "Two here!", "Three"]);
    // The paper splitter's abbreviations hold for answers too: "etc." and "Inc." do not end a sentence.
    assert.deepEqual(lineSentences("Flips, crops, etc. The rest is unknown."), [
      "Flips, crops, etc. The rest is unknown.",
    ]);
    const f = answerFeatures(OPT_Q, "The text does not mention it.", 64);
    assert.ok(f.cues.some((c) => c.startsWith("abstains in 1/1")));
  });
});

test("binary task over the development data reaches accuracy 0.88 (in-sample: the model was trained on it)", {
  skip: existsSync(FILE) ? false : `bench data not found at ${FILE}`,
}, () => {
  const rows = readJsonl(FILE, binaryRowSchema).filter((r) => r.human !== null);
  const pred: YesNo[] = rows.map((r) => classifyAnswer(r.question, r.answer).reported);
  const s = summarize(
    pred,
    rows.map((r) => r.human as YesNo),
    { bootstrap: false },
  );
  assert.equal(s.n, 2935);
  assert.ok(s.accuracy >= 0.88, `accuracy ${s.accuracy}`);
  assert.ok(s.kappa >= 0.72, `kappa ${s.kappa}`);
});
