import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type PaperSpec, twoColumnPaper } from "../../test/fixtures/pdf-paper.js";
import { imageOnlyPage, makePdf, manyPages, type PdfPage } from "../../test/fixtures/pdf-writer.js";
import { MethodscopeError } from "../errors.js";
import { readPdfPages } from "./pdf.js";

const WORDS = "the camera traps recorded classification fluorescent workflow images across sites during seasons".split(
  " ",
);

/** Deterministic filler: `n` words, numbered sentences so every line is distinct. */
function filler(tag: string, n: number): string {
  const words = Array.from({ length: n }, (_, i) => WORDS[(i * 7 + tag.length) % WORDS.length]);
  for (let i = 0; i < n; i += 9) words[i] = `${tag}${i / 9}`;
  return `${words.join(" ")}.`;
}

const SPEC: PaperSpec = {
  banner: "JournalofFictionalEcology12(2025)100001",
  runningAuthors: "A. Author et al.",
  title: "Classifying fictional animals in camera-trap images",
  authors: "Ada Author, Ben Beta",
  affiliation: "Institute of Imaginary Ecology",
  abstract: filler("abs", 60),
  keywords: "camera traps; classification",
  sections: [
    { heading: "1. Introduction", paragraphs: [filler("intro", 90), filler("introb", 70)] },
    { heading: "2. Methods", paragraphs: [filler("meth", 120), filler("methb", 110), filler("methc", 100)] },
    { heading: "3. Results", paragraphs: [filler("res", 130), filler("resb", 120), filler("resc", 90)] },
    { heading: "4. Discussion", paragraphs: ["disa", "disb", "disc", "disd"].map((t) => filler(t, 150)) },
  ],
  // Interleave the columns in the content stream: reading order must come from geometry alone.
  streamOrder: "rows",
};

const lines = (page: string): string[] => page.split("\n").filter((l) => l !== "");

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MethodscopeError, `not a MethodscopeError: ${error}`);
    return `${error.code}: ${error.message}`;
  }
  return "no error";
}

describe("readPdfPages on a two-column paper", async () => {
  const pages: PdfPage[] = twoColumnPaper(SPEC);
  const result = await readPdfPages(makePdf(pages));

  test("has several pages", () => {
    assert.ok(pages.length >= 2, `only ${pages.length} page(s)`);
    assert.equal(result.pageCount, pages.length);
    assert.equal(result.pages.length, pages.length);
  });

  test("reads a two-column page: header, left column, right column, page number", () => {
    const runs = pages[1].runs ?? [];
    const body = runs.filter((r) => r.y < 790 && r.y > 60);
    const column = (left: boolean) =>
      body
        .filter((r) => r.x < 297 === left)
        .sort((a, b) => b.y - a.y)
        .map((r) => r.text);
    const expected = [`${SPEC.banner} ${SPEC.runningAuthors}`, ...column(true), ...column(false), "2"];
    assert.ok(column(false).length > 10, "the right column is not filled");
    assert.deepEqual(lines(result.pages[1]), expected);
  });

  test("first page: title block and abstract first, then left column before right column", () => {
    const text = result.pages[0];
    const left = (pages[0].runs ?? []).filter((r) => r.x < 297 && r.y < 600 && r.y > 60);
    const right = (pages[0].runs ?? []).filter((r) => r.x > 297 && r.y > 60 && r.y < 790);
    const lastLeft = left.sort((a, b) => a.y - b.y)[0].text;
    const firstRight = right.sort((a, b) => b.y - a.y)[0].text;
    const order = [SPEC.title, "Abstract", "abs0", "Keywords:", "1. Introduction", lastLeft, firstRight];
    const positions = order.map((s) => text.indexOf(s));
    assert.ok(
      positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])),
      `${JSON.stringify(positions)}\n${text}`,
    );
  });

  test("keeps ligatures, line-end hyphens and blank lines between blocks", () => {
    const all = result.pages.join("\n");
    assert.ok(all.includes("\uFB01") && all.includes("\uFB02"), "ligature characters missing");
    assert.ok(/\p{L}-\n\p{L}/u.test(all), "no hyphenated line end");
    assert.ok(result.pages[0].includes("\n\n1. Introduction\n"), "heading is not its own block");
  });

  test("the running header is on every page", () => {
    for (const page of result.pages) assert.equal(lines(page)[0], `${SPEC.banner} ${SPEC.runningAuthors}`);
  });
});

describe("readPdfPages on rotated text", () => {
  test("lays out a margin stamp on its own, after the upright text", async () => {
    const runs = [
      { x: 72, y: 700, text: "Upright first line" },
      { x: 72, y: 688, text: "upright second line" },
      { x: 30, y: 300, text: "arXiv:2501.00001v1 [q-bio.PE] 1 Jan 2025", angle: 90 },
    ];
    const { pages } = await readPdfPages(makePdf([{ runs }]));
    assert.equal(pages[0], "Upright first line\nupright second line\n\narXiv:2501.00001v1 [q-bio.PE] 1 Jan 2025");
  });
});

describe("readPdfPages on bad input", () => {
  const valid = makePdf(manyPages(3));

  test("0 bytes: empty-file", async () => {
    assert.match(await errorCode(readPdfPages(new Uint8Array())), /^empty-file/);
  });

  test("bytes without a %PDF- header: not-a-pdf", async () => {
    const html = new TextEncoder().encode("<!doctype html><title>Login</title>".repeat(50));
    assert.match(await errorCode(readPdfPages(html)), /^not-a-pdf/);
  });

  test("a PDF cut in half: corrupt-pdf", async () => {
    assert.match(await errorCode(readPdfPages(valid.slice(0, valid.length / 2))), /^corrupt-pdf/);
  });

  test("a password-protected PDF: encrypted-pdf, with a hint to decrypt it", async () => {
    const encrypted = makePdf(manyPages(1), { encrypt: true });
    const outcome = await errorCode(readPdfPages(encrypted));
    assert.match(outcome, /^encrypted-pdf/);
    assert.match(outcome, /qpdf/);
  });

  test("a scanned PDF (images, no text): no-text-layer", async () => {
    const outcome = await errorCode(readPdfPages(makePdf([imageOnlyPage(), imageOnlyPage()])));
    assert.equal(outcome, "no-text-layer: no text layer (scanned PDF?): run OCR first, e.g. ocrmypdf");
  });

  test("a PDF without its xref table is repaired, without pdf.js printing warnings", async () => {
    const printed: unknown[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error };
    const capture = (...args: unknown[]) => printed.push(args);
    Object.assign(console, { log: capture, warn: capture, error: capture });
    try {
      const { pages } = await readPdfPages(valid.slice(0, valid.length - 30));
      assert.equal(pages.length, 3);
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(printed, []);
  });

  test("a PDF behind a few bytes of junk is still read", async () => {
    const junk = new TextEncoder().encode("junk\n");
    const { pages } = await readPdfPages(new Uint8Array([...junk, ...valid]));
    assert.equal(pages.length, 3);
  });

  test("accepts a Node Buffer and does not detach the caller's bytes", async () => {
    const buffer = Buffer.from(valid);
    assert.equal((await readPdfPages(buffer)).pageCount, 3);
    await readPdfPages(valid);
    assert.equal(valid.byteLength > 0 && valid[0], 0x25);
    assert.equal(buffer[0], 0x25);
  });
});

describe("readPdfPages page limit", async () => {
  const big = makePdf(manyPages(500));

  test("reads a 500-page PDF with the default limit, quickly", async () => {
    const started = performance.now();
    const { pages, pageCount } = await readPdfPages(big);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(pageCount, 500);
    assert.ok(pages[499].startsWith("Page 500 of 500\n\n"), pages[499]);
    // About 0.3 s on an idle machine; the bound leaves room for a busy CI runner.
    assert.ok(seconds < 8, `took ${seconds.toFixed(1)} s`);
  });

  test("refuses it with maxPages 100, naming both numbers and --max-pages", async () => {
    const outcome = await errorCode(readPdfPages(big, { maxPages: 100 }));
    assert.match(outcome, /^too-many-pages/);
    assert.match(outcome, /500/);
    assert.match(outcome, /100/);
    assert.match(outcome, /--max-pages/);
  });
});
