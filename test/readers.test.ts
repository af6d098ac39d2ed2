// One short paper as text, as PDF, as JATS and as GROBID TEI, run through the library's `extract()` with the
// extractive engine: the structured readers answer as the text does, references and tables are never
// evidence, a footnote's URL answers the code-availability questions, and metadata is on the Document.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadDocument } from "../src/ingest/load.js";
import { METADATA_VERSION } from "../src/ingest/metadata.js";
import { extract } from "../src/pipeline/extract.js";
import type { ResultRow } from "../src/report/rows.js";
import { openStore } from "../src/store/index.js";
import type { Document } from "../src/types.js";
import { PAPER, paperJats, paperPdf, paperTei, paperText } from "./fixtures/jats-tei.js";

const CODE_REPOSITORY = 8;
const CODE_AVAILABILITY = 10;
const AUGMENTATION = 4;
const REGULARISATION = 17;

let dir = "";
const files = { text: "", pdf: "", control: "", jats: "", tei: "" };
let rows: ResultRow[] = [];
const docs = new Map<string, Document>();

const rowsOf = (file: string) => rows.filter((r) => r.file === file && r.cq !== null);
const answer = (file: string, cq: number) => rowsOf(file).find((r) => r.cq === cq) as ResultRow;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "methodscope-readers-"));
  files.text = join(dir, "paper.txt");
  files.pdf = join(dir, "paper.pdf");
  files.control = join(dir, "control.txt");
  files.jats = join(dir, "paper.nxml");
  files.tei = join(dir, "paper.tei.xml");
  writeFileSync(files.text, paperText());
  writeFileSync(files.pdf, paperPdf());
  writeFileSync(files.control, paperText({ tableInBody: true }));
  writeFileSync(files.jats, paperJats());
  writeFileSync(files.tei, paperTei({ coords: true }));
  const result = await extract({ inputs: [dir], dbPath: ":memory:", workers: 1 });
  assert.deepEqual(
    result.manifest.inputs.map((i) => i.status),
    ["done", "done", "done", "done", "done"],
  );
  rows = result.rows;
  for (const file of Object.values(files)) docs.set(file, await loadDocument(file));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("structured inputs through extract()", () => {
  test("the folder's JATS and TEI files are read and answered", () => {
    for (const file of [files.jats, files.tei]) assert.equal(rowsOf(file).length, 28, file);
  });

  test("the same paper as text, PDF, JATS and TEI gets the same yes/no on every question", () => {
    const yesNo = (file: string) => rowsOf(file).map((r) => `${r.cq}:${r.reported}`);
    assert.equal(rowsOf(files.text).filter((r) => r.reported === "yes").length >= 10, true);
    // The PDF's footnote lands after its References in reading order; as a page-foot footnote it is
    // a Notes section, not a reference, so it answers the code questions as in the other formats.
    assert.deepEqual(yesNo(files.pdf), yesNo(files.text));
    assert.deepEqual(yesNo(files.jats), yesNo(files.text));
    assert.deepEqual(yesNo(files.tei), yesNo(files.text));
  });

  test("a footnote's URL answers the code questions", () => {
    for (const file of [files.jats, files.tei, files.pdf]) {
      for (const cq of [CODE_REPOSITORY, CODE_AVAILABILITY]) {
        const row = answer(file, cq);
        assert.equal(row.reported, "yes", `${file} CQ${cq}`);
        assert.ok(
          row.evidence.some((e) => e.quote.includes(PAPER.codeUrl)),
          `${file} CQ${cq}: ${JSON.stringify(row.evidence)}`,
        );
      }
    }
  });

  test("references and tables are never evidence", () => {
    for (const file of [files.jats, files.tei]) {
      const doc = docs.get(file) as Document;
      const apart = doc.sections.filter((s) => s.kind === "references" || s.kind === "floats");
      assert.equal(apart.length, 2, file);
      for (const row of rowsOf(file)) {
        for (const e of row.evidence) {
          assert.equal(doc.text.slice(e.start, e.end), e.quote, `${file} CQ${row.cq}: offsets point into the text`);
          const inside = apart.find((s) => e.start >= s.start && e.start < s.end);
          assert.equal(inside, undefined, `${file} CQ${row.cq}: evidence in ${inside?.kind}: ${e.quote}`);
        }
      }
      // Only the references mention augmentation, only the table regularisation.
      assert.equal(answer(file, AUGMENTATION).reported, "no", file);
      assert.equal(answer(file, REGULARISATION).reported, "no", file);
    }
    // The control: the table's caption as body text is evidence of regularisation.
    assert.equal(answer(files.control, REGULARISATION).reported, "yes");
  });

  test("metadata is on the Document", () => {
    for (const file of [files.jats, files.tei]) {
      const doc = docs.get(file) as Document;
      assert.equal(doc.title, PAPER.title);
      assert.deepEqual(doc.metadata, {
        authors: PAPER.authors.map(([given, surname]) => `${given} ${surname}`),
        year: PAPER.year,
        journal: PAPER.journal,
        doi: PAPER.doi,
        title: PAPER.title,
        sources: Object.fromEntries(
          ["title", "authors", "year", "journal", "doi"].map((f) => [f, file === files.jats ? "jats" : "tei"]),
        ),
        version: METADATA_VERSION,
      });
      assert.equal(answer(file, CODE_AVAILABILITY).title, PAPER.title);
    }
    assert.equal(docs.get(files.text)?.reader, "text");
    // A text file's metadata is what its first lines say (its title here), from the first page.
    assert.equal(docs.get(files.text)?.metadata?.sources?.title, "first-page");
  });

  test("metadata lands in run.json and survives the store: a reused JATS paper keeps its reader and metadata", async () => {
    const store = openStore(":memory:");
    const first = await extract({ inputs: [files.jats], store, workers: 1 });
    const again = await extract({ inputs: [files.jats], store, workers: 1 });
    store.close();
    for (const { manifest } of [first, again]) {
      const input = manifest.inputs[0];
      assert.equal(input?.reader, "jats");
      assert.equal(input?.metadata?.doi, PAPER.doi);
      assert.equal(input?.metadata?.year, PAPER.year);
    }
    assert.equal(again.manifest.inputs[0]?.status, "reused");
  });

  test("JATS evidence is cited by its section instead of a page; PDF and text evidence by page", () => {
    const jats = rowsOf(files.jats).flatMap((r) => r.evidence);
    assert.ok(jats.length > 0);
    const doc = docs.get(files.jats) as Document;
    for (const e of jats) {
      assert.ok(e.section, `a section for “${e.quote}”`);
      assert.ok(doc.sections.some((s) => s.heading === e.section && s.start <= e.start && e.start < s.end));
    }
    for (const file of [files.text, files.pdf]) {
      assert.ok(
        rowsOf(file).every((r) => r.evidence.every((e) => e.section === undefined)),
        file,
      );
    }
  });

  test("a forced --reader re-reads a stored paper made by another reader; the same reader reuses it", async () => {
    const store = openStore(":memory:");
    await extract({ inputs: [files.jats], store, workers: 1 });
    const same = await extract({ inputs: [files.jats], store, workers: 1, reader: "jats" });
    assert.equal(same.manifest.inputs[0]?.status, "reused");
    const other = await extract({ inputs: [files.jats], store, workers: 1, reader: "text" });
    assert.equal(other.manifest.inputs[0]?.reader, "text");
    assert.equal(store.getDocument(other.manifest.inputs[0]?.paper_id as string)?.reader, "text");
    store.close();
  });
});
