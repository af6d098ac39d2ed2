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
