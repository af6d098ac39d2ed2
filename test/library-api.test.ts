// `import { extract } from "methodscope"` from another project: the compiled package (dist/, built by
// `npm ci` through `prepare`) runs, and its type declarations type-check a consumer.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { dlPaperText } from "./fixtures/text-papers.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const built = existsSync(join(repoRoot, "dist", "index.js")) && existsSync(join(repoRoot, "dist", "index.d.ts"));
if (!built) console.log("# library-api: dist/ is absent (run `npm run build`); skipping");

function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-consumer-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repoRoot, join(dir, "node_modules", "methodscope"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(dir, "paper.txt"), dlPaperText(7));
  return dir;
}

test("the package runs from another project", { skip: !built && "dist/ is absent" }, () => {
  const dir = consumerProject();
  writeFileSync(
    join(dir, "main.mjs"),
    [
      'import { extract, builtinQuestions } from "methodscope";',
      'const { rows, manifest } = await extract({ inputs: ["paper.txt"], dbPath: ":memory:" });',
      "console.log(JSON.stringify({ n: rows.length, q: builtinQuestions().length, papers: manifest.counts.papers,",
      "  optimizer: rows.find((r) => r.cq === 15)?.reported }));",
    ].join("\n"),
  );
  const run = spawnSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { n: 28, q: 28, papers: 1, optimizer: "yes" });
});

test("its type declarations type-check a consumer", { skip: !built && "dist/ is absent" }, () => {
  const dir = consumerProject();
  writeFileSync(
    join(dir, "main.ts"),
    [
      'import { extract, type Answer, type ResultRow, type ExtractOptions } from "methodscope";',
      'const options: ExtractOptions = { inputs: ["paper.txt"], dbPath: ":memory:", chunking: "sections" };',
      "const rows: ResultRow[] = (await extract(options)).rows;",
      'const first: Answer["reported"] | null = rows[0]?.reported ?? null;',
      "export { first };",
    ].join("\n"),
  );
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const args = ["--noEmit", "--strict", "--module", "nodenext", "--target", "es2022", "--skipLibCheck", "main.ts"];
  const check = spawnSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: "utf8" });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  // And a wrong use is caught, so the check above is not vacuous.
  writeFileSync(join(dir, "bad.ts"), 'import { extract } from "methodscope";\nawait extract({ inputs: 3 });\n');
  const bad = spawnSync(process.execPath, [tsc, ...args.slice(0, -1), "bad.ts"], { cwd: dir, encoding: "utf8" });
  assert.notEqual(bad.status, 0);
});
