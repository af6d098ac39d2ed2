import type { Section, SectionKind } from "../types.js";

/** What a line that looks like a heading says: its number (if any), title and the kind it names. */
export interface HeadingShape {
  /** Numeric parts of "2.3." → [2, 3]; roman "IV." → [4]; empty when unnumbered. */
  numbers: number[];
  title: string;
  /** The kind the title names by itself (vocabulary, then keywords for numbered titles); null: unknown. */
  kind: SectionKind | null;
  /** True when the title is a whole known section name ("Results", "Data availability"…). */
  exact: boolean;
  /** True for a markdown heading ("## Methods"), which is a heading whatever its title. */
  markdown: boolean;
}

// Whole-title vocabulary (lower case, single spaces, no trailing punctuation), "|"-separated per kind.
const NAMES: Array<[SectionKind, string]> = [
  ["abstract", "abstract|summary"],
  ["introduction", "introduction"],
  [
    "background",
    "background|related work|related works|literature review|related studies|previous work|state of the art|" +
      "theoretical background",
  ],
  [
    "methods",
    "methods|method|methodology|materials and methods|material and methods|methods and materials|data and methods|" +
      "data and methodology|methods and data|study area|study site|study sites|study area and data|" +
      "experimental setup|experimental set-up|experimental design|experiments|data|dataset|datasets|" +
      "data collection|proposed method|materials",
  ],
  [
    "results",
    "results|result|results and discussion|results and discussions|experimental results|evaluation|findings|" +
      "results and analysis",
  ],
  [
    "discussion",
    "discussion|discussions|general discussion|discussion and conclusions|discussion and conclusion|limitations",
  ],
  [
    "conclusion",
    "conclusion|conclusions|concluding remarks|conclusion and future work|conclusions and future work|" +
      "summary and conclusions|conclusions and outlook|conclusion and outlook",
  ],
  [
    "acknowledgements",
    "acknowledgements|acknowledgments|acknowledgement|acknowledgment|funding|funding information|funding sources",
  ],
  [
    "availability",
    "data availability|data availability statement|code availability|data and code availability|" +
      "code and data availability|availability of data and materials|availability of data and code|" +
      "data accessibility|data accessibility statement|software availability|availability|open research|" +
      "data and software availability",
  ],
  [
    "references",
    "references|reference|bibliography|literature cited|references cited|works cited|cited literature|" +
      "references and notes|reference list|literature",
  ],
  [
    "appendix",
    "appendix|appendices|supplementary material|supplementary materials|supplementary data|" +
      "supplementary information|supporting information",
  ],
  [
    "other",
    "declaration of competing interest|declaration of interests|declaration of interest|conflict of interest|" +
      "conflicts of interest|competing interests|competing interest|credit authorship contribution statement|" +
      "author contributions|authors' contributions|ethics statement|declarations|abbreviations|nomenclature",
  ],
];
const VOCABULARY = new Map<string, SectionKind>(
  NAMES.flatMap(([kind, names]) => names.split("|").map((name): [string, SectionKind] => [name, kind])),
);
// The same names without spaces, for letter-spaced headings closed up by cleaning ("MATERIALSANDMETHODS").
const CLOSED_VOCABULARY = new Map<string, SectionKind>(
  [...VOCABULARY].map(([name, kind]) => [name.replace(/ /g, ""), kind]),
);

// Names that are also common table headers: a heading only when numbered (or markdown).
const WEAK = new Set(
  "method|data|dataset|datasets|materials|evaluation|result|findings|experiments|availability|limitations|reference|literature".split(
    "|",
  ),
);

// Keyword fallbacks for numbered titles that are not whole known names, tried in order.
const KEYWORDS: Array<[RegExp, SectionKind]> = [
  [/\bresults?\b/, "results"],
  [/\bdiscussions?\b/, "discussion"],
  [/\bconclu/, "conclusion"],
  [/\bintroduction\b/, "introduction"],
  [/\b(related|background|literature|previous work|state of the art)\b/, "background"],
  [/\b(metrics?|measures?)\b/, "methods"],
  [/\b(evaluation|performance|comparison|benchmark)/, "results"],
  [
    /\b(methods?|methodology|materials?|data|datasets?|study (area|site)s?|experiments?|experimental|set-?up|training|architectures?|models?|modell?ing|approach|implementation|framework|pipeline|sampling|design|pre-?processing|proposed|algorithms?|networks?|acquisition|collection|annotation|procedures?|workflow|system|features?|analysis|statistic)/,
    "methods",
  ],
  [/\b(limitations?|implications?|future)\b/, "discussion"],
  [/\bappendi/, "appendix"],
];

const ROMAN = new Map("I II III IV V VI VII VIII IX X XI XII".split(" ").map((r, i): [string, number] => [r, i + 1]));
const TRAILING_STOPWORD = /\b(a|an|and|the|of|to|in|for|with|on|by|from|was|were|is|are|as|at|or|that|using|via)$/i;
const AFFILIATION = /\b(university|department|institute|laboratory|faculty|school of|college|e-?mail)\b|@/i;

function vocabularyKind(title: string): SectionKind | null {
  const key = title
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s.:;]+$/, "");
  const known = VOCABULARY.get(key) ?? (/^[a-z]{8,}$/.test(key) ? CLOSED_VOCABULARY.get(key) : undefined);
  if (known) return known;
  if (/^(appendix|appendices|supplementary)\b/.test(key) && key.split(" ").length <= 10) return "appendix";
  return null;
}

function keywordKind(title: string): SectionKind | null {
  const lower = title.toLowerCase();
  for (const [pattern, kind] of KEYWORDS) if (pattern.test(lower)) return kind;
  return null;
}

/** A numbered title must read like a title, not like a wrapped sentence, a table row or an affiliation. */
function isTitleLike(title: string): boolean {
  if (title.length < 2 || title.length > 100 || !/^\p{Lu}/u.test(title)) return false;
  if (title.split(/\s+/).length > 12 || /[.,;]$/.test(title) || TRAILING_STOPWORD.test(title)) return false;
  if (/[=<>%+|]/.test(title) || (title.match(/,/g)?.length ?? 0) >= 2 || AFFILIATION.test(title)) return false;
  const letters = title.match(/\p{L}/gu)?.length ?? 0;
  const digits = title.match(/\d/g)?.length ?? 0;
  return letters >= 3 && digits <= letters * 0.15;
}

/**
 * Reads a line as a heading: "2.3. Model training", "IV. RESULTS", "Data availability", "## Methods",
 * "Abstract: text…". Returns null for anything else (including sentences such as "Results show that…").
 *
 * @example parseHeading("2 Materials and Methods") // { numbers: [2], kind: "methods", … }
 */
export function parseHeading(line: string): HeadingShape | null {
  let text = line.trim();
  if (text.length === 0 || text.length > 120) return null;
  const md = /^(#{1,6})\s+(.+)$/.exec(text);
  if (md) text = (md[2] as string).replace(/\s*#+$/, "");
  // "2.3. Title", "2.3 | Title" (Wiley), "IV. TITLE".
  // "594 References": a manuscript line number that cleaning left in place.
  const lineNumbered = /^\d{3,5}\s+(\S.*)$/.exec(text);
  if (lineNumbered && vocabularyKind(lineNumbered[1] as string) === "references") {
    return { numbers: [], title: (lineNumbered[1] as string).trim(), kind: "references", exact: true, markdown: false };
  }
  const numbered =
    /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s+\|)?\s+(\S.*)$/.exec(text) ?? /^([IVX]{1,4})\.\s+(\S.*)$/.exec(text);
  if (numbered) {
    const label = numbered[1] as string;
    const title = (numbered[2] as string).trim();
    const roman = ROMAN.get(label);
    const numbers = roman !== undefined ? [roman] : label.split(".").map(Number);
    if (numbers[0] === 0 || !isTitleLike(title)) return md ? unnumbered(text, true) : null;
    const exactKind = vocabularyKind(title);
    return { numbers, title, kind: exactKind ?? keywordKind(title), exact: exactKind !== null, markdown: md !== null };
  }
  return unnumbered(text, md !== null);
}

function unnumbered(text: string, markdown: boolean): HeadingShape | null {
  const kind = vocabularyKind(text);
  const weak = WEAK.has(text.toLowerCase().replace(/[\s.:]+$/, ""));
  if (kind && (markdown || !weak))
    return { numbers: [], title: text.replace(/[\s.:]+$/, ""), kind, exact: true, markdown };
  // Run-in abstract ("Abstract: We…", "Abstract—We…") starts the abstract on its own line.
  const runIn = /^(abstract|summary)\s*[:.—–-]\s*\S/i.exec(text);
  if (runIn) return { numbers: [], title: runIn[1] as string, kind: "abstract", exact: true, markdown };
  if (markdown && /\p{L}/u.test(text))
    // Unknown markdown titles ("# Paper title", "## Data collection") continue the section before them.
    return { numbers: [], title: text, kind: null, exact: false, markdown };
  return null;
}

/** True when `line` should stay a line of its own so that section detection can see it. */
export function looksLikeHeading(line: string): boolean {
  const shape = parseHeading(line);
  return shape !== null && (shape.numbers.length > 0 || shape.kind !== null || shape.markdown);
}

// Kinds an unnumbered heading may have in a paper whose body is numbered (others are table cells etc.).
const END_MATTER = new Set<SectionKind>([
  "abstract",
  "acknowledgements",
  "availability",
  "other",
  "references",
  "appendix",
]);
// Reading order of main-body kinds, to reject an unnumbered "Methods" table cell inside the results.
const RANK: Partial<Record<SectionKind, number>> = Object.fromEntries(
  "front abstract introduction background methods results discussion conclusion acknowledgements references appendix"
    .split(" ")
    .map((kind, rank) => [kind, rank]),
);

interface Candidate {
  start: number;
  heading: string;
  shape: HeadingShape;
}

function findCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    const shape = parseHeading(raw);
    if (shape && (shape.kind !== null || shape.numbers.length > 0 || shape.markdown)) {
      const lead = raw.length - raw.trimStart().length;
      out.push({ start: start + lead, heading: raw.trim(), shape });
    }
    start = end + 1;
  }
  return out;
}

const SUPPLEMENTARY_METHODS =
  /^(?:[A-Z0-9]{1,3}[.:]?\s+)?(?:supplementary|supplemental|online|extended|additional|detailed)\s+(?:materials?\s+and\s+)?methods?\b/i;
// An appendix that gives the study's own setup: "Appendix A: Reproducibility Checklist", "B. Implementation details".
const SETUP_APPENDIX =
  /\b(?:reproducibility (?:checklist|statement|details)|implementation details|training details|experimental (?:setup|details)|training (?:setup|procedure)|hyper-?parameters?(?: settings)?)\s*$/i;

/**
 * Splits cleaned text into sections that cover it contiguously from 0 to `text.length`; text before
 * the first heading is `front`. Numbered sub-headings inherit their parent's kind; after a References
 * heading only an Appendix heading starts a new section (supplementary methods there are `methods`).
 *
 * @example detectSections("Title\n\n1. Introduction\n\nText") // [front, introduction]
 */
export function detectSections(text: string): Section[] {
  const candidates = withoutChapterNumber(findCandidates(text));
  const knownTops = new Set(
    candidates.filter((c) => c.shape.numbers.length === 1 && c.shape.kind !== null).map((c) => c.shape.numbers[0]),
  );
  const numberedPaper = knownTops.size >= 2;
  const hasSub = subHeadingFlags(candidates);
  const topKinds = new Map<number, SectionKind>();
  let currentTop = 0;
  let tail: "none" | "references" | "appendix" = "none";
  let maxRank = 0;
  const accepted: Accepted[] = [];
  candidates.forEach((c, i) => {
    const kind = acceptKind(c.shape, i);
    if (kind === null) return;
    // After the references only appendices follow; after an appendix (supplementary methods printed before the
    // end matter) the availability statements and acknowledgements still have their own headings.
    const endMatter = kind === "availability" || kind === "acknowledgements";
    if (tail !== "none" && kind !== "appendix" && kind !== "references" && !(tail === "appendix" && endMatter)) return;
    if (kind === "references") tail = "references";
    if (kind === "appendix") tail = "appendix";
    // Supplementary methods printed after the references, and an appendix of the study's setup (a reproducibility
    // checklist, implementation details), are the study's methods, wherever they stand.
    const methods =
      kind === "appendix" && (SUPPLEMENTARY_METHODS.test(c.heading.trim()) || SETUP_APPENDIX.test(c.heading.trim()));
    accepted.push({ start: c.start, heading: c.heading, kind: methods ? "methods" : kind });
  });
  confineFrontMatter(text, accepted);
  return toSections(text, accepted);

  function acceptKind(shape: HeadingShape, index: number): SectionKind | null {
    const [top, ...rest] = shape.numbers;
    if (top === undefined) {
      let kind = shape.kind ?? accepted.at(-1)?.kind ?? "front";
      if (shape.title.toLowerCase() === "summary" && maxRank > 1) kind = "conclusion";
      if (tail !== "none" || shape.markdown) return kind;
      if (numberedPaper && !END_MATTER.has(kind)) return null;
      // "References" as a table's column header: the numbered body goes on after it.
      if (kind === "references" && numberedPaper && bodyGoesOn(candidates, index, currentTop)) return null;
      const rank = RANK[kind];
      // Methods after the discussion is the layout of Nature-style journals ("Results, Discussion, Methods");
      // other body headings that go back in reading order are table cells.
      const methodsLast = kind === "methods" && shape.exact && maxRank >= (RANK.discussion ?? 6);
      if (rank !== undefined && rank <= 7 && rank < maxRank && !methodsLast) return null;
      // A first-page sidebar heading ("Funding information") says nothing about reading order.
      const sidebar = SIDEBAR.has(kind) && !accepted.some((a) => BODY.has(a.kind));
      if (rank !== undefined && kind !== "appendix" && kind !== "references" && !sidebar)
        maxRank = Math.max(maxRank, rank);
      return kind;
    }
    if (tail !== "none") return null;
    if (rest.length === 0) {
      // A top-level heading continues the numbering (a skipped number is tolerated); the first one
      // needs a known name, so numbered affiliations or list items before it are not taken.
      // "7 References" ends the paper whatever numbers came before it (or were not found).
      const references = shape.kind === "references" && shape.exact && top > currentTop;
      const continues = (currentTop > 0 && top > currentTop && top <= currentTop + 2) || references;
      const first = currentTop === 0 && top <= 3 && shape.kind !== null;
      if (!(continues || first)) return null;
      // An unknown name moves the numbering on, so it must look like a plain title, and no better
      // line with the same number may follow.
      if (shape.kind === null && (!isPlainTitle(shape.title) || betterLater(candidates, hasSub, index))) return null;
      // A numbered "Summary" after the first section closes the paper; it is not its abstract.
      const kind = shape.kind === "abstract" && top > 1 ? "conclusion" : (shape.kind ?? "other");
      currentTop = top;
      topKinds.set(top, kind);
      maxRank = Math.max(maxRank, RANK[kind] ?? 0);
      return kind;
    }
    // A sub-heading belongs to the current top-level section, or opens the next one whose heading was lost.
    if (top === currentTop) return subKind(topKinds.get(top) ?? "other", shape);
    if (currentTop > 0 && top === currentTop + 1 && rest[0] === 1) {
      const kind = shape.kind ?? topKinds.get(currentTop) ?? "other";
      currentTop = top;
      topKinds.set(top, kind);
      return kind;
    }
    return null;
  }
}

/**
 * A thesis chapter numbers its sections under the chapter's number ("4.1 Introduction", "4.2 Related work", "4.3
 * Methods"): when every numbered heading shares its first number, three or more of them name different body sections
 * and no heading of a single number names a section, that number is the chapter's and is dropped, so "4.3 Methods"
 * reads as "3 Methods".
 */
function withoutChapterNumber(candidates: Candidate[]): Candidate[] {
  const named = candidates.filter(
    (c) => c.shape.numbers.length >= 2 && c.shape.kind !== null && BODY.has(c.shape.kind),
  );
  const chapter = named[0]?.shape.numbers[0];
  if (chapter === undefined || new Set(named.map((c) => c.shape.kind)).size < 3) return candidates;
  const sameChapter = candidates.every((c) => c.shape.numbers.length < 2 || c.shape.numbers[0] === chapter);
  // A numbered top-level heading with a name ("3. Results") means the paper numbers its own sections.
  const topNamed = candidates.some((c) => c.shape.numbers.length === 1 && c.shape.kind !== null);
  if (!sameChapter || topNamed) return candidates;
  return candidates.map((c) =>
    c.shape.numbers.length >= 2 && c.shape.numbers[0] === chapter
      ? { ...c, shape: { ...c.shape, numbers: c.shape.numbers.slice(1) } }
      : c,
  );
}

/**
 * Whether the numbered body goes on after candidate `index`: two or more later top-level headings with
 * known body names ("3 | Results", "4 | Discussion") carry the numbering on from `currentTop`.
 */
function bodyGoesOn(candidates: Candidate[], index: number, currentTop: number): boolean {
  const tops = new Set<number>();
  for (let j = index + 1; j < candidates.length; j++) {
    const { numbers, kind } = (candidates[j] as Candidate).shape;
    if (numbers.length === 1 && kind !== null && BODY.has(kind) && (numbers[0] as number) > currentTop) {
      tops.add(numbers[0] as number);
    }
  }
  return tops.size >= 2;
}

/** Short and without the commas or colons of a list item ("5. Overall, our work shows…"). */
function isPlainTitle(title: string): boolean {
  return title.split(/\s+/).length <= 8 && !/[,:]/.test(title);
}

/** For each candidate: is the next numbered candidate one of its sub-headings ("N title" → "N.1 …")? */
function subHeadingFlags(candidates: Candidate[]): boolean[] {
  const flags = new Array<boolean>(candidates.length).fill(false);
  let nextNumbered: Candidate | undefined;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const shape = (candidates[i] as Candidate).shape;
    const next = nextNumbered?.shape.numbers;
    flags[i] = next !== undefined && next.length > 1 && next[0] === shape.numbers[0];
    if (shape.numbers.length > 0) nextNumbered = candidates[i];
  }
  return flags;
}

/**
 * For an unknown-named top-level candidate: is there a later candidate with the same number that is
 * a better heading (known name or followed by its sub-headings)? Then this one is a table row or a
 * list item. The search stops at a known heading with a higher number.
 */
function betterLater(candidates: Candidate[], hasSub: boolean[], index: number): boolean {
  const top = candidates[index]?.shape.numbers[0] as number;
  if (hasSub[index]) return false;
  for (let j = index + 1; j < candidates.length; j++) {
    const shape = (candidates[j] as Candidate).shape;
    if (shape.numbers.length !== 1) continue;
    const n = shape.numbers[0] as number;
    if (n > top && shape.kind !== null) return false;
    if (n === top && (shape.kind !== null || hasSub[j])) return true;
  }
  return false;
}

function subKind(parent: SectionKind, shape: HeadingShape): SectionKind {
  const own = shape.kind;
  if (own && shape.exact && (own === "results" || own === "discussion" || own === "conclusion")) {
    if (parent === "methods" || parent === "other") return own;
  }
  if (parent === "other" && own && own !== "appendix") return own;
  return parent;
}

interface Accepted {
  start: number;
  heading: string;
  kind: SectionKind;
  /** Where a confined section ends (before the next heading); the text up to that heading goes back to the kind before it. */
  end?: number;
}

// Main-body kinds: before the first of them, a page-1 sidebar ("Funding information", "Correspondence")
// may carry a heading, and what follows its block is still front matter.
const BODY = new Set<SectionKind>(["introduction", "background", "methods", "results", "discussion", "conclusion"]);
const SIDEBAR = new Set<SectionKind>(["acknowledgements", "availability", "other"]);

/**
 * A funding, availability or declarations heading before the body (two-column journals print them in a
 * first-page sidebar) covers only its own paragraph: it must not swallow the abstract and the body that
 * follow when the body's own headings are not found.
 */
function confineFrontMatter(text: string, accepted: Accepted[]): void {
  for (let i = 0; i < accepted.length; i++) {
    const a = accepted[i] as Accepted;
    if (BODY.has(a.kind) || a.kind === "references" || a.kind === "appendix") return;
    if (!SIDEBAR.has(a.kind)) continue;
    const limit = accepted[i + 1]?.start ?? text.length;
    const lineEnd = text.indexOf("\n", a.start);
    if (lineEnd < 0 || lineEnd >= limit) continue;
    let from = lineEnd;
    while (from < limit && /\s/.test(text[from] as string)) from++;
    const gap = text.indexOf("\n\n", from);
    const end = gap < 0 ? limit : Math.min(gap, limit);
    if (end < limit) a.end = end;
  }
}

function toSections(text: string, accepted: Accepted[]): Section[] {
  const sections: Section[] = [];
  if (accepted.length === 0 || (accepted[0] as { start: number }).start > 0) {
    sections.push({ kind: "front", heading: "", start: 0, end: accepted[0]?.start ?? text.length });
  }
  accepted.forEach((a, i) => {
    const next = accepted[i + 1]?.start ?? text.length;
    if (a.end === undefined || text.slice(a.end, next).trim() === "") {
      sections.push({ kind: a.kind, heading: a.heading, start: a.start, end: next });
      return;
    }
    sections.push({ kind: a.kind, heading: a.heading, start: a.start, end: a.end });
    const before = sections.at(-2)?.kind ?? "front";
    sections.push({ kind: SIDEBAR.has(before) ? "front" : before, heading: "", start: a.end, end: next });
  });
  return sections;
}

/**
 * The kind of the section that holds `offset` (clamped into the text); "front" when there are none.
 *
 * @example sectionKindAt(detectSections(text), 120) // "methods"
 */
export function sectionKindAt(sections: Section[], offset: number): SectionKind {
  return sectionAt(sections, offset)?.kind ?? "front";
}

/**
 * The section that holds `offset` (the last one starting at or before it; the first when the offset
 * comes before all of them), or undefined when there are none. `sections` sorted by start.
 * @example sectionAt(doc.sections, 120)?.heading // "2. Materials and methods"
 */
export function sectionAt(sections: readonly Section[], offset: number): Section | undefined {
  if (sections.length === 0) return undefined;
  let lo = 0;
  let hi = sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sections[mid] as Section).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return sections[lo];
}

/**
 * Footnotes at the foot of a page inside the References ("1 The code is available at https://…") are
 * page furniture, not references: a short paper's first-page footnote lands after its References in
 * reading order. Each such paragraph (a footnote with a web address that ends its page) becomes a
 * "Notes" section of kind `other`, so it can be evidence; the References around it keep their kind.
 * `pageEnds` are the text offsets where pages end.
 * @example notesOutOfReferences(text, detectSections(text), pages.map((p) => p.end))
 */
export function notesOutOfReferences(
  text: string,
  sections: Section[],
  pageEnds: readonly number[],
  isFootnote: (paragraph: string) => boolean,
): Section[] {
  const out: Section[] = [];
  for (const section of sections) {
    if (section.kind !== "references") {
      out.push(section);
      continue;
    }
    let cursor = section.start;
    let previous = "";
    for (const para of paragraphsIn(text, section.start, section.end)) {
      const body = text.slice(para.start, para.end);
      const before = previous;
      previous = body;
      const endsPage = pageEnds.some((end) => end >= para.end && text.slice(para.end, end).trim() === "");
      // In a numbered reference list, "12. https://…" is the next reference, not a footnote.
      if (!endsPage || !isFootnote(body) || NUMBERED_ENTRY.test(before)) continue;
      if (para.start > cursor) out.push({ ...section, start: cursor, end: para.start });
      out.push({ kind: "other", heading: "Notes", start: para.start, end: para.end });
      cursor = para.end;
    }
    if (cursor === section.start) out.push(section);
    else if (cursor < section.end) out.push({ ...section, start: cursor, end: section.end });
  }
  return out;
}

const NUMBERED_ENTRY = /^\[?\d{1,3}[.\])]\s/;

/** The blank-line-separated paragraphs of `text` between `from` and `to`, as offsets. */
function paragraphsIn(text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /\S[\s\S]*?(?=\n\s*\n|$)/g;
  const slice = text.slice(from, to);
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    out.push({ start: from + m.index, end: from + m.index + m[0].trimEnd().length });
  }
  return out;
}
