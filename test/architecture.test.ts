/**
 * docs/MAP.md's rule, checked on the real import graph of src/: a folder imports only from itself
 * and from folders on earlier rows of MAP.md's stage table, and no chain of imports is a circle.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "src");

/** Source files of src/ (tests excluded), as paths relative to the repository root. */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(path.relative(root, full));
  }
  return out;
}

/** Relative imports and re-exports of one file, resolved to repository paths (`.js` → `.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const targets: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    targets.push(path.normalize(path.join(path.dirname(file), m[1])).replace(/\.js$/, ".ts"));
  }
  for (const m of text.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) {
    targets.push(path.normalize(path.join(path.dirname(file), m[1])).replace(/\.js$/, ".ts"));
  }
  return targets;
}

/** The stage table's folder column, in order: each `src/…` entry (a folder ends with "/"). */
function stageOrder(): string[] {
  const map = readFileSync(path.join(root, "docs/MAP.md"), "utf8");
  const order: string[] = [];
  for (const line of map.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || !cells[2].includes("`src/")) continue;
    for (const m of cells[2].matchAll(/`(src\/[^`]*)`/g)) if (!order.includes(m[1])) order.push(m[1]);
  }
  return order;
}

/** A file's stage: the longest table entry that is the file itself or a folder holding it. */
function stageOf(file: string, order: string[]): string | undefined {
  let best: string | undefined;
  for (const entry of order) {
    const holds = entry.endsWith("/") ? file.startsWith(entry) : file === entry;
    if (holds && (!best || entry.length > best.length)) best = entry;
  }
  return best;
}

describe("architecture (docs/MAP.md)", () => {
  const files = sourceFiles(src);
  const order = stageOrder();

  test("the stage table names every file's folder", () => {
    assert.ok(order.length >= 10, `MAP.md's table lists ${order.length} folders`);
    const unplaced = files.filter((f) => stageOf(f, order) === undefined);
    assert.deepEqual(unplaced, [], "files in no row of MAP.md's stage table");
  });

  test("no folder imports from a folder later in the stage table", () => {
    const backwards: string[] = [];
    for (const file of files) {
      const from = stageOf(file, order);
      for (const target of importsOf(file)) {
        const to = stageOf(target, order);
        if (!from || !to || from === to) continue;
        if (order.indexOf(to) > order.indexOf(from)) backwards.push(`${file} → ${target} (${from} → ${to})`);
      }
    }
    assert.deepEqual(backwards, [], "imports against MAP.md's order");
  });

  test("no import circle", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") circles.push([...trail.slice(trail.indexOf(next)), next].join(" → "));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file, [file]);
    assert.deepEqual(circles, [], "import circles");
  });

  test("the checker sees a backward import and a circle when there is one", () => {
    // Guards the parser: a regex that matched nothing would make the tests above pass vacuously.
    const edges = files.flatMap((f) => importsOf(f).map((t) => [f, t] as const));
    assert.ok(edges.length > 200, `found ${edges.length} imports`);
    assert.ok(
      edges.some(([f, t]) => f.startsWith("src/cli/") && t.startsWith("src/pipeline/")),
      "cli imports pipeline",
    );
    assert.ok(order.indexOf("src/ingest/") < order.indexOf("src/answer/"));
  });
});
