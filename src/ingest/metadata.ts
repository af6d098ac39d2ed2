/**
 * Paper metadata (title, authors, year, venue, DOI) from what a PDF or text file says about itself:
 * the PDF's info dictionary (and XMP), the first page's text, DOI patterns and arXiv identifiers.
 * Offline and best effort: every field found carries its source (`DocumentMetadata.sources`), and a
 * field nothing states is left out rather than guessed. Pure functions over text; `pdf.ts` hands over
 * the info dictionary, the readers call {@link extractMetadata}.
 */
import { z } from "zod";
import { normaliseDoi } from "../fetch/dois.js";
import type { DocumentMetadata, MetadataField } from "../types.js";
import { normalizePageLines } from "./clean.js";
import { guessTitleLines } from "./document.js";

/**
 * The extractor's version, stamped on the metadata it fills (`DocumentMetadata.version`). A stored
 * paper whose metadata has another version is read again by `extract`, so a better extractor reaches
 * papers stored before it; raise it whenever what this module finds changes.
 */
export const METADATA_VERSION = 1;

/** What the PDF says about itself: its info dictionary and XMP fields as plain strings. */
export interface PdfInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  /** `D:YYYYMMDD…` as the info dictionary writes it. */
  creationDate?: string;
  /** An article DOI the producer recorded (XMP prism:doi, Wiley's WPS-ARTICLEDOI, a `doi` key). */
  doi?: string;
  /** XMP prism:publicationName. */
  publication?: string;
  /** XMP prism:coverDate / publicationDate. */
  coverDate?: string;
}

/** What {@link extractMetadata} reads: the raw page texts (page 1 first) and the PDF's info, when a PDF. */
export interface MetadataInput {
  pages: readonly string[];
  info?: PdfInfo;
  /** Markdown: a leading `# Title` line is the title. */
  markdown?: boolean;
}

const text = z
  .unknown()
  .transform((v) => (typeof v === "string" ? v.trim() : undefined))
  .optional();
/** The info dictionary as pdf.js returns it; only string fields are kept. */
const InfoSchema = z
  .object({
    Title: text,
    Author: text,
    Subject: text,
    Keywords: text,
    CreationDate: text,
    doi: text,
    Custom: z.record(z.string(), z.unknown()).optional().catch(undefined),
  })
  .passthrough();

/**
 * The info dictionary (`pdf.getMetadata().info`) and XMP fields (`metadata.getAll()`) as a {@link PdfInfo};
 * anything that is not a string is dropped, so any object may be given.
 * @example pdfInfo({ Title: "Owls at night", CreationDate: "D:20200418054741Z" }) // { title: "Owls at night", creationDate: "D:20200418054741Z" }
 */
export function pdfInfo(info: unknown, xmp: Record<string, unknown> = {}): PdfInfo {
  const parsed = InfoSchema.safeParse(typeof info === "object" && info !== null ? info : {});
  const raw = parsed.success ? parsed.data : {};
  const custom = raw.Custom ?? {};
  const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const first = (v: unknown) => str(Array.isArray(v) ? v[0] : v);
  const out: PdfInfo = {
    title: str(raw.Title) ?? first(xmp["dc:title"]),
    author:
      str(raw.Author) ?? (Array.isArray(xmp["dc:creator"]) ? xmp["dc:creator"].join("; ") : str(xmp["dc:creator"])),
    subject: str(raw.Subject),
    keywords: str(raw.Keywords),
    creationDate: str(raw.CreationDate),
    doi: str(xmp["prism:doi"]) ?? str(custom["WPS-ARTICLEDOI"]) ?? str(raw.doi) ?? str(custom.doi),
    publication: str(xmp["prism:publicationname"]) ?? str(xmp["prism:publicationName"]),
    coverDate: str(xmp["prism:coverdate"]) ?? str(xmp["prism:coverDate"]) ?? str(xmp["prism:publicationdate"]),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as PdfInfo;
}

/**
 * Title, authors, year, venue (`journal`) and DOI of a paper from its first pages and PDF info, each
 * with its source, stamped with {@link METADATA_VERSION}. Priorities: title from a plausible info Title
 * that page 1 also shows, else page 1; year from an explicit statement on page 1 (published, a
 * citation line, ©, arXiv id, received/accepted, revision date), else the info CreationDate (low trust);
 * DOI labelled on page 1, any on page 1, the info's, one labelled on page 2.
 * @example extractMetadata({ pages: ["Owls at night: a survey\n\nA. Smith, B. Jones\n\nDOI: 10.1234/owl.5"] }).doi // "10.1234/owl.5"
 */
export function extractMetadata(input: MetadataInput): DocumentMetadata {
  const info = input.info ?? {};
  const page1 = input.pages[0] ?? "";
  const lines = normalizePageLines(page1).filter((l) => l !== "");
  const found: Partial<Record<MetadataField, { value: unknown; source: string }>> = {};
  const set = (field: MetadataField, value: unknown, source: string) => {
    if (value !== undefined && value !== null && found[field] === undefined) found[field] = { value, source };
  };

  const titled = input.markdown ? markdownTitle(page1) : undefined;
  if (titled) set("title", titled, "first-page");
  const infoTitle = plausibleInfoTitle(info.title, lines);
  if (infoTitle) set("title", infoTitle, "pdf-info");
  const guessed = guessTitleLines(page1);
  if (guessed) set("title", cleanTitle(guessed.title), "first-page");

  const infoAuthors = authorsFromInfo(info.author);
  if (infoAuthors.length > 0) set("authors", infoAuthors, "pdf-info");
  const pageAuthors = guessed ? authorsAfterTitle(lines, guessed.next) : [];
  if (pageAuthors.length > 0) set("authors", pageAuthors, "first-page");

  for (const { year, source } of yearCandidates(lines, info)) set("year", year, source);
  for (const { venue, source } of venueCandidates(lines, info)) set("journal", venue, source);
  for (const { doi, source } of doiCandidates(input.pages, info)) set("doi", doi, source);

  const metadata: DocumentMetadata = {};
  const sources: Partial<Record<MetadataField, string>> = {};
  for (const [field, entry] of Object.entries(found) as [MetadataField, { value: unknown; source: string }][]) {
    (metadata as Record<string, unknown>)[field] = entry.value;
    sources[field] = entry.source;
  }
  if (Object.keys(sources).length > 0) metadata.sources = sources;
  metadata.version = METADATA_VERSION;
  return metadata;
}

/**
 * A structured reader's metadata (JATS, TEI) with the title and a source for each field it holds.
 * @example structuredMetadata({ doi: "10.1/x" }, "Owls", "jats").sources // { title: "jats", doi: "jats" }
 */
export function structuredMetadata(
  metadata: DocumentMetadata | undefined,
  title: string | undefined,
  source: "jats" | "tei",
): DocumentMetadata {
  const out: DocumentMetadata = { ...metadata };
  if (title && out.title === undefined) out.title = title;
  const sources: Partial<Record<MetadataField, string>> = { ...out.sources };
  for (const field of FIELDS) if (out[field] !== undefined && sources[field] === undefined) sources[field] = source;
  if (Object.keys(sources).length > 0) out.sources = sources;
  out.version = METADATA_VERSION;
  return out;
}

/** The sourced fields, in the order outputs list them. */
export const FIELDS: readonly MetadataField[] = ["title", "authors", "year", "journal", "doi"];

// ---------------------------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------------------------

// Info Titles that producers write by themselves: never a paper's title.
const JUNK_TITLE =
  /^(?:microsoft (?:word|powerpoint)|untitled|title|document\d*|paper|manuscript|main|slides?|presentation|template|article|draft)\b|\.(?:docx?|pdf|tex|dvi|rtf|odt|ps|indd|qxd)$|template|^[\w-]+\.\w{2,4}$/i;

/**
 * The info Title when it looks like a title and page 1 shows it (most of its words are there), so that
 * "Microsoft Word - draft.docx", a file name or a stale template title is never taken.
 */
function plausibleInfoTitle(raw: string | undefined, pageLines: readonly string[]): string | undefined {
  if (!raw) return undefined;
  const title = decodeEntities(raw).replace(/\s+/g, " ").trim();
  const words = title.split(" ");
  if (title.length < 10 || title.length > 400 || words.length < 3 || JUNK_TITLE.test(title)) return undefined;
  if (!/\p{L}{3}/u.test(title)) return undefined;
  const pageWords = new Set(tokens(pageLines.join(" ")));
  if (pageWords.size === 0) return title;
  const own = tokens(title);
  const shown = own.filter((w) => pageWords.has(w)).length;
  return own.length > 0 && shown / own.length >= 0.8 ? title : undefined;
}

/** `# Title` in the first lines of a Markdown file. */
function markdownTitle(page: string): string | undefined {
  const line = page
    .split("\n")
    .slice(0, 20)
    .find((l) => /^#\s+\S/.test(l.trim()));
  return line ? cleanTitle(line.trim().replace(/^#\s+/, "")) : undefined;
}

/** A title without footnote marks after it ("Owls at night∗" → "Owls at night"). */
function cleanTitle(title: string): string {
  return title
    .replace(/(?<=\p{L})[*∗†‡§⋆]+$/u, "")
    .replace(/\s+/g, " ")
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** `&#x2010;`, `&#8211;` and the five XML entities, as some producers leave them in info strings. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, code: string) => {
    if (code[0] !== "#") return NAMED_ENTITIES[code.toLowerCase()] ?? all;
    const n = code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1));
    return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all;
  });
}

/** Lower-case words without accents or punctuation, for comparing titles. */
export function tokens(value: string): string[] {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Authors
// ---------------------------------------------------------------------------------------------

const PARTICLE = "(?:de|da|del|della|der|di|du|dos|das|van|von|la|le|ter|ten|y|bin|al|el)";
const NAME_WORD = `(?:\\p{Lu}[\\p{L}'’.-]*|${PARTICLE})`;
const NAME = new RegExp(`^${NAME_WORD}(?:\\s+${NAME_WORD}){1,5}$`, "u");
/** Words that make a line an affiliation, an address or the start of the text, not an author list. */
const NOT_AUTHORS =
  /universi|department|institut|school|laborator|centre|center|college|faculty|research|academy|hospital|museum|abstract|keywords?|e-?mail|correspond|received|article|journal|introduction|\bdoi\b|https?:|www\.|@/i;

/**
 * The names of an author line: parts split at commas, semicolons, "and", "&" and "|", cleaned of
 * affiliation marks, e-mail addresses and parentheses; empty when the line is not an author line.
 * @example authorNames("Justin Salamon1,2,*, Juan Pablo Bello1 and Steve Kelling3") // ["Justin Salamon", "Juan Pablo Bello", "Steve Kelling"]
 */
export function authorNames(line: string): string[] {
  const stripped = line.replace(/\([^)]*\)/g, " ").replace(/\S+@\S+/g, " ");
  if (NOT_AUTHORS.test(stripped)) return [];
  const split = stripped.split(/[,;|&]|\s+and\s+|^and\s+/).map(cleanName);
  // A lone lower-case letter is an affiliation mark ("Wengan Hea,b"): then the first mark is glued to the name.
  const letterMarks = split.some((p) => /^[a-z]$/.test(p));
  const parts = split
    .filter((p) => p !== "" && !/^[a-z]$/.test(p))
    .map((p) => (letterMarks ? p.replace(/(?<=\p{Ll})[a-h]$/u, "") : p));
  const names = parts.filter((p) => NAME.test(p) && /\p{L}{2}/u.test(p));
  return parts.length > 0 && names.length === parts.length ? names : [];
}

function cleanName(part: string): string {
  return (
    part
      .replace(/[*∗†‡§⋆¶#✉\d]+/gu, " ")
      .replace(/^\s*[a-z](?=\p{Lu}\p{Ll})/u, "")
      // Affiliation letters after a name ("Ana Ribeiro a").
      .replace(/(?<=\p{L}{2})\s+[a-h]$/u, "")
      .replace(/\s+/g, " ")
      .replace(/^[\s.,-]+|[\s,-]+$/g, "")
      .trim()
  );
}

/**
 * The info Author as names: split at semicolons (or "and" and commas when there is none); empty when
 * any part is not a name ("Administrator", a user name, "Smith, J." sorted forms).
 */
function authorsFromInfo(raw: string | undefined): string[] {
  if (!raw) return [];
  const value = decodeEntities(raw).replace(/\([^)]*\)/g, " ");
  const parts = (value.includes(";") ? value.split(";") : value.split(/,|\s+and\s+/)).map(cleanName).filter(Boolean);
  const names = parts.filter((p) => NAME.test(p));
  return parts.length > 0 && names.length === parts.length ? names : [];
}

/** Lines of affiliation marks only ("1", "1 2 3", "*") between a title and its authors. */
const MARKS_ONLY = /^[\d\s,*∗†‡§⋆a-d]{1,12}$/u;

/** The author lines that follow the title on page 1 (skipping lines of marks), their names in order. */
function authorsAfterTitle(lines: readonly string[], from: number): string[] {
  const names: string[] = [];
  for (let i = from; i < lines.length && i < from + 12; i++) {
    const line = lines[i] as string;
    if (MARKS_ONLY.test(line)) continue;
    const found = authorNames(line);
    if (found.length === 0) break;
    names.push(...found);
  }
  return names.slice(0, 100);
}

// ---------------------------------------------------------------------------------------------
// Year
// ---------------------------------------------------------------------------------------------

const YEAR = "((?:19|20)\\d{2})";
/** "Published: 12 March 2021", "Available online 3 May 2020", "First published 2019". */
const PUBLISHED = new RegExp(
  `\\b(?:published(?:\\s+online)?|available\\s+online|publication\\s+date|date\\s+of\\s+publication|version\\s+of\\s+record)\\b[^\\n]{0,40}?\\b${YEAR}\\b`,
  "i",
);
/** "Journal of X 61 (2021) 101234", glued "JournalofX12(2025)100001". */
const CITATION = new RegExp(
  `(?<venue>\\p{Lu}[\\p{L}&.,'’ -]{2,100}?)\\s*(?<volume>\\d{1,4})\\s*\\(${YEAR}\\)\\s*[,:]?\\s*(?:e?\\d)`,
  "u",
);
/** Wiley's "Diversity and Distributions. 2018;24:1802–1815." */
const CITATION_SEMICOLON = new RegExp(
  `(?<venue>\\p{Lu}[\\p{L}'’.-]*(?:\\s+(?:(?:and|of|the|in|for|on|&)\\s+)*\\p{Lu}[\\p{L}'’.-]*)*)\\.?\\s+${YEAR}\\s*;\\s*\\d+`,
  "u",
);
/** "© 2020 Elsevier", "©2017 IEEE", "Copyright 2019". */
const COPYRIGHT = new RegExp(`(?:©|\\(c\\)|\\bcopyright\\b)\\s*(?:\\(c\\)\\s*)?${YEAR}\\b`, "i");
/** New-style arXiv ids: arXiv:2103.01234v2 → 2021; old style arXiv:hep-th/9901001 → 1999. */
const ARXIV_NEW = /\barXiv:\s*(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?\b/i;
const ARXIV_OLD = /\barXiv:\s*[a-z-]+(?:\.[A-Z]{2})?\/(\d{2})(\d{2})\d{3}\b/i;
const RECEIVED = new RegExp(`\\b(?:received|accepted|revised)\\b[^\\n]*?\\b${YEAR}\\b`, "i");
const REVISION = new RegExp(
  `\\b(?:last\\s+revision|last\\s+(?:updated|modified)|draft\\s+of|manuscript\\s+(?:date|submitted))\\b[^\\n]{0,40}?\\b${YEAR}\\b`,
  "i",
);
/** "2017 25th European Signal Processing Conference (EUSIPCO)". */
const PROCEEDINGS_LINE =
  /^((?:19|20)\d{2})\s+(?:\d{1,3}(?:st|nd|rd|th)\s+)?(.{5,160}?\b(?:Conference|Symposium|Workshop|Congress|Meeting)\b.*)$/;
const PROCEEDINGS_OF = /\b(Proceedings of (?:the )?[^,;\n]{5,160})/;

/** A year candidate with its source, best first. */
interface YearCandidate {
  year: number;
  source: string;
}

function plausibleYear(y: number): boolean {
  return y >= 1900 && y <= 2100;
}

/** Every year page 1 and the info state, best first (see {@link extractMetadata}). */
function yearCandidates(lines: readonly string[], info: PdfInfo): YearCandidate[] {
  const out: YearCandidate[] = [];
  const fromLines = (pattern: RegExp, source: string, pick: (m: RegExpExecArray) => number, latest = false) => {
    const years = lines.flatMap((l) => {
      const m = pattern.exec(l);
      return m ? [pick(m)] : [];
    });
    const valid = years.filter(plausibleYear);
    if (valid.length > 0) out.push({ year: latest ? Math.max(...valid) : (valid[0] as number), source });
  };
  const num = (i: number | string) => (m: RegExpExecArray) => Number(typeof i === "number" ? m[i] : m.groups?.[i]);
  fromLines(PUBLISHED, "first-page", num(1));
  fromLines(CITATION, "first-page", num(3));
  fromLines(CITATION_SEMICOLON, "first-page", num(2));
  fromLines(PROCEEDINGS_LINE, "first-page", num(1));
  fromLines(COPYRIGHT, "first-page", num(1));
  fromLines(ARXIV_NEW, "arxiv-id", (m) => (Number(m[2]) >= 1 && Number(m[2]) <= 12 ? 2000 + Number(m[1]) : 0));
  fromLines(ARXIV_OLD, "arxiv-id", (m) => (Number(m[1]) >= 91 ? 1900 : 2000) + Number(m[1]));
  fromLines(RECEIVED, "first-page", num(1), true);
  fromLines(REVISION, "first-page", num(1));
  const cover = /((?:19|20)\d{2})/.exec(info.coverDate ?? "");
  if (cover) out.push({ year: Number(cover[1]), source: "pdf-info" });
  const subject = info.subject ? CITATION.exec(info.subject) : null;
  if (subject) out.push({ year: Number(subject[3]), source: "pdf-info" });
  const created = /^D:((?:19|20)\d{2})/.exec(info.creationDate ?? "");
  if (created) out.push({ year: Number(created[1]), source: "pdf-info" });
  return out.filter((c) => plausibleYear(c.year));
}

// ---------------------------------------------------------------------------------------------
// Venue
// ---------------------------------------------------------------------------------------------

/** A venue candidate with its source, best first. */
interface VenueCandidate {
  venue: string;
  source: string;
}

/** The journal or proceedings page 1 and the info name, best first; "arXiv" for an arXiv preprint. */
function venueCandidates(lines: readonly string[], info: PdfInfo): VenueCandidate[] {
  const out: VenueCandidate[] = [];
  const add = (venue: string | undefined, source: string) => {
    const clean = venue ? cleanVenue(venue) : "";
    if (clean.length >= 3 && /\p{L}{3}/u.test(clean)) out.push({ venue: clean, source });
  };
  const after = lines.findIndex((l) => /contents lists? available/i.test(l));
  if (after >= 0) add(lines[after + 1], "first-page");
  for (const line of lines) {
    const m = CITATION.exec(line) ?? CITATION_SEMICOLON.exec(line);
    if (m?.groups?.venue) add(m.groups.venue, "first-page");
  }
  for (const line of lines) {
    const m = PROCEEDINGS_LINE.exec(line);
    if (m) add(m[2], "first-page");
    const p = PROCEEDINGS_OF.exec(line);
    if (p) add(p[1], "first-page");
  }
  if (info.publication) add(info.publication, "pdf-info");
  const subject = info.subject ? CITATION.exec(info.subject) : null;
  if (subject?.groups?.venue) add(subject.groups.venue, "pdf-info");
  if (lines.some((l) => ARXIV_NEW.test(l) || ARXIV_OLD.test(l))) out.push({ venue: "arXiv", source: "arxiv-id" });
  return out;
}

/**
 * A venue as written, tidied: glued banner words spaced ("JournalofFictionalEcology" → "Journal of
 * Fictional Ecology"), URLs and a trailing volume, year or punctuation removed.
 */
function cleanVenue(raw: string): string {
  let venue = raw.replace(/\S*(?:https?:|www\.|\.com|\.org)\S*/gi, " ").trim();
  if (!/\s/.test(venue) && /\p{Ll}\p{Lu}/u.test(venue)) {
    venue = venue
      .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
      .replace(/^(Journal|Proceedings|Annals|Transactions|Bulletin|Archives|Letters)(of|on|for|in)\b/, "$1 $2");
  }
  return venue
    .replace(/\s*\(?\b(?:19|20)\d{2}\)?\s*$/, "")
    .replace(/[\s.,;:–-]+$/, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// DOI
// ---------------------------------------------------------------------------------------------

const DOI_ANY = /\b10\.\d{4,9}\/[^\s"'<>]+/g;
/** A line that starts with the paper's DOI: "DOI: 10.1111/x", "https://doi.org/10.1016/j.x". */
const DOI_LABELLED = /^(?:doi\s*:?\s*|(?:https?:\/\/)?(?:dx\.)?doi\.org\/)(10\.\d{4,9}\/[^\s"'<>]+)/i;
/** Prefixes of data and code repositories (Zenodo, Dryad, figshare, GBIF, PANGAEA, OSF, Dataverse, EDI, Code Ocean). */
const DATA_DOI = /^10\.(?:5281|5061|6084|15468|1594|17605|7910|6073|24433)\//;
/** A line that names a DOI as where data or code are, not as the paper's own. */
const DATA_LINE = /\b(?:data|code|software|available|deposited|repository|archived|supplement)/i;

/** A DOI as found in running text: trailing punctuation and an unbalanced closing bracket removed. */
function doiFromText(raw: string): string | undefined {
  let doi = raw.replace(/[.,;:]+$/, "");
  for (const [open, close] of [
    ["(", ")"],
    ["[", "]"],
  ] as const) {
    while (doi.endsWith(close) && doi.split(open).length < doi.split(close).length) doi = doi.slice(0, -1);
  }
  return normaliseDoi(doi);
}

/** The text of a page before its references heading (a DOI there is another paper's). */
function beforeReferences(page: string): string {
  const at = page.search(/^\s*(?:\d+\.?\s*)?(?:references|bibliography|literature cited)\s*$/im);
  return at < 0 ? page : page.slice(0, at);
}

/** Every DOI candidate, best first: labelled on page 1, any on page 1, the PDF info's, labelled on page 2. */
function doiCandidates(pages: readonly string[], info: PdfInfo): { doi: string; source: string }[] {
  const out: { doi: string; source: string }[] = [];
  const linesOf = (page: string | undefined) => normalizePageLines(beforeReferences(page ?? "")).filter(Boolean);
  const page1 = linesOf(pages[0]);
  const labelled = (lines: string[]) =>
    lines.map((l) => DOI_LABELLED.exec(l)?.[1]).filter((d): d is string => d !== undefined);
  for (const raw of labelled(page1)) out.push({ doi: doiFromText(raw) ?? "", source: "doi-pattern" });
  // Any other DOI of page 1, unless it points to data or code (a repository's prefix, or a line that says so).
  for (const line of page1.filter((l) => !DATA_LINE.test(l))) {
    for (const m of line.matchAll(DOI_ANY)) {
      const doi = doiFromText(m[0]);
      if (doi && !DATA_DOI.test(doi)) out.push({ doi, source: "doi-pattern" });
    }
  }
  if (info.doi) out.push({ doi: normaliseDoi(info.doi) ?? "", source: "pdf-info" });
  for (const raw of labelled(linesOf(pages[1]))) out.push({ doi: doiFromText(raw) ?? "", source: "doi-pattern" });
  return out.filter((c) => c.doi !== "");
}
