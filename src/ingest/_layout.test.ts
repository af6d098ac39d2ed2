import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findGutter, groupRows, joinItems, layoutPage, type TextItem } from "./_layout.js";

// Width of a string at 10 pt with an average glyph of 5 pt: enough for geometry tests.
const item = (str: string, x: number, y: number, size = 10): TextItem => ({
  str,
  x,
  y,
  width: str.length * 5,
  height: size,
});

/** A two-column page: header row, `n` rows per column (left text "L<i>", right text "R<i>"), page number. */
function twoColumnItems(n: number): TextItem[] {
  const items = [item("Journal 12 (2025) 1", 50, 805, 8), item("A. Author et al.", 480, 805, 8)];
  for (let i = 0; i < n; i++) {
    items.push(item(`L${i} left column words here and more words`, 50, 760 - 12 * i));
    items.push(item(`R${i} right column words here and more words`, 310, 760 - 12 * i));
  }
  items.push(item("2", 290, 40, 8));
  return items;
}

describe("joinItems", () => {
  test("joins pieces of one word without a space and words across a gap with one", () => {
    const pieces = [
      { str: "classi", x: 0, y: 0, width: 24, height: 10 },
      { str: "fication", x: 24.2, y: 0, width: 32, height: 10 },
      { str: "task", x: 59, y: 0, width: 16, height: 10 },
    ];
    assert.equal(joinItems(pieces), "classification task");
  });

  test("collapses whitespace runs inside and between items", () => {
    assert.equal(joinItems([item("a  b ", 0, 0), item(" c", 40, 0)]), "a b c");
  });
});

describe("groupRows", () => {
  test("keeps a superscript on its line and orders rows top to bottom", () => {
    const rows = groupRows([item("second", 0, 88), item("first", 0, 100), item("1", 26, 103, 6), item("", 0, 50)]);
    assert.deepEqual(
      rows.map((r) => r.items.map((i) => i.str)),
      [["first", "1"], ["second"]],
    );
  });
});

describe("raised marks", () => {
  test("a footnote marker or exponent joins the line it touches, not a row of the other column at its height", () => {
    // Two columns whose baselines are out of step: the right column's rows sit 5 pt above the left one's, so
    // the raised marks at the end of left lines are nearer in height to a right-column row.
    const items: TextItem[] = [];
    for (let i = 0; i < 12; i++) {
      if (i < 8) items.push(item(`left line ${i} of the survey`, 50, 700 - 12 * i));
      items.push(item(`right line ${i} of the chorus`, 310, 705 - 12 * i));
    }
    items.push(item("recordings from the ponds of", 50, 604));
    items.push(item("3", 190, 607.6, 7));
    items.push(item("calls counted at 10", 50, 592));
    items.push(item("−2", 145, 595.6, 7));
    items.push(item("per second", 157, 592));
    const text = layoutPage(items);
    assert.match(text, /the ponds of3\n/);
    assert.match(text, /counted at 10−2 per second/);
    assert.doesNotMatch(text, /^3$|^−2$/m);
  });

  test("a small label that touches no line keeps its own row", () => {
    const rows = groupRows([item("Body text of the page here", 0, 100), item("(a)", 300, 80, 7)]);
    assert.deepEqual(
      rows.map((r) => r.items.map((i) => i.str)),
      [["Body text of the page here"], ["(a)"]],
    );
  });
});

describe("findGutter", () => {
  test("finds the gap between two columns", () => {
    const gutter = findGutter(groupRows(twoColumnItems(20)));
    assert.ok(gutter !== null && gutter > 250 && gutter < 310, `gutter ${gutter}`);
  });

  test("returns null for single-column text with word gaps at varying places", () => {
    const items: TextItem[] = [];
    for (let i = 0; i < 30; i++) {
      let x = 50;
      for (const word of `line ${i} has ${"w".repeat(1 + (i % 7))} some words of text that run on`.split(" ")) {
        items.push(item(word, x, 700 - 12 * i));
        x += word.length * 5 + 2.8;
      }
    }
    assert.equal(findGutter(groupRows(items)), null);
  });
});

describe("layoutPage", () => {
  test("reads the left column top to bottom, then the right column", () => {
    const lines = layoutPage(twoColumnItems(20)).split("\n").filter(Boolean);
    const expected = [
      "Journal 12 (2025) 1 A. Author et al.",
      ...Array.from({ length: 20 }, (_, i) => `L${i} left column words here and more words`),
      ...Array.from({ length: 20 }, (_, i) => `R${i} right column words here and more words`),
      "2",
    ];
    assert.deepEqual(lines, expected);
  });

  test("keeps a full-width row between column bands in place", () => {
    const items = twoColumnItems(10);
    // A caption across both columns, then two more column rows below it.
    items.push(item("Fig. 1. A caption that runs across the whole width of the page text", 60, 620));
    items.push(item("L-after below the caption", 50, 600), item("R-after below the caption", 310, 600));
    const text = layoutPage(items);
    const order = ["L9 ", "R0 ", "R9 ", "Fig. 1.", "L-after", "R-after"].map((s) => text.indexOf(s));
    assert.ok(
      order.every((pos, i) => pos >= 0 && (i === 0 || pos > order[i - 1])),
      text,
    );
  });

  test("separates blocks by vertical gaps and by first-line indents", () => {
    const items = [
      item("Heading", 50, 700),
      item("first paragraph line one", 50, 680),
      item("line two ends here.", 50, 669),
      item("indented second paragraph", 62, 658),
      item("continues.", 50, 647),
    ];
    assert.equal(
      layoutPage(items),
      "Heading\n\nfirst paragraph line one\nline two ends here.\n\nindented second paragraph\ncontinues.",
    );
  });

  test("a hanging indent under a list item does not start a block", () => {
    const items = [
      item("\u2022 A first item whose text runs on to", 50, 700),
      item("the next line under the bullet.", 60, 689),
      item("\u2022 A second item.", 50, 678),
    ];
    assert.equal(
      layoutPage(items),
      "\u2022 A first item whose text runs on to\nthe next line under the bullet.\n\u2022 A second item.",
    );
  });

  test("a sentence that runs from the left column into the right column is not split into blocks", () => {
    const items = twoColumnItems(8);
    items.push(item("the sentence goes on in the", 50, 760 - 12 * 8));
    const text = layoutPage(items);
    assert.ok(text.includes("the sentence goes on in the\nR0 "), text);
    assert.ok(text.includes("L7 left column words here and more words\n"), text);
  });

  test("an empty page gives empty text", () => {
    assert.equal(layoutPage([]), "");
    assert.equal(layoutPage([item(" ", 0, 0)]), "");
  });
});

describe("columns above a table", () => {
  test("two columns are found above a full-width table whose cell gaps hide the gutter", () => {
    const items: TextItem[] = [];
    for (let i = 0; i < 12; i++) {
      items.push(item(`L${i} left column words here and more`, 50, 760 - 12 * i));
      items.push(item(`R${i} right column words here and more`, 310, 760 - 12 * i));
    }
    // A table: five cells per row, with a wide gap at x 440-470 in every row.
    for (let r = 0; r < 20; r++) {
      const y = 580 - 12 * r;
      for (const [x, text] of [
        [50, "Class"],
        [140, "Family"],
        [230, "Species name"],
        [380, "1,234"],
        [470, "Region"],
      ] as Array<[number, string]>) {
        items.push(item(text, x, y));
      }
    }
    const text = layoutPage(items);
    assert.ok(text.indexOf("L11") < text.indexOf("R0"), text.slice(0, 300));
    assert.ok(text.indexOf("R11") < text.indexOf("Class"));
  });
});
