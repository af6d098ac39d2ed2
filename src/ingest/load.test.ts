import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { imageOnlyPage, makePdf, manyPages } from "../../test/fixtures/pdf-writer.js";
import { MethodscopeError } from "../errors.js";
import { listInputs, loadDocument, textPages } from "./load.js";

let dir = "";
const at = (...parts: string[]) => join(dir, ...parts);

function put(path: string, content: string | Uint8Array = "x"): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MethodscopeError, `not a MethodscopeError: ${error}`);
    return error.code;
  }
  return "no error";
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "methodscope-load-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("textPages", () => {
  test("splits on form feeds, drops the empty page after a final one, normalises line ends", () => {
    assert.deepEqual(textPages(new TextEncoder().encode("one\r\ntwo\fthree\r\f")), ["one\ntwo", "three\n"]);
    assert.deepEqual(textPages(new TextEncoder().encode("\uFEFFno feed")), ["no feed"]);
  });
});

describe("loadDocument", () => {
  test("reads a PDF: id is the SHA-256 of the bytes, one page per PDF page", async () => {
    const bytes = makePdf(manyPages(3));
    const path = put(at("paper.pdf"), bytes);
    const doc = await loadDocument(path);
    assert.equal(doc.id, createHash("sha256").update(bytes).digest("hex"));
    assert.equal(doc.path, path);
    assert.equal(doc.pageCount, 3);
    assert.ok(doc.text.includes("Camera traps at station c recorded mammals"), doc.text);
  });

  test("reads .txt and .md (any case) split on form feeds", async () => {
    const txt = await loadDocument(put(at("paper.TXT"), "Methods\n\nWe used a CNN.\fResults\n\nIt worked."));
    assert.equal(txt.pageCount, 2);
    assert.ok(txt.text.includes("We used a CNN."));
    const md = await loadDocument(put(at("notes.md"), "# Notes\n\nOne page only."));
    assert.equal(md.pageCount, 1);
  });

  test("reports each bad input with its code", async () => {
    const cases: Array<[string, string]> = [
      [at("missing.pdf"), "not-found"],
      [at("missing-dir", "x.pdf"), "not-found"],
      [dir, "unsupported-type"],
      [put(at("report.docx"), "PK..."), "unsupported-type"],
      [put(at("empty.txt"), ""), "empty-file"],
      [put(at("empty.pdf"), ""), "empty-file"],
      [put(at("login.pdf"), "<html>please log in</html>"), "not-a-pdf"],
      [put(at("half.pdf"), makePdf(manyPages(4)).slice(0, 900)), "corrupt-pdf"],
      [put(at("locked.pdf"), makePdf(manyPages(1), { encrypt: true })), "encrypted-pdf"],
      [put(at("scan.pdf"), makePdf([imageOnlyPage()])), "no-text-layer"],
    ];
    for (const [path, code] of cases) assert.equal(await errorCode(loadDocument(path)), code, path);
  });

  test("passes maxPages on to the PDF reader", async () => {
    const path = put(at("long.pdf"), makePdf(manyPages(12)));
    assert.equal(await errorCode(loadDocument(path, { maxPages: 10 })), "too-many-pages");
  });
});

describe("listInputs", () => {
  test("walks folders in sorted order, keeps paper files, skips hidden files and node_modules", () => {
    const root = at("tree");
    for (const name of ["b.pdf", "a.TXT", "c.md", "d.docx", ".hidden.pdf", "sub/z.PDF", "sub/a.txt"])
      put(join(root, name));
    for (const name of [".git/x.pdf", "node_modules/pkg/readme.md", "sub/.cache/y.pdf"]) put(join(root, name));
    const explicit = put(at("other.docx"));
    const { files, missing } = listInputs([root, explicit, at("nope"), join(root, "b.pdf")]);
    assert.deepEqual(files, [
      join(root, "a.TXT"),
      join(root, "b.pdf"),
      join(root, "c.md"),
      join(root, "sub", "a.txt"),
      join(root, "sub", "z.PDF"),
      explicit,
    ]);
    assert.deepEqual(missing, [at("nope")]);
  });

  test("lists a folder of 3000 files quickly", () => {
    const many = at("many");
    mkdirSync(many);
    for (let i = 0; i < 3000; i++) writeFileSync(join(many, `p${String(i).padStart(4, "0")}.txt`), "t");
    const started = performance.now();
    const { files } = listInputs([many]);
    const ms = performance.now() - started;
    assert.equal(files.length, 3000);
    assert.equal(files[0], join(many, "p0000.txt"));
    assert.equal(files[2999], join(many, "p2999.txt"));
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });
});
