import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { codeOf } from "../../../test/fixtures/capture.js";
import { PAPER, paperJats, paperTei } from "../../../test/fixtures/jats-tei.js";
import { makePdf, manyPages } from "../../../test/fixtures/pdf-writer.js";
import { MethodscopeError } from "../../errors.js";
import type { Document, SectionKind } from "../../types.js";
import { listInputs, loadDocument, readInputFile, readLimits } from "../load.js";
import { METADATA_VERSION } from "../metadata.js";
import { createReadPool } from "../read-pool.js";
import { grobidEndpoint } from "./grobid.js";
import { type ReaderInput, readDocument, sniffReader, xmlRootName } from "./index.js";
import { layOut } from "./structured.js";
import { decodeXml, MAX_XML_DEPTH, parseXml, textOf } from "./xml.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const input = (path: string, content: string | Uint8Array): ReaderInput => ({
  path,
  bytes: typeof content === "string" ? bytes(content) : content,
  sha256: "0".repeat(64),
});

/** The section a piece of text lies in, and the kinds in order. */
function sectionOf(doc: Document, needle: string): SectionKind | undefined {
  const at = doc.text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in the text`);
  return doc.sections.find((s) => at >= s.start && at < s.end)?.kind;
}

describe("parseXml", () => {
  test("reads elements, attributes, entities and CDATA, and skips comments and the DOCTYPE's internal subset", () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!DOCTYPE a [ <!ENTITY x "boom"> ]>\n<!-- c --><a k="1 &gt; 0" j=\'q"\'>x &amp; y &#x3B1;&#946; <![CDATA[<raw>]]><b/>&nbsp;&unknown;</a>',
    );
    assert.equal(root.name, "a");
    assert.deepEqual(root.attrs, { k: "1 > 0", j: 'q"' });
    assert.equal(textOf(root), "x & y αβ <raw> \u00a0&unknown;".replace(/\s+/g, " ").trim());
  });

  test("tolerates a stray end tag and refuses an unterminated construct", () => {
    assert.equal(textOf(parseXml("<a><b>one</c></b>two</a>")), "onetwo");
    assert.throws(
      () => parseXml("<a><!-- never closed"),
      (e) => e instanceof MethodscopeError && e.code === "unsupported-type",
    );
    assert.throws(
      () => parseXml("just text"),
      (e) => e instanceof MethodscopeError,
    );
  });

  test("refuses nesting deep enough to exhaust the stack", () => {
    const deep = `${"<a>".repeat(MAX_XML_DEPTH + 1)}x${"</a>".repeat(MAX_XML_DEPTH + 1)}`;
    assert.throws(
      () => parseXml(deep),
      (e) => e instanceof MethodscopeError && /nested more than/.test(e.message),
    );
    assert.equal(textOf(parseXml(`${"<a>".repeat(MAX_XML_DEPTH)}x${"</a>".repeat(MAX_XML_DEPTH)}`)), "x");
  });

  test("decodes the declared encoding and UTF-16 with a byte order mark", async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><article><front/><p>Zürich</p></article>',
      "latin1",
    );
    assert.equal(textOf(parseXml(decodeXml(latin1))), "Zürich");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(paperJats(), "utf16le")]);
    assert.equal(sniffReader(utf16, "paper.xml"), "jats");
    assert.equal((await readDocument(input("paper.xml", utf16))).title, PAPER.title);
  });
});

describe("choosing a reader", () => {
  test("the root element is found past the declaration, comments and DOCTYPE", () => {
    assert.equal(
      xmlRootName('\uFEFF<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE article [ <!ENTITY a "b"> ]>\n<article>'),
      "article",
    );
    assert.equal(xmlRootName("<tei:TEI xmlns:tei='x'>"), "tei:TEI");
    assert.equal(xmlRootName("Plain text <article>"), null);
    assert.equal(xmlRootName("<!-- unterminated"), null);
  });

  test("content decides before the extension", () => {
    const pdf = makePdf(manyPages(1));
    assert.equal(sniffReader(pdf, "renamed.txt"), "pdf");
    assert.equal(sniffReader(bytes(paperJats()), "paper.txt"), "jats");
    assert.equal(sniffReader(bytes(paperJats()), "paper.nxml"), "jats");
    assert.equal(sniffReader(bytes(paperTei()), "paper.tei.xml"), "tei");
    assert.equal(sniffReader(bytes("<article><p>bare</p></article>"), "bare.xml"), "jats");
    // A text file that merely starts with "<article>" or mentions %PDF- stays text.
    assert.equal(sniffReader(bytes("<article><p>bare</p></article>"), "note.md"), "text");
    assert.equal(sniffReader(bytes("We parse files whose header is %PDF-1.7."), "notes.txt"), "text");
    assert.equal(sniffReader(bytes("Methods\n\nWe did."), "x.txt"), "text");
    assert.equal(sniffReader(bytes("not a pdf"), "x.pdf"), "pdf");
    assert.throws(
      () => sniffReader(bytes('<?xml version="1.0"?><rss/>'), "feed.xml"),
      (e) => e instanceof MethodscopeError && e.code === "unsupported-type" && /<rss>/.test(e.message),
    );
  });

  test("a forced reader is used, and refuses XML of the other kind", async () => {
    const asText = await readDocument(input("paper.nxml", paperJats()), { reader: "text" });
    assert.equal(asText.reader, "text");
    assert.match(asText.text, /<article/);
    assert.equal(await codeOf(readDocument(input("paper.xml", paperTei()), { reader: "jats" })), "unsupported-type");
    assert.equal(await codeOf(readDocument(input("paper.xml", paperJats()), { reader: "tei" })), "unsupported-type");
  });

  test("folder walks list .xml, .nxml and .tei.xml inputs", () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-readers-list-"));
    try {
      for (const name of ["a.nxml", "b.tei.xml", "c.XML", "d.json", "e.pdf"]) writeFileSync(join(dir, name), "x");
      assert.deepEqual(
        listInputs([dir]).files.map((f) => f.slice(dir.length + 1)),
        ["a.nxml", "b.tei.xml", "c.XML", "e.pdf"],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("layOut", () => {
  test("lays sections out as heading and paragraphs, keeps a heading alone, maps pages", () => {
    const laid = layOut("T", [
      { kind: "methods", heading: "2 Methods", page: 1, paragraphs: [] },
      { kind: "methods", heading: "2.1 Data", paragraphs: [{ text: "One.", page: 2 }, { text: "Two." }] },
      { kind: "other", heading: "", paragraphs: [{ text: " " }] },
    ]);
    assert.equal(laid.text, "T\n\n2 Methods\n\n2.1 Data\n\nOne.\n\nTwo.");
    assert.deepEqual(
      laid.sections.map((s) => [s.kind, laid.text.slice(s.start, s.end)]),
      [
        ["methods", "2 Methods"],
        ["methods", "2.1 Data\n\nOne.\n\nTwo."],
      ],
    );
    // A heading without a page of its own is on its first paragraph's page.
    const data = laid.text.indexOf("2.1 Data");
    assert.deepEqual(laid.pages, [
      { page: 1, start: 0, end: data },
      { page: 2, start: data, end: laid.text.length },
    ]);
    assert.equal(laid.pageCount, 2);
  });
});

/** What the JATS and TEI readers must both make of the same paper: reader, title, metadata, sections. */
function assertStructure(doc: Document, reader: "jats" | "tei"): void {
  assert.equal(doc.reader, reader);
  assert.equal(doc.title, PAPER.title);
  assert.deepEqual(doc.metadata, {
    authors: ["Anna Berger", "Jon Keller"],
    year: PAPER.year,
    journal: PAPER.journal,
    doi: PAPER.doi,
    title: PAPER.title,
    sources: { title: reader, authors: reader, year: reader, journal: reader, doi: reader },
    version: METADATA_VERSION,
  });
  assert.deepEqual(
    doc.sections.map((s) => [s.kind, s.heading]),
    [
      ["abstract", "Abstract"],
      ["introduction", "1 Introduction"],
      ["methods", "2 Materials and methods"],
      ["methods", "2.1 Data"],
      ["methods", "2.2 Training"],
      ["results", "3 Results"],
      ["other", "Notes"],
      ["references", "References"],
      ["floats", "Tables and figures"],
    ],
  );
  assert.equal(sectionOf(doc, PAPER.codeUrl), "other");
  assert.equal(sectionOf(doc, "Dropout rate | 0.5"), "floats");
  assert.equal(sectionOf(doc, "Data augmentation with random flips"), "references");
}

describe("readDocument: JATS", () => {
  test("sections, footnotes, tables, references and metadata come from the structure", async () => {
    const doc = await readDocument(input("paper.nxml", paperJats()));
    assertStructure(doc, "jats");
    // The table is not in the body, and the footnote marker does not run into "42".
    const body = doc.sections.find((s) => s.heading === "2.2 Training") as { start: number; end: number };
    assert.doesNotMatch(doc.text.slice(body.start, body.end), /Dropout|42\.?1/);
    assert.deepEqual(doc.pages, [{ page: 1, start: 0, end: doc.text.length }]);
    assert.equal(doc.pageCount, 1);
  });

  test("a link's address stays in the text when its words differ; notes-type and nested kinds", async () => {
    const xml = `<article><front><article-meta><title-group><article-title>A short note on links</article-title></title-group></article-meta></front>
<body><sec><title>Model training</title><p>Our code is on <ext-link xlink:href="https://gitlab.com/x/y">GitLab</ext-link>.</p>
<sec><title>Code availability</title><p>See above.</p></sec></sec></body>
<back><notes notes-type="data-availability"><title>Statement</title><p>Data on Zenodo.</p></notes></back></article>`;
    const doc = await readDocument(input("note.xml", xml));
    assert.match(doc.text, /Our code is on GitLab \(https:\/\/gitlab\.com\/x\/y\)\./);
    assert.deepEqual(
      doc.sections.map((s) => s.kind),
      ["methods", "availability", "availability"],
    );
  });
});

describe("readDocument: TEI", () => {
  test("GROBID's flat divs, footnotes, figures, references, metadata and pages from coordinates", async () => {
    const doc = await readDocument(input("paper.tei.xml", paperTei({ coords: true })));
    assertStructure(doc, "tei");
    const pageOf = (needle: string) => {
      const at = doc.text.indexOf(needle);
      return doc.pages.find((p) => at >= p.start && at < p.end)?.page;
    };
    assert.equal(pageOf(PAPER.data[0]), 1);
    assert.equal(pageOf(PAPER.training[0]), 2);
    assert.equal(pageOf(PAPER.references[0]), 3);
    assert.equal(doc.pageCount, 3);
  });

  test("without coordinates the text is one page", async () => {
    const doc = await readDocument(input("paper.tei.xml", paperTei()));
    assert.deepEqual(doc.pages, [{ page: 1, start: 0, end: doc.text.length }]);
  });
});

/** A loopback GROBID: `answer` decides each response; the bodies it was sent are kept. */
async function fakeGrobid(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(`${req.method} ${req.url}\n${Buffer.concat(chunks).toString("latin1")}`);
      answer(req, res);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, bodies };
}

const closeServer = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

describe("--grobid", () => {
  let dir = "";
  let pdfPath = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-grobid-"));
    mkdirSync(dir, { recursive: true });
    pdfPath = join(dir, "paper.pdf");
    writeFileSync(pdfPath, makePdf(manyPages(2)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the endpoint is found from the base URL", () => {
    assert.equal(grobidEndpoint("http://h:8070"), "http://h:8070/api/processFulltextDocument");
    assert.equal(grobidEndpoint("http://h:8070/api/"), "http://h:8070/api/processFulltextDocument");
  });

  test("a PDF is sent as the multipart field `input` and GROBID's TEI is read (id: the PDF's hash)", async () => {
    const grobid = await fakeGrobid((_req, res) => {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(paperTei({ coords: true }));
    });
    try {
      const file = await readInputFile(pdfPath, readLimits());
      const doc = await loadDocument(pdfPath, { grobid: { url: grobid.url } });
      assert.equal(doc.reader, "tei");
      assert.equal(doc.id, file.sha256);
      assert.equal(doc.metadata?.doi, PAPER.doi);
      assert.equal(doc.metadata?.readerFallback, undefined);
      assert.equal(doc.pageCount, 3);
      const sent = grobid.bodies[0] as string;
      assert.match(sent, /^POST \/api\/processFulltextDocument\n/);
      assert.match(sent, /name="input"; filename="paper\.pdf"/);
      assert.match(sent, /%PDF-/);
      assert.match(sent, /name="teiCoordinates"/);
    } finally {
      await closeServer(grobid.server);
    }
  });

  test("a 503 falls back to the PDF reader and flags the paper", async () => {
    const grobid = await fakeGrobid((_req, res) => {
      res.writeHead(503);
      res.end("busy");
    });
    try {
      const doc = await loadDocument(pdfPath, { grobid: { url: grobid.url } });
      assert.equal(doc.reader, "pdf");
      assert.equal(doc.metadata?.readerFallback, "grobid-failed: 503");
      assert.equal(doc.pageCount, 2);
    } finally {
      await closeServer(grobid.server);
    }
  });

  test("a timeout, an answer that is not TEI and a refused connection fall back too", async () => {
    const silent = await fakeGrobid(() => {});
    const html = await fakeGrobid((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>GROBID</body></html>");
    });
    const closed = await fakeGrobid(() => {});
    const refusedUrl = closed.url;
    await closeServer(closed.server);
    try {
      const timedOut = await loadDocument(pdfPath, { grobid: { url: silent.url, timeoutMs: 200 } });
      assert.equal(timedOut.metadata?.readerFallback, "grobid-failed: timeout");
      const notTei = await loadDocument(pdfPath, { grobid: { url: html.url } });
      assert.equal(notTei.metadata?.readerFallback, "grobid-failed: not TEI");
      const refused = await loadDocument(pdfPath, { grobid: { url: refusedUrl } });
      assert.match(refused.metadata?.readerFallback ?? "", /^grobid-failed: connection failed/);
      assert.equal(refused.reader, "pdf");
    } finally {
      await closeServer(silent.server);
      await closeServer(html.server);
    }
  });

  test("text and XML inputs never go to GROBID", async () => {
    const grobid = await fakeGrobid((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    try {
      const doc = await readDocument(input("paper.nxml", paperJats()), { grobid: { url: grobid.url } });
      assert.equal(doc.reader, "jats");
      assert.equal(grobid.bodies.length, 0);
    } finally {
      await closeServer(grobid.server);
    }
  });

  test("in the read pool, GROBID's time is added to the file's, so its timeout still falls back", async () => {
    const silent = await fakeGrobid(() => {});
    // Without the addition the worker would be stopped at 3 s, before GROBID's 3.5 s ran out.
    const pool = createReadPool({ workers: 1, timeoutMs: 3000, grobid: { url: silent.url, timeoutMs: 3500 } });
    try {
      const doc = await pool.read(await readInputFile(pdfPath, readLimits()));
      assert.equal(doc.reader, "pdf");
      assert.equal(doc.metadata?.readerFallback, "grobid-failed: timeout");
    } finally {
      await pool.close();
      await closeServer(silent.server);
    }
  });

  test("the read pool's workers use the reader options", async () => {
    const grobid = await fakeGrobid((_req, res) => {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(paperTei());
    });
    const pool = createReadPool({ workers: 1, grobid: { url: grobid.url } });
    try {
      const doc = await pool.read(await readInputFile(pdfPath, readLimits()));
      assert.equal(doc.reader, "tei");
      assert.equal(doc.metadata?.journal, PAPER.journal);
      const forced = createReadPool({ workers: 1, reader: "text" });
      try {
        const jats = join(dir, "paper.nxml");
        writeFileSync(jats, paperJats());
        assert.equal((await forced.read(await readInputFile(jats, readLimits()))).reader, "text");
      } finally {
        await forced.close();
      }
    } finally {
      await pool.close();
      await closeServer(grobid.server);
    }
  });
});
