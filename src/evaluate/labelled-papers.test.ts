import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PaperLabelsSchema, sameSentence, scorePaper, summarizeRows } from "./labelled-papers.js";

const labels = PaperLabelsSchema.parse([
  { cq: 1, label: "yes", evidence: "Calls were recorded with twelve hydrophones moored along the shelf edge." },
  { cq: 4, label: "no", note: "said of other work only" },
  { cq: 15, label: "yes", evidence: "The network was optimised with AdamW at a learning rate of 0.0003." },
  { cq: 24, label: "no" },
]);

describe("scoring answers against labelled papers", () => {
  test("a quote and a labelled sentence are the same when one holds the other's opening", () => {
    assert.equal(
      sameSentence(
        "Calls were recorded with twelve hydrophones moored along the shelf edge.",
        "Calls were recorded with twelve hydrophones moored along the shelf edge.",
      ),
      true,
    );
    // A quote that carries a heading, or the labelled sentence inside a longer quote.
    assert.equal(
      sameSentence(
        "A. Recording Calls were recorded with twelve   hydrophones moored along the shelf edge, at 80 m.",
        "Calls were recorded with twelve hydrophones moored along the shelf edge.",
      ),
      true,
    );
    assert.equal(sameSentence("The recorders were serviced every month by the crew.", labels[0].evidence), false);
    assert.equal(sameSentence("", labels[0].evidence), false);
  });

  test("rows: right or wrong, whether a right yes quotes the label, and missing answers", () => {
    const rows = scorePaper("dolphins", labels, [
      { cq: 1, reported: "yes", evidence: [{ quote: "The recorders were serviced every month by the crew." }] },
      { cq: 4, reported: "yes", evidence: [{ quote: "Other groups flipped the spectrograms." }] },
      { cq: 15, reported: "yes", evidence: [{ quote: labels[2].evidence }] },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.cq, r.reported, r.right, r.quotesLabel]),
      [
        [1, "yes", true, false],
        [4, "yes", false, null],
        [15, "yes", true, true],
        [24, "missing", false, null],
      ],
    );
    const summary = summarizeRows(rows);
    assert.equal(summary.papers, 1);
    assert.equal(summary.agreement.n, 4);
    assert.equal(summary.agreement.accuracy, 0.5);
    assert.deepEqual(summary.yes, { right: 2, n: 2 });
    assert.deepEqual(summary.no, { right: 0, n: 2 });
    assert.deepEqual(summary.quoted, { right: 1, n: 2 });
  });

  test("a label file that is not a list of labels is refused", () => {
    assert.equal(PaperLabelsSchema.safeParse([{ cq: 1, label: "maybe" }]).success, false);
    assert.equal(PaperLabelsSchema.safeParse({ cq: 1, label: "yes" }).success, false);
  });
});
