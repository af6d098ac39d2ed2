/**
 * Reading a list of DOIs as users export it from a literature search: one DOI per line, a CSV with a
 * `doi` column, BibTeX (`doi = {…}`) or RIS (`DO  - …`). DOIs are normalised (lower case, `https://doi.org/`
 * and `doi:` prefixes removed) and duplicates dropped, first occurrence first.
 */

/** The formats `parseDoiList` recognises. */
export type DoiListFormat = "lines" | "csv" | "bibtex" | "ris";

/** What a DOI file held: the DOIs in file order, and the entries that were not DOIs (for the user). */
export interface DoiList {
  format: DoiListFormat;
  dois: string[];
  /** Non-empty entries that are not DOIs, as written (trimmed). */
  invalid: string[];
  /** How many entries repeated a DOI seen earlier. */
  duplicates: number;
}

const DOI_SHAPE = /^10\.\d{4,9}\/\S+$/;

/**
 * A DOI in its canonical form, or undefined when `raw` is not one. DOIs are case-insensitive, so the
 * canonical form is lower case; resolver prefixes and trailing punctuation from prose are removed.
 * @example normaliseDoi("https://doi.org/10.1000/ABC.1") // "10.1000/abc.1"
 * @example normaliseDoi("doi: 10.1000/x.") // "10.1000/x"
 */
export function normaliseDoi(raw: string): string | undefined {
  let doi = raw.trim().replace(/^["'{<]+|["'}>]+$/g, "");
  doi = doi.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, "");
  doi = doi.replace(/^doi:\s*/i, "");
  try {
    if (/%[0-9a-f]{2}/i.test(doi)) doi = decodeURIComponent(doi);
  } catch {
    // A lone "%" is kept as written; the shape check below decides.
  }
  doi = doi
    .trim()
    .replace(/[.,;]+$/, "")
    .toLowerCase();
  return DOI_SHAPE.test(doi) ? doi : undefined;
}

/** Which of the four formats a file's text is in, from its content. */
export function detectDoiListFormat(text: string): DoiListFormat {
  if (/^\s*@\w+\s*[{(]/m.test(text)) return "bibtex";
  if (/^(?:TY|DO|ER) {2}-/m.test(text)) return "ris";
  const header = firstLine(text);
  if (/[,;\t]/.test(header) && splitCsvLine(header, delimiterOf(header)).some((c) => isDoiHeader(c))) return "csv";
  return "lines";
}

/**
 * The DOIs of a DOI file's text, in any of the four formats.
 * @example parseDoiList("10.1/a\nhttps://doi.org/10.1/A\n").dois // ["10.1/a"]
 */
export function parseDoiList(text: string): DoiList {
  const clean = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const format = detectDoiListFormat(clean);
  const entries =
    format === "bibtex"
      ? bibtexDois(clean)
      : format === "ris"
        ? risDois(clean)
        : format === "csv"
          ? csvDois(clean)
          : lineDois(clean);
  const dois: string[] = [];
  const seen = new Set<string>();
  const invalid: string[] = [];
  let duplicates = 0;
  for (const entry of entries) {
    const doi = normaliseDoi(entry);
    if (!doi) invalid.push(entry.trim());
    else if (seen.has(doi)) duplicates++;
    else {
      seen.add(doi);
      dois.push(doi);
    }
  }
  return { format, dois, invalid, duplicates };
}

/** One DOI per line; blank lines and `#` comments skipped. */
function lineDois(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** `doi = {…}`, `doi = "…"` or `doi = bare` fields of BibTeX entries. */
function bibtexDois(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bdoi\s*=\s*(?:\{([^{}]*)\}|"([^"]*)"|([^\s,}]+))/gi)) {
    out.push((m[1] ?? m[2] ?? m[3] ?? "").trim());
  }
  return out.filter((d) => d !== "");
}

/** `DO  - …` lines of RIS records. */
function risDois(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^DO {2}- ?(.*)$/gm)) if (m[1].trim() !== "") out.push(m[1].trim());
  return out;
}

/** The `doi` column of a CSV (comma, semicolon or tab separated, quoted fields allowed). */
function csvDois(text: string): string[] {
  const lines = text.split("\n");
  const delimiter = delimiterOf(lines[0]);
  const column = splitCsvLine(lines[0], delimiter).findIndex((c) => isDoiHeader(c));
  const out: string[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === "") continue;
    const cell = splitCsvLine(line, delimiter)[column]?.trim() ?? "";
    if (cell !== "") out.push(cell);
  }
  return out;
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "") ?? "";
}

function isDoiHeader(cell: string): boolean {
  return cell.trim().toLowerCase() === "doi";
}

function delimiterOf(header: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/**
 * One CSV line split into cells; `"…"` quotes a cell and `""` inside quotes is a quote. Cells that span
 * lines are not supported (a DOI column never needs them; such a row's later cells are lost).
 */
export function splitCsvLine(line: string, delimiter = ","): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (c === delimiter) {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * One bibliographic record of a user's own list (`extract --metadata`): the fields it gives, and the
 * file names it names (a BibTeX `file`, a RIS `L1`, a CSV `file` column) for joining by file name.
 */
export interface BibRecord {
  doi?: string;
  title?: string;
  /** As "Given Surname" (a BibTeX or RIS "Surname, Given" is turned round). */
  authors?: string[];
  year?: number;
  journal?: string;
  files: string[];
}

/** What a record file held: its format and its records in file order (records with no field are dropped). */
export interface RecordList {
  format: DoiListFormat;
  records: BibRecord[];
}

/**
 * The records of a CSV (with a header: doi, title, authors/author, year, journal/venue, file/filename/pdf),
 * BibTeX or RIS text, the formats {@link parseDoiList} reads. One DOI per line gives records with a DOI only.
 * @example parseRecordList("doi,year\n10.1/a,2020\n").records // [{ doi: "10.1/a", year: 2020, files: [] }]
 */
export function parseRecordList(text: string): RecordList {
  const clean = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let format = detectDoiListFormat(clean);
  if (format === "lines" && /[,;\t]/.test(firstLine(clean))) format = "csv";
  const raw =
    format === "bibtex"
      ? bibtexRecords(clean)
      : format === "ris"
        ? risRecords(clean)
        : format === "csv"
          ? csvRecords(clean)
          : lineDois(clean).map((doi) => ({ doi }));
  const records = raw.map(tidyRecord).filter((r) => r.doi || r.title || r.files.length > 0);
  return { format, records };
}

interface RawRecord {
  doi?: string;
  title?: string;
  authors?: string[];
  year?: string;
  journal?: string;
  files?: string[];
}

const RECORD_FILE = /[^\s:;{}"'|]+\.(?:pdf|txt|md|xml|nxml)\b/gi;

function tidyRecord(raw: RawRecord): BibRecord {
  // Paper file names in the field; a bare name without an extension ("smith2020") is taken as written.
  const names = (field: string) =>
    field.match(RECORD_FILE) ?? (/^[^\s:;/\\]+$/.test(field.trim()) ? [field.trim()] : []);
  const record: BibRecord = { files: [...new Set((raw.files ?? []).flatMap(names))] };
  const doi = raw.doi ? normaliseDoi(raw.doi) : undefined;
  if (doi) record.doi = doi;
  const title = raw.title?.replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
  if (title) record.title = title;
  const authors = (raw.authors ?? []).map(turnName).filter((a) => a !== "");
  if (authors.length > 0) record.authors = authors;
  const year = /\b(1[5-9]\d{2}|2\d{3})\b/.exec(raw.year ?? "")?.[1];
  if (year) record.year = Number(year);
  const journal = raw.journal?.replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
  if (journal) record.journal = journal;
  return record;
}

/** "Surname, Given" → "Given Surname"; other forms as written (braces removed). */
function turnName(name: string): string {
  const plain = name.replace(/[{}]/g, "").replace(/\s+/g, " ").trim();
  const m = /^([^,]+),\s*([^,]+)$/.exec(plain);
  return m ? `${m[2].trim()} ${m[1].trim()}` : plain;
}

/** BibTeX entries' fields (values in braces, one level of nested braces, quotes, or bare). */
function bibtexRecords(text: string): RawRecord[] {
  return text
    .split(/^\s*(?=@\w+\s*[{(])/m)
    .filter((entry) => /^@\w+\s*[{(]/.test(entry) && !/^@(?:comment|string|preamble)\b/i.test(entry))
    .map((entry) => {
      const fields = new Map<string, string>();
      for (const m of entry.matchAll(/\b(\w+)\s*=\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|"([^"]*)"|([^\s,}]+))/g)) {
        const key = m[1].toLowerCase();
        if (!fields.has(key)) fields.set(key, (m[2] ?? m[3] ?? m[4] ?? "").trim());
      }
      const author = fields.get("author");
      return {
        doi: fields.get("doi"),
        title: fields.get("title"),
        authors: author ? author.split(/\s+and\s+/) : undefined,
        year: fields.get("year") ?? fields.get("date"),
        journal: fields.get("journal") ?? fields.get("journaltitle") ?? fields.get("booktitle"),
        files: [fields.get("file") ?? ""],
      };
    });
}

/** RIS records (`TY  -` … `ER  -`) and their tags. */
function risRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let tags = new Map<string, string[]>();
  const flush = () => {
    if (tags.size === 0) return;
    const one = (...names: string[]) => names.map((n) => tags.get(n)?.[0]).find((v) => v !== undefined);
    out.push({
      doi: one("DO"),
      title: one("TI", "T1"),
      authors: [...(tags.get("AU") ?? []), ...(tags.get("A1") ?? [])],
      year: one("PY", "Y1", "DA"),
      journal: one("JO", "JF", "T2", "JA", "BT"),
      files: [...(tags.get("L1") ?? []), ...(tags.get("L4") ?? []), ...(tags.get("UR") ?? [])],
    });
    tags = new Map();
  };
  for (const line of text.split("\n")) {
    const m = /^([A-Z][A-Z0-9]) {2}- ?(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "ER") flush();
    else if (m[2].trim() !== "") tags.set(m[1], [...(tags.get(m[1]) ?? []), m[2].trim()]);
  }
  flush();
  return out;
}

/** CSV rows by their header's names (case-insensitive). */
function csvRecords(text: string): RawRecord[] {
  const lines = text.split("\n");
  const delimiter = delimiterOf(lines[0]);
  const header = splitCsvLine(lines[0], delimiter).map((c) => c.trim().toLowerCase());
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const at = {
    doi: column("doi"),
    title: column("title"),
    authors: column("authors", "author"),
    year: column("year", "publication year", "date"),
    journal: column("journal", "venue", "source title", "publication"),
    file: column("file", "filename", "file name", "pdf", "path"),
  };
  return lines
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const cells = splitCsvLine(line, delimiter);
      const cell = (i: number) => (i >= 0 ? cells[i]?.trim() || undefined : undefined);
      const authors = cell(at.authors);
      return {
        doi: cell(at.doi),
        title: cell(at.title),
        authors: authors ? authors.split(/\s*;\s*|\s+and\s+/) : undefined,
        year: cell(at.year),
        journal: cell(at.journal),
        files: [cell(at.file) ?? ""],
      };
    });
}
