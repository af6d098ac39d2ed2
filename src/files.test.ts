import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { mulberry32 } from "../test/fixtures/prng.js";
import { chunkedWriter } from "./files.js";

test("chunkedWriter writes every piece's UTF-8 bytes in order, in chunks it shows before writing", () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-files-"));
  try {
    const random = mulberry32(7);
    const alphabet = ["a", "é", "€", "🐋", "\n", "\u{10FFFF}", "\uD800"];
    // Small pieces, pieces near and past the chunk size, with one- to four-byte characters and a lone surrogate.
    const pieces = Array.from({ length: 400 }, (_, i) => {
      const n = i % 50 === 7 ? 700_000 + Math.floor(random() * 900_000) : Math.floor(random() * 300);
      let text = "";
      for (let k = 0; k < n; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      return text;
    });
    const path = join(dir, "out.txt");
    const fd = openSync(path, "w");
    const seen: Buffer[] = [];
    const out = chunkedWriter(fd, (chunk) => seen.push(Buffer.from(chunk)));
    for (const piece of pieces) out.write(piece);
    out.flush();
    closeSync(fd);
    const expected = Buffer.from(pieces.join(""), "utf8");
    assert.ok(readFileSync(path).equals(expected), "the file holds every piece in order");
    assert.equal(out.bytes, expected.length);
    assert.ok(Buffer.concat(seen).equals(expected), "onChunk saw every byte, in order");
    assert.ok(seen.length > 10, "written in several chunks");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
