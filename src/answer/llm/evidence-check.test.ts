import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Document } from "../../types.js";
import { createQuoteChecker, locateQuote } from "./evidence-check.js";

const TEXT = "We trained the network with Adam at a\nlearning  rate of 1e-4.\n\nThe batch size was 32.";

describe("locateQuote", () => {
  test("finds an exact quote", () => {
    const span = locateQuote(TEXT, "The batch size was 32.");
    assert.ok(span);
    assert.equal(TEXT.slice(span.start, span.end), "The batch size was 32.");
  });

  test("maps a whitespace-normalised quote back to exact offsets", () => {
    const span = locateQuote(TEXT, "with Adam at a learning rate of 1e-4");
    assert.ok(span);
    assert.equal(TEXT.slice(span.start, span.end), "with Adam at a\nlearning  rate of 1e-4");
  });

  test("ignores quotation marks and ellipses around the quote", () => {
    const span = locateQuote(TEXT, '"The batch size was 32…"');
    assert.ok(span);
    assert.equal(TEXT.slice(span.start, span.end), "The batch size was 32");
  });

  test("rejects quotes that are not in the text or too short", () => {
    assert.equal(locateQuote(TEXT, "We trained with SGD"), undefined);
    assert.equal(locateQuote(TEXT, "Adam"), undefined);
  });
});

test("createQuoteChecker returns evidence with the page of the quote", () => {
  const doc: Document = {
    id: "d",
    path: "d.txt",
    title: "t",
    pageCount: 2,
    text: TEXT,
    pages: [
      { page: 1, start: 0, end: 62 },
      { page: 2, start: 62, end: TEXT.length },
    ],
    sections: [],
  };
  const ev = createQuoteChecker(doc)("batch size was 32");
  assert.deepEqual(ev, {
    quote: "batch size was 32",
    page: 2,
    start: TEXT.indexOf("batch"),
    end: TEXT.indexOf("batch") + 17,
  });
});
