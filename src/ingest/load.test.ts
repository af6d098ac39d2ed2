import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  type Dirent,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { codeOf } from "../../test/fixtures/capture.js";
import { imageOnlyPage, makePdf, manyPages } from "../../test/fixtures/pdf-writer.js";
import { listInputs, loadDocument, looksBinary, readInputFile, readLimits, textPages } from "./load.js";

const isRoot = process.getuid?.() === 0;
const ROOT_SKIP = "running as root: permissions are not enforced, so EACCES cannot be observed (CI may run as root)";

let dir = "";
const at = (...parts: string[]) => join(dir, ...parts);

function put(path: string, content: string | Uint8Array = "x"): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
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

describe("looksBinary", () => {
  test("text in UTF-8 or Latin-1 passes; NUL bytes and mostly invalid UTF-8 do not", () => {
    const prose = "Méthodes: nous avons entraîné un réseau convolutif — 40 époques.\n\f";
    assert.equal(looksBinary(Buffer.from(prose.repeat(50), "utf8")), false);
    assert.equal(looksBinary(Buffer.from(prose.replace("—", "-").repeat(50), "latin1")), false);
    assert.equal(looksBinary(Buffer.from("PK\u0003\u0004\u0000\u0000 rest of a zip", "latin1")), true);
    assert.equal(looksBinary(Buffer.from(Array.from({ length: 1000 }, (_, i) => 0x80 + (i % 100)))), true);
    assert.equal(looksBinary(new Uint8Array()), false);
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
    for (const [path, code] of cases) assert.equal(await codeOf(loadDocument(path)), code, path);
  });

  test("refuses binary .txt/.md files (NUL bytes, or mostly invalid UTF-8) with binary-file", async () => {
    const random = randomBytes(256 * 1024);
    assert.equal(await codeOf(loadDocument(put(at("random.txt"), random))), "binary-file");
    const utf16 = Buffer.from("\uFEFFMethods: we used a CNN.", "utf16le");
    assert.equal(await codeOf(loadDocument(put(at("utf16.md"), utf16))), "binary-file");
    const noNul = Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 64)));
    assert.equal(await codeOf(loadDocument(put(at("high.txt"), noNul))), "binary-file");
  });

  test("checks the size before reading: a text file or PDF over --max-file-mb is file-too-large", async () => {
    const big = put(at("big.txt"), Buffer.alloc(2 * 1024 * 1024, "a"));
    assert.equal(await codeOf(loadDocument(big, { maxFileMb: 1 })), "file-too-large");
    assert.equal((await loadDocument(big, { maxFileMb: 3 })).pageCount, 1);
    const pdf = put(at("big.pdf"), makePdf(manyPages(2)));
    assert.equal(await codeOf(loadDocument(pdf, { maxFileMb: 0.001 })), "file-too-large");
    assert.deepEqual(readLimits(), { pdfBytes: 200 * 1024 * 1024, textBytes: 20 * 1024 * 1024 });
    assert.deepEqual(readLimits(5), { pdfBytes: 5 * 1024 * 1024, textBytes: 5 * 1024 * 1024 });
  });

  test("never opens a FIFO or a device: not-a-regular-file, without hanging", async () => {
    const fifo = at("pipe.pdf");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    assert.equal(await codeOf(loadDocument(fifo)), "not-a-regular-file");
    assert.equal(await codeOf(readInputFile(fifo, readLimits())), "not-a-regular-file");
    if (existsSync("/dev/zero")) assert.equal(await codeOf(loadDocument("/dev/zero")), "not-a-regular-file");
    assert.ok(performance.now() - started < 2000);
  });

  test("a file without read permission is unreadable, not internal", { skip: isRoot && ROOT_SKIP }, async () => {
    const locked = put(at("locked.txt"), "Methods: we used a CNN.");
    chmodSync(locked, 0o000);
    try {
      assert.equal(await codeOf(loadDocument(locked)), "unreadable");
    } finally {
      chmodSync(locked, 0o644);
    }
  });

  test("passes maxPages on to the PDF reader", async () => {
    const path = put(at("long.pdf"), makePdf(manyPages(12)));
    assert.equal(await codeOf(loadDocument(path, { maxPages: 10 })), "too-many-pages");
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

  test("a folder that cannot be listed is one problem; the rest of the run is listed", () => {
    const root = at("eacces");
    for (const name of ["a.txt", "locked/b.txt", "locked/deep/c.txt", "open/d.txt"]) put(join(root, name));
    const denied = join(root, "locked");
    const readdir = (dir: string): Dirent[] => {
      if (dir === denied)
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: "EACCES" });
      return readdirSync(dir, { withFileTypes: true });
    };
    const { files, missing, unreadable } = listInputs([root], { readdir });
    assert.deepEqual(files, [join(root, "a.txt"), join(root, "open", "d.txt")]);
    assert.deepEqual(missing, []);
    assert.deepEqual(
      unreadable.map((u) => [u.path, u.error.code]),
      [[denied, "unreadable"]],
    );
    assert.match(unreadable[0].error.message, /permission denied/);
  });

  test("a real chmod-000 folder, nested or named, is unreadable", { skip: isRoot && ROOT_SKIP }, () => {
    const root = at("chmod");
    put(join(root, "ok.txt"));
    put(join(root, "sub", "x.txt"));
    chmodSync(join(root, "sub"), 0o000);
    try {
      const nested = listInputs([root]);
      assert.deepEqual(nested.files, [join(root, "ok.txt")]);
      assert.deepEqual(
        nested.unreadable.map((u) => u.error.code),
        ["unreadable"],
      );
      assert.equal(listInputs([join(root, "sub")]).unreadable.length, 1);
    } finally {
      chmodSync(join(root, "sub"), 0o755);
    }
  });

  test("keeps FIFOs with a paper's name, so they get an error row instead of vanishing", () => {
    const root = at("fifos");
    put(join(root, "a.txt"));
    execFileSync("mkfifo", [join(root, "b.pdf")]);
    assert.deepEqual(listInputs([root]).files, [join(root, "a.txt"), join(root, "b.pdf")]);
  });

  test("follows linked folders, each real folder once, so link cycles end", () => {
    const root = at("links");
    put(join(root, "real", "a.txt"));
    put(join(root, "real", "deep", "b.pdf"));
    const corpus = join(root, "corpus");
    mkdirSync(corpus);
    symlinkSync(join(root, "real"), join(corpus, "linked"), "dir");
    // A cycle (deep/up → real) and a second link to the same folder add nothing; a dangling link is skipped.
    symlinkSync(join(root, "real"), join(root, "real", "deep", "up"), "dir");
    symlinkSync(join(root, "real"), join(corpus, "zz-again"), "dir");
    symlinkSync(join(root, "gone"), join(corpus, "dangling.pdf"));
    const { files, missing, unreadable } = listInputs([corpus]);
    assert.deepEqual(files, [join(corpus, "linked", "a.txt"), join(corpus, "linked", "deep", "b.pdf")]);
    assert.deepEqual([missing, unreadable], [[], []]);
    // Named on the command line through its link, a folder is walked once too.
    assert.equal(listInputs([corpus, join(root, "real")]).files.length, 2);
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
