import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import type { Chunk, Document } from "../types.js";
import { chunkDocument } from "./chunk.js";
import { splitTextK24 } from "./chunk-k24.js";
import { pageAt } from "./chunk-sections.js";
import { buildDocument } from "./document.js";
import { sectionKindAt } from "./sections.js";

const sentence = (tag: string, i: number) =>
  `The ${tag} sentence number ${i} describes one step of the work in plain words.`;
const paragraph = (tag: string, n: number) => Array.from({ length: n }, (_, i) => sentence(tag, i)).join(" ");
const LONG_SENTENCE = `This single sentence ${"keeps going with more and more words ".repeat(12).trim()} until it ends.`;

const PAGES = [
  `A study of marmots with deep networks\n\nAbstract\n\n${paragraph("abstract", 3)}\n\n1. Introduction\n\n${paragraph("intro", 6)}`,
  `2. Methods\n\n${paragraph("methods", 5)}\n\n${LONG_SENTENCE}\n\n2.1. Training\n\n${paragraph("training", 4)}`,
  `3. Results\n\n${paragraph("results", 7)}\n\nReferences\n\nSmith, J., 2019. A reference. Journal 1, 1-2.`,
];

function makeDocument(): Document {
  return buildDocument({ id: "doc", path: "marmots.txt", pages: PAGES });
}

function assertCommon(document: Document, chunks: Chunk[]): void {
  chunks.forEach((chunk, i) => {
    assert.equal(chunk.index, i);
    assert.equal(chunk.text, document.text.slice(chunk.start, chunk.end));
    assert.equal(chunk.section, sectionKindAt(document.sections, chunk.start));
    const page = document.pages.find((p) => p.start <= chunk.start && chunk.start < p.end);
    assert.equal(chunk.page, page?.page);
  });
}

describe("chunkDocument: sections", () => {
  const document = makeDocument();
  const size = 200;
  const chunks = chunkDocument(document, "sections", { size });

  test("chunks slice back to the text and carry their section and start page", () => {
    assert.ok(chunks.length > 10);
    assertCommon(document, chunks);
    assert.deepEqual([...new Set(chunks.map((c) => c.page))], [1, 2, 3]);
  });

  test("no chunk crosses a section boundary", () => {
    for (const chunk of chunks) {
      const section = document.sections.find((s) => s.start <= chunk.start && chunk.start < s.end);
      assert.ok(section && chunk.end <= section.end, `chunk ${chunk.index} crosses out of its section`);
    }
  });

  test("whole sentences are packed up to the size; only a huge sentence is cut at word boundaries", () => {
    for (const chunk of chunks) {
      if (chunk.text.length > size) assert.ok(chunk.text.length <= size * 1.5, `chunk ${chunk.index} too long`);
      assert.match(chunk.text, /^\S/);
      assert.match(chunk.text, /\S$/);
    }
    const cut = chunks.filter((c) => LONG_SENTENCE.includes(c.text));
    assert.ok(cut.length >= 2, "the long sentence is cut into pieces");
    for (const piece of cut) {
      assert.ok(piece.text.length <= size);
      // Word boundaries: every piece starts and ends on a whole word of the sentence.
      assert.ok(LONG_SENTENCE.startsWith(piece.text) || LONG_SENTENCE.includes(` ${piece.text}`));
    }
    const ordinary = chunks.find((c) => c.text.includes("results sentence number 0"));
    assert.ok(ordinary && /\.$/.test(ordinary.text));
  });

  test("default size is about 800 characters", () => {
    const defaults = chunkDocument(document);
    assert.ok(defaults.length < chunks.length);
    for (const chunk of defaults) assert.ok(chunk.text.length <= 1200);
  });
});

describe("chunkDocument: k24", () => {
  test("chunks are LangChain's, offsets found like add_start_index", () => {
    const document = makeDocument();
    const chunks = chunkDocument(document, "k24", { size: 300 });
    assert.deepEqual(
      chunks.map((c) => c.text),
      splitTextK24(document.text, { chunkSize: 300, chunkOverlap: 50 }),
    );
    assertCommon(document, chunks);
    for (let i = 1; i < chunks.length; i++) assert.ok((chunks[i] as Chunk).start > (chunks[i - 1] as Chunk).start);
  });

  test("default chunk size is 1000", () => {
    const document = makeDocument();
    const chunks = chunkDocument(document, "k24");
    assert.deepEqual(
      chunks.map((c) => c.text),
      splitTextK24(document.text),
    );
  });
});

describe("chunkDocument: errors and helpers", () => {
  test("an unknown strategy or a bad size is a usage error", () => {
    const document = makeDocument();
    assert.throws(
      () => chunkDocument(document, "words" as never),
      (e: unknown) => e instanceof MethodscopeError && e.code === "usage",
    );
    assert.throws(() => chunkDocument(document, "sections", { size: 0 }), MethodscopeError);
  });

  test("an empty document has no chunks", () => {
    const document = buildDocument({ id: "e", path: "e.txt", pages: [""] });
    assert.deepEqual(chunkDocument(document), []);
    assert.deepEqual(chunkDocument(document, "k24"), []);
  });

  test("pageAt finds the page of an offset and skips empty pages", () => {
    const pages = [
      { page: 1, start: 0, end: 10 },
      { page: 2, start: 12, end: 12 },
      { page: 3, start: 12, end: 20 },
    ];
    assert.equal(pageAt(pages, 0), 1);
    assert.equal(pageAt(pages, 11), 1);
    assert.equal(pageAt(pages, 12), 3);
    assert.equal(pageAt(pages, 19), 3);
    assert.equal(pageAt([], 5), 1);
  });
});
