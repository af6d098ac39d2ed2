import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chunkDocument } from "../src/ingest/chunk.js";
import { loadDocument } from "../src/ingest/load.js";
import { sectionKindAt } from "../src/ingest/sections.js";
import { lineNumberedManuscript, twoColumnPaper } from "./fixtures/pdf-paper.js";
import { makePdf } from "./fixtures/pdf-writer.js";

// Long enough to fill both columns of two pages, so headers, page numbers and hyphenation all occur.
const filler = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `Paragraph ${i + 1} on ${topic} describes the classification workflow, the configuration of the sampling stations and the identification of individual specimens in considerable detail.`,
  );

const spec = {
  banner: "JournalofImaginaryLimnology7(2026)200123",
  runningAuthors: "K. Testwriter et al.",
  title: "Efficient classification of diatoms with a small convolutional network",
  authors: "Kim Testwriter, Lee Fixture",
  abstract: "We classify diatom images with a convolutional network and report its field performance.",
  sections: [
    { heading: "1. Introduction", paragraphs: ["ALPHA-MARKER opens the left column.", ...filler("diatoms", 8)] },
    {
      heading: "2. Materials and methods",
      paragraphs: ["We trained the network with the Adam optimizer for 40 epochs.", ...filler("methods", 12)],
    },
    { heading: "3. Results", paragraphs: ["OMEGA-MARKER closes the results.", ...filler("results", 10)] },
    { heading: "References", paragraphs: ["Doe, J., 2020. Diatoms in TensorFlow. Imaginary Journal 1, 1-9."] },
  ],
};

test("a generated two-column PDF becomes clean text with pages and sections", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-ingest-"));
  const path = join(dir, "diatoms.pdf");
  writeFileSync(path, makePdf(twoColumnPaper(spec), { title: spec.title }));
  const doc = await loadDocument(path);
  const { text } = doc;

  assert.ok(doc.pageCount >= 2, `expected several pages, got ${doc.pageCount}`);
  assert.equal(doc.title, spec.title);
  // Ligatures: NFKC turned U+FB01/U+FB02 into plain letters.
  assert.doesNotMatch(text, /[\uFB00-\uFB06]/);
  assert.match(text, /classification/);
  // Hyphenation at line ends is joined: no "word-\nword" and no "classi- fication".
  assert.doesNotMatch(text, /\p{Ll}-\s+\p{Ll}/u);
  // Running headers and page numbers are gone.
  assert.ok(!text.includes("JournalofImaginaryLimnology"), "banner left in the text");
  assert.ok(!text.includes("K. Testwriter et al."), "running author line left in the text");
  assert.doesNotMatch(text, /^\s*\d+\s*$/m);
  // Reading order: the left column's first words come before the right column's later ones.
  assert.ok(text.indexOf("ALPHA-MARKER") < text.indexOf("OMEGA-MARKER"));
  // Sections, and offsets that map back to pages.
  const kinds = doc.sections.map((s) => s.kind);
  for (const k of ["introduction", "methods", "results", "references"] as const) assert.ok(kinds.includes(k), k);
  assert.equal(sectionKindAt(doc.sections, text.indexOf("Adam optimizer")), "methods");
  assert.equal(sectionKindAt(doc.sections, text.indexOf("Diatoms in TensorFlow")), "references");
  for (const p of doc.pages) assert.ok(p.end >= p.start && p.page >= 1);
  const last = doc.pages[doc.pages.length - 1];
  assert.equal(last?.end, text.length);
  // Chunks never cross a section and slice back to their text.
  for (const chunk of chunkDocument(doc, "sections")) {
    assert.equal(text.slice(chunk.start, chunk.end), chunk.text);
    assert.equal(sectionKindAt(doc.sections, chunk.start), chunk.section);
  }
});

// Made-up text for the layouts of real submissions (never taken from a real paper).
const sentences = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `Observation ${i + 1} about ${topic} was recorded by two observers who walked the same transect at dawn and compared their notes afterwards.`,
  ).join(" ");

test("a line-numbered manuscript: numbers are stripped, and the References after them are found", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-ingest-"));
  const path = join(dir, "manuscript.pdf");
  const pages = lineNumberedManuscript({
    title: "Counting hedgehogs in suburban gardens with thermal cameras",
    authors: "Robin Example and Sam Placeholder",
    firstLine: 181,
    sections: [
      { heading: "Introduction", paragraphs: [sentences("hedgehogs", 6)] },
      {
        heading: "Methods",
        paragraphs: ["We trained the detector for 25 epochs on 4,000 frames.", sentences("frames", 8)],
      },
      { heading: "Results", paragraphs: [sentences("counts", 6)] },
      {
        heading: "References",
        paragraphs: ["Hedge, A. (2019). A reference title that must not become evidence. Journal of Tests 3, 1-9."],
      },
    ],
  });
  writeFileSync(path, makePdf(pages, { title: "manuscript" }));
  const doc = await loadDocument(path);
  assert.ok(doc.pageCount >= 2);
  // No line starts with a manuscript line number any more, and sentences are whole.
  assert.doesNotMatch(doc.text, /^(?:1[89]\d|2\d\d)\s/m);
  assert.match(doc.text, /^We trained the detector for 25 epochs on 4,000 frames\./m);
  const kinds = doc.sections.map((s) => `${s.kind}:${s.heading}`);
  for (const k of ["introduction:Introduction", "methods:Methods", "results:Results", "references:References"]) {
    assert.ok(kinds.includes(k), `${k} in ${kinds.join(", ")}`);
  }
  assert.equal(sectionKindAt(doc.sections, doc.text.indexOf("must not become evidence")), "references");
});

test("a page-1 sidebar heading covers its own block; footnote and broken URLs are kept whole", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-ingest-"));
  const path = join(dir, "sidebar.pdf");
  const sidebarSpec = {
    ...spec,
    hyphenate: false,
    ligatures: false,
    sidebar: [
      { heading: "Correspondence", paragraphs: ["Kim Testwriter, Imaginary Institute, Example Town, Nowhere."] },
      { heading: "Funding information", paragraphs: ["Imaginary Science Fund, Grant/Award Number: 0000."] },
      { heading: "Handling Editor", paragraphs: ["Pat Editor"] },
    ],
    footnotes: ["1 https://github.com/example-lab/diatom_classifier_v2"],
    sections: [
      {
        heading: "1. Introduction",
        paragraphs: [
          "ALPHA-MARKER opens the left column. Images come from the public archive at https://data.example.org/diatom_images/collection_2026/raw_frames_v1 and were checked by hand.",
          ...filler("diatoms", 8),
        ],
      },
      ...spec.sections.slice(1),
    ],
  };
  writeFileSync(path, makePdf(twoColumnPaper(sidebarSpec), { title: spec.title }));
  const doc = await loadDocument(path);
  const { text } = doc;
  // The funding heading does not swallow the abstract or the body.
  const at = (needle: string) => sectionKindAt(doc.sections, text.indexOf(needle));
  assert.equal(at("Imaginary Science Fund"), "acknowledgements");
  assert.notEqual(at("We classify diatom images"), "acknowledgements");
  assert.equal(at("ALPHA-MARKER"), "introduction");
  assert.equal(at("Adam optimizer"), "methods");
  // The footnote keeps its marker and its address, as a sentence of its own.
  assert.match(text, /^1 https:\/\/github\.com\/example-lab\/diatom_classifier_v2$/m);
  // A web address broken at a line end is joined again.
  assert.ok(
    text.includes("https://data.example.org/diatom_images/collection_2026/raw_frames_v1 and"),
    text.slice(0, 2000),
  );
});
