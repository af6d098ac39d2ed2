import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { matrixCsv, resultsCsv } from "./csv.js";
import type { ResultRow } from "./rows.js";

/** The files `extract` writes into its output folder. */
export const OUTPUT_FILES = {
  results: "results.jsonl",
  resultsCsv: "results.csv",
  matrix: "matrix.csv",
  manifest: "run.json",
} as const;

/**
 * Writes results.jsonl, results.csv, matrix.csv and run.json into `outDir`. Each file is written
 * to a temporary name and renamed, so a reader (or a killed run) never sees half a file.
 */
export function writeOutputs(outDir: string, rows: ResultRow[], cqs: number[], manifest: unknown): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    [OUTPUT_FILES.results, rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length > 0 ? "\n" : "")],
    [OUTPUT_FILES.resultsCsv, resultsCsv(rows)],
    [OUTPUT_FILES.matrix, matrixCsv(rows, cqs)],
    [OUTPUT_FILES.manifest, `${JSON.stringify(manifest, null, 2)}\n`],
  ];
  return files.map(([name, content]) => {
    const path = join(outDir, name);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, content);
    renameSync(tmp, path);
    return path;
  });
}
