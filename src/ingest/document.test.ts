import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildDocument, guessTitle, isAuthorLine } from "./document.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = resolve(REPO_ROOT, "../shared/bench");

const FIRST_PAGE = [
  "JournalOfMadeUpStudies80(2024)1024719",
  "Contents lists available at SomeDirect",
  "Journal of Made Up Studies for Testing",
  "journal homepage: www.example.org/jmus",
  "Deep learning for counting marmots in",
  "alpine meadows",
  "Ada Author a,*, Ben Beta b",
  "a Institute of Imaginary Ecology",
  "",
  "ABSTRACT",
  "",
  "We count marmots with a CNN.",
  "",
  "1. Introduction",
  "",
  "Marmots are hard to count.",
].join("\n");
const SECOND_PAGE = "2. Methods\n\nWe trained a ResNet.\n\nReferences\n\nSmith, J., 2019.";

describe("guessTitle", () => {
  test("skips banners, 'Contents lists…', the journal name and URLs, and joins a broken title", () => {
    assert.equal(guessTitle(FIRST_PAGE), "Deep learning for counting marmots in alpine meadows");
  });

  test("skips author lists and returns null when nothing qualifies", () => {
    assert.equal(
      guessTitle("A. Writer, B. Reader, C. Author\nA study of owls in the night"),
      "A study of owls in the night",
    );
    assert.equal(guessTitle("1. Introduction\n\nshort"), null);
  });

  test("recognises author lines", () => {
    assert.ok(isAuthorLine("B. Swaminathan et al."));
    assert.ok(isAuthorLine("Keun Young Lee a,⁎, Namil Chung b, Suntae Hwang c"));
    assert.ok(!isAuthorLine("Birds, bats and bees: a review of acoustic monitoring"));
  });
});

describe("buildDocument", () => {
  test("cleans the pages, maps pages and sections, guesses the title", () => {
    const document = buildDocument({ id: "abc", path: "/papers/marmots.pdf", pages: [FIRST_PAGE, "", SECOND_PAGE] });
    assert.equal(document.id, "abc");
    assert.equal(document.path, "/papers/marmots.pdf");
    assert.equal(document.pageCount, 3);
    assert.equal(document.title, "Deep learning for counting marmots in alpine meadows");
    assert.doesNotMatch(document.text, /JournalOfMadeUp/);
    assert.deepEqual(
      document.sections.map((s) => s.kind),
      ["front", "abstract", "introduction", "methods", "references"],
    );
    const page3 = document.pages[2];
    assert.ok(page3 && document.text.slice(page3.start, page3.end).startsWith("2. Methods"));
    assert.equal(document.sections.at(-1)?.end, document.text.length);
  });

  test("a given title wins; the file name without extension is the last resort", () => {
    assert.equal(buildDocument({ id: "x", path: "a.pdf", pages: [FIRST_PAGE], title: "Given" }).title, "Given");
    assert.equal(
      buildDocument({ id: "x", path: "/x/my-paper.v2.txt", pages: ["1. Introduction\n\nshort"] }).title,
      "my-paper.v2",
    );
  });

  const benchFile = resolve(BENCH, "chunks/10.1016_j.ecoinf.2024.102471.pdf.json");
  const skip = existsSync(benchFile) ? false : `bench data not found at ${benchFile}`;
  if (skip) console.log(`skipping the bench document test: ${skip}`);
  test("bench paper (PDFMiner text): banner gone, hyphenation joined", { skip }, () => {
    const { chunks } = JSON.parse(readFileSync(benchFile, "utf8")) as { chunks: string[] };
    const raw = chunks.join("\n\n");
    // The banner is found by its shape in the raw text, so no journal name is written here.
    const banner = /\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+\d+\(\d{4}\)\d+/u.exec(raw)?.[0];
    assert.ok(banner, "the raw text has a glued banner");
    assert.match(raw, /Net-\nworks/);
    const document = buildDocument({ id: "bench", path: benchFile, pages: raw.split("\f") });
    assert.ok(!document.text.includes(banner));
    assert.doesNotMatch(document.text, /\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+\d+\(\d{4}\)\d+/u);
    assert.match(document.text, /Convolutional Neural Networks/);
    assert.doesNotMatch(document.text, /Net-\s*works/);
    assert.doesNotMatch(document.text, /\(cid:\d+\)/);
  });
});
