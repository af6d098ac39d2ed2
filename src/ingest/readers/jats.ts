/**
 * JATS XML (PubMed Central, Europe PMC and most publishers' XML) → Document. The structure is
 * taken as the file states it: `<sec>` titles and `sec-type` give section kinds, `<ref-list>` is
 * the References, footnotes (`<fn>`) are gathered into a Notes section with their URLs, tables and
 * figure captions go to a "floats" section apart from the body, and `<article-meta>` gives the
 * title, authors, year, journal and DOI. The text is one page: JATS has no pages.
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

const FLOATS = new Set(["fig", "fig-group", "table-wrap", "table-wrap-group", "graphic", "media", "chem-struct-wrap"]);
const NOTES = new Set(["fn", "fn-group"]);
const LINKS = new Set(["ext-link", "uri", "self-uri"]);

/** `sec-type` values (split on "|") → kinds; the first one that names a kind wins. */
const SEC_TYPES: Array<[RegExp, SectionKind]> = [
  [/^intro/, "introduction"],
  [/^(background|related)/, "background"],
  [/^(materials|methods?|subjects|experimental|study-design|design)/, "methods"],
  [/^results?/, "results"],
  [/^discussion/, "discussion"],
  [/^conclusions?/, "conclusion"],
  [/^(data-availability|code-availability|availability)/, "availability"],
  [/^(supplementary-material|supplementary|appendix)/, "appendix"],
  [/^(acknowledg|funding)/, "acknowledgements"],
];

function secTypeKind(secType: string | undefined): SectionKind | null {
  for (const part of (secType ?? "").toLowerCase().split(/[|\s]+/)) {
    for (const [pattern, kind] of SEC_TYPES) if (pattern.test(part)) return kind;
  }
  return null;
}

/**
 * Inline text of a paragraph: links keep their address ("our code (https://…)"), footnotes and
 * floats met inline are moved to `collected` instead of breaking the sentence.
 */
function inlineText(element: XmlElement, collected: Collected): string {
  const parts: string[] = [];
  for (const node of element.children) {
    if (typeof node === "string") {
      parts.push(node);
      continue;
    }
    const name = localName(node.name);
    if (NOTES.has(name)) collected.notes.push(...noteParagraphs(node, collected));
    else if (FLOATS.has(name)) collected.floats.push(...floatParagraphs(node));
    else if (LINKS.has(name)) parts.push(linkText(node, collected));
    // A footnote's marker would run into the word before it ("seed 42" + "1"); the note keeps its label.
    else if (name === "xref" && /^(fn|table-fn)$/.test(attr(node, "ref-type") ?? "")) continue;
    else parts.push(inlineText(node, collected));
  }
  return parts.join("");
}

function linkText(link: XmlElement, collected: Collected): string {
  const shown = inlineText(link, collected);
  const href = attr(link, "href");
  return href && !collapse(shown).includes(href) ? `${shown} (${href})` : shown;
}

function noteParagraphs(note: XmlElement, collected: Collected): Paragraph[] {
  if (localName(note.name) === "fn-group") return childElements(note).flatMap((fn) => noteParagraphs(fn, collected));
  if (localName(note.name) !== "fn") return [];
  const label = textOf(child(note, "label"));
  const body = blockParagraphs(note, collected, new Set(["label"]))
    .map((p) => p.text)
    .join(" ");
  return [{ text: collapse(label ? `${label} ${body}` : body) }];
}

/** A table as text: its label and caption, then one line per row with cells joined by " | ". */
function floatParagraphs(element: XmlElement): Paragraph[] {
  const name = localName(element.name);
  if (name === "fig-group" || name === "table-wrap-group") return childElements(element).flatMap(floatParagraphs);
  const caption = collapse(`${textOf(child(element, "label"))} ${textOf(child(element, "caption"))}`);
  const rows = descendants(element, "tr").map((tr) =>
    childElements(tr)
      .map((cell) => textOf(cell))
      .join(" | "),
  );
  const foot = descendants(element, "table-wrap-foot").map((f) => textOf(f));
  const text = [caption, ...rows, ...foot].filter((t) => t !== "").join("\n");
  return text ? [{ text }] : [];
}

/**
 * The paragraphs of a block element in order: `<p>` and other text blocks; lists item by item;
 * nested sections are not included (the caller makes them sections of their own).
 */
function blockParagraphs(element: XmlElement, collected: Collected, skip: ReadonlySet<string>): Paragraph[] {
  const out: Paragraph[] = [];
  for (const node of element.children) {
    if (typeof node === "string") {
      if (node.trim() !== "") out.push({ text: collapse(node) });
      continue;
    }
    const name = localName(node.name);
    if (skip.has(name) || name === "sec" || name === "title") continue;
    if (NOTES.has(name)) collected.notes.push(...noteParagraphs(node, collected));
    else if (FLOATS.has(name)) collected.floats.push(...floatParagraphs(node));
    else if (name === "list" || name === "def-list")
      out.push(...childElements(node).map((item) => ({ text: collapse(inlineText(item, collected)) })));
    else if (name === "p" || name === "disp-formula" || name === "speech" || name === "statement")
      out.push({ text: collapse(inlineText(node, collected)) });
    else if (childElements(node).some((c) => localName(c.name) === "p"))
      out.push(...blockParagraphs(node, collected, skip));
    else out.push({ text: collapse(inlineText(node, collected)) });
  }
  return out.filter((p) => p.text !== "");
}

/** A `<sec>` and its nested secs as flat sections, each with its resolved kind. */
function sectionsOf(sec: XmlElement, collected: Collected, parent?: SectionKind): StructuredSection[] {
  const heading = collapse(`${textOf(child(sec, "label"))} ${textOf(child(sec, "title"))}`);
  const own = secTypeKind(attr(sec, "sec-type") ?? attr(sec, "notes-type")) ?? headingKind(textOf(child(sec, "title")));
  const kind = nestedKind(own, parent);
  const here: StructuredSection = {
    kind,
    heading,
    paragraphs: blockParagraphs(sec, collected, new Set(["label"])),
  };
  return [here, ...childElements(sec, "sec").flatMap((s) => sectionsOf(s, collected, kind))];
}

/** Text of a citation: element-citation parts are separate elements, so they are joined with spaces. */
function citationText(ref: XmlElement): string {
  const spaced = (element: XmlElement): string =>
    element.children.map((c) => (typeof c === "string" ? c : ` ${spaced(c)} `)).join("");
  const label = textOf(child(ref, "label"));
  const citation =
    child(ref, "mixed-citation") ??
    child(ref, "element-citation") ??
    child(ref, "citation") ??
    child(ref, "nlm-citation");
  const body = citation
    ? localName(citation.name) === "mixed-citation"
      ? textOf(citation)
      : collapse(spaced(citation))
    : textOf(ref);
  return collapse(`${label} ${body}`.replace(/\s+([.,;:])/g, "$1"));
}

function referenceSections(back: XmlElement | undefined): StructuredSection[] {
  if (!back) return [];
  return descendants(back, "ref-list").map((list) => ({
    kind: "references" as const,
    heading: textOf(child(list, "title")) || "References",
    paragraphs: childElements(list, "ref").map((ref) => ({ text: citationText(ref) })),
  }));
}

function metadataOf(front: XmlElement | undefined): { title: string; metadata: DocumentMetadata } {
  const meta = child(front, "article-meta");
  const journalMeta = child(front, "journal-meta");
  const title = textOf(child(child(meta, "title-group"), "article-title"));
  const authors = (meta ? descendants(meta, "contrib") : [])
    .filter((c) => (attr(c, "contrib-type") ?? "author") === "author")
    .map((c) => {
      const name = child(c, "name") ?? child(child(c, "name-alternatives"), "name");
      if (name) return collapse(`${textOf(child(name, "given-names"))} ${textOf(child(name, "surname"))}`);
      return textOf(child(c, "collab") ?? child(c, "string-name"));
    })
    .filter((a) => a !== "");
  const dates = meta ? childElements(meta, "pub-date") : [];
  const years = dates.map((d) => Number.parseInt(textOf(child(d, "year")), 10)).filter((y) => y > 1000 && y < 3000);
  const journal =
    textOf(child(child(journalMeta, "journal-title-group"), "journal-title")) ||
    textOf(child(journalMeta, "journal-title"));
  const doi = (meta ? childElements(meta, "article-id") : []).find((id) => attr(id, "pub-id-type") === "doi");
  const metadata: DocumentMetadata = {};
  if (authors.length > 0) metadata.authors = authors;
  if (years.length > 0) metadata.year = Math.min(...years);
  if (journal) metadata.journal = journal;
  if (doi && textOf(doi)) metadata.doi = textOf(doi).replace(/^https?:\/\/(dx\.)?doi\.org\//i, "");
  return { title, metadata };
}

/** Top-level body sections; paragraphs before the first `<sec>` form an unnamed section. */
function bodySections(body: XmlElement | undefined, collected: Collected): StructuredSection[] {
  if (!body) return [];
  const lead = blockParagraphs(body, collected, new Set());
  const out: StructuredSection[] = lead.length > 0 ? [{ kind: "other", heading: "", paragraphs: lead }] : [];
  return [...out, ...childElements(body, "sec").flatMap((s) => sectionsOf(s, collected))];
}

function backSections(back: XmlElement | undefined, collected: Collected): StructuredSection[] {
  if (!back) return [];
  const out: StructuredSection[] = [];
  for (const element of childElements(back)) {
    const name = localName(element.name);
    if (name === "ack")
      out.push({
        kind: "acknowledgements",
        heading: textOf(child(element, "title")) || "Acknowledgements",
        paragraphs: blockParagraphs(element, collected, new Set(["label"])),
      });
    else if (name === "sec" || name === "notes") out.push(...sectionsOf(element, collected));
    else if (name === "app-group" || name === "app")
      out.push(...descendants(element, "sec").flatMap((s) => sectionsOf(s, collected, "appendix")));
    else if (NOTES.has(name)) collected.notes.push(...noteParagraphs(element, collected));
    else if (FLOATS.has(name)) collected.floats.push(...floatParagraphs(element));
  }
  return out;
}

/**
 * Reads a JATS article. Throws `MethodscopeError` when the XML is not well formed.
 * @example readJats("papers/x.nxml", bytes, sha).metadata?.doi // "10.1234/abc"
 */
export function readJats(path: string, bytes: Uint8Array, id: string): Document {
  const root = parseXml(decodeXml(bytes));
  const front = child(root, "front");
  const body = child(root, "body");
  const back = child(root, "back");
  const collected: Collected = { notes: [], floats: [] };
  const { title, metadata } = metadataOf(front);
  const meta = child(front, "article-meta");
  const abstracts: StructuredSection[] = (meta ? childElements(meta, "abstract") : []).map((abstract) => ({
    kind: "abstract",
    heading: textOf(child(abstract, "title")) || "Abstract",
    paragraphs: [
      ...blockParagraphs(abstract, collected, new Set(["label"])),
      ...descendants(abstract, "sec").flatMap((s) => blockParagraphs(s, collected, new Set(["label"]))),
    ],
  }));
  const sections: StructuredSection[] = [...abstracts, ...bodySections(body, collected)];
  sections.push(...backSections(back, collected));
  for (const group of childElements(root, "floats-group")) {
    for (const f of childElements(group)) collected.floats.push(...floatParagraphs(f));
  }
  if (collected.notes.length > 0) sections.push({ kind: "other", heading: "Notes", paragraphs: collected.notes });
  sections.push(...referenceSections(back));
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
    reader: "jats",
    metadata,
  };
}
