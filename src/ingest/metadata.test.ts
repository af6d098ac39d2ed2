import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { authorNames, extractMetadata, METADATA_VERSION, pdfInfo, structuredMetadata } from "./metadata.js";

// First pages written for these tests in the styles publishers use; no text is copied from a paper.
const ELSEVIER = [
  "Contents lists available at ScienceDirect",
  "Journal of Invented Ecology",
  "journal homepage: www.example.org/locate/jie",
  "Journal of Invented Ecology 61 (2021) 101234",
  "",
  "Counting herons from drone images with a",
  "convolutional network",
  "",
  "Ana Ribeiro a,*, Tomás Lindgren b, Mei Chen a",
  "a Department of Zoology, Some University, Town, Country",
  "",
  "A R T I C L E  I N F O",
  "Article history: Received 2 March 2020 Received in revised form 9 October 2020 Accepted 12 October 2020",
  "",
  "https://doi.org/10.1016/j.jie.2021.101234",
  "© 2021 Elsevier B.V. All rights reserved.",
].join("\n");

const IEEE = [
  "Detecting Frog Calls in Noisy Recordings",
  "with Recurrent Networks",
  "",
  "Paul Martin and Sara Okafor",
  "Institute of Made-Up Acoustics",
  "",
  "Abstract—We detect frog calls in field recordings.",
  "",
  "I. INTRODUCTION",
  "Frogs call at night.",
  "",
  "2019 27th European Invented Signal Conference (EISC)",
  "978-1-2345-6789-0/19/$31.00 ©2019 IEEE",
].join("\n");

const ARXIV = [
  "Segmenting Kelp Forests in Satellite Images:",
  "A Benchmark",
  "",
  "Lena Vogt1, Omar Haddad2 and Ines Duarte1",
  "",
  "1 University of Nowhere",
  "",
  "Abstract. We release a benchmark for kelp segmentation.",
  "",
  "arXiv:2103.01234v2 [cs.CV] 4 Mar 2021",
].join("\n");

const MANUSCRIPT = [
  "Soil moisture and beetle diversity along an",
  "invented gradient",
  "",
  "R. Kowalski1 (rk@example.org)",
  "J. Mensah2 (jm@example.org)",
  "",
  "1 1 Centre for Pretend Ecology, Somewhere",
  "2 Running title: beetles and soil",
  "3 Data accessibility: data will be archived at doi:10.5061/dryad.fake12 after acceptance.",
  "4 Last revision: 14 February 2022",
].join("\n");

const WILEY = [
  "Received: 3 May 2017 | Revised: 1 February 2018 | Accepted: 20 February 2018",
  "",
  "DOI: 10.1111/abcd.12345",
  "",
  "R E S E A R C H A R T I C L E",
  "",
  "Where do invented snails go? Dispersal of a fictional snail",
  "across island",
  "chains",
  "",
  "1 2",
  "",
  "Hana Novak | Luis Ortega | Ama Boateng",
  "",
  "1Department of Biology, University of Elsewhere",
  "Correspondence",
  "Hana Novak, Department of Biology",
  "Funding information",
  "Grant/Award Number: 2012-77",
  "",
  "3456 | © 2018 John Wiley & Sons Ltd wileyonlinelibrary.com/journal/abcd Invented Snail Letters. 2018;7:3456–3470.",
].join("\n");

describe("extractMetadata on first pages of several styles", () => {
  test("Elsevier-like: citation line, 'Contents lists available', doi.org link", () => {
    const m = extractMetadata({ pages: [ELSEVIER] });
    assert.equal(m.title, "Counting herons from drone images with a convolutional network");
    assert.deepEqual(m.authors, ["Ana Ribeiro", "Tomás Lindgren", "Mei Chen"]);
    assert.equal(m.year, 2021);
    assert.equal(m.journal, "Journal of Invented Ecology");
    assert.equal(m.doi, "10.1016/j.jie.2021.101234");
    assert.deepEqual(m.sources, {
      title: "first-page",
      authors: "first-page",
      year: "first-page",
      journal: "first-page",
      doi: "doi-pattern",
    });
    assert.equal(m.version, METADATA_VERSION);
  });

  test("IEEE conference: the proceedings line gives year and venue, © confirms", () => {
    const m = extractMetadata({ pages: [IEEE] });
    assert.equal(m.title, "Detecting Frog Calls in Noisy Recordings with Recurrent Networks");
    assert.deepEqual(m.authors, ["Paul Martin", "Sara Okafor"]);
    assert.equal(m.year, 2019);
    assert.equal(m.journal, "European Invented Signal Conference (EISC)");
    assert.equal(m.doi, undefined);
  });

  test("arXiv preprint: year from the identifier (YYMM), venue arXiv", () => {
    const m = extractMetadata({ pages: [ARXIV], info: { creationDate: "D:20230101000000Z" } });
    assert.equal(m.title, "Segmenting Kelp Forests in Satellite Images: A Benchmark");
    assert.deepEqual(m.authors, ["Lena Vogt", "Omar Haddad", "Ines Duarte"]);
    assert.equal(m.year, 2021, "the arXiv id beats the info CreationDate");
    assert.equal(m.sources?.year, "arxiv-id");
    assert.equal(m.journal, "arXiv");
  });

  test("manuscript with line numbers: revision date, authors one per line, a data DOI is not the paper's", () => {
    const m = extractMetadata({ pages: [MANUSCRIPT], info: { creationDate: "D:20220301120000Z" } });
    assert.equal(m.title, "Soil moisture and beetle diversity along an invented gradient");
    assert.deepEqual(m.authors, ["R. Kowalski", "J. Mensah"]);
    assert.equal(m.year, 2022);
    assert.equal(m.sources?.year, "first-page");
    assert.equal(m.doi, undefined, "a Dryad DOI on a data line is no paper DOI");
  });

  test("Wiley two-column with sidebar: title over three lines, '|' authors, semicolon citation", () => {
    const m = extractMetadata({ pages: [WILEY] });
    assert.equal(m.title, "Where do invented snails go? Dispersal of a fictional snail across island chains");
    assert.deepEqual(m.authors, ["Hana Novak", "Luis Ortega", "Ama Boateng"]);
    assert.equal(m.year, 2018, "the citation line, not the 2012 of a grant number");
    assert.equal(m.journal, "Invented Snail Letters");
    assert.equal(m.doi, "10.1111/abcd.12345");
  });

  test("the info Title is used only when it looks like a title and page 1 shows it", () => {
    const page = "Owls of the invented north: a census\n\nA. Smith, B. Jones\n\nAbstract\n\nWe count owls.";
    const junk = ["Microsoft Word - draft_v3.docx", "untitled", "main.tex", "IEEE conference template"];
    for (const title of junk) {
      const m = extractMetadata({ pages: [page], info: { title } });
      assert.equal(m.title, "Owls of the invented north: a census", title);
      assert.equal(m.sources?.title, "first-page");
    }
    const good = extractMetadata({ pages: [page], info: { title: "Owls of the Invented North &#x2010; a Census" } });
    assert.equal(good.title, "Owls of the Invented North ‐ a Census");
    assert.equal(good.sources?.title, "pdf-info");
    const stale = extractMetadata({ pages: [page], info: { title: "Bats of the south in winter" } });
    assert.equal(stale.sources?.title, "first-page", "a title page 1 does not show is not trusted");
  });

  test("info Author, DOI and CreationDate are low-trust fallbacks with source pdf-info", () => {
    const m = extractMetadata({
      pages: ["Some invented findings about moss growth\n\nText without dates."],
      info: { author: "Eva Lind (eva@example.org); Jon Berg", doi: "10.1234/MOSS.9", creationDate: "D:20190101" },
    });
    assert.deepEqual(m.authors, ["Eva Lind", "Jon Berg"]);
    assert.equal(m.year, 2019);
    assert.equal(m.doi, "10.1234/moss.9");
    assert.deepEqual([m.sources?.authors, m.sources?.year, m.sources?.doi], ["pdf-info", "pdf-info", "pdf-info"]);
  });

  test("a DOI from the references of page 2 is not the paper's; trailing punctuation is dropped", () => {
    const page2 = "Methods text.\n\nReferences\n\nDoe, J. (2020). X. doi:10.9999/other.1";
    assert.equal(extractMetadata({ pages: ["An invented title about lichens here", page2] }).doi, undefined);
    const page1 = "An invented title about lichens here\n\nDOI: 10.5555/lichen.42).";
    assert.equal(extractMetadata({ pages: [page1] }).doi, "10.5555/lichen.42");
  });

  test("Markdown: the '# ' heading is the title", () => {
    const m = extractMetadata({
      pages: ["# Mapping invented wetlands\n\nDOI: 10.4321/wet.1\n\nText."],
      markdown: true,
    });
    assert.equal(m.title, "Mapping invented wetlands");
    assert.equal(m.doi, "10.4321/wet.1");
  });
});

describe("helpers", () => {
  test("authorNames strips marks, e-mails and glued affiliation letters; refuses affiliations", () => {
    assert.deepEqual(authorNames("Justin Doe1,2,*, Juan Pablo Roe1 and Steve Poe3"), [
      "Justin Doe",
      "Juan Pablo Roe",
      "Steve Poe",
    ]);
    assert.deepEqual(authorNames("Wei Hua,b,∗,1, Yan Lia,1"), ["Wei Hu", "Yan Li"]);
    assert.deepEqual(authorNames("aMaria Silva, bJohn Smith"), ["Maria Silva", "John Smith"]);
    assert.deepEqual(authorNames("Department of Biology, University of Elsewhere"), []);
    assert.deepEqual(authorNames("We count owls at night, and bats."), []);
  });

  test("pdfInfo keeps strings only and reads XMP and Wiley's custom DOI", () => {
    const info = pdfInfo(
      { Title: " A title ", Author: 3, CreationDate: "D:2020", Custom: { "WPS-ARTICLEDOI": "10.1/x" } },
      { "prism:publicationname": "Invented Letters" },
    );
    assert.deepEqual(info, {
      title: "A title",
      creationDate: "D:2020",
      doi: "10.1/x",
      publication: "Invented Letters",
    });
    assert.deepEqual(pdfInfo(null), {});
  });

  test("structuredMetadata gives JATS/TEI fields their source", () => {
    const m = structuredMetadata({ year: 2020, doi: "10.1/a" }, "A title", "jats");
    assert.deepEqual(m.sources, { title: "jats", year: "jats", doi: "jats" });
    assert.equal(m.title, "A title");
  });
});
