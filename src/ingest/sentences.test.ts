import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cutAtCaptions, splitSentences } from "./sentences.js";

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

  test("a single letter before a word that opens a sentence ends the sentence; before a name it stays an initial", () => {
    assert.deepEqual(
      sentences("Discard the tiles of class C. The remaining tiles were kept. J. K. Rowe counted them."),
      ["Discard the tiles of class C.", "The remaining tiles were kept.", "J. K. Rowe counted them."],
    );
    // A letter after a number is a unit.
    assert.deepEqual(sentences("Training took about 9 h. Earlier runs were shorter."), [
      "Training took about 9 h.",
      "Earlier runs were shorter.",
    ]);
    assert.deepEqual(sentences("Settings are listed in Appendix B. We trained for 40 epochs."), [
      "Settings are listed in Appendix B.",
      "We trained for 40 epochs.",
    ]);
  });

  test("a blank line always ends a sentence; closing quotes stay with their sentence", () => {
    assert.deepEqual(sentences("No full stop\n\nNext line"), ["No full stop", "Next line"]);
    // Even after a word that is also an abbreviation ("no", "etc.").
    assert.deepEqual(sentences("Class weighting: no.\n\nTest-time augmentation: no."), [
      "Class weighting: no.",
      "Test-time augmentation: no.",
    ]);
    assert.deepEqual(sentences('He said "stop." Then left.'), ['He said "stop."', "Then left."]);
  });

  test("works on a range and returns trimmed offsets into the whole text", () => {
    const text = "Skip this. Keep this one. And this.  Not this.";
    const from = text.indexOf("Keep");
    const to = text.indexOf("Not");
    assert.deepEqual(sentences(text, from, to), ["Keep this one.", "And this."]);
  });

  test("a settings line's abbreviations do not end it where its list item goes on to a semicolon", () => {
    // Made-up workshop notes of a kelp-mapping study.
    assert.deepEqual(
      sentences(
        "Post-proc.: softmax thr. 0.6; small blobs removed.\nModel sel.: best ckpt by val. Dice; 3 runs.\nNotes: it ran twice. The seeds were fixed; see Table 2.",
      ),
      [
        "Post-proc.: softmax thr. 0.6; small blobs removed.",
        "Model sel.: best ckpt by val. Dice; 3 runs.",
        "Notes: it ran twice.",
        "The seeds were fixed; see Table 2.",
      ],
    );
    // Outside a labelled line a period before a number still ends the sentence.
    assert.deepEqual(sentences("Training used a fixed thr. 0.5; it was not tuned."), [
      "Training used a fixed thr.",
      "0.5; it was not tuned.",
    ]);
  });

  test("a bullet after the end of a sentence starts the next one; bullets of a list of labels stay together", () => {
    // Made-up bullets of a crop-disease paper, run together by a two-column extraction.
    assert.deepEqual(
      sentences(
        "Blight was found on 12 plots (Table 4). • Rust spread faster in wet weeks (Table 5). • Mildew was rare. Classes: • Rust • Blight • Healthy",
      ),
      [
        "Blight was found on 12 plots (Table 4).",
        "• Rust spread faster in wet weeks (Table 5).",
        "• Mildew was rare.",
        "Classes: • Rust • Blight • Healthy",
      ],
    );
  });

  test("a web address without a stop ends its statement when a new sentence follows it", () => {
    assert.deepEqual(
      sentences(
        "The code is available at: https://github.com/crop-lab/rust-maps The data are at https://example.org/rust Python scripts run it.",
      ),
      [
        "The code is available at: https://github.com/crop-lab/rust-maps",
        "The data are at https://example.org/rust Python scripts run it.",
      ],
    );
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

describe("cutAtCaptions", () => {
  // Each piece as text, a caption marked with "[caption] ".
  const pieces = (text: string): string[] =>
    cutAtCaptions(text, splitSentences(text)).map(
      (s) => `${s.caption ? "[caption] " : ""}${text.slice(s.start, s.end)}`,
    );

  test("an upper-case table caption pasted into a sentence is cut out; the prose on both sides stays", () => {
    assert.deepEqual(pieces("The frog survey logged TABLE II CALLS PER POND (NIGHT COUNTS) 840 calls in April."), [
      "The frog survey logged",
      "[caption] TABLE II CALLS PER POND (NIGHT COUNTS)",
      "840 calls in April.",
    ]);
    assert.deepEqual(pieces("Maize plots were sown in May and TABLE 3 YIELD BY PLOT harvested in October."), [
      "Maize plots were sown in May and",
      "[caption] TABLE 3 YIELD BY PLOT",
      "harvested in October.",
    ]);
  });

  test("a caption at the end of the sentence, two labels in a row, and a title opening a sentence", () => {
    assert.deepEqual(pieces("The test ponds hold TABLE IV TEST PONDS (LOCAL SET)."), [
      "The test ponds hold",
      "[caption] TABLE IV TEST PONDS (LOCAL SET).",
    ]);
    assert.deepEqual(pieces("TABLE I TABLE II LAYERS OF THE FROG NET"), [
      "[caption] TABLE I TABLE II LAYERS OF THE FROG NET",
    ]);
    assert.deepEqual(pieces("TABLE V CROP YIELDS. Yields rose."), ["[caption] TABLE V CROP YIELDS.", "Yields rose."]);
  });

  test("a figure or table caption with a colon pasted into a sentence runs to the sentence's end", () => {
    assert.deepEqual(pieces("Calls were scored by ear- Fig. 2: Map of the ponds phones. We used four nights."), [
      "Calls were scored by ear-",
      "[caption] Fig. 2: Map of the ponds phones.",
      "We used four nights.",
    ]);
    assert.deepEqual(pieces("Plots were weeded by hand Table 4: Fertiliser per plot twice a week."), [
      "Plots were weeded by hand",
      "[caption] Table 4: Fertiliser per plot twice a week.",
    ]);
  });

  test("prose that refers to tables and figures is left whole", () => {
    for (const text of [
      "Table 2 shows the yield of each plot.",
      "As shown in Fig. 3, calls peak at dusk.",
      "The settings are listed in TABLE 2 of the appendix.",
      "Yields are summarised in Table 3: maize leads, beans follow.",
      "Results are given in Figure 5: Maize leads.",
      "Fig. 1: Map of the ponds sampled in 2021.",
      "TABLES and chairs were set up at each pond.",
    ]) {
      assert.deepEqual(pieces(text), [text], text);
    }
  });

  test("every piece is a verbatim slice of the text", () => {
    const text = "Nightly counts TABLE III NIGHTLY COUNTS 12 frogs per pond.\n\nWe sowed Fig. 4: Plot layout beans.";
    for (const span of cutAtCaptions(text, splitSentences(text))) {
      const piece = text.slice(span.start, span.end);
      assert.equal(piece, piece.trim());
      assert.ok(piece.length > 0);
    }
  });
});
