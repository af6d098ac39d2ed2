import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cleanK24Answer, parseK24Binary } from "./k24-clean.js";

describe("cleanK24Answer", () => {
  test("removes the labels of a plain answer", () => {
    assert.equal(cleanK24Answer("\nAnswer: The model used Adam.\n"), "The model used Adam.");
  });

  test("keeps the text after the second marker, as K24 did", () => {
    assert.equal(cleanK24Answer("Answer:::\nAnswer: draft\n\nAnswer:::\nThe final text."), "The final text.");
  });

  test("does not empty an answer wrapped in two markers (K24's bug)", () => {
    assert.equal(cleanK24Answer("Answer:::\nAnswer: Adam with lr 1e-4.\n\nAnswer:::"), "Adam with lr 1e-4.");
    assert.equal(cleanK24Answer("Answer:::\nAnswer: Adam.\n\nAnswer:::\n\n"), "Adam.");
  });

  test("reproduces K24's replacement order on single markers", () => {
    assert.equal(cleanK24Answer("Helpful Answer: yes"), "Helpful  yes");
  });
});

describe("parseK24Binary", () => {
  test("the last match wins, case-insensitively", () => {
    assert.equal(parseK24Binary('Answer:::\nResponse: (Yes or No)\nResponse: "no"\nAnswer:::'), "no");
    assert.equal(parseK24Binary("I think the answer is YES because..."), "yes");
    assert.equal(parseK24Binary("Answer::: Yes"), "yes");
  });

  test("undefined when nothing matches", () => {
    assert.equal(parseK24Binary("It depends."), undefined);
  });
});
