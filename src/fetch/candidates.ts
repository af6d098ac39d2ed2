/**
 * Which URLs to try for one DOI, best first. XML (JATS full text from Europe PMC, when a record names a
 * PubMed Central id) is preferred by default because it carries sections, references and metadata
 * explicitly; then the PDFs the services list, their best locations first. `prefer: "pdf"` swaps the two.
 */
import type { OaLocation, OaRecord } from "./records.js";

export type FileKind = "xml" | "pdf";

/** One URL to try, with what is known of the copy behind it. */
export interface Candidate {
  url: string;
  kind: FileKind;
  /** The service that named this copy. */
  via: "europepmc" | "openalex" | "unpaywall";
  license: string | null;
  version: string | null;
}

export interface CandidateOptions {
  prefer: FileKind;
  /** Europe PMC's REST base, e.g. https://www.ebi.ac.uk/europepmc/webservices/rest */
  europepmcUrl: string;
}

/** The URLs to try for one DOI, in order, without repeats. */
export function candidatesFor(records: OaRecord[], options: CandidateOptions): Candidate[] {
  const locations = records.flatMap((r) => r.locations);
  const xml: Candidate[] = [];
  const pmcid = records.map((r) => r.pmcid).find((p) => p !== null);
  if (pmcid) {
    const at = locations.find((l) => mentions(l, pmcid));
    xml.push({
      url: `${trimSlash(options.europepmcUrl)}/${pmcid}/fullTextXML`,
      kind: "xml",
      via: "europepmc",
      license: at?.license ?? null,
      version: at?.version ?? null,
    });
  }
  const ranked = [...locations.filter((l) => l.best), ...locations.filter((l) => !l.best)];
  const pdf: Candidate[] = ranked
    .filter((l): l is OaLocation & { pdfUrl: string } => isHttpUrl(l.pdfUrl))
    .map((l) => ({ url: l.pdfUrl, kind: "pdf", via: l.service, license: l.license, version: l.version }));
  const ordered = options.prefer === "xml" ? [...xml, ...pdf] : [...pdf, ...xml];
  const seen = new Set<string>();
  return ordered.filter((c) => !seen.has(c.url) && seen.add(c.url));
}

function mentions(location: OaLocation, pmcid: string): boolean {
  const digits = pmcid.slice(3);
  return [location.pdfUrl, location.landingUrl].some((u) => u !== null && new RegExp(`PMC${digits}\\b`, "i").test(u));
}

function isHttpUrl(url: string | null): url is string {
  return url !== null && /^https?:\/\//i.test(url);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
