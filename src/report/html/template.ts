/**
 * The one way HTML is built here: `html` tagged templates, which escape every interpolated value
 * (text and attribute values alike: `&`, `<`, `>`, `"`, `'`), join arrays, skip `undefined`, `null`
 * and booleans, and insert already-built `Html` as it is. `raw` marks text that is HTML already (the
 * stylesheet, the client script) and is the only way around the escaping.
 *
 * The markup is Hono's escaped string (`hono/html`'s `raw`), so the server hands it to `c.html` as it
 * is; `html` itself is this file's, with Hono's rules but without its support for promises and
 * callbacks: the report renders hundreds of thousands of templates per 10,000 papers, and this one
 * allocates no array per value (template.test.ts checks it against Hono's `html`).
 */
import { raw as honoRaw } from "hono/html";

/** Markup built by {@link html} or {@link raw}: inserted into another template without escaping. */
export type Html = ReturnType<typeof honoRaw>;

/**
 * Builds markup, escaping every interpolated value that is not `Html` already. Only synchronous
 * values are allowed (no promises), so the result is always ready.
 * @example html`<b title="${title}">${title}</b>` // title "<x>" → '<b title="&lt;x&gt;">&lt;x&gt;</b>'
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += markup(values[i]) + strings[i + 1];
  return honoRaw(out);
}

/**
 * Marks `text` as HTML that needs no escaping. Use only for markup this code built itself (CSS,
 * the compiled client script); never for text from papers, models or reviewers.
 */
export function raw(text: string): Html {
  return honoRaw(text);
}

/** Joins markup pieces without escaping them again. @example join(items.map(item), "\n") */
export function join(parts: readonly Html[], separator = ""): Html {
  return raw(parts.join(separator));
}

/**
 * Escapes the five characters that matter in text and in quoted attribute values.
 * @example escapeHtml(`a<b & "c"`) // "a&lt;b &amp; &quot;c&quot;"
 */
export function escapeHtml(text: string): string {
  const first = text.search(SPECIAL);
  if (first < 0) return text;
  let out = text.slice(0, first);
  let from = first;
  for (let i = first; i < text.length; i++) {
    const entity = ENTITIES[text.charCodeAt(i)];
    if (entity === undefined) continue;
    out += text.slice(from, i) + entity;
    from = i + 1;
  }
  return out + text.slice(from);
}

const SPECIAL = /[&<>'"]/;
// Indexed by char code: only the five special characters have an entry.
const ENTITIES: (string | undefined)[] = [];
ENTITIES[34] = "&quot;";
ENTITIES[38] = "&amp;";
ENTITIES[39] = "&#39;";
ENTITIES[60] = "&lt;";
ENTITIES[62] = "&gt;";

/** One interpolated value as markup (Hono's rules: text escaped, markup as it is, arrays flattened). */
function markup(value: unknown): string {
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number") return String(value);
  if (value === undefined || value === null || typeof value === "boolean") return "";
  if (Array.isArray(value)) {
    let out = "";
    for (const item of value) out += markup(item);
    return out;
  }
  if (value instanceof Promise) throw new TypeError("html`…` was given a promise; render synchronously.");
  const escaped = value as { isEscaped?: boolean; callbacks?: unknown[] };
  if (escaped.isEscaped) {
    if (escaped.callbacks?.length)
      throw new TypeError("html`…` was given markup with callbacks; render synchronously.");
    return String(value);
  }
  return escapeHtml(String(value));
}
