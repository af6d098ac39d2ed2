/** The `html` template keeps Hono's rules: the same markup as `hono/html` for every kind of value. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { html as honoHtml } from "hono/html";
import { escapeHtml, html, join, raw } from "./template.js";

const HOSTILE = `"><img src=x onerror=alert('1')> & <script>`;

describe("html", () => {
  test("escapes text in content and attributes as Hono does", () => {
    const cases: unknown[] = [
      HOSTILE,
      "plain",
      "",
      0,
      2.5,
      -1,
      true,
      false,
      null,
      undefined,
      ["a<", ["b>", [raw("<i>"), 3]], undefined, "c&"],
      raw("<b>kept</b>"),
      new String("<s>"),
      { toString: () => "<obj>" },
      12n,
      "“quotes” ← › é 𝛼",
    ];
    for (const value of cases) {
      const ours = html`<p title="${value}">${value}</p>`.toString();
      const hono = (honoHtml`<p title="${value}">${value}</p>` as unknown as string).toString();
      assert.equal(ours, hono, `the same markup for ${String(value)}`);
    }
  });

  test("nests markup without escaping it twice, and refuses promises", () => {
    const inner = html`<i>${HOSTILE}</i>`;
    assert.equal(
      html`<b>${inner}${[inner, "x"]}</b>`.toString(),
      `<b>${inner}${inner}x</b>`,
      "markup is inserted as it is",
    );
    assert.equal(join([inner, raw("<br>")], "\n").toString(), `${inner}\n<br>`);
    assert.throws(() => html`${Promise.resolve("x")}`, /promise/);
  });

  test("escapeHtml escapes the five special characters only", () => {
    assert.equal(escapeHtml(`a<b & "c" 'd' >`), "a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;");
    assert.equal(escapeHtml("nothing to do"), "nothing to do");
  });
});
