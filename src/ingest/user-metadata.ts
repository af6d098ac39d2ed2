/**
 * A user's own bibliographic records (`extract --metadata file.csv|.bib|.ris`) joined to the papers read:
 * by DOI, else by file name (with or without its extension). A field the user gives wins over an
 * extracted one and carries the source "user:<file name>". Parsing is `fetch/dois.ts`'s.
 */
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { MethodscopeError } from "../errors.js";
import { type BibRecord, parseRecordList } from "../fetch/dois.js";
import type { Document, DocumentMetadata, MetadataField } from "../types.js";

/** A user's record file, parsed. */
export interface UserMetadata {
  /** The file's name (no folder): the fields' source is "user:<label>". */
  label: string;
  records: BibRecord[];
}

/**
 * Reads and parses a record file. Throws MethodscopeError: not-found / unreadable, or usage when the
 * file holds no record.
 * @example loadUserMetadata("refs.bib").records.length // 12
 */
export function loadUserMetadata(path: string): UserMetadata {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MethodscopeError(
      code === "ENOENT" ? "not-found" : "unreadable",
      `--metadata ${path}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "error"})`}`,
      { cause: error },
    );
  }
  const { records } = parseRecordList(text);
  if (records.length === 0) {
    throw new MethodscopeError(
      "usage",
      `--metadata ${path}: no records found; give a CSV with a header (doi, title, authors, year, journal, file), BibTeX or RIS`,
    );
  }
  return { label: basename(path), records };
}

/** Joins papers to a user's records and counts which records were used. */
export interface RecordMatcher {
  /** The record for a paper: by its DOI, else by its file name; undefined when none. */
  match(paper: { path: string; doi?: string }): BibRecord | undefined;
  /** How many records no paper matched so far. */
  unmatched(): number;
  /** How many records there are. */
  total(): number;
}

/**
 * A matcher over `user`'s records.
 * @example createRecordMatcher(user).match({ path: "papers/smith2020.pdf" })?.year // 2020
 */
export function createRecordMatcher(user: UserMetadata): RecordMatcher {
  const byDoi = new Map<string, number>();
  const byName = new Map<string, number>();
  user.records.forEach((r, i) => {
    if (r.doi && !byDoi.has(r.doi)) byDoi.set(r.doi, i);
    for (const f of r.files) {
      for (const key of nameKeys(f)) if (!byName.has(key)) byName.set(key, i);
    }
  });
  const used = new Set<number>();
  return {
    match: (paper) => {
      const fromDoi = paper.doi ? byDoi.get(paper.doi.toLowerCase()) : undefined;
      const name = basename(paper.path).toLowerCase();
      const index = fromDoi ?? byName.get(name) ?? byName.get(stem(name));
      if (index === undefined) return undefined;
      used.add(index);
      return user.records[index];
    },
    unmatched: () => user.records.length - used.size,
    total: () => user.records.length,
  };
}

/** The names a record's file is known by: its base name and its base name without extension (lower case). */
function nameKeys(file: string): string[] {
  const name = basename(file.replace(/\\/g, "/")).toLowerCase();
  return [name, stem(name)];
}

function stem(name: string): string {
  return basename(name, extname(name));
}

/**
 * A Document with a user's record joined: each field the record gives replaces the extracted one
 * (source "user:<label>"), and a given title becomes the Document's title.
 * @example withUserRecord(doc, { year: 2020, files: [] }, "refs.csv").metadata?.sources?.year // "user:refs.csv"
 */
export function withUserRecord(document: Document, record: BibRecord, label: string): Document {
  const metadata: DocumentMetadata = { ...document.metadata, sources: { ...document.metadata?.sources } };
  const sources = metadata.sources as Partial<Record<MetadataField, string>>;
  const fields: [MetadataField, unknown][] = [
    ["title", record.title],
    ["authors", record.authors],
    ["year", record.year],
    ["journal", record.journal],
    ["doi", record.doi],
  ];
  for (const [field, value] of fields) {
    if (value === undefined) continue;
    (metadata as Record<string, unknown>)[field] = value;
    sources[field] = `user:${label}`;
  }
  return { ...document, title: record.title ?? document.title, metadata };
}
