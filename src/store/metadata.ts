/**
 * Reviewers' edits of a paper's metadata (title, authors, year, venue, DOI). Like reviews, an edit never
 * overwrites what the machine extracted: each is a new row in `metadata_edits` holding the fields it
 * sets (null: cleared), and a paper's metadata is its stored one with the edits applied in order, so
 * the latest edit of each field wins, with source "review".
 */
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import type { DocumentMetadata, MetadataField } from "../types.js";
import type { Store } from "./store.js";

/** The fields one edit sets; null clears a field, an absent one is left as it was. */
export interface MetadataFields {
  title?: string | null;
  authors?: string[] | null;
  year?: number | null;
  journal?: string | null;
  doi?: string | null;
}

/** A stored edit. */
export interface MetadataEdit {
  id: number;
  documentId: string;
  fields: MetadataFields;
  reviewer: string;
  createdAt: string;
}

const MAX_TEXT = 2000;
const optionalText = z.string().trim().max(MAX_TEXT).nullable().optional();

/** The fields of an edit as stored and as the review UI sends them (every field optional). */
export const MetadataFieldsSchema = z
  .object({
    title: optionalText.describe("The paper's title; null or empty clears it"),
    authors: z.array(z.string().trim().min(1).max(300)).max(500).nullable().optional().describe("Authors in order"),
    year: z.number().int().min(1000).max(2999).nullable().optional().describe("Publication year"),
    journal: optionalText.describe("Journal, proceedings or other venue"),
    doi: optionalText.describe("Bare DOI (10.x/y)"),
  })
  .strict();

/**
 * Records one edit of a paper's metadata and returns it. Throws MethodscopeError("not-found") for a
 * paper that is not in the store and ("usage") for an edit that sets nothing.
 * @example addMetadataEdit(store, { documentId, fields: { year: 2021 }, reviewer: "ana" })
 */
export function addMetadataEdit(
  store: Store,
  input: { documentId: string; fields: MetadataFields; reviewer: string },
  now: Date = new Date(),
): MetadataEdit {
  const fields = MetadataFieldsSchema.parse(input.fields);
  if (Object.keys(fields).length === 0) throw new MethodscopeError("usage", "A metadata edit needs a field to set.");
  const reviewer = input.reviewer.trim();
  if (reviewer === "" || reviewer.length > 100) {
    throw new MethodscopeError("usage", "A metadata edit needs a reviewer name (1–100 characters).");
  }
  const createdAt = now.toISOString();
  return store.transaction(() => {
    if (store.db.prepare("SELECT 1 FROM documents WHERE id = ?").get(input.documentId) === undefined) {
      throw new MethodscopeError("not-found", `No paper with id ${input.documentId} in the store.`);
    }
    const info = store.db
      .prepare(
        "INSERT INTO metadata_edits (document_id, fields_json, reviewer, created_at) VALUES (@doc, @fields, @reviewer, @at)",
      )
      .run({ doc: input.documentId, fields: JSON.stringify(fields), reviewer, at: createdAt });
    return { id: Number(info.lastInsertRowid), documentId: input.documentId, fields, reviewer, createdAt };
  });
}

interface EditRow {
  id: number;
  document_id: string;
  fields_json: string;
  reviewer: string;
  created_at: string;
}

/** A paper's metadata edits, oldest first (none in a store older than the edits table). */
export function listMetadataEdits(store: Store, documentId: string): MetadataEdit[] {
  if (!hasEditsTable(store)) return [];
  const rows = store.db
    .prepare("SELECT * FROM metadata_edits WHERE document_id = ? ORDER BY id")
    .all(documentId) as EditRow[];
  return rows.map(editOf);
}

/**
 * Every paper's metadata edits, oldest first, by paper id (for views over the whole corpus).
 * @example applyMetadataEdits(stored, allMetadataEdits(store).get(id) ?? [])
 */
export function allMetadataEdits(store: Store): Map<string, MetadataEdit[]> {
  const out = new Map<string, MetadataEdit[]>();
  if (!hasEditsTable(store)) return out;
  for (const row of store.db.prepare("SELECT * FROM metadata_edits ORDER BY id").all() as EditRow[]) {
    const edits = out.get(row.document_id) ?? [];
    edits.push(editOf(row));
    out.set(row.document_id, edits);
  }
  return out;
}

function editOf(r: EditRow): MetadataEdit {
  return {
    id: r.id,
    documentId: r.document_id,
    fields: JSON.parse(r.fields_json) as MetadataFields,
    reviewer: r.reviewer,
    createdAt: r.created_at,
  };
}

/**
 * A paper's metadata as the views and exports show it: the stored one (extracted, with a user's
 * records) with the reviewers' edits applied; undefined when the paper is not in the store.
 * @example paperMetadata(store, paperId)?.year // 2021
 */
export function paperMetadata(store: Store, documentId: string): DocumentMetadata | undefined {
  const row = store.db.prepare("SELECT metadata_json FROM documents WHERE id = ?").get(documentId) as
    | { metadata_json?: string | null }
    | undefined;
  if (row === undefined) return undefined;
  const stored = row.metadata_json ? (JSON.parse(row.metadata_json) as DocumentMetadata) : {};
  return applyMetadataEdits(stored, listMetadataEdits(store, documentId));
}

/**
 * `metadata` with `edits` applied in order: each field an edit sets takes its value (null removes it)
 * and the source "review".
 * @example applyMetadataEdits({ year: 2020 }, [edit({ year: 2021 })]) // { year: 2021, sources: { year: "review" } }
 */
export function applyMetadataEdits(metadata: DocumentMetadata, edits: readonly MetadataEdit[]): DocumentMetadata {
  if (edits.length === 0) return metadata;
  const out: DocumentMetadata = { ...metadata, sources: { ...metadata.sources } };
  const sources = out.sources as Partial<Record<MetadataField, string>>;
  for (const edit of edits) {
    for (const [field, value] of Object.entries(edit.fields) as [MetadataField, unknown][]) {
      if (value === undefined) continue;
      if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
        delete out[field];
        delete sources[field];
      } else {
        (out as Record<string, unknown>)[field] = value;
        sources[field] = "review";
      }
    }
  }
  if (Object.keys(sources).length === 0) delete out.sources;
  return out;
}

function hasEditsTable(store: Store): boolean {
  return (
    store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'metadata_edits'").get() !== undefined
  );
}
