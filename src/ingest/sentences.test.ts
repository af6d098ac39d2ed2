import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { splitSentences } from "./sentences.js";

const sentences = (text: string, from?: number, to?: number): string[] =>
  splitSentences(text, from, to).map((s) => text.slice(s.start, s.end));

describe("splitSentences", () => {
  test("splits at . ! ? before an upper-case letter or a digit", () => {
    assert.deepEqual(sentences("We used Adam. It worked! Did it? 20% were held out."), [
      "We used Adam.",
      "It worked!",
      "Did it?",
      "20% were held out.",
    ]);
  });

  test("does not split after abbreviations, initials or et al.", () => {
    assert.deepEqual(sentences("See Fig. 3 and e.g. Adam. Smith et al. (2019) agree. A. Smith wrote it."), [
      "See Fig. 3 and e.g. Adam.",
      "Smith et al. (2019) agree.",
      "A. Smith wrote it.",
    ]);
  });

  test("a blank line always ends a sentence; closing quotes stay with their sentence", () => {
    assert.deepEqual(sentences("No full stop\n\nNext line"), ["No full stop", "Next line"]);
    assert.deepEqual(sentences('He said "stop." Then left.'), ['He said "stop."', "Then left."]);
  });

  test("works on a range and returns trimmed offsets into the whole text", () => {
    const text = "Skip this. Keep this one. And this.  Not this.";
    const from = text.indexOf("Keep");
    const to = text.indexOf("Not");
    assert.deepEqual(sentences(text, from, to), ["Keep this one.", "And this."]);
  });

  test("decimals and version numbers do not end a sentence", () => {
    assert.deepEqual(sentences("Accuracy was 93.5% with PyTorch 2.1. The end."), [
      "Accuracy was 93.5% with PyTorch 2.1.",
      "The end.",
    ]);
  });
});

test("a numbered heading is not split from its title", () => {
  const text = "2. Methods\n\nWe used data. It was good.";
  assert.deepEqual(
    splitSentences(text).map((s) => text.slice(s.start, s.end)),
    ["2. Methods", "We used data.", "It was good."],
  );
});
