import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { queryFromText, toMatchExpression } from "./query.js";

describe("queryFromText", () => {
  test("keeps the content words in order, lower-cased and once each", () => {
    assert.deepEqual(queryFromText("Which optimizer was used to train the model?"), ["optimizer", "train", "model"]);
    assert.deepEqual(queryFromText("What is the learning rate? The Learning RATE!"), ["learning", "rate"]);
  });

  test("keeps hyphenated terms whole and drops one-letter words", () => {
    assert.deepEqual(queryFromText("Is k-fold cross-validation or an F1-score reported in the paper?"), [
      "k-fold",
      "cross-validation",
      "f1-score",
    ]);
    assert.deepEqual(queryFromText("What's a GPU's role?"), ["gpu", "role"]);
  });

  test("gives [] for text without content words", () => {
    assert.deepEqual(queryFromText(""), []);
    assert.deepEqual(queryFromText("What is it, and which of them was used?"), []);
  });
});

describe("toMatchExpression", () => {
  test("quotes each term as a phrase and ORs them", () => {
    assert.equal(toMatchExpression(["learning rate", "Adam"]), '"learning rate" OR "Adam"');
  });

  test("doubles inner quotes, folds whitespace and control characters, drops duplicates", () => {
    assert.equal(
      toMatchExpression(['say "hi"', "  two\n\twords ", "Adam", "adam"]),
      '"say ""hi""" OR "two words" OR "Adam"',
    );
    assert.equal(toMatchExpression(["a\u0000b"]), '"a b"');
  });

  test("drops terms without a letter or digit and gives undefined when none is left", () => {
    assert.equal(toMatchExpression(["", "  ", "++", '"', "C++"]), '"C++"');
    assert.equal(toMatchExpression(["", "--", "*"]), undefined);
    assert.equal(toMatchExpression([]), undefined);
  });
});
