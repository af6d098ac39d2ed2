/**
 * K24's output layout, so results compare file by file with the published data: per model a
 * folder of `Publication_<uid>_CQ<n>.txt` (the cleaned answer text) and a CSV with
 * `UID,Status,CQ1…CQn` (Yes/No per question; Status done, or error for a paper that failed).
 * The UID is the input file's name, as K24 named papers by their PDF file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { csvField } from "./csv.js";
import type { ResultRow } from "./rows.js";

/** A folder name for an engine ("k24:openai:llama3@http://h:8000/v1" → "k24_openai_llama3_http_h_8000_v1"). */
export function modelFolderName(engine: string): string {
  return engine.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "model";
}

/**
 * The files of the layout, as relative path → content (nothing written).
 * Rows are grouped by their `engine`; pass member rows as well as vote rows to get one folder per model.
 * @example k24LayoutFiles(rows, [1, 2, 3]).get("llama3/Publication_a.pdf_CQ1.txt")
 */
export function k24LayoutFiles(rows: readonly ResultRow[], cqs: readonly number[]): Map<string, string> {
  const files = new Map<string, string>();
  const byEngine = new Map<string, ResultRow[]>();
  for (const r of rows) byEngine.set(r.engine, [...(byEngine.get(r.engine) ?? []), r]);
  for (const [engine, engineRows] of byEngine) {
    const folder = modelFolderName(engine);
    const papers = new Map<string, { status: string; cells: Map<number, string> }>();
    for (const r of engineRows) {
      const uid = basename(r.file);
      const paper = papers.get(uid) ?? { status: "done", cells: new Map<number, string>() };
      papers.set(uid, paper);
      if (r.error || r.cq === null) {
        paper.status = "error";
        continue;
      }
      paper.cells.set(r.cq, r.reported === "yes" ? "Yes" : "No");
      files.set(`${folder}/Publication_${uid}_CQ${r.cq}.txt`, r.answer ?? "");
    }
    const header = ["UID", "Status", ...cqs.map((cq) => `CQ${cq}`)];
    const lines = [...papers].map(([uid, p]) => [uid, p.status, ...cqs.map((cq) => p.cells.get(cq) ?? "")]);
    // pandas' to_csv (K24's writer) ends lines with "\n".
    files.set(`${folder}.csv`, `${[header, ...lines].map((l) => l.map(csvField).join(",")).join("\n")}\n`);
  }
  return files;
}

/** Writes the layout under `dir`; returns the paths written. */
export function writeK24Layout(dir: string, rows: readonly ResultRow[], cqs: readonly number[]): string[] {
  const written: string[] = [];
  for (const [rel, content] of k24LayoutFiles(rows, cqs)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(path);
  }
  return written;
}
