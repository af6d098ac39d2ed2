import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cleanPages, isBanner, normalizePageLines, stripLineNumbers } from "./clean.js";

const clean = (...pages: string[]): string => cleanPages(pages).text;

describe("normalizePageLines", () => {
  test("NFKC turns ligatures into letters", () => {
    assert.equal(clean("classi\uFB01cation of \uFB02ows"), "classification of flows");
  });

  test("removes (cid:N) artefacts, soft hyphens and zero-width characters", () => {
    assert.equal(clean("Accuracy (cid:3) was high (cid:0)."), "Accuracy was high .");
    assert.equal(clean("clas\u00ADsifi\u200Bcation\uFEFF"), "classification");
  });

  test("collapses spaces and tabs, closes up letter-spaced words", () => {
    assert.equal(clean("a  \t b\u00a0 c"), "a b c");
    assert.deepEqual(normalizePageLines("A R T I C L E  I N F O\na b s t r a c t"), ["ARTICLE INFO", "abstract"]);
  });

  test("a table laid out with spaces keeps a row per paragraph, label and value two spaces apart", () => {
    // A made-up settings table of a moth-trap study.
    const table = [
      "Training was run once.",
      "Setting          Value",
      "Optimizer        SGD, momentum 0.9",
      "Batch size       32",
      "GPU              2 x RTX 4090",
      "The rest followed the defaults.",
    ].join("\n");
    assert.equal(
      clean(table),
      "Training was run once.\n\nSetting  Value\n\nOptimizer  SGD, momentum 0.9\n\nBatch size  32\n\nGPU  2 x RTX 4090\n\nThe rest followed the defaults.",
    );
    // Two such lines, or values that do not line up, are prose as before.
    assert.equal(
      clean("Optimizer        SGD\nBatch size       32\nwas used."),
      "Optimizer SGD Batch size 32 was used.",
    );
    assert.equal(clean("Optimizer     SGD\nBatch size       32\nGPU   one"), "Optimizer SGD Batch size 32 GPU one");
  });

  test("a table's footnotes are paragraphs of their own after its last row", () => {
    const page = [
      "Site | Moss | Rock",
      "North | 0.81 | 0.90",
      "a Trained with SGD for 80 epochs.",
      "b Tiles were flipped.",
    ].join("\n");
    assert.equal(
      clean(page),
      "Site | Moss | Rock North | 0.81 | 0.90\n\na Trained with SGD for 80 epochs.\n\nb Tiles were flipped.",
    );
    // A line that opens with the article "a" in running prose stays in its paragraph.
    assert.equal(clean("The detector uses\na ResNet-50 backbone."), "The detector uses a ResNet-50 backbone.");
  });

  test("a Symbol-font bullet from the private use area becomes a bullet", () => {
    assert.equal(clean("Leaves were scored. \uf0b7 Rust was counted."), "Leaves were scored. • Rust was counted.");
  });

  test("puts PDFMiner's spacing accents back on their letter", () => {
    assert.equal(clean("G\u00b4omez and K\u00a8onig"), "Gómez and König");
  });
});

describe("hyphenation", () => {
  test("joins a word broken at a line end", () => {
    assert.equal(
      clean("Convolutional Neural Net-\nworks and classi-\nfication."),
      "Convolutional Neural Networks and classification.",
    );
  });

  test("keeps real compound hyphens", () => {
    // Upper case or a digit after the break, an upper-case fragment, or a compound prefix: keep "-".
    assert.equal(clean("Long Short-\nTerm Memory"), "Long Short-Term Memory");
    assert.equal(clean("a CNN-\nbased model"), "a CNN-based model");
    assert.equal(clean("a self-\nsupervised model"), "a self-supervised model");
    assert.equal(clean("pages 10-\n12 were read"), "pages 10-12 were read");
    assert.equal(clean("state-of-\nthe-art"), "state-of-the-art");
  });

  test("does not join across a blank line", () => {
    assert.equal(clean("cross-\n\nvalidation"), "cross-\n\nvalidation");
  });
});

describe("paragraphs and headings", () => {
  test("unwraps the lines of a paragraph and keeps blank lines between paragraphs", () => {
    assert.equal(
      clean("This is one\nparagraph of text.\n\nSecond\none."),
      "This is one paragraph of text.\n\nSecond one.",
    );
  });

  test("keeps a heading on its own line inside a block", () => {
    const page =
      "the end of the introduction.\n2. Materials and methods\nWe collected data.\nResults show that it works.";
    assert.equal(
      clean(page),
      "the end of the introduction.\n\n2. Materials and methods\n\nWe collected data. Results show that it works.",
    );
  });

  test("a wrapped line that starts with a number is not a heading", () => {
    assert.equal(
      clean("The learning rate was set to\n10 Hz and the window to\n5 seconds."),
      "The learning rate was set to 10 Hz and the window to 5 seconds.",
    );
  });

  test("a short line that ends a sentence ends its paragraph (pdf.js gives no blank lines)", () => {
    const long = "words that fill a whole line of the column of this page";
    const page = [long, long, long, "and stop here.", "Next paragraph starts", long, long].join("\n");
    assert.deepEqual(clean(page).split("\n\n").length, 2);
  });
});

describe("page furniture", () => {
  const body = [
    "Camera traps were set along trails.",
    "Images were labelled by two observers.",
    "A ResNet was trained briefly.",
    "Accuracy reached a high value.",
  ];
  const pages = body.map(
    (line, i) =>
      `Fictional Review Letters 12 (2023) ${101 + i}\nM. Example et al.\n\n${line}\nIt goes on.\n\nRepeated middle line\n\nThe page ends with ${"abcd"[i]}.\n\n${i + 1}`,
  );

  test("removes running headers and page numbers repeated on 4 pages, keeps the body", () => {
    const text = clean(...pages);
    assert.doesNotMatch(text, /Fictional Review Letters|M\. Example et al\./);
    assert.doesNotMatch(text, /^\d+$/m);
    for (const line of body) assert.ok(text.includes(line));
    // A repeated line in the middle of the pages is content, not a header.
    assert.equal(text.match(/Repeated middle line/g)?.length, 4);
  });

  test("with two pages only exact repeats are headers", () => {
    const text = clean("Same header\n\nFirst page body text.", "Same header\n\nSecond page body text.");
    assert.equal(text, "First page body text.\n\nSecond page body text.");
    const numbered = clean("Header 1\n\nFirst page body text.", "Header 2\n\nSecond page body text.");
    assert.match(numbered, /Header 1/);
  });

  test("removes glued journal banners, also with a page number or a running head glued on", () => {
    assert.equal(clean("Text on page one.\n\nJournalOfMadeUpStudies80(2024)1024719"), "Text on page one.");
    assert.equal(
      clean("Text.\n\nComputersandMadeUpThings214(2023)1084561 B. Writer et al.\n\nMore."),
      "Text.\n\nB. Writer et al.\n\nMore.",
    );
    assert.ok(isBanner("JournalOfMadeUpStudies80(2024)1024719"));
    assert.ok(isBanner("Journal of Made Up Studies 44 (2018) 33–42"));
    assert.ok(!isBanner("The model reached 80(2024)1024719 points"));
  });

  test("removes lone page numbers at the edges but keeps numbers in the body", () => {
    const filler = Array.from({ length: 8 }, (_, i) => `Sentence number ${i} of the body.`).join("\n\n");
    assert.equal(clean(`${filler}\n\n- 3 -`), filler);
    assert.equal(clean(`${filler}\n\nPage 3 of 9`), filler);
    assert.equal(clean(`7\n\n${filler}`), filler);
    const withCell = filler.replace("Sentence number 4 of the body.", "42");
    assert.equal(clean(`${withCell}\n\n5`), withCell);
  });
});

describe("page spans", () => {
  test("each span slices back to its page's cleaned content", () => {
    const { text, pages } = cleanPages(["First page\nline two.", "", "Third\u00a0page.", "Fourth page."]);
    assert.equal(text, "First page line two.\n\nThird page.\n\nFourth page.");
    assert.deepEqual(
      pages.map((p) => text.slice(p.start, p.end)),
      ["First page line two.", "", "Third page.", "Fourth page."],
    );
    assert.deepEqual(
      pages.map((p) => p.page),
      [1, 2, 3, 4],
    );
    for (let i = 1; i < pages.length; i++)
      assert.ok((pages[i] as { start: number }).start >= (pages[i - 1] as { end: number }).end);
  });

  test("no pages give an empty text", () => {
    assert.deepEqual(cleanPages([]), { text: "", pages: [] });
  });

  test("a 500-page document is cleaned in linear time", () => {
    const page = (n: number) =>
      `Running Head of Paper\n\n${Array.from({ length: 40 }, (_, i) => `Line ${i} of page ${n} with some classi-\nfication words.`).join("\n")}\n\n${n}`;
    const pages = Array.from({ length: 500 }, (_, i) => page(i + 1));
    const started = performance.now();
    const { text } = cleanPages(pages);
    const elapsed = performance.now() - started;
    // About 0.3 s on an idle machine; the bound is loose because test machines are shared, and still
    // catches quadratic behaviour (which would take minutes on these million characters).
    assert.ok(elapsed < 4000, `took ${elapsed} ms`);
    assert.doesNotMatch(text, /Running Head/);
    assert.match(text, /classification/);
  });
});

describe("manuscript line numbers", () => {
  const numbered = (first: number, lines: string[]) => lines.map((l, i) => (l === "" ? "" : `${first + i} ${l}`));

  test("strips an increasing run of line numbers and finds the heading behind one", () => {
    const page = numbered(212, [
      "the last line of a paragraph about ponds.",
      "Ponds were visited twice a year by the team",
      "and every visit was written down in a book.",
      "The books were typed up in the winter.",
      "Methods",
      "We trained the network on frames taken",
      "at night by four cameras near the water.",
      "The frames were labelled by two people.",
      "References",
      "Pond, A. (2001). A title about ponds. Journal 1, 1-2.",
    ]).join("\n");
    const text = clean(page);
    assert.doesNotMatch(text, /\b21\d\b/);
    assert.match(text, /^Methods$/m);
    assert.match(text, /^We trained the network on frames taken at night by four cameras near the water\./m);
    assert.match(text, /^References$/m);
  });

  test("drops lines that are only a number of the run, keeps numbers off the run", () => {
    const lines = stripLineNumbers([
      "40 A first line of text",
      "41",
      "42 a third line",
      "43 a fourth",
      "44 fifth line",
      "45 sixth line",
      "46 seventh line",
      "47 eighth line",
      "1999 was dry",
    ]);
    assert.deepEqual(lines, [
      "A first line of text",
      "",
      "a third line",
      "a fourth",
      "fifth line",
      "sixth line",
      "seventh line",
      "eighth line",
      "1999 was dry",
    ]);
  });

  test("numbers on every fifth line are found too", () => {
    const lines = Array.from({ length: 20 }, (_, i) => (i % 5 === 4 ? `${i + 1} line ${i}` : `plain line ${i}`));
    assert.equal(stripLineNumbers(lines)[4], "line 4");
  });

  test("leaves a numbered list, a table and ordinary text alone", () => {
    const list = [
      "Steps:",
      "1 collect the traps",
      "2 sort the insects",
      "Then the counts were entered.",
      "More text follows here.",
    ];
    assert.deepEqual(stripLineNumbers(list), list);
    const table = ["Year Count", "2019 12", "2020 15", "2021 9", "2022 30", "2023 7"];
    assert.deepEqual(stripLineNumbers(table), table);
  });
});

describe("journal layouts", () => {
  test("closes up unevenly letter-spaced capitals, keeps normal capitals", () => {
    assert.equal(clean("1 | I NTRO D U C TI O N"), "1 | INTRODUCTION");
    assert.equal(clean("F I G U R E 2 Map of the sites"), "FIGURE 2 Map of the sites");
    assert.equal(clean("IV. A CNN FOR BIRD SONG"), "IV. A CNN FOR BIRD SONG");
  });

  test("a running header that swaps sides on odd and even pages is removed", () => {
    const bodies = ["Ponds dry out.", "Frogs call at night.", "Newts hide under stones.", "Herons fish at dawn."];
    const page = (n: number) =>
      `${n % 2 ? `${n} | LASTNAME ET AL.` : `LASTNAME ET AL. | ${n}`}\n\n${bodies[n - 101]}\nA second line.`;
    const text = clean(page(101), page(102), page(103), page(104));
    assert.doesNotMatch(text, /LASTNAME/);
    assert.match(text, /Herons fish at dawn/);
  });

  test("a title header on odd pages and an author header on even pages are removed, each on its own side", () => {
    // LNCS style: "Short Title 3" on odd pages, "4 A. Author et al." on even ones; page 1 has neither. Each
    // is on fewer than half of all pages, but on at least half (and three) of its side's pages.
    const bodies = ["Ponds", "Frogs call at night and", "and (ii) newts hide under stones.", "Herons fish at dawn."];
    const pages = ["Frog Calls in Garden Ponds: A Study\n\nPonds dry out in summer."];
    for (let n = 2; n <= 9; n++) {
      const header = n % 2 ? `Frog Calls in Ponds ${n}` : `${n} A. Example et al.`;
      pages.push(`${header}\n\n${bodies[n % 4]} on page ${n}.\nA second line.`);
    }
    const text = clean(...pages);
    assert.doesNotMatch(text, /Frog Calls in Ponds \d|A\. Example et al\./);
    assert.match(text, /Frog Calls in Garden Ponds: A Study/);
    assert.match(text, /Herons fish at dawn/);
    // A line at the top of two of three even pages (and two of six pages) is not a running header.
    const six = ["one", "two", "three", "four", "five", "six"].map(
      (n, i) => `${i === 1 || i === 3 ? "Plot Layout\n\n" : ""}Body ${n}.\nMore.`,
    );
    assert.equal(clean(...six).match(/Plot Layout/g)?.length, 2);
  });

  test("a section name after a short sidebar line starts its own paragraph", () => {
    const page = [
      "Grant/Award Number: 12345",
      "Editor: Pat Editor",
      "Abstract",
      "Aim: We test whether ponds dry out earlier in warm years and report the result for",
      "every pond of the region that was visited by the survey team in both years.",
      "The second sentence of the abstract is here and it is long enough to count.",
      "A third sentence of the abstract follows, again long enough to count here.",
      "A fourth sentence of the abstract follows, again long enough to count here.",
      "A fifth sentence of the abstract follows, again long enough to count here.",
    ].join("\n");
    assert.match(clean(page), /\n\nAbstract\n\nAim:/);
  });
});

describe("web addresses and footnotes", () => {
  test("an address broken after '_', '/', '-' or a '.' before a path is joined", () => {
    assert.equal(
      clean("Code is at https://github.com/abc_\ndef/x and runs."),
      "Code is at https://github.com/abc_def/x and runs.",
    );
    assert.equal(clean("see https://example.org/\ndata/files now"), "see https://example.org/data/files now");
    assert.equal(
      clean("see https://github.com/lab/pond-\nmodels for it"),
      "see https://github.com/lab/pond-models for it",
    );
    assert.equal(clean("see https://doi.\norg/10.1/abc for it"), "see https://doi.org/10.1/abc for it");
  });

  test("an address that ends a sentence is not glued to the next one", () => {
    assert.equal(
      clean("Code: https://github.com/abc/def.\nThe next sentence."),
      "Code: https://github.com/abc/def. The next sentence.",
    );
  });

  test("a footnote keeps its marker and address and stands as its own paragraph", () => {
    const page =
      "The images were taken from a public archive and then\n3https://archive.example.org/ponds_2020\nlabelled.";
    const text = clean(page);
    assert.match(text, /^3 https:\/\/archive\.example\.org\/ponds_2020/m);
    assert.match(text, /^The images were taken from a public archive and then$/m);
    assert.match(
      clean("text of the column that goes on\n1 Pond Portal: http://ponds.example.org/ml/"),
      /^1 Pond Portal: http:\/\/ponds\.example\.org\/ml\/$/m,
    );
  });
});

// Made-up text in the shape of a two-column bioacoustics paper; none is taken from a real paper.
describe("two-column layout artefacts", () => {
  const long = "the recorders were placed at the edge of each pond and ran from dusk until dawn";

  test("a lettered subsection heading (IEEE style) on its own line stays a paragraph of its own", () => {
    const page = [
      "II. DATA",
      "A. Recording sites",
      `Four ponds were surveyed in spring and ${long}.`,
      `Calls were counted by ear and ${long}.`,
      "B. Call annotation",
      `Two listeners labelled every call and ${long}.`,
    ].join("\n");
    const text = clean(page);
    assert.match(text, /\n\nA\. Recording sites\n\nFour ponds/);
    assert.match(text, /\n\nB\. Call annotation\n\nTwo listeners/);
    // A wrapped line of prose that starts with an initial is no heading.
    assert.match(
      clean(`The frogs were identified following the key of\nA. Smith and colleagues, ${long}.`),
      /key of A\. Smith/,
    );
  });

  test("a numbered heading wrapped onto a second short line is one heading before its paragraph", () => {
    const page = [
      `The calls of every night were counted and ${long}.`,
      "4.2 Importance of the acoustic features and their",
      "dependence",
      `Figure 2 compares the ranking of the features and ${long}.`,
    ].join("\n");
    assert.match(clean(page), /\n\n4\.2 Importance of the acoustic features and their dependence\n\nFigure 2 compares/);
  });

  test("the printed page number read into the middle of a page is removed", () => {
    // Page numbers printed at the top right come after the last line of the left column in reading order.
    const sites = ["north", "south", "east", "west"];
    const pages = sites.map((site, i) =>
      [
        `Frogs at the ${site} pond were heard often and ${long}.`,
        `The ${site} survey team sorted calls from noise.`,
        `Calls from the ${site} pond were labelled by a classi-`,
        `${i + 1}`,
        "",
        `fication network, and the ${site} counts were checked.`,
        `Table cell value 7 and more text about the ${site} site.`,
        `Most calls at the ${site} pond came after rain.`,
        `Few calls at the ${site} pond came in dry weeks.`,
        `The ${site} section ends here.`,
      ].join("\n"),
    );
    const text = clean(...pages);
    assert.doesNotMatch(text, /^[1-4]$/m);
    assert.match(text, /classi-\n\nfication network/);
    // A lone number that is not the page's number stays (a table cell).
    assert.match(
      clean(...pages.map((p) => p.replace("Table cell value 7 and", "Table cell value\n\n7\n\nand"))),
      /^7$/m,
    );
  });

  test("a labelled address after a lead-in ending in a colon is a paragraph of its own", () => {
    const page = [
      `We summarise our contributions in a list and ${long}.`,
      "The main contributions of this work are as follows:",
      "Code repository: github.com/frog-lab/pond calls",
    ].join("\n");
    const text = clean(page);
    assert.match(text, /as follows:\n\nCode repository: github\.com\/frog-lab\/pond calls$/);
  });

  test("figure labels read after a page's last line move before it when its sentence runs on to the next page", () => {
    const first = `Frogs were counted at every pond and ${long}.\n\nThe survey needs two kinds of records. First, we\n\ncalls (# per night)\n\nRecall`;
    const second = `merged the counts of all observers into one table.\n\nThe second page goes on.`;
    const text = clean(first, second);
    assert.match(
      text,
      /calls \(# per night\)\n\nRecall\n\nThe survey needs two kinds of records\. First, we\n\nmerged the counts/,
    );
    // A page that ends a sentence keeps its labels where they are.
    const ended = clean(first.replace("First, we", "First, we count."), second);
    assert.match(ended, /we count\.\n\ncalls \(# per night\)\n\nRecall\n\nmerged/);
  });

  test("footnotes read into the middle of a sentence move to after it", () => {
    const page = [
      `Recordings come from three sources and ${long}, collected by a citizen-science`,
      "",
      "1 https://ponds.example.org/archive, visited 2024-03-01",
      "",
      "2 http://frogs.example.net",
      "",
      "project called PondWatch. The second source is a museum archive.",
      "",
      "A new paragraph starts here.",
      "",
      "3 https://example.org/after-a-full-sentence",
      "",
      "and a lower-case line after a finished sentence keeps its place.",
    ].join("\n");
    const text = clean(page);
    assert.match(
      text,
      /citizen-science\n\nproject called PondWatch\. The second source is a museum archive\.\n\n1 https/,
    );
    assert.match(text, /2 http:\/\/frogs\.example\.net\n\nA new paragraph/);
    assert.match(text, /starts here\.\n\n3 https:\/\/example\.org\/after-a-full-sentence\n\nand a lower-case/);
  });
});
