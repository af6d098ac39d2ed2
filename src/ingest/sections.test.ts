import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Section } from "../types.js";
import { detectSections, notesOutOfReferences, parseHeading, sectionKindAt } from "./sections.js";

const NUMBERED = [
  "Counting marmots with deep networks",
  "A. Writer, B. Reader",
  "ABSTRACT",
  "We count marmots.",
  "1. Introduction",
  "Marmots are hard to count.",
  "2 Materials and Methods",
  "2.1. Study area",
  "The Alps.",
  "2.3. Model training",
  "We trained a CNN.",
  "Results",
  "A table cell above, not a heading.",
  "Results show that the model works well on the held-out data.",
  "3. Proposed approach",
  "3.1. Wav2Vec model description",
  "A transformer.",
  "4. Results and discussion",
  "It works.",
  "5. Conclusions",
  "Good.",
  "Acknowledgements",
  "Thanks.",
  "Data availability",
  "On request.",
  "References",
  "1. Smith, J., 2019. Results of a study. Journal 1, 1-2.",
  "2. Methods",
  "Discussion",
  "Appendix A. Supplementary data",
  "Tables.",
].join("\n\n");

function kinds(sections: Section[]): string[] {
  return sections.map((s) => `${s.kind}:${s.heading}`);
}

function assertContiguous(text: string, sections: Section[]): void {
  assert.equal(sections[0]?.start, 0);
  assert.equal(sections.at(-1)?.end, text.length);
  for (let i = 1; i < sections.length; i++) assert.equal(sections[i]?.start, sections[i - 1]?.end);
}

describe("parseHeading", () => {
  test("reads numbered, roman, unnumbered and markdown headings", () => {
    assert.deepEqual(parseHeading("2.3. Model training")?.numbers, [2, 3]);
    assert.equal(parseHeading("2 Materials and Methods")?.kind, "methods");
    assert.equal(parseHeading("II. RELATED WORK")?.kind, "background");
    assert.equal(parseHeading("Literature cited")?.kind, "references");
    assert.equal(parseHeading("Availability of data and materials")?.kind, "availability");
    assert.equal(parseHeading("Acknowledgments")?.kind, "acknowledgements");
    assert.equal(parseHeading("## Methods")?.kind, "methods");
    assert.equal(parseHeading("Abstract: We count marmots.")?.kind, "abstract");
  });

  test("rejects sentences, wrapped lines, table rows and affiliations", () => {
    assert.equal(parseHeading("Results show that the model works."), null);
    assert.equal(parseHeading("10 Hz recordings were made with the"), null);
    assert.equal(parseHeading("3 0.91 0.88 0.93 0.95"), null);
    assert.equal(parseHeading("1 Department of Biology, University of Nowhere"), null);
    assert.equal(parseHeading("Data"), null, "a bare table header word is not a heading unless numbered");
  });
});

describe("detectSections", () => {
  test("numbered paper: headings, inherited kinds, end matter, references and appendix", () => {
    const sections = detectSections(NUMBERED);
    assert.deepEqual(kinds(sections), [
      "front:",
      "abstract:ABSTRACT",
      "introduction:1. Introduction",
      "methods:2 Materials and Methods",
      "methods:2.1. Study area",
      "methods:2.3. Model training",
      "methods:3. Proposed approach",
      "methods:3.1. Wav2Vec model description",
      "results:4. Results and discussion",
      "conclusion:5. Conclusions",
      "acknowledgements:Acknowledgements",
      "availability:Data availability",
      "references:References",
      "appendix:Appendix A. Supplementary data",
    ]);
    assertContiguous(NUMBERED, sections);
  });

  test("Nature layout: Methods after the Discussion, availability statements after the supplementary methods", () => {
    const text = [
      "Sorting beetles by genus",
      "Abstract",
      "We sort beetles.",
      "Introduction",
      "Beetles are many.",
      "Results",
      "The network sorts 12 genera.",
      "Discussion",
      "It works on new drawers.",
      "Methods",
      "Drawers were photographed.",
      "Supplementary Methods",
      "Training ran for 40 epochs.",
      "Data availability",
      "The photographs are on Dryad.",
      "Acknowledgements",
      "We thank the curators.",
      "References",
      "Smith, J. (2020). Beetles. Insect Journal 1, 1-2.",
    ].join("\n\n");
    assert.deepEqual(kinds(detectSections(text)), [
      "front:",
      "abstract:Abstract",
      "introduction:Introduction",
      "results:Results",
      "discussion:Discussion",
      "methods:Methods",
      "methods:Supplementary Methods",
      "availability:Data availability",
      "acknowledgements:Acknowledgements",
      "references:References",
    ]);
  });

  test("a sentence starting with 'Results' stays inside its section", () => {
    const sections = detectSections(NUMBERED);
    const at = NUMBERED.indexOf("Results show that");
    assert.equal(sectionKindAt(sections, at), "methods");
  });

  test("everything after References is references unless an appendix follows", () => {
    const text =
      "1. Introduction\n\nText.\n\n2. Methods\n\nText.\n\nReferences\n\nSmith 2019.\n\n3. Results\n\nDiscussion\n\nJones 2020.";
    const sections = detectSections(text);
    assert.deepEqual(kinds(sections), ["introduction:1. Introduction", "methods:2. Methods", "references:References"]);
    assert.equal(sectionKindAt(sections, text.indexOf("Jones")), "references");
    assertContiguous(text, sections);
  });

  test("supplementary methods after the references are methods; other supplements are an appendix", () => {
    const text =
      "Main text\n\nWe counted eels at a weir.\n\nReferences\n\nAbel, R. (2019). Counting eels.\n\n" +
      "Supplementary Methods\n\nThe detector was a Faster R-CNN.\n\nSupplementary Information\n\nTable S1 lists the sites.";
    const sections = detectSections(text);
    assert.equal(sectionKindAt(sections, text.indexOf("The detector")), "methods");
    assert.equal(sectionKindAt(sections, text.indexOf("Table S1")), "appendix");
    assert.equal(sectionKindAt(sections, text.indexOf("Abel")), "references");
    assertContiguous(text, sections);
  });

  test("an appendix that gives the study's setup (a reproducibility checklist, implementation details) is methods", () => {
    const text =
      "1. Introduction\n\nWe sorted moth photos.\n\n2. Methods\n\nWe trained a CNN.\n\nReferences\n\nAbel, R. (2019). Moths.\n\n" +
      "Appendix A: Reproducibility Checklist\n\nOptimiser: SGD.\n\nAppendix B: Further examples\n\nMore moths.";
    const sections = detectSections(text);
    assert.equal(sectionKindAt(sections, text.indexOf("Optimiser")), "methods");
    assert.equal(sectionKindAt(sections, text.indexOf("More moths")), "appendix");
    assertContiguous(text, sections);
  });

  test("a thesis chapter numbers its sections under the chapter's number (4.1, 4.2, …)", () => {
    const text = [
      "Chapter 4",
      "Counting moths with a network",
      "4.1 Introduction",
      "Moths matter.",
      "4.2 Related work",
      "Others counted moths.",
      "4.3 Methods",
      "We trained a detector.",
      "4.3.1 Data",
      "Traps at six farms.",
      "4.4 Results",
      "It counted well.",
      "References",
      "Abel, R. (2019). Moths.",
    ].join("\n\n");
    const sections = detectSections(text);
    assert.equal(sectionKindAt(sections, text.indexOf("Moths matter")), "introduction");
    assert.equal(sectionKindAt(sections, text.indexOf("Others counted")), "background");
    assert.equal(sectionKindAt(sections, text.indexOf("We trained")), "methods");
    assert.equal(sectionKindAt(sections, text.indexOf("Traps at")), "methods");
    assert.equal(sectionKindAt(sections, text.indexOf("It counted")), "results");
    assertContiguous(text, sections);
    // An ordinary paper whose subsections share a number keeps its numbering.
    const paper = [
      "1 Introduction",
      "Text.",
      "2 Methods",
      "2.1 Study area",
      "Sites.",
      "2.2 Models",
      "GLMs.",
      "3 Results",
      "Fine.",
    ].join("\n\n");
    const own = detectSections(paper);
    assert.equal(sectionKindAt(own, paper.indexOf("Sites")), "methods");
    assert.equal(sectionKindAt(own, paper.indexOf("Fine")), "results");
  });

  test("unnumbered paper in any case, with reading order guarding against table cells", () => {
    const text = [
      "Title of a paper",
      "INTRODUCTION",
      "Text.",
      "Methodology",
      "Text.",
      "Experimental setup",
      "Text.",
      "Results and discussion",
      "Text.",
      "Methods",
      "A table header cell, after the results.",
      "Conclusion",
      "Text.",
      "Literature Cited",
      "A. B. 2020.",
    ].join("\n\n");
    const sections = detectSections(text);
    assert.deepEqual(kinds(sections), [
      "front:",
      "introduction:INTRODUCTION",
      "methods:Methodology",
      "methods:Experimental setup",
      "results:Results and discussion",
      "conclusion:Conclusion",
      "references:Literature Cited",
    ]);
    assertContiguous(text, sections);
  });

  test("a numbered table row does not break the numbering", () => {
    const text = [
      "1. Introduction",
      "Text.",
      "2. Methods",
      "Table 1.",
      "3 Conv layer",
      "More methods.",
      "3. Results",
      "3.1. Accuracy",
      "Text.",
    ].join("\n\n");
    assert.deepEqual(kinds(detectSections(text)), [
      "introduction:1. Introduction",
      "methods:2. Methods",
      "results:3. Results",
      "results:3.1. Accuracy",
    ]);
  });

  test("markdown headings: known names set the kind, others continue the section before them", () => {
    const text =
      "# Deep networks for owls\n\nIntro.\n\n## Methods\n\nText.\n\n### Data collection\n\nMore.\n\n## Results\n\nDone.";
    assert.deepEqual(kinds(detectSections(text)), [
      "front:# Deep networks for owls",
      "methods:## Methods",
      "methods:### Data collection",
      "results:## Results",
    ]);
  });

  test("text without headings is one front section; empty text too", () => {
    const text = "Just some text.\n\nMore.";
    assert.deepEqual(detectSections(text), [{ kind: "front", heading: "", start: 0, end: text.length }]);
    assert.deepEqual(detectSections(""), [{ kind: "front", heading: "", start: 0, end: 0 }]);
  });
});

describe("sectionKindAt", () => {
  test("finds the section holding an offset, clamps outside offsets", () => {
    const sections = detectSections(NUMBERED);
    assert.equal(sectionKindAt(sections, 0), "front");
    assert.equal(sectionKindAt(sections, NUMBERED.indexOf("We trained a CNN.")), "methods");
    assert.equal(sectionKindAt(sections, NUMBERED.indexOf("It works.")), "results");
    assert.equal(sectionKindAt(sections, NUMBERED.length), "appendix");
    assert.equal(sectionKindAt(sections, -5), "front");
    assert.equal(sectionKindAt([], 3), "front");
  });
});

describe("real layouts", () => {
  test("Wiley headings with a bar, closed-up capitals and a numbered Summary", () => {
    assert.deepEqual(parseHeading("2.1 | Study sites")?.numbers, [2, 1]);
    assert.equal(parseHeading("3 | RESULTS")?.kind, "results");
    assert.equal(parseHeading("2 | MATERIALSANDMETHODS")?.kind, "methods");
    assert.equal(parseHeading("1804 | SMITH ET AL."), null);
    const text = "1. Introduction\n\nText.\n\n2. Methods\n\nText.\n\n3. Results\n\nText.\n\n4. Summary\n\nWe close.";
    assert.equal(detectSections(text).at(-1)?.kind, "conclusion");
  });

  test("a first-page sidebar heading covers only its block", () => {
    const text = [
      "A title of a paper about ponds",
      "Correspondence\n\nA. Person, Pond Institute, Lakeside, Nowhere.",
      "Funding information\n\nThe Pond Fund, Grant/Award Number: 123",
      "Abstract\n\nAim: We mapped ponds. Methods: We counted frogs.",
      "KEYWORDS ponds, frogs",
      "Some more front text without a heading.",
      "1 | INTRODUCTION\n\nPonds matter.",
      "2 | METHODS\n\nWe walked.",
    ].join("\n\n");
    const sections = detectSections(text);
    assertContiguous(text, sections);
    const at = (needle: string) => sectionKindAt(sections, text.indexOf(needle));
    assert.equal(at("The Pond Fund"), "acknowledgements");
    assert.equal(at("We mapped ponds"), "abstract");
    assert.equal(at("Ponds matter"), "introduction");
    assert.equal(at("We walked"), "methods");
  });

  test("a sidebar heading without an abstract heading after it gives the text back to the front", () => {
    const text =
      "Title line\n\nFunding information\n\nThe Pond Fund.\n\nWe mapped ponds in the summer.\n\nResults\n\nMany.";
    const sections = detectSections(text);
    assertContiguous(text, sections);
    assert.equal(sectionKindAt(sections, text.indexOf("We mapped")), "front");
    assert.equal(sectionKindAt(sections, text.indexOf("Many")), "results");
  });

  test("References in any common form, also after a leftover line number or numbering that was not found", () => {
    for (const heading of ["REFERENCES", "Literature Cited", "Bibliography", "Works Cited", "594 References"]) {
      const text = `Introduction\n\nText.\n\n${heading}\n\nSmith, A. (2020). Title. J 1, 1-2.`;
      assert.equal(sectionKindAt(detectSections(text), text.indexOf("Smith")), "references", heading);
    }
    const numbered = "Some text.\n\n7 References\n\nSmith, A. (2020). Title. J 1, 1-2.";
    assert.equal(sectionKindAt(detectSections(numbered), numbered.indexOf("Smith")), "references");
  });

  test("'References' as a table's column header inside a numbered body is not the bibliography", () => {
    const text = [
      "1. Introduction\n\nText.",
      "2. Methods\n\nText.\n\nTable 3 Metrics\n\nMetric Definition\n\nReferences\n\nOverlap Shared cells Smith (2012)",
      "3. Results\n\nMany ponds.",
      "4. Discussion\n\nPonds matter.",
      "References\n\nSmith, A. (2012). Title. J 1, 1-2.",
    ].join("\n\n");
    const sections = detectSections(text);
    assert.equal(sectionKindAt(sections, text.indexOf("Many ponds")), "results");
    assert.equal(sectionKindAt(sections, text.indexOf("Smith, A.")), "references");
  });
});

describe("notesOutOfReferences", () => {
  const isFootnote = (p: string) => /^\d{1,2}\s.*https?:\/\//.test(p);
  const refs =
    "References\n\nSmith, J., 2020. Deer in the snow. J. Ecol. 1, 1-2.\n\nLee, K., 2021. Flips. Vision 7, 11-20.";

  test("a footnote with an address at the foot of a page inside the References becomes a Notes section", () => {
    const text = `${refs}\n\n1 The code is available at https://github.com/lab/tool.`;
    const sections = notesOutOfReferences(text, detectSections(text), [text.length], isFootnote);
    assert.deepEqual(
      sections.map((s) => [s.kind, s.heading, text.slice(s.start, s.end).slice(0, 12)]),
      [
        ["references", "References", "References\n\n"],
        ["other", "Notes", "1 The code i"],
      ],
    );
  });

  test("not when it does not end its page, nor in a numbered reference list", () => {
    const mid = `${refs}\n\n1 The code is available at https://github.com/lab/tool.\n\nZhu, A., 2022. More. X 1, 1.`;
    assert.deepEqual(
      notesOutOfReferences(mid, detectSections(mid), [mid.length], isFootnote).map((s) => s.kind),
      ["references"],
    );
    const numbered = "References\n\n11. Smith, J., 2020. Deer. J. Ecol.\n\n12 https://github.com/other/tool";
    assert.deepEqual(
      notesOutOfReferences(numbered, detectSections(numbered), [numbered.length], isFootnote).map((s) => s.kind),
      ["references"],
    );
  });
});
