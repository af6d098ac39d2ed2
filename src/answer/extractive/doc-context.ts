import { splitSentences } from "../../ingest/sentences.js";
import type { Document, Evidence, SectionKind } from "../../types.js";

/** One sentence of the document with what the extractors need to judge it as evidence. */
export interface SentenceInfo {
  start: number;
  end: number;
  text: string;
  section: SectionKind;
  page: number;
  /** Cites other work (author–year or numbered citations) without saying "we"/"this study". */
  otherWork: boolean;
  /** A bibliography entry, a cited title or a keyword list: never evidence. */
  cited: boolean;
  /**
   * A statement that cites its sources in author–year groups ("built with Keras (Chollet, 2015)"):
   * in introductions mostly background, so it weighs as other work does (see isSourcedStatement).
   */
  sourced: boolean;
  /** A numbered heading standing alone ("3.1. Dataset"): names a topic, answers nothing. */
  heading: boolean;
  /** Speculative: could, might, future work… */
  hedged: boolean;
  /** Speaks about this study (we, our, this study, the proposed…). */
  own: boolean;
}

/**
 * True for a sentence that may speak for the study: not about other work, not a citation or keyword
 * list, not a statement that leans on cited sources.
 */
export function speaksForStudy(s: SentenceInfo): boolean {
  return !s.otherWork && !s.cited && !s.sourced;
}

/** Per-document work shared by every question. */
export interface DocContext {
  document: Document;
  sentences: SentenceInfo[];
}

// Sections whose sentences are never evidence of what the study itself did.
const SKIPPED: ReadonlySet<SectionKind> = new Set(["references"]);

const AUTHOR_YEAR =
  /\(([A-Z][\p{L}'-]+( et al\.?| and [A-Z][\p{L}'-]+| & [A-Z][\p{L}'-]+)?,? \(?(19|20)\d\d[a-z]?\)?[;,]?\s*)+\)|[A-Z][\p{L}'-]+ et al\.?,? \(?(19|20)\d\d[a-z]?\)?|\[\d+([,–-]\s?\d+)*\]/gu;
const OTHER_SUBJECT =
  /\b[A-Z][\p{L}'-]+ (et al\.?|and [A-Z][\p{L}'-]+)\s*\(?(\[\d+\]|(19|20)\d\d[a-z]?)?\)?,?\s+(have |has |had )?(used|trained|applied|proposed|developed|showed|found|reported|employed|introduced|achieved|adopted|presented|demonstrated|compared|described|utili[sz]ed|obtained)\b/u;
// "ResNet (He et al., 2016) proposed…", "Wang et al. (Wang et al., 2020) developed…": a cited work as
// the subject of what was done.
const CITED_SUBJECT =
  /\((?:[A-Z][\p{L}'-]+ (?:et al\.?|and [A-Z][\p{L}'-]+)|[A-Z][\p{L}'-]+),? (?:19|20)\d\d[a-z]?\)\s+(?:have |has |had )?(?:used|trained|applied|proposed|developed|showed|found|reported|employed|introduced|achieved?|adopted|presented|demonstrated|compared|described|utili[sz]ed|obtained|propose|apply|show)\b/u;
const PREVIOUS =
  /\b(previous|prior|earlier|recent|other) (studies|works?|research|authors|approaches)\b|\bhave been (widely |successfully |increasingly )?(used|applied|proposed|employed)\b/i;
const OWN =
  /\b(we|our|us|this (study|paper|work|research|article)|the (present|current|proposed) (study|work|method|model|approach|framework|system)|here,? we|in this (study|paper|work))\b/i;
const HEDGE =
  /\b(could|might|may be|would|should|future (work|research|studies|directions)|subsequent (work|research|studies)|in the future|potentially|plan to|it is possible|further research)\b/i;

/**
 * Splits the document into sentences with section, page and other-work/hedge flags.
 * References are dropped; an empty section map means the whole text is body.
 */
export function buildDocContext(document: Document): DocContext {
  const sentences: SentenceInfo[] = [];
  const ranges = bodyRanges(document);
  for (const range of ranges) {
    for (const span of joinBrokenLines(document.text, splitSentences(document.text, range.start, range.end))) {
      const text = document.text.slice(span.start, span.end);
      const entry = isReferenceEntry(text);
      const sourced = entry && onlyCitationGroupsLookCited(text);
      sentences.push({
        start: span.start,
        end: span.end,
        text,
        section: range.kind,
        page: pageAt(document, span.start),
        otherWork: isOtherWork(text),
        cited: (entry && !sourced) || isTitleOrKeywords(text),
        sourced,
        heading: HEADING.test(text) && !STATEMENT.test(text),
        hedged: HEDGE.test(text),
        own: OWN.test(text),
      });
    }
  }
  markTitlesAfterAuthorLines(sentences);
  return { document, sentences };
}

// "Zhang, Q., Benveniste, A., 1992.", "Tabak, M.A., et al., 2019.": the author line of a bibliography
// entry, cut off from its title by the sentence splitter; "Intel, 2016.": the same for an organisation.
const AUTHOR_LINE_END = /(\b\p{Lu}\.|\bet al\.?),?\s*\(?(19|20)\d\d[a-z]?\)?\.\s*$/u;
const ORGANISATION_LINE = /^\p{Lu}[\p{L}\d&.'-]*(?: [\p{L}\d&.'-]+){0,4},\s*\(?(19|20)\d\d[a-z]?\)?\.\s*$/u;
const isAuthorLine = (s: SentenceInfo) =>
  (s.cited && !s.sourced && AUTHOR_LINE_END.test(s.text)) ||
  (ORGANISATION_LINE.test(s.text) && !STATEMENT.test(s.text));

/**
 * A bibliography entry that the splitter cut into pieces ("Zhang, Q., Benveniste, A., 1992." /
 * "Wavelet networks." / "IEEE Trans. …") leaves its title looking like a sentence of the body; in text
 * without a references heading (retrieved chunks, pages out of order) it would count as evidence. A
 * piece right after an author line that states nothing (no verb such as was/is/have, no "we") is the
 * entry's title.
 */
function markTitlesAfterAuthorLines(sentences: SentenceInfo[]): void {
  for (let i = 1; i < sentences.length; i++) {
    const prev = sentences[i - 1];
    const s = sentences[i];
    if (s.cited || s.text.length > 300 || STATEMENT.test(s.text) || !isAuthorLine(prev)) continue;
    s.cited = true;
  }
}

/**
 * Rejoins a sentence that a blank line cut in two ("Source code is available" / "from http…"):
 * PDF extractions of two-column pages often put a blank line after every printed line, and the
 * splitter treats blank lines as sentence ends. A piece that opens in lower case after a piece
 * without final punctuation continues it.
 */
function joinBrokenLines(text: string, spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    if (
      prev &&
      span.end - prev.start < 600 &&
      /^[a-z(]/.test(text.slice(span.start, span.start + 1)) &&
      !/[.!?:;]["')\]]?\s*$/.test(text.slice(prev.start, prev.end)) &&
      /^\s*$/.test(text.slice(prev.end, span.start))
    ) {
      prev.end = span.end;
      continue;
    }
    out.push({ start: span.start, end: span.end });
  }
  return out;
}

function bodyRanges(document: Document): { start: number; end: number; kind: SectionKind }[] {
  const text = document.text;
  if (document.sections.length === 0) return [{ start: 0, end: text.length, kind: "other" }];
  const sorted = [...document.sections].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; kind: SectionKind }[] = [];
  if (sorted[0].start > 0) out.push({ start: 0, end: sorted[0].start, kind: "front" });
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    if (SKIPPED.has(s.kind)) out.push(...proseInReferences(text, s.start, s.end));
    else out.push({ start: s.start, end: s.end, kind: s.kind });
  }
  return out;
}

const BIB_MARK =
  /\((19|20)\d\d[a-z]?\)|\b(19|20)\d\d[a-z]?[.;,)]|\b[A-Z]\.\s?(-?[A-Z]\.)?,|\bdoi\b|https?:\/\/doi|\bpp?\.\s?\d|\bvol\.|\bJ\.\s|\bProc\.|\bIn:|\d+\s?\(\d+\)[,:]\s?\d+|\bet al\.,/g;

/**
 * Long prose passages that a reference heading swallowed (text that is not in reading order,
 * such as retrieved chunks) are kept as body text; bibliography entries are not. Short blocks
 * are pooled until a passage is long enough to judge, because two-column extractions often put
 * a blank line after every printed line.
 */
function proseInReferences(
  text: string,
  start: number,
  end: number,
): { start: number; end: number; kind: SectionKind }[] {
  const out: { start: number; end: number; kind: SectionKind }[] = [];
  const para = /\n\s*\n/g;
  para.lastIndex = start;
  let from = start;
  let groupStart = start;
  const flush = (to: number) => {
    const block = text.slice(groupStart, to);
    const marks = block.match(BIB_MARK)?.length ?? 0;
    if (block.length >= 400 && marks / (block.length / 400) < 1.2)
      out.push({ start: groupStart, end: to, kind: "other" });
  };
  for (;;) {
    const m = para.exec(text);
    const to = m && m.index < end ? m.index : end;
    if (to - groupStart >= 400) {
      flush(to);
      groupStart = m && m.index < end ? m.index + m[0].length : end;
    }
    if (!m || m.index >= end) break;
    from = m.index + m[0].length;
  }
  if (groupStart < end && from <= end) flush(end);
  return out;
}

/** Page number (1-based) holding offset `at`; 1 when the page map is empty. */
export function pageAt(document: Document, at: number): number {
  for (const p of document.pages) if (at >= p.start && at < p.end) return p.page;
  const last = document.pages[document.pages.length - 1];
  return last && at >= last.end ? last.page : 1;
}

/**
 * True when a sentence reports someone else's work: a named author as subject ("Smith et al.
 * trained…"), or citations that outweigh any first-person statement.
 */
export function isOtherWork(text: string): boolean {
  if ((OTHER_SUBJECT.test(text) || CITED_SUBJECT.test(text)) && !/\b(we|our)\b/i.test(text)) return true;
  // Numbered citations ("Adam [46]") usually credit a method the study uses, so only
  // author–year citations count towards "this sentence reports other work".
  const citations = (text.match(AUTHOR_YEAR) ?? []).filter((c) => !c.startsWith("[")).length;
  if (OWN.test(text)) return false;
  if (citations >= 2) return true;
  return citations >= 1 && PREVIOUS.test(text);
}

const ENTRY_START =
  /^(\[\d+\]|\d+\.\s+[A-Z])|^[A-Z][\p{L}'-]+,?\s([A-Z]\.\s?)+[,(]|^[A-Z][\p{L}'-]+ [A-Z]{1,3}( et al)?[.,]?\s\(?(19|20)\d\d|^[A-Z][\p{L}'&-]+( et al\.)?,\s(19|20)\d\d[a-z]?\.\s/u;

// "1. The audio is converted to mono…": an item of a numbered list that makes a statement, where a
// numbered bibliography entry starts with a surname and initials ("12. Smith, J.", "3. Lee JH,").
const NUMBERED_ITEM = /^\d{1,3}\.\s+[A-Z]/;
const NUMBERED_ENTRY = /^\d{1,3}\.\s+[A-Z][\p{L}'’-]+(,|\s[A-Z]{1,3}[,.\s])/u;
function isNumberedStatement(text: string): boolean {
  return NUMBERED_ITEM.test(text) && !NUMBERED_ENTRY.test(text) && STATEMENT.test(text);
}

// "3.1. Dataset", "2.3 Landsat Processing and Ancillary Data": a numbered heading on its own; a numbered
// list item cut short ("1. The audio is converted to mono and resampled at") says something, so is not one.
const HEADING = /^\s*\d{1,2}(\.\d{1,2}){0,3}\.?\s+[A-Z][^.!?:;]{0,70}$/;
const KEYWORDS = /^\s*(keywords?|key ?words|index terms)\b/i;
// "WorldClim 2: new 1-km climate surfaces…", "Facenet: a unified embedding…": a cited title.
const TITLE_LEAD = /^[A-Z][\p{L}\d-]*( [\p{L}\d-]+){0,2}: [a-z]/u;
const STATEMENT = /\b(we|our|was|were|is|are|has|have|had)\b/i;
const MINOR_WORD = /^(a|an|the|of|for|and|or|in|on|to|with|by|from|at|via|using)$/i;

/**
 * True for a keyword list or a title (a cited paper's title, a Title Case heading with a subtitle):
 * text that names topics without saying what the study did.
 */
export function isTitleOrKeywords(text: string): boolean {
  if (KEYWORDS.test(text)) return true;
  if (STATEMENT.test(text)) return false;
  if (TITLE_LEAD.test(text)) return true;
  if (!text.includes(":") || text.length > 160) return false;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !MINOR_WORD.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return words.length >= 4 && capitalised / words.length >= 0.75;
}

// "…chlorophyll content estimation[J]. Remote Sens.": the document-type tag of Chinese citation style
// (GB/T 7714: [J] journal, [M] book, [C] proceedings, [D] thesis, [EB/OL] web page).
const TYPE_TAG = /\[(?:J|M|C|D|EB\/OL|J\/OL)\]\s*[.,]/;

/** True for a bibliography entry (or a piece of one) that lies outside a references section. */
export function isReferenceEntry(text: string): boolean {
  if (ENTRY_START.test(text) && !isNumberedStatement(text)) return true;
  if (TYPE_TAG.test(text)) return true;
  const marks = text.match(BIB_MARK)?.length ?? 0;
  return marks >= 3 && marks / Math.max(1, text.length / 120) >= 1;
}

// "(Abadi et al., 2015; Chollet, 2015)": an in-text citation group.
const CITATION_GROUP = /\((?:[^()]{0,80}?,\s?(?:19|20)\d\d[a-z]?(?:;\s?|(?=\))))+\)/g;

/**
 * True for a statement that only looks like a bibliography entry because of its in-text citation
 * groups ("a CNN was built with Keras (Abadi et al., 2015; Chollet, 2015)"). Such a sentence is
 * evidence where a question counts sentences that cite their sources (other work).
 */
export function isSourcedStatement(text: string): boolean {
  return isReferenceEntry(text) && onlyCitationGroupsLookCited(text);
}

function onlyCitationGroupsLookCited(text: string): boolean {
  const prose = text.replace(CITATION_GROUP, " ");
  return prose !== text && STATEMENT.test(prose) && !isReferenceEntry(prose);
}

// Longer than this, a "sentence" is usually lines glued together by a two-column extraction.
const RUN_ON = 300;
const HEDGE_REACH = 120;

/**
 * True when the match at [from, to) of a hedged sentence is itself speculative. In an ordinary
 * sentence any hedge word counts; in a run-on only one near the match (within its line or clause).
 */
export function isHedgedAt(text: string, from: number, to: number): boolean {
  if (text.length <= RUN_ON) return HEDGE.test(text);
  const before =
    text
      .slice(Math.max(0, from - HEDGE_REACH), from)
      .split(/\n\s*\n|[.;]\s/)
      .pop() ?? "";
  const after = text.slice(to, to + HEDGE_REACH).split(/\n\s*\n|[.;]\s/)[0] ?? "";
  return HEDGE.test(`${before} ${text.slice(from, to)} ${after}`);
}

/** Evidence for a sentence (or a clause of it given by offsets). */
export function evidenceOf(ctx: DocContext, s: SentenceInfo, start = s.start, end = s.end): Evidence {
  return { quote: ctx.document.text.slice(start, end), page: s.page, start, end };
}

// Clause breaks: a negation only reaches to the edge of its clause.
const CLAUSE_BREAK = /[;:]|,\s(?:but|whereas|while|although|however|and then)\b|\b(?:but|whereas|however)\b/g;
const NEGATION = /\b(not|no|never|without|neither|nor|none|cannot|unavailable|lack(s|ed|ing)?|absence of)\b|n't\b/i;
const NOT_NEGATION = /\bnot only\b|\bno\.\s|\bno longer\b|\bnot\s+(significantly|necessarily)\b/gi;

/** True when the match at [from, to) of `text` lies inside a negated clause. */
export function isNegatedAt(text: string, from: number, to: number): boolean {
  let clauseStart = 0;
  let clauseEnd = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= from) clauseStart = at + m[0].length;
    else if (at >= to) {
      clauseEnd = at;
      break;
    }
  }
  // Within its clause, a negation reaches only a few words: in run-on text (two-column extractions
  // glue lines together) "it does not generalise …, after 50,000 iterations … an SGD scheduler" is
  // not a negated optimizer.
  const before = text.slice(Math.max(clauseStart, from - NEGATION_REACH), from);
  const after = text.slice(to, Math.min(clauseEnd, to + NEGATION_REACH));
  return NEGATION.test(`${before} ${text.slice(from, to)} ${after}`.replace(NOT_NEGATION, " "));
}

/** Characters on each side of a match within which a negation applies to it. */
const NEGATION_REACH = 60;
