/**
 * Escaping for text that comes from papers and models. Every string that did not come from this
 * code goes through `esc` (or `linkify`, which escapes too) before it reaches HTML.
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes text for HTML content and quoted attribute values. @example esc("<b>") // "&lt;b&gt;" */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

// Only plain web links become anchors; javascript:, data: and anything else stay text.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * Escapes `text` and turns http(s) URLs into links that open in a new tab without a referrer.
 * @example linkify("see https://x.org") // 'see <a href="https://x.org" …>https://x.org</a>'
 */
export function linkify(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(/[).,;:\]]+$/, "");
    const start = match.index ?? 0;
    out += esc(text.slice(last, start));
    out += `<a href="${esc(url)}" rel="noopener noreferrer nofollow" target="_blank">${esc(url)}</a>`;
    last = start + url.length;
  }
  return out + esc(text.slice(last));
}

/** A value for an element id: only [A-Za-z0-9_-] survive, so ids never need escaping. */
export function safeId(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** Formats a share as a percentage. @example pct(0.5) // "50%" */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
