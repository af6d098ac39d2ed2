import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deflateSync } from "node:zlib";
import { ascii85, bombPdf, lzw, runLengthRun } from "../../test/fixtures/bomb-pdf.js";
import { errorOf } from "../../test/fixtures/capture.js";
import { type PaperSpec, twoColumnPaper } from "../../test/fixtures/pdf-paper.js";
import { imageOnlyPage, makePdf, manyPages, type PdfPage } from "../../test/fixtures/pdf-writer.js";
import { pageConcurrency, readPdfPages, scanPdfStreams } from "./pdf.js";

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
    assert.match(await errorOf(readPdfPages(new Uint8Array())), /^empty-file/);
  });

  test("bytes without a %PDF- header: not-a-pdf", async () => {
    const html = new TextEncoder().encode("<!doctype html><title>Login</title>".repeat(50));
    assert.match(await errorOf(readPdfPages(html)), /^not-a-pdf/);
  });

  test("a PDF cut in half: corrupt-pdf", async () => {
    assert.match(await errorOf(readPdfPages(valid.slice(0, valid.length / 2))), /^corrupt-pdf/);
  });

  test("a password-protected PDF: encrypted-pdf, with a hint to decrypt it", async () => {
    const encrypted = makePdf(manyPages(1), { encrypt: true });
    const outcome = await errorOf(readPdfPages(encrypted));
    assert.match(outcome, /^encrypted-pdf/);
    assert.match(outcome, /qpdf/);
  });

  test("a scanned PDF (images, no text): no-text-layer", async () => {
    const outcome = await errorOf(readPdfPages(makePdf([imageOnlyPage(), imageOnlyPage()])));
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
    const outcome = await errorOf(readPdfPages(big, { maxPages: 100 }));
    assert.match(outcome, /^too-many-pages/);
    assert.match(outcome, /500/);
    assert.match(outcome, /100/);
    assert.match(outcome, /--max-pages/);
  });
});

describe("scanPdfStreams: decompression bombs are refused before pdf.js inflates them", () => {
  const MIB = 1024 * 1024;

  async function refused(bytes: Uint8Array): Promise<{ outcome: string; ms: number; grewMb: number }> {
    const rss = process.memoryUsage.rss();
    const started = performance.now();
    const outcome = await errorOf(readPdfPages(bytes));
    const grewMb = (process.memoryUsage.rss() - rss) / MIB;
    return { outcome, ms: performance.now() - started, grewMb };
  }

  for (const [name, spec] of [
    ["a page whose stream inflates to 512 MiB", { mib: 512 }],
    ["16 pages sharing one 512 MiB stream", { mib: 512, pages: 16, shared: true }],
    ["a 1 GiB flate stream", { mib: 1024 }],
    ["a filter chain [/FlateDecode /FlateDecode] of 1 GiB", { mib: 1024, doubleFlate: true }],
    ["a stream of 512 MiB of NUL bytes", { mib: 512, byte: 0 }],
  ] as const) {
    test(`${name}: pdf-too-large, fast, without holding the output`, async () => {
      const bytes = bombPdf(spec);
      assert.ok(bytes.length < 1.1 * MIB, `the bomb file itself is small (${bytes.length} bytes)`);
      const { outcome, ms, grewMb } = await refused(bytes);
      assert.match(outcome, /^pdf-too-large: .*64 MiB/);
      assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
      assert.ok(grewMb < 150, `memory grew by ${grewMb.toFixed(0)} MB`);
    });
  }

  test("all streams together are budgeted: 5 streams of 60 MiB go over 256 MiB", async () => {
    const outcome = await errorOf(readPdfPages(bombPdf({ mib: 60, pages: 5 })));
    assert.match(outcome, /^pdf-too-large: the PDF's streams together/);
  });

  test("counts through ASCII85, LZW, RunLength and ASCIIHex filters", async () => {
    const text = Buffer.from("BT /F1 12 Tf 72 700 Td (Hello) Tj ET ".repeat(100));
    const cases = [
      { filter: "[/ASCII85Decode /FlateDecode]", data: ascii85(deflateSync(text)), size: text.length },
      { filter: "/LZWDecode", data: lzw(text), size: text.length },
      { filter: "[/AHx]", data: Buffer.from(`${text.toString("hex")}>`), size: text.length },
      { filter: "/RunLengthDecode", data: runLengthRun(0x20, 5000), size: 5000 },
    ];
    for (const c of cases) {
      const scan = await scanPdfStreams(bombPdf({ mib: 0, raw: c }));
      assert.equal(scan.largestStream, c.size, c.filter);
      assert.equal(scan.unknown, 0, c.filter);
    }
    // Over a 1 MiB budget (making a 64 MiB LZW bomb in a test would take minutes).
    const budget = { streamBytes: MIB, totalBytes: 4 * MIB };
    const lzwBomb = lzw(Buffer.alloc(2 * MIB, 0x20));
    assert.ok(lzwBomb.length < 10_000);
    const lzwPdf = bombPdf({ mib: 0, raw: { filter: "/LZW", data: lzwBomb } });
    assert.match(await errorOf(readPdfPages(lzwPdf, { budget })), /^pdf-too-large/);
    const rlPdf = bombPdf({ mib: 0, raw: { filter: "/RL", data: runLengthRun(0x20, 2 * MIB) } });
    assert.match(await errorOf(scanPdfStreams(rlPdf, budget)), /^pdf-too-large/);
  });

  test("an image stream is not inflated (pdf.js never decodes images for text); the page's text is read", async () => {
    const bytes = bombPdf({ mib: 512, asImage: true });
    const started = performance.now();
    const { pages } = await readPdfPages(bytes);
    assert.match(pages[0], /Page 1 of a decompression bomb/);
    assert.ok(performance.now() - started < 3000);
  });

  test("an image-tagged stream that a page draws as its /Contents is counted", async () => {
    const bytes = Buffer.from(bombPdf({ mib: 512 }))
      .toString("latin1")
      .replace("<< /Filter /FlateDecode", "<< /Subtype /Image /Filter /FlateDecode");
    assert.match(await errorOf(readPdfPages(Buffer.from(bytes, "latin1"))), /^pdf-too-large/);
  });

  test("unknown filters and big streams make pages be read one at a time", async () => {
    const small = await scanPdfStreams(bombPdf({ mib: 1 }));
    assert.equal(pageConcurrency(small), 8);
    assert.equal(pageConcurrency({ ...small, largestStream: 20 * MIB }), 1);
    const unknown = await scanPdfStreams(bombPdf({ mib: 0, raw: { filter: "/DCTDecode", data: Buffer.from("xx") } }));
    assert.equal(unknown.unknown, 1);
    assert.equal(pageConcurrency(unknown), 1);
  });
});
