/**
 * Text that every paper's cards repeat (a question's wording, a run key, a score's tooltip, the
 * paper's own id on each card), written once per report instead of once per card in the compressed
 * blocks of a large report: a card there holds a token, `<@N>` for entry N of the report's shared
 * text (a JSON data block) or `<@p>` for its paper's id, and the client script puts the text back
 * ({@link expandTokens}) before it shows the page, which then reads exactly as the plain page does.
 *
 * A question's wording recurs only a page (~40 KB) later, past the 32 KB gzip can refer back to, so
 * each copy was compressed anew: without the copies a block is half the size and compresses in a
 * third of the time. A token cannot be mistaken for text: escaped text holds no `<`, and no template
 * writes `<@`.
 */
import { safeId } from "./escape.js";
import { escapeHtml, type Html, raw } from "./template.js";

/** How cards write text they share with other cards: as it is (pages, the review UI), or as tokens. */
export interface SharedText {
  /** The paper's id as cards repeat it (`id="a-…"`, `data-doc`): a token, or undefined to write it as it is. */
  paper(paperId: string): Html | undefined;
  /** `value` (escaped), or a token for it when it is text many papers share. */
  text(value: string): Html | string;
}

/** Cards as they are: every value written out. */
export const PLAIN_TEXT: SharedText = { paper: () => undefined, text: (value) => value };

/**
 * Tokens for `entries` (the text a report's cards share: see `sharedCardText`) and `<@p>` for a
 * paper's id where an element id and an attribute write it alike; other text is written as it is.
 * The entries are fixed before any page is rendered, so every thread that renders blocks writes the
 * same tokens.
 * @example createTokenText(["How were the data gathered?"]).text("How were the data gathered?") // <@0>
 */
export function createTokenText(entries: readonly string[]): SharedText {
  const index = new Map<string, Html>();
  entries.forEach((entry, i) => {
    if (!index.has(entry)) index.set(entry, raw(`<@${i}>`));
  });
  const paperToken = raw("<@p>");
  return {
    paper: (paperId) => (safeId(paperId) === paperId ? paperToken : undefined),
    text: (value) => index.get(value) ?? value,
  };
}

/** What the client script puts in place of each `<@N>` of {@link createTokenText}: entry N, escaped. */
export function tokenEntries(entries: readonly string[]): string[] {
  return entries.map(escapeHtml);
}

/**
 * A block's page with its tokens replaced (what the client script does before it shows the page).
 * @example expandTokens('<p id="a-<@p>-1"><@0></p>', "abc", ["Why?"]) // '<p id="a-abc-1">Why?</p>'
 */
export function expandTokens(page: string, paperId: string, entries: readonly string[]): string {
  return page.replace(TOKEN, (_, name: string) => (name === "p" ? paperId : (entries[Number(name)] ?? "")));
}

const TOKEN = /<@(p|\d+)>/g;
