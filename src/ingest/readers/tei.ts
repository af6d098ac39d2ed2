/**
 * TEI XML as GROBID's `processFulltextDocument` writes it → Document. `<teiHeader>` gives the
 * title, authors, year, journal and DOI; each `<div>` of `<body>` with its `<head>` is a section
 * (GROBID's divs are flat: a numbered "2.1" head takes its kind from "2"), `<listBibl>` is the
 * References, `<note place="foot">` footnotes are gathered into a Notes section, and `<figure>`s
 * (tables included) go to a "floats" section apart from the body. Pages come from GROBID's
 * `coords` attributes ("page,x,y,w,h;…") when the TEI has them; without them the text is one page.
 */
import { basename, extname } from "node:path";
import type { Document, DocumentMetadata, SectionKind } from "../../types.js";
import {
  type Collected,
  headingKind,
  layOut,
  nestedKind,
  type Paragraph,
  type StructuredSection,
} from "./structured.js";
import {
  attr,
  child,
  childElements,
  collapse,
  decodeXml,
  descendants,
  localName,
  parseXml,
  textOf,
  type XmlElement,
} from "./xml.js";

// Elements whose end is a word break even when GROBID writes no space after them.
const SPACED = new Set(["s", "lb", "cell", "row", "item"]);

/**
 * The page of an element: the first page number in its own `coords`, else in its first
 * descendant's. Undefined without coordinates.
 * @example pageOf(parseXml('<p><s coords="3,1,2,3,4">x</s></p>')) // 3
 */
export function pageOf(element: XmlElement): number | undefined {
  const coords = attr(element, "coords");
  if (coords) {
    const page = Number.parseInt(coords, 10);
    if (Number.isInteger(page) && page >= 1) return page;
  }
  for (const c of childElements(element)) {
    const page = pageOf(c);
    if (page !== undefined) return page;
  }
  return undefined;
}

function isFootnote(element: XmlElement): boolean {
  return localName(element.name) === "note" && (attr(element, "place") ?? "").startsWith("foot");
}

/** Inline text: URL refs keep their target, footnotes and figures met inline are moved to `collected`. */
function inlineText(element: XmlElement, collected: Collected): string {
  const parts: string[] = [];
  for (const node of element.children) {
    if (typeof node === "string") {
      parts.push(node);
      continue;
    }
    const name = localName(node.name);
    if (isFootnote(node)) collected.notes.push(noteParagraph(node, collected));
    else if (name === "figure") collected.floats.push(...figureParagraphs(node));
    // A footnote's marker would run into the word before it; the note keeps its number.
    else if (name === "ref" && attr(node, "type") === "foot") continue;
    else if (name === "ref" || name === "ptr") {
      const shown = inlineText(node, collected);
      const target = attr(node, "target") ?? "";
      parts.push(
        /^(https?|ftp):\/\//i.test(target) && !collapse(shown).includes(target) ? `${shown} (${target})` : shown,
      );
    } else parts.push(inlineText(node, collected), SPACED.has(name) ? " " : "");
  }
  return parts.join("");
}

function noteParagraph(note: XmlElement, collected: Collected): Paragraph {
  const n = attr(note, "n");
  const body = collapse(inlineText(note, collected));
  return { text: n && !body.startsWith(n) ? `${n} ${body}` : body, page: pageOf(note) };
}

/** A figure or table: head, label and description, then one line per table row (cells joined by " | "). */
function figureParagraphs(figure: XmlElement): Paragraph[] {
  const head = textOf(child(figure, "head"));
  const label = textOf(child(figure, "label"));
  // GROBID repeats the number: head "Table 1", label "1".
  const caption = collapse(
    [head, label && !head.includes(label) ? label : "", textOf(child(figure, "figDesc"))].join(" "),
  );
  const rows = descendants(figure, "row").map((row) =>
    childElements(row, "cell")
      .map((cell) => textOf(cell))
      .join(" | "),
  );
  const text = [caption, ...rows].filter((t) => t !== "").join("\n");
  return text ? [{ text, page: pageOf(figure) }] : [];
}

/** The paragraphs of a div (or abstract): `<p>`, lists, formulas; footnotes and figures are collected. */
function blockParagraphs(element: XmlElement, collected: Collected): Paragraph[] {
  const out: Paragraph[] = [];
  for (const node of childElements(element)) {
    const name = localName(node.name);
    if (name === "head" || name === "div") continue;
    if (isFootnote(node)) collected.notes.push(noteParagraph(node, collected));
    else if (name === "figure") collected.floats.push(...figureParagraphs(node));
    else if (name === "list") {
      for (const item of childElements(node, "item"))
        out.push({ text: collapse(inlineText(item, collected)), page: pageOf(item) });
    } else out.push({ text: collapse(inlineText(node, collected)), page: pageOf(node) });
  }
  return out.filter((p) => p.text !== "");
}

/** The top section number of a head's `n` ("2.1" → "2"); null when unnumbered or not nested. */
function parentNumber(n: string | undefined): string | null {
  const match = /^(\d+)\.\d/.exec(n ?? "");
  return match ? (match[1] as string) : null;
}

/**
 * Body divs → sections. GROBID writes them flat: a numbered sub-heading ("2.1") takes its
 * parent's kind unless it names an end-matter kind; an unknown unnumbered heading continues the
 * kind before it.
 */
function divSections(divs: XmlElement[], collected: Collected, fixed?: SectionKind): StructuredSection[] {
  const byNumber = new Map<string, SectionKind>();
  let previous: SectionKind | undefined;
  const out: StructuredSection[] = [];
  for (const div of divs) {
    const head = child(div, "head");
    const title = textOf(head);
    const n = head ? attr(head, "n") : undefined;
    const own = headingKind(title);
    const parent = parentNumber(n);
    const kind =
      fixed ?? (parent && byNumber.has(parent) ? nestedKind(own, byNumber.get(parent)) : (own ?? previous ?? "other"));
    if (n && !parent) byNumber.set(n.replace(/\.$/, ""), kind);
    previous = kind;
    out.push({
      kind,
      heading: collapse(n && !title.startsWith(n) ? `${n} ${title}` : title),
      page: head ? pageOf(head) : undefined,
      paragraphs: blockParagraphs(div, collected),
    });
    out.push(...divSections(childElements(div, "div"), collected, fixed ?? kind));
  }
  return out;
}

/** Back-matter divs by their `type`: acknowledgement, availability, annex, references… */
function backSections(back: XmlElement | undefined, collected: Collected): StructuredSection[] {
  if (!back) return [];
  const out: StructuredSection[] = [];
  for (const div of childElements(back, "div")) {
    const type = (attr(div, "type") ?? "").toLowerCase();
    if (type === "references" || descendants(div, "listBibl").length > 0) continue;
    const fixed: SectionKind | undefined = /acknowledg|funding/.test(type)
      ? "acknowledgements"
      : /availability/.test(type)
        ? "availability"
        : /annex|appendix/.test(type)
          ? "appendix"
          : undefined;
    const inner = childElements(div, "div");
    const own = blockParagraphs(div, collected);
    if (own.length > 0 || inner.length === 0) {
      const title = textOf(child(div, "head"));
      out.push({
        kind: fixed ?? headingKind(title) ?? "other",
        heading:
          title || (fixed === "acknowledgements" ? "Acknowledgements" : fixed === "availability" ? "Availability" : ""),
        paragraphs: own,
      });
    }
    out.push(...divSections(inner, collected, fixed));
  }
  return out;
}

/** One bibliography entry: GROBID's raw citation when it kept one, else the structured parts spaced. */
function biblText(bibl: XmlElement): string {
  const raw = childElements(bibl, "note").find((n) => attr(n, "type") === "raw_reference");
  if (raw) return textOf(raw);
  const spaced = (element: XmlElement): string =>
    element.children.map((c) => (typeof c === "string" ? c : ` ${spaced(c)} `)).join("");
  const when = descendants(bibl, "date")
    .map((d) => attr(d, "when") ?? "")
    .find((w) => w !== "");
  const body = collapse(spaced(bibl));
  return collapse(when && !body.includes(when.slice(0, 4)) ? `${body} ${when.slice(0, 4)}` : body);
}

function referenceSections(text: XmlElement | undefined): StructuredSection[] {
  if (!text) return [];
  return descendants(text, "listBibl").map((list) => ({
    kind: "references" as const,
    heading: "References",
    paragraphs: childElements(list)
      .filter((b) => localName(b.name) === "biblStruct" || localName(b.name) === "bibl")
      .map((b) => ({ text: biblText(b), page: pageOf(b) })),
  }));
}

function metadataOf(header: XmlElement | undefined): { title: string; metadata: DocumentMetadata } {
  const fileDesc = child(header, "fileDesc");
  const titles = descendants(child(fileDesc, "titleStmt") ?? { name: "", attrs: {}, children: [] }, "title");
  const title = textOf(titles.find((t) => attr(t, "type") === "main") ?? titles[0]);
  const source = child(child(fileDesc, "sourceDesc"), "biblStruct");
  const analytic = child(source, "analytic");
  const monogr = child(source, "monogr");
  const authors = (analytic ? childElements(analytic, "author") : [])
    .map((a) => child(a, "persName"))
    .filter((p): p is XmlElement => p !== undefined)
    .map((p) => collapse([...childElements(p, "forename"), ...childElements(p, "surname")].map(textOf).join(" ")))
    .filter((a) => a !== "");
  const dates = [
    ...descendants(child(fileDesc, "publicationStmt") ?? { name: "", attrs: {}, children: [] }, "date"),
    ...(monogr ? descendants(monogr, "date") : []),
  ];
  const years = dates
    .map((d) => Number.parseInt((attr(d, "when") ?? textOf(d)).slice(0, 4), 10))
    .filter((y) => y > 1000 && y < 3000);
  const journalTitles = monogr ? childElements(monogr, "title") : [];
  const journal = textOf(journalTitles.find((t) => attr(t, "level") === "j") ?? journalTitles[0]);
  const doi = (source ? descendants(source, "idno") : []).find((i) => (attr(i, "type") ?? "").toUpperCase() === "DOI");
  const metadata: DocumentMetadata = {};
  if (authors.length > 0) metadata.authors = authors;
  if (years.length > 0) metadata.year = years[0];
  if (journal) metadata.journal = journal;
  if (doi && textOf(doi)) metadata.doi = textOf(doi).replace(/^https?:\/\/(dx\.)?doi\.org\//i, "");
  return { title, metadata };
}

/**
 * Reads a TEI document (GROBID's full-text output). Throws `MethodscopeError` when the XML is not
 * well formed.
 * @example readTei("papers/x.tei.xml", bytes, sha).sections.map((s) => s.kind) // ["abstract", "introduction", …]
 */
export function readTei(path: string, bytes: Uint8Array, id: string): Document {
  const root = parseXml(decodeXml(bytes));
  const header = child(root, "teiHeader");
  const text = child(root, "text");
  const body = child(text, "body");
  const back = child(text, "back");
  const collected: Collected = { notes: [], floats: [] };
  const { title, metadata } = metadataOf(header);
  const abstract = descendants(header ?? root, "abstract")[0];
  const sections: StructuredSection[] = [];
  if (abstract) {
    const paragraphs = [abstract, ...descendants(abstract, "div")].flatMap((d) => blockParagraphs(d, collected));
    sections.push({ kind: "abstract", heading: "Abstract", paragraphs });
  }
  if (body) {
    const lead = blockParagraphs(body, collected);
    if (lead.length > 0) sections.push({ kind: "other", heading: "", paragraphs: lead });
    sections.push(...divSections(childElements(body, "div"), collected));
  }
  sections.push(...backSections(back, collected));
  if (collected.notes.length > 0) sections.push({ kind: "other", heading: "Notes", paragraphs: collected.notes });
  sections.push(...referenceSections(back ?? text));
  if (collected.floats.length > 0)
    sections.push({ kind: "floats", heading: "Tables and figures", paragraphs: collected.floats });
  const laid = layOut(title, sections);
  return {
    id,
    path,
    title: title || basename(path, extname(path)),
    pageCount: laid.pageCount,
    text: laid.text,
    pages: laid.pages,
    sections: laid.sections,
    reader: "tei",
    metadata,
  };
}
