/**
 * Helpers for text that comes from papers and models. Escaping itself is done by the `html`
 * template (`template.ts`); `linkify` builds its links through it too.
 */
import { type Html, html, join } from "./template.js";

// Only plain web links become anchors; javascript:, data: and anything else stay text.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * `text` as escaped markup, with http(s) URLs turned into links that open in a new tab without a referrer.
 * @example linkify("see https://x.org") // 'see <a href="https://x.org" …>https://x.org</a>'
 */
export function linkify(text: string): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(/[).,;:\]]+$/, "");
    const start = match.index ?? 0;
    parts.push(
      html`${text.slice(last, start)}<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${url}</a>`,
    );
    last = start + url.length;
  }
  parts.push(html`${text.slice(last)}`);
  return join(parts);
}

/** A value for an element id: only [A-Za-z0-9_-] survive, so ids never need escaping. */
export function safeId(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** Formats a share as a percentage. @example pct(0.5) // "50%" */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
