/**
 * The one stopword list of methodscope: English function words plus the scaffolding words of
 * questions ("which … was used in the paper"), which say nothing about where an answer is. Used for
 * retrieval queries, for the query terms of a user's own question and for the cues made from them.
 * (The learned sentence model keeps its own frozen list: it is part of its trained feature set.)
 */

// English function words plus the scaffolding words of questions ("which … was used in the paper"),
// which say nothing about where an answer is.
export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing done down during each either etc few for from further had
  has have having he her here hers him his how however i if in into is it its itself just may me might more
  most much must my no nor not now of off on once only or other our ours out over own per same she should
  so some such than that the their theirs them then there these they this those through to too under until
  up upon very via was we were what when where whether which while who whom whose why will with within
  without would yes you your
  article authors describe described describes mention mentioned mentions paper provide provided
  report reported specified specify state stated use used uses using utilised utilized employ employed`.split(/\s+/),
);

// Letters and digits, with inner hyphens kept so "k-fold" and "F1-score" stay one term (a phrase in FTS5).
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/**
 * The content words of a question, lower-cased, in order, without duplicates or stopwords.
 * @example queryFromText("Which optimizer was used to train the model?") // ["optimizer", "train", "model"]
 */
export function queryFromText(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (word.length < 2 || STOPWORDS.has(word) || terms.includes(word)) continue;
    terms.push(word);
  }
  return terms;
}
