import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { codePointLength, k24StartOffsets, pythonStrip, splitTextK24 } from "./chunk-k24.js";

// Every expected value below was derived by hand from LangChain's algorithm (see the comment on each
// test), not by running this code. Notation: pieces are [text](code-point length); "total" is the
// running length inside _merge_splits; separators are glued to the START of the following piece.

describe("splitTextK24 (LangChain RecursiveCharacterTextSplitter)", () => {
  test("text that fits needs no split", () => {
    // "short text": "\n\n" and "\n" absent, " " present → pieces [short](5), [ text](5), both < 10.
    // merge: total 5, then 5+5 = 10 is not > 10 → one document "short text".
    assert.deepEqual(splitTextK24("short text", { chunkSize: 10, chunkOverlap: 3 }), ["short text"]);
  });

  test("splits on the paragraph separator first", () => {
    // "aaa bbb\n\nccc ddd": "\n\n" is present, so it is used (not " "): pieces [aaa bbb](7), [\n\nccc ddd](9).
    // merge: total 7; 7+9 = 16 > 10 → emit "aaa bbb", pop it (7 > 0 overlap) → total 0; append the
    // second piece; the final join "\n\nccc ddd" is stripped → "ccc ddd".
    assert.deepEqual(splitTextK24("aaa bbb\n\nccc ddd", { chunkSize: 10, chunkOverlap: 0 }), ["aaa bbb", "ccc ddd"]);
  });

  test("paragraph split with overlap that cannot carry a whole piece", () => {
    // "aaaaa\n\nbbbbb": pieces [aaaaa](5), [\n\nbbbbb](7). merge: total 5; 5+7 = 12 > 10 → emit
    // "aaaaa"; pop while total 5 > overlap 3 → total 0; append → "\n\nbbbbb" stripped → "bbbbb".
    assert.deepEqual(splitTextK24("aaaaa\n\nbbbbb", { chunkSize: 10, chunkOverlap: 3 }), ["aaaaa", "bbbbb"]);
  });

  test("overlap carries the last pieces into the next chunk", () => {
    // pieces [aa](2) [ bb](3) [ cc](3) [ dd](3) [ ee](3). merge: 2, 5, 8; 8+3 = 11 > 10 → emit
    // "aa bb cc"; pop [aa] (8 > 3 → 6), pop [ bb] (6 > 3 → 3); 3 > 3 is false and 3+3 ≤ 10 → stop,
    // so [ cc] is carried. Then 6, 9 → " cc dd ee" stripped → "cc dd ee".
    assert.deepEqual(splitTextK24("aa bb cc dd ee", { chunkSize: 10, chunkOverlap: 3 }), ["aa bb cc", "cc dd ee"]);
  });

  test("popping continues while the carried part plus the next piece is too long", () => {
    // pieces [aa](2) [ bb](3) [ cccccccc](9). merge: 2, 5; 5+9 = 14 > 10 → emit "aa bb". Pop loop:
    // total 5 > overlap 5 is false, but 5+9 > 10 and 5 > 0 → pop [aa] (3); 3+9 > 10 → pop [ bb] (0).
    // So nothing is carried and the last chunk is "cccccccc".
    assert.deepEqual(splitTextK24("aa bb cccccccc", { chunkSize: 10, chunkOverlap: 5 }), ["aa bb", "cccccccc"]);
  });

  test("a word longer than the chunk size falls back to characters", () => {
    // pieces [abcdefghijklmn](14) [ op](3). 14 is not < 10 → no good pieces to flush; recurse on the
    // word with [""] → 14 one-character pieces. merge: a..j → total 10; "k": 11 > 10 → emit
    // "abcdefghij", pop a..g until total 3 (h, i, j carried); k, l, m, n → "hijklmn". Back at the top
    // level, [ op] merges alone → "op". The overlap does not cross from the recursion to [ op].
    assert.deepEqual(splitTextK24("abcdefghijklmn op", { chunkSize: 10, chunkOverlap: 3 }), [
      "abcdefghij",
      "hijklmn",
      "op",
    ]);
  });

  test("the separator is kept at the start of the next chunk", () => {
    // separators ["|", ""]: "|" present → pieces [aaaa](4) [|bbbb](5) [|cccc](5). merge: 4, 9;
    // 9+5 = 14 > 10 → emit "aaaa|bbbb"; overlap 0 → pop both; "|cccc" keeps its leading "|".
    assert.deepEqual(splitTextK24("aaaa|bbbb|cccc", { chunkSize: 10, chunkOverlap: 0, separators: ["|", ""] }), [
      "aaaa|bbbb",
      "|cccc",
    ]);
  });

  test("whitespace-only pieces are dropped", () => {
    // "aaaaaaaa\n\n   \n\nbbbbbbbb": pieces [aaaaaaaa](8) [\n\n   ](5) [\n\nbbbbbbbb](10).
    // The third is not < 10 → flush the first two: total 8; 8+5 > 10 → emit "aaaaaaaa", pop → 0;
    // the final document "\n\n   " strips to "" and is dropped. The third recurses with "\n":
    // "\n\nbbbbbbbb".split("\n") gives pieces [\n](1) [\nbbbbbbbb](9) → total 10 → "bbbbbbbb".
    assert.deepEqual(splitTextK24("aaaaaaaa\n\n   \n\nbbbbbbbb", { chunkSize: 10, chunkOverlap: 0 }), [
      "aaaaaaaa",
      "bbbbbbbb",
    ]);
  });

  test("lengths are code points, as Python's len()", () => {
    // "😀😀😀😀😀 ab": pieces [😀😀😀😀😀](5 code points, 10 UTF-16 units) [ ab](3). Both < 6, so no
    // character fallback; 5+3 = 8 > 6 → emit the emojis, pop → " ab" stripped → "ab". Counting UTF-16
    // units would have split the emojis 3 + 2.
    assert.deepEqual(splitTextK24("😀😀😀😀😀 ab", { chunkSize: 6, chunkOverlap: 0 }), ["😀😀😀😀😀", "ab"]);
    assert.equal(codePointLength("😀a"), 2);
  });

  test("strip follows Python's whitespace set", () => {
    // Python strips U+001C and U+0085 but not U+FEFF; JavaScript's trim() does the opposite.
    assert.equal(pythonStrip("\x1c a \x85"), "a");
    assert.equal(pythonStrip("\ufeffa"), "\ufeffa");
  });

  test("rejects an overlap larger than the chunk size", () => {
    assert.throws(() => splitTextK24("abc", { chunkSize: 5, chunkOverlap: 6 }), RangeError);
  });

  test("K24 defaults: chunks of at most 1000 code points that are substrings of the text", () => {
    const paragraph = (i: number) => `Paragraph ${i} ${"word ".repeat(40 + (i % 7) * 30).trim()}.`;
    const text = Array.from({ length: 40 }, (_, i) => paragraph(i)).join("\n\n");
    const chunks = splitTextK24(text);
    assert.ok(chunks.length > 5);
    for (const chunk of chunks) {
      assert.ok(codePointLength(chunk) <= 1000);
      assert.ok(text.includes(chunk));
    }
  });
});

describe("k24StartOffsets (add_start_index)", () => {
  test("searches from previous start + previous length − overlap", () => {
    // chunks of "aa bb cc dd ee" (see above): first found at 0; second searched from 0 + 8 − 3 = 5 →
    // "cc dd ee" first occurs at 6.
    const text = "aa bb cc dd ee";
    assert.deepEqual(k24StartOffsets(text, ["aa bb cc", "cc dd ee"], 3), [0, 6]);
  });

  test("repeated text gets the later occurrence, and every offset slices back to its chunk", () => {
    const text = "abc abc abc abc";
    const chunks = splitTextK24(text, { chunkSize: 8, chunkOverlap: 0 });
    // pieces [abc](3) [ abc](4) ×3: 3, 7; 7+4 > 8 → "abc abc"; pop both; 4, 8 → " abc abc" → "abc abc".
    // Offsets: 0, then a search from 0 + 7 − 0 = 7 finds the second "abc abc" at 8 (not at 0).
    assert.deepEqual(chunks, ["abc abc", "abc abc"]);
    const starts = k24StartOffsets(text, chunks, 0);
    assert.deepEqual(starts, [0, 8]);
    starts.forEach((s, i) => {
      assert.equal(text.slice(s, s + (chunks[i] as string).length), chunks[i]);
    });
  });
});
