/**
 * The two services' answers, read with zod at the edge and turned into one shape: the open-access
 * locations a DOI has (PDF and landing URLs, licence, version) and its PubMed Central id when known.
 * Only the fields methodscope uses are read; everything else in a record is ignored.
 */
import { z } from "zod";

/** One open-access copy a service knows of. */
export interface OaLocation {
  service: "openalex" | "unpaywall";
  /** The service's best location for this DOI. */
  best: boolean;
  pdfUrl: string | null;
  /** Landing page, or Unpaywall's `url` (which is the PDF when there is one). */
  landingUrl: string | null;
  license: string | null;
  /** publishedVersion, acceptedVersion, submittedVersion… */
  version: string | null;
  /** publisher or repository (Unpaywall's host_type; OpenAlex's source type). */
  hostType: string | null;
}

/** What one service said about one DOI. */
export interface OaRecord {
  service: "openalex" | "unpaywall";
  /** `PMC` + digits, when the record names one (OpenAlex's ids.pmcid, or a PMC URL in a location). */
  pmcid: string | null;
  locations: OaLocation[];
}

const text = z.string().nullish();

const OpenAlexLocation = z.object({
  is_oa: z.boolean().nullish(),
  landing_page_url: text,
  pdf_url: text,
  license: text,
  version: text,
  source: z.object({ type: text }).nullish(),
});
type OpenAlexLocation = z.infer<typeof OpenAlexLocation>;

/** The fields of an OpenAlex work (`GET /works/doi:…`) that methodscope reads. */
export const OpenAlexWorkSchema = z.object({
  id: z.string(),
  ids: z.object({ pmcid: text }).nullish(),
  best_oa_location: OpenAlexLocation.nullish(),
  locations: z.array(OpenAlexLocation).nullish(),
});

const UnpaywallLocation = z.object({
  url: text,
  url_for_pdf: text,
  url_for_landing_page: text,
  license: text,
  version: text,
  host_type: text,
});
type UnpaywallLocation = z.infer<typeof UnpaywallLocation>;

/** The fields of an Unpaywall record (`GET /v2/{doi}`) that methodscope reads. */
export const UnpaywallRecordSchema = z.object({
  doi: z.string(),
  is_oa: z.boolean().nullish(),
  best_oa_location: UnpaywallLocation.nullish(),
  oa_locations: z.array(UnpaywallLocation).nullish(),
});

/** An OpenAlex work as an OaRecord; throws ZodError when the JSON is not a work. */
export function openAlexRecord(json: unknown): OaRecord {
  const work = OpenAlexWorkSchema.parse(json);
  const fromOpenAlex = (l: OpenAlexLocation, best: boolean): OaLocation => ({
    service: "openalex",
    best,
    pdfUrl: l.pdf_url ?? null,
    landingUrl: l.landing_page_url ?? null,
    license: l.license ?? null,
    version: l.version ?? null,
    hostType: l.source?.type ?? null,
  });
  const locations: OaLocation[] = [];
  if (work.best_oa_location) locations.push(fromOpenAlex(work.best_oa_location, true));
  for (const l of work.locations ?? []) if (l.is_oa !== false) locations.push(fromOpenAlex(l, false));
  const pmcid = normalisePmcid(work.ids?.pmcid) ?? pmcidInUrls(locations);
  return { service: "openalex", pmcid, locations };
}

/** An Unpaywall record as an OaRecord; throws ZodError when the JSON is not one. */
export function unpaywallRecord(json: unknown): OaRecord {
  const record = UnpaywallRecordSchema.parse(json);
  const fromUnpaywall = (l: UnpaywallLocation, best: boolean): OaLocation => ({
    service: "unpaywall",
    best,
    pdfUrl: l.url_for_pdf ?? null,
    landingUrl: l.url_for_landing_page ?? l.url ?? null,
    license: l.license ?? null,
    version: l.version ?? null,
    hostType: l.host_type ?? null,
  });
  const locations: OaLocation[] = [];
  if (record.best_oa_location) locations.push(fromUnpaywall(record.best_oa_location, true));
  for (const l of record.oa_locations ?? []) locations.push(fromUnpaywall(l, false));
  return { service: "unpaywall", pmcid: pmcidInUrls(locations), locations };
}

/**
 * `PMC` + digits from OpenAlex's pmcid (a URL ending in the number) or a bare id.
 * @example normalisePmcid("https://www.ncbi.nlm.nih.gov/pmc/articles/123456") // "PMC123456"
 */
export function normalisePmcid(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /(?:^|\/|PMC)(\d{3,10})\/?$/i.exec(raw.trim());
  return m ? `PMC${m[1]}` : null;
}

/** A PMC id named in a location's URL (`…/pmc/articles/PMC123/`, Europe PMC's `…/PMC123`). */
function pmcidInUrls(locations: OaLocation[]): string | null {
  for (const l of locations) {
    for (const url of [l.pdfUrl, l.landingUrl]) {
      const m = url ? /\bPMC(\d{3,10})\b/i.exec(url) : null;
      if (m) return `PMC${m[1]}`;
    }
  }
  return null;
}
