import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chunkDocument } from "../src/ingest/chunk.js";
import { loadDocument } from "../src/ingest/load.js";
import { sectionKindAt } from "../src/ingest/sections.js";
import { twoColumnPaper } from "./fixtures/pdf-paper.js";
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
