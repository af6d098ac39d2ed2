/** Turns a metadata form POST from the review UI into the fields of a stored edit (only what changed). */
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import { normaliseDoi } from "../fetch/dois.js";
import type { MetadataFields } from "../store/metadata.js";
import type { DocumentMetadata, MetadataField } from "../types.js";

const field = z.string().max(2000).optional();

/** The body of POST /api/metadata: the form's fields as typed (empty: clear the field). */
export const MetadataRequestSchema = z
  .object({
    documentId: z.string().min(1).max(200).describe("Paper id (from the page, never a path)"),
    title: field.describe("Title"),
    authors: field.describe('Authors separated by ";"'),
    year: field.describe("Four-digit year"),
    journal: field.describe("Journal, proceedings or other venue"),
    doi: field.describe("DOI, bare or as a doi.org link"),
  })
  .strict();
export type MetadataRequest = z.infer<typeof MetadataRequestSchema>;

/**
 * The fields of `request` that differ from `current` (what the page showed), parsed: authors split at
 * ";", the year a number, the DOI normalised; an emptied field is null (cleared). Throws
 * MethodscopeError("usage") for a year or DOI that is not one.
 * @example metadataEditFor({ year: 2020 }, { documentId: "ab…", year: "2021" }) // { year: 2021 }
 */
export function metadataEditFor(current: DocumentMetadata | undefined, request: MetadataRequest): MetadataFields {
  const edit: MetadataFields = {};
  const text = (value: string) => value.replace(/\s+/g, " ").trim();
  if (request.title !== undefined) {
    const title = text(request.title);
    if (title !== (current?.title ?? "")) edit.title = title || null;
  }
  if (request.authors !== undefined) {
    const authors = request.authors
      .split(";")
      .map(text)
      .filter((a) => a !== "");
    if (authors.join("; ") !== (current?.authors ?? []).join("; ")) edit.authors = authors.length > 0 ? authors : null;
  }
  if (request.year !== undefined) {
    const raw = text(request.year);
    if (raw !== "" && !/^\d{4}$/.test(raw))
      throw new MethodscopeError("usage", `Invalid year "${raw}": give four digits.`);
    const year = raw === "" ? null : Number(raw);
    if (year !== (current?.year ?? null)) edit.year = year;
  }
  if (request.journal !== undefined) {
    const journal = text(request.journal);
    if (journal !== (current?.journal ?? "")) edit.journal = journal || null;
  }
  if (request.doi !== undefined) {
    const raw = text(request.doi);
    const doi = raw === "" ? null : normaliseDoi(raw);
    if (doi === undefined) throw new MethodscopeError("usage", `Invalid DOI "${raw}": expected 10.<prefix>/<suffix>.`);
    if (doi !== (current?.doi ?? null)) edit.doi = doi;
  }
  return edit;
}

/** The fields an edit changes, for messages. */
export function changedFields(edit: MetadataFields): MetadataField[] {
  return Object.keys(edit) as MetadataField[];
}
