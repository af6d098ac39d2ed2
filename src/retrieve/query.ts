// Turning question terms into an FTS5 MATCH expression that can never be a syntax error.

export { queryFromText } from "../questions/terms.js";

/**
 * An FTS5 expression that matches any of `terms`: each one a quoted phrase (so "C++", "k-fold" or a
 * stray `"` is plain text, never query syntax), OR-ed together. Terms with no letter or digit are
 * dropped; `undefined` when none is left.
 * @example toMatchExpression(["learning rate", "Adam"]) // '"learning rate" OR "Adam"'
 */
export function toMatchExpression(terms: readonly string[]): string | undefined {
  const seen = new Set<string>();
  const phrases: string[] = [];
  for (const term of terms) {
    const clean = term.replace(/[\p{Cc}\s]+/gu, " ").trim();
    const key = clean.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(clean) || seen.has(key)) continue;
    seen.add(key);
    phrases.push(`"${clean.replaceAll('"', '""')}"`);
  }
  return phrases.length > 0 ? phrases.join(" OR ") : undefined;
}
