import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  buildDocContext,
  evidenceOf,
  isNonProse,
  isReferenceEntry,
  quotable,
  type SentenceInfo,
} from "./doc-context.js";
import { docFrom } from "./test-helpers.js";

// Made-up sentences; none is taken from a real paper.
function sentence(text: string, found: SentenceInfo[]): SentenceInfo {
  const s = found.find((x) => x.text.includes(text));
  if (!s) throw new Error(`no sentence with: ${text}`);
  return s;
}

describe("isNonProse", () => {
  test("table rows, axis ticks, equations and figure labels are not prose", () => {
    for (const text of [
      "ResNet-50 0.82 0.79 0.91 0.88 32",
      "0.0 0.2 0.4 0.6 0.8 1.0",
      "100 200 300 400 Epoch",
      "Loss = α · L1 + β · L2 where α = 0.5",
      "x ∈ {0, 1} ∑ y i = k",
      "Camera Trap Images Encoder Block FEATURE MAP Decoder Block OUTPUT MASK",
      "ReLU MaxPool + Dropout",
      "Pond Site Frogs Newts Toads",
      "The weighted centre of the component plane: P γ g(r, c) · Φ(r, c) (r,c) a = P , Φ(r, c) γ (r,c) where Φ is",
      // Table cells, column heads and box labels: a few names, no word of prose, no end of sentence.
      "Epochs",
      "RMSE =",
      "Pond Depth (cm)",
      "Seed Drill Model",
      "Number of Calls Test Ponds",
      // Bulleted labels of a questionnaire or a diagram run together.
      "• Leaf rust (LR) • Stem blight • Healthy leaf • I do not know",
      "Disease classes: • Rust • Blight • Mildew • Healthy",
      // The boxes of a diagram read one after another before the text of one of them.
      "Field Survey Leaf Scans Image Augmentation Disease:Leaf rust Note: It spreads in wet weeks and is common.",
      // The row labels and column heads of a table read as one line: long, without a single function word.
      "Model / input Accuracy Recall Leaf CNN, single photo Leaf CNN, photo stack Leaf CNN, stack, added indices Leaf CNN, per-field norm",
      "Call Detection and Counting",
      // Tables written with bars, header rule included.
      "Site | Frogs | Newts | Toads North pond | 12 | 3 | 0",
      "Setting | Value |---|---| Learning rate | 3e-4",
    ]) {
      assert.equal(isNonProse(text), true, text);
    }
  });

  test("sentences of prose, also short ones or ones with numbers, are prose", () => {
    for (const text of [
      "We trained the network with Adam for 50 epochs.",
      "The learning rate was 0.001 and the batch size 32.",
      "Accuracy was 0.93 ± 0.02 on the test set.",
      "Images were resized to 224 × 224 pixels before training.",
      "Code is available at https://github.com/pond_lab/frog_counter_v2.",
      "1 https://github.com/pond_lab/frog_counter_v2",
      "Data were split into training and test sets.",
      "Adam was used with β1 = 0.9, β2 = 0.999 and ε = 1e-8 at a learning rate of 1 × 10−4.",
      "The loss is L = α · L1 + β · L2, with α and β set to 0.5.",
      "Each crop (x, y, w, h) is given by its corner and size.",
      "Our contributions: • We map rust on 40 farms. • We train a leaf classifier. • We release the images.",
      "Sentinel-2 MSI Level-2A Surface Reflectance images were used for all farms.",
      "The Food and Agriculture Organization of the United Nations provided the farm boundaries.",
      // Short prose keeps its words of prose or its full stop; glued text without spaces is prose too.
      "Adam optimizer",
      "Frogs call.",
      "Maize yields rose sharply",
      "Wetrainedthefrognetwithadamfor30epochsandabatchsizeof16onfourgpus",
    ]) {
      assert.equal(isNonProse(text), false, text);
    }
  });
});

describe("sentence flags", () => {
  const text = [
    "Counting frogs in garden ponds with a small convolutional network",
    "Alex Example1, Sam Placeholder2",
    "1Department of Biology, University of Nowhere, Sometown, Noland",
    "E-mail: alex@example.org; sam@example.org",
    "Abstract",
    "We trained a convolutional network to count frogs in photographs.",
    "Methods",
    "The network was trained with Adam for 30 epochs.",
    "Epoch 0 10 20 30 40 50",
    "Loss = λ · L1 + (1 − λ) · L2",
    "Images come from a public archive.",
    "1. Pond Portal: https://ponds.example.org/data/",
  ].join("\n\n");
  const doc = {
    ...docFrom(text, [
      ["abstract", "Abstract"],
      ["methods", "Methods"],
    ]),
  };
  doc.title = "Counting frogs in garden ponds with a small convolutional network";
  const found = buildDocContext(doc).sentences;

  test("the paper's own title, author, affiliation and e-mail lines are never evidence", () => {
    for (const part of ["Counting frogs in garden ponds", "Alex Example1", "Department of Biology", "E-mail:"]) {
      const s = sentence(part, found);
      assert.equal(s.nonProse, true, part);
      assert.equal(s.cited, true, part);
    }
  });

  test("axis ticks and equations are flagged and excluded like cited text; statements are not", () => {
    assert.equal(sentence("Epoch 0 10", found).cited, true);
    assert.equal(sentence("Loss = λ", found).cited, true);
    for (const part of ["We trained a convolutional network", "The network was trained with Adam", "public archive"]) {
      const s = sentence(part, found);
      assert.equal(s.nonProse, false, part);
      assert.equal(s.cited, false, part);
    }
  });

  test("a footnote with its marker and address is neither a bibliography entry nor non-prose", () => {
    const s = sentence("Pond Portal", found);
    assert.equal(s.cited, false);
    assert.equal(s.nonProse, false);
    assert.equal(isReferenceEntry("1. Pond Portal: https://ponds.example.org/data/"), false);
    assert.equal(isReferenceEntry("1. Smith, A. (2020). Frogs. J. Ponds 3, 1-9. https://doi.org/10.1/x"), true);
  });
});

describe("captions pasted into sentences and dotted headings without a space", () => {
  const text = [
    "Methods",
    "The crop trial covered TABLE II PLOTS AND YIELDS (2021 SEASON) 48 plots on two farms.",
    "Each plot was sown by hand Fig. 3: Layout of the Trial plots in two rows.",
    "TABLE III FERTILISER RATES.",
    "2.4Yield Measurement and Drying",
    "Table 2 shows the yield of every plot, and TABLE 2 of the appendix the rainfall.",
  ].join("\n\n");
  const found = buildDocContext(docFrom(text, [["methods", "Methods"]])).sentences;

  test("the caption is never part of a quotable sentence; the prose around it stays quotable", () => {
    for (const s of found) {
      if (/TABLE I|Fig\. 3/.test(s.text)) assert.equal(quotable(s), false, s.text);
      assert.equal(text.slice(s.start, s.end), s.text);
    }
    for (const part of ["The crop trial covered", "48 plots on two farms.", "Each plot was sown by hand"]) {
      const s = sentence(part, found);
      assert.equal(s.text.includes("TABLE") || s.text.includes("Fig."), false, s.text);
      assert.equal(quotable(s), true, part);
    }
    assert.equal(quotable(sentence("TABLE III FERTILISER", found)), false);
  });

  test("a dotted heading number glued to its title is a heading; prose referring to tables is quotable", () => {
    assert.equal(sentence("2.4Yield Measurement", found).heading, true);
    assert.equal(quotable(sentence("Table 2 shows the yield", found)), true);
    assert.match(sentence("Table 2 shows the yield", found).text, /rainfall\.$/);
  });
});

describe("lines cut by blank lines", () => {
  const text = [
    "Methods",
    "Crop images were taken with a handheld",
    "camera at noon.",
    "We",
    "weighed each maize cob after drying.",
    "The score of each plot is the rank-normalized",
    "(k)",
    "distance to the plot centre.",
    "Project page: ponds.example.org/frog-calls",
    "arXiv:2401.01234v1 [cs.CV] 9 Jan 2024",
  ].join("\n\n");
  const found = buildDocContext(docFrom(text, [["methods", "Methods"]])).sentences;

  test("a sentence cut by blank lines is joined again", () => {
    assert.equal(sentence("Crop images", found).text, "Crop images were taken with a handheld\n\ncamera at noon.");
    assert.equal(sentence("weighed each maize cob", found).text, "We\n\nweighed each maize cob after drying.");
  });

  test("an index of an equation or an arXiv stamp between the lines is not glued into the sentence", () => {
    for (const s of found) {
      if (s.text.includes("(k)") || s.text.includes("arXiv:")) assert.equal(quotable(s), false, s.text);
    }
    assert.equal(sentence("rank-normalized", found).text, "The score of each plot is the rank-normalized");
    assert.equal(sentence("Project page", found).text, "Project page: ponds.example.org/frog-calls");
  });
});

describe("equations, footnotes and lettered headings between the lines", () => {
  const text = [
    "Methods",
    "A. Call detection",
    "Each clip is scored by the detector as",
    "s = σ(w · x + b) , i ∈ {1, …, N} (3)",
    "where w are the weights of the detector.",
    "The pond score averages the clip scores with weights",
    "∗",
    "c∈C score (4)",
    "where c runs over the clips of the night.",
    "1. Pond Archive: https://ponds.example.org/calls/",
    "undersampling of the silent clips was applied to the training set.",
    "Code repository: github.com/frog-lab/pond calls",
  ].join("\n\n");
  const found = buildDocContext(docFrom(text, [["methods", "Methods"]])).sentences;

  test("a lettered subsection heading is context of the sentence below it, never part of its quote", () => {
    const s = sentence("A. Call detection", found);
    assert.equal(s.text, "A. Call detection\n\nEach clip is scored by the detector as");
    const ctx = buildDocContext(docFrom(text, [["methods", "Methods"]]));
    const evidence = evidenceOf(ctx, sentence("A. Call detection", ctx.sentences));
    assert.equal(evidence.quote, "Each clip is scored by the detector as");
    assert.equal(text.slice(evidence.start, evidence.end), evidence.quote);
    // A lettered heading with no sentence after it is a heading, not quotable.
    const alone = buildDocContext(docFrom("Methods\n\nB. Pond selection", [["methods", "Methods"]])).sentences;
    assert.equal(sentence("B. Pond selection", alone).heading, true);
    assert.equal(quotable(sentence("B. Pond selection", alone)), false);
  });

  test("a label run into its sentence (Abstract—, an IEEE run-in heading) is judged with it but never quoted", () => {
    const runIn = [
      "Abstract—We map leaf rust on wheat farms from drone photographs.",
      "Methods",
      "B. Field sampling: Leaves were cut from 40 plots in June.",
    ].join("\n\n");
    const ctx = buildDocContext(docFrom(runIn, [["methods", "Methods"]]));
    const quotes = ctx.sentences.map((s) => evidenceOf(ctx, s).quote);
    assert.ok(quotes.includes("We map leaf rust on wheat farms from drone photographs."), quotes.join(" | "));
    assert.ok(quotes.includes("Leaves were cut from 40 plots in June."), quotes.join(" | "));
    assert.match(sentence("Field sampling", ctx.sentences).text, /^B\. Field sampling: Leaves/);
  });

  test("a displayed equation, its number or a lone symbol is not glued to the 'where' that follows", () => {
    assert.equal(sentence("where w are the weights", found).text, "where w are the weights of the detector.");
    assert.equal(sentence("where c runs over", found).text, "where c runs over the clips of the night.");
    for (const s of found) {
      if (/σ\(w|score \(4\)|^∗/.test(s.text)) assert.equal(/where/.test(s.text), false, s.text);
    }
  });

  test("a footnote with an address is not glued to a lower-case line after it", () => {
    assert.equal(sentence("Pond Archive", found).text, "1. Pond Archive: https://ponds.example.org/calls/");
    assert.match(sentence("undersampling of the silent", found).text, /^undersampling/);
  });

  test("figure labels joined by their lower-case starts are not prose; prose lines broken at a hyphen are", () => {
    assert.equal(isNonProse("Leaf Lesions\n\nrust spots on the upper side of\n\nspores spread by wind rain"), true);
    assert.equal(isNonProse("Leaves were photo-\n\ngraphed at noon with a\n\nhandheld camera on each farm"), false);
    assert.equal(isNonProse("Leaves were photographed\n\nat noon with a\n\nhandheld camera."), false);
  });

  test("a labelled address whose underscores the PDF lost is quotable, not a cited title", () => {
    const s = sentence("Code repository", found);
    assert.equal(s.text, "Code repository: github.com/frog-lab/pond calls");
    assert.equal(quotable(s), true);
  });
});

describe("a paper that presents itself as a review", () => {
  const REVIEW =
    "Acoustic monitoring with neural networks. This review traces how bird sound classifiers moved from hand-made " +
    "features to convolutional networks. Several groups trained ResNet-50 models on spectrograms with Adam for 50 epochs. " +
    "Transformers were later fine-tuned on large archives of recordings. " +
    "The present review groups these systems by the data they were trained on.";

  test("is recognised from its own words, and everything it describes is other work", () => {
    const ctx = buildDocContext(docFrom(REVIEW));
    assert.equal(ctx.review, true);
    assert.ok(ctx.sentences.every((s) => s.otherWork));
  });

  test("citing someone else's review, or a field survey, does not make a paper a review", () => {
    for (const text of [
      "We trained a CNN on our recordings. See Smith (2020) for a review of such networks. A review of the methods is given by Jones (2019).",
      "This survey covered 30 transects in 2019. We surveyed each plot twice. This survey was repeated in spring.",
    ]) {
      const ctx = buildDocContext(docFrom(text));
      assert.equal(ctx.review, false, text);
      assert.ok(
        ctx.sentences.some((s) => !s.otherWork),
        text,
      );
    }
  });

  test("the engine reports no study of its own for a review", async () => {
    const { createExtractiveEngine } = await import("./index.js");
    const { builtinQuestions } = await import("../../questions/catalogue.js");
    const doc = docFrom(REVIEW);
    const engine = createExtractiveEngine();
    for (const q of builtinQuestions().filter((x) => [12, 13, 15].includes(x.cq))) {
      const a = await engine.answer({ document: doc, chunks: [], retrieve: () => [] }, q);
      assert.equal(a.reported, "no", `CQ${q.cq}: ${a.answer}`);
    }
  });
});
