/**
 * Plain text and Markdown → pages: one page per form feed, after making sure the bytes are text.
 * The PDF reader and this one share the cleaning and section detection of `buildDocument`.
 */

/**
 * Text file → pages: one page per form feed ("\f", as pdftotext writes), one page when there is
 * none. Line ends become "\n"; the empty page after a final form feed is dropped.
 */
export function textPages(bytes: Uint8Array): string[] {
  const text = new TextDecoder("utf-8").decode(bytes).replace(/\r\n?/g, "\n");
  const pages = text.split("\f");
  if (pages.length > 1 && pages[pages.length - 1].trim() === "") pages.pop();
  return pages;
}

/** Bytes looked at to tell text from binary data. */
const SAMPLE_BYTES = 64 * 1024;
/** Share of invalid UTF-8 and control characters above which a sample is not text. */
const MAX_ODD_SHARE = 0.1;

/**
 * Does this look like binary data rather than text? True when the first 64 KiB hold a NUL byte
 * (binary formats, UTF-16) or more than 10% invalid UTF-8 sequences and control characters
 * (other than tab, line ends and form feed). Latin-1 text with a few accents passes.
 * @example looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])) // true
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (sample.includes(0)) return true;
  const text = new TextDecoder("utf-8").decode(sample, { stream: true });
  if (text.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // U+FFFD (invalid UTF-8) and C0 controls other than \t \n \f \r, and DEL.
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) odd++;
  }
  return odd / text.length > MAX_ODD_SHARE;
}
