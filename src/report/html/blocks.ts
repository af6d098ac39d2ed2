/**
 * The compressed blocks of papers' pages in a large report (see report.ts): a block's pages are
 * joined by {@link PAGE_BREAK}, gzip-compressed and written in base64 inside a
 * `<script type="application/json" data-chunk="…">` element; the client script inflates a block
 * with the browser's DecompressionStream and splits it at the breaks when a link asks for one of
 * its papers.
 */
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * Between two pages of a block. A comment: escaped text never holds a `<`, and no template writes
 * one, so it cannot occur inside a page (and needs no escaping, unlike a JSON array of pages).
 */
export const PAGE_BREAK = "<!--page-->";

/**
 * Compression level of the blocks: level 3 takes under half the time of zlib's default (6), for
 * blocks about 40% larger (~3.7 against 2.6 KB of base64 per paper); levels 1 and 2 are no faster
 * on these pages and larger still.
 */
export const BLOCK_LEVEL = 3;

/** Packs blocks of pages into base64 text, a page at a time. */
export interface BlockPacker {
  /** Adds the next page (HTML) of the block being packed. */
  add(page: string): void;
  /** The pages added since the last `finish`, joined by {@link PAGE_BREAK}, gzip-compressed, in base64. */
  finish(): string;
}

/**
 * A packer that encodes each page into one reused buffer as it comes: a fresh buffer of a few MB
 * per block (what `Buffer.from` of the joined text costs) takes longer than compressing it, and a
 * page's text can be collected as soon as it is added.
 * @example const packer = createBlockPacker(); packer.add("<section>…</section>"); packer.add(""); packer.finish()
 */
export function createBlockPacker(level = BLOCK_LEVEL): BlockPacker {
  // Grown to the largest block met; `used` bytes of it hold the block being packed.
  let buffer = Buffer.alloc(0);
  let used = 0;
  let pages = 0;
  const reserve = (bytes: number) => {
    if (buffer.length - used >= bytes) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * buffer.length, used + bytes, 1 << 20));
    buffer.copy(bigger, 0, 0, used);
    buffer = bigger;
  };
  return {
    add(page) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      reserve(PAGE_BREAK.length + 3 * page.length);
      if (pages++ > 0) used += buffer.write(PAGE_BREAK, used, "latin1");
      used += buffer.write(page, used, "utf8");
    },
    finish() {
      const packed = gzipSync(buffer.subarray(0, used), { level }).toString("base64");
      used = 0;
      pages = 0;
      return packed;
    },
  };
}

/**
 * The pages of a block in base64 (what the client script does in the browser), for tests and tools.
 * @example const packer = createBlockPacker(); packer.add("a"); packer.add("b"); unpackBlock(packer.finish()) // ["a", "b"]
 */
export function unpackBlock(base64: string): string[] {
  return gunzipSync(Buffer.from(base64, "base64")).toString("utf8").split(PAGE_BREAK);
}
