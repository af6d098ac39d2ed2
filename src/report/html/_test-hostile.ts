/**
 * Test helper: the test store plus a paper whose every shown field carries markup, quotes and an
 * ampersand, so a test can check that no page lets any of it through unescaped. Not shipped API.
 */
import assert from "node:assert/strict";
import type { Store } from "../../store/index.js";
import { makeTestStore, RUN_L } from "./_test-store.js";

/** A paper id, hex like the real ones (SHA-256 of the file). */
export const HOSTILE_ID = "d".repeat(64);

/** Hostile text for one field: a script element, both quote kinds and an ampersand. */
function hostile(field: string): string {
  return `${field}<script>alert("${field}")</script> O'Brien & "co"`;
}

/** The hostile value of each field, and how it must appear in HTML (escaped, as text). */
export const HOSTILE = {
  title: hostile("title"),
  answer: hostile("answer"),
  quote: hostile("quote"),
  flag: hostile("flag"),
  note: hostile("note"),
  reviewer: hostile("reviewer"),
};

/** `text` escaped as the html template escapes it (the five characters &, <, >, ", '). */
export function escaped(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The test store with one more paper: hostile title, answer, evidence quote and flag (LLM run). */
export function makeHostileStore(): Store {
  const store = makeTestStore();
  const text = `${HOSTILE.quote} and more text.`;
  store.upsertDocument({
    id: HOSTILE_ID,
    path: "/secret/home/hostile.txt",
    title: HOSTILE.title,
    pageCount: 1,
    text,
    pages: [{ page: 1, start: 0, end: text.length }],
    sections: [],
  });
  store.saveAnswers(HOSTILE_ID, RUN_L, [
    {
      cq: 1,
      reported: "yes",
      answer: HOSTILE.answer,
      values: {},
      confidence: 0.9,
      evidence: [{ quote: HOSTILE.quote, page: 1, start: 0, end: HOSTILE.quote.length }],
      engine: "llm",
      question: "Question 1?",
      flags: [HOSTILE.flag],
    },
  ]);
  return store;
}

/**
 * The parts of `page` that came from data: the page without its own `<script …>…</script>`
 * elements, which are this package's code (one inline module in the report, one src in the UI).
 */
export function withoutOwnScripts(page: string): string {
  return page.replace(/<script type="module"(?: src="\/assets\/app\.js")?>[\s\S]*?<\/script>/g, "");
}

/** Asserts that no markup, quote or bare ampersand from the hostile fields survives in `page`. */
export function assertInert(name: string, page: string): void {
  assert.ok(!/<script\b/i.test(page), `${name}: no script element from data`);
  for (const raw of Object.values(HOSTILE)) assert.ok(!page.includes(raw), `${name}: ${raw} appears unescaped`);
  assert.ok(!page.includes('alert("'), `${name}: a double quote from data is unescaped`);
  assert.ok(!page.includes("O'Brien"), `${name}: a single quote from data is unescaped`);
  assert.ok(!page.includes(' & "'), `${name}: an ampersand from data is unescaped`);
}
