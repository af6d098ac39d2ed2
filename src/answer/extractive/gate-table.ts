/**
 * The table of gate words shipped as `gate-words.json` (prefilter.ts): every pattern the engine compiles
 * for the built-in catalogue and for the deep-learning filter, with the words its gate reads. Made by
 * `npm run gates` (scripts/gate-words.ts); `gate-table.test.ts` fails when the shipped file differs
 * from a fresh reading, so an edited catalogue, vocabulary or filter cannot leave it stale.
 */
import type { Question } from "../../types.js";
import { compileCues } from "./cues.js";
import { dlPatterns } from "./dl-detect.js";
import { gateKey, readGate } from "./prefilter.js";

/**
 * Every pattern the engine gates for these questions (the built-in catalogue's, for the shipped table):
 * the deep-learning filter's, then each question's exclusions, requirements and terms.
 * @example shippedPatterns(builtinQuestions()).length > 100 // true
 */
export function shippedPatterns(questions: readonly Question[]): RegExp[] {
  const out: RegExp[] = dlPatterns().map((p) => p.re);
  for (const q of questions) {
    if (!q.cues || Object.keys(q.cues).length === 0) continue;
    const c = compileCues(q);
    if (c.exclude) out.push(c.exclude);
    for (const s of c.signals) {
      if (s.requires) out.push(s.requires);
      for (const t of s.terms) out.push(t.re);
    }
  }
  return out;
}

/**
 * The words of each pattern's gate, read now, by `gateKey` in sorted order (null: no gate): the content
 * of `gate-words.json`.
 * @example gateTable([/\bAdam\b/i]) // { "/\\bAdam\\b": ["adam"] }
 */
export function gateTable(patterns: readonly RegExp[]): Record<string, string[] | null> {
  const table = new Map<string, string[] | null>();
  for (const re of patterns) table.set(gateKey(re), readGate(re)?.words.slice() ?? null);
  return Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
