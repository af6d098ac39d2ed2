/**
 * A paper's bibliographic metadata on its page: title, authors, year, venue and DOI, each with where it
 * came from, and (in the review UI) a small form that stores an edit. Every value is escaped by `html`.
 */
import type { DocumentMetadata, MetadataField } from "../../types.js";
import { type Html, html } from "./template.js";

/** The labels of the fields, in the order the block shows them. */
const LABELS: readonly [MetadataField, string][] = [
  ["title", "Title"],
  ["authors", "Authors"],
  ["year", "Year"],
  ["journal", "Venue"],
  ["doi", "DOI"],
];

/** What each source means, for the hover text of its tag. */
const SOURCE_TEXT: Record<string, string> = {
  "pdf-info": "the PDF's own metadata",
  "first-page": "the first page's text",
  "arxiv-id": "the arXiv identifier",
  "doi-pattern": "a DOI on the first page",
  jats: "the JATS markup",
  tei: "the TEI markup",
  review: "a reviewer's edit",
};

/** A field's value as text: authors joined by "; ". */
export function fieldText(metadata: DocumentMetadata | undefined, field: MetadataField): string {
  const value = metadata?.[field];
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join("; ") : String(value);
}

function sourceTag(source: string | undefined): Html | "" {
  if (!source) return "";
  const title = source.startsWith("user:") ? `your records (${source.slice(5)})` : (SOURCE_TEXT[source] ?? source);
  return html` <span class="src" title="from ${title}">${source}</span>`;
}

/**
 * The metadata block of a paper's page; with `edit`, the form that POSTs an edit to /api/metadata
 * (the client script sends it with the session token, like a review).
 * @example metadataBlock(paperId, { year: 2021, sources: { year: "arxiv-id" } }, { edit: true })
 */
export function metadataBlock(
  paperId: string,
  metadata: DocumentMetadata | undefined,
  options: { edit?: boolean } = {},
): Html {
  const rows = LABELS.filter(([field]) => field !== "title" && metadata?.[field] !== undefined).map(
    ([field, label]) => {
      const value = fieldText(metadata, field);
      const shown =
        field === "doi"
          ? html`<a href="https://doi.org/${value}" rel="noreferrer noopener" target="_blank">${value}</a>`
          : value;
      return html`<div><dt>${label}</dt><dd>${shown}${sourceTag(metadata?.sources?.[field])}</dd></div>`;
    },
  );
  const titleSource =
    metadata?.title !== undefined
      ? html`<div><dt>Title from</dt><dd>${sourceTag(metadata.sources?.title)}</dd></div>`
      : "";
  const list =
    rows.length > 0 || titleSource
      ? html`<dl class="biblio">${rows}${titleSource}</dl>`
      : html`<p class="biblio none">No metadata found.</p>`;
  const form = options.edit
    ? html`<details class="metaedit"><summary>Edit metadata</summary>
<form class="metaform" data-metadata-form data-doc="${paperId}">
${LABELS.map(
  ([field, label]) =>
    html`<label>${label}${field === "authors" ? " (separated by ;)" : ""} <input name="${field}" value="${fieldText(metadata, field)}"${field === "year" ? html` inputmode="numeric"` : ""}></label>`,
)}
<div><button type="submit">Save metadata</button> <span class="status" aria-live="polite"></span></div>
</form></details>`
    : "";
  return html`<section class="metadata" data-metadata-block>${list}${form}</section>`;
}
