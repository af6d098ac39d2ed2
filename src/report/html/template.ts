/**
 * The one way HTML is built here: `html` tagged templates (Hono's), which escape every interpolated
 * value (text and attribute values alike: `&`, `<`, `>`, `"`, `'`), join arrays, skip `undefined`,
 * `null` and booleans, and insert already-built `Html` as it is. `raw` marks text that is HTML
 * already (the stylesheet, the client script) and is the only way around the escaping.
 */
import { html as honoHtml, raw as honoRaw } from "hono/html";

/** Markup built by {@link html} or {@link raw}: inserted into another template without escaping. */
export type Html = ReturnType<typeof honoRaw>;

/**
 * Builds markup, escaping every interpolated value that is not `Html` already. Only synchronous
 * values are allowed (no promises), so the result is always ready.
 * @example html`<b title="${title}">${title}</b>` // title "<x>" → '<b title="&lt;x&gt;">&lt;x&gt;</b>'
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new TypeError("html`…` was given a promise; render synchronously.");
  return out;
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
