import { STOPWORDS } from "../../questions/terms.js";
import type { Question } from "../../types.js";
import type { CompiledCues } from "./cues.js";

/**
 * Cues for a question the catalogue does not know: its query terms (or, failing those, the words
 * of its text) become one pattern; a sentence needs two distinct terms to count.
 */
export function queryCues(q: Question): CompiledCues {
  const terms = (q.query.length > 0 ? q.query : q.text.toLowerCase().split(/[^\p{L}\p{N}-]+/u))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 2 && !STOPWORDS.has(t));
  const unique = [...new Set(terms)].slice(0, 24);
  const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const signals = unique.map((t) => ({
    name: t,
    weight: 0.5,
    negatable: true,
    neuralOnly: false,
    dlOnly: false,
    terms: [{ name: t, re: new RegExp(`\\b${escapeRe(t)}\\w*`, "giu") }],
  }));
  return {
    signals,
    threshold: 1,
    sections: {},
    deferralsUnstated: false,
    otherWorkWeight: 0,
    hedgeWeight: 0.5,
    say: [],
    missing: q.label ? q.label.toLowerCase() : "this information",
  };
}
