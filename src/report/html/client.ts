/**
 * The browser script of the report and the review UI, as text to inline or serve. Its source is
 * the TypeScript module `client/app.ts` (DOM types; checked by `npm run typecheck` and biome).
 * The built package ships `tsc`'s output beside this file (`client/app.js`) and reads that; from
 * the sources (tsx, tests) the module is transpiled with the `typescript` dev dependency instead.
 * The text is an ES module: pages load it with `<script type="module">`.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const COMPILED = new URL("./client/app.js", import.meta.url);
const SOURCE = new URL("./client/app.ts", import.meta.url);

/** The client script's text, read (or, from the sources, transpiled) once per process on first use. */
export const clientScript: () => string = once(loadClientScript);

function loadClientScript(): string {
  const text = existsSync(COMPILED) ? readFileSync(COMPILED, "utf8") : transpile(SOURCE);
  // Inlined in a <script> element: the text must not be able to close it.
  if (/<\/script/i.test(text)) throw new Error("The client script contains </script; it cannot be inlined.");
  return text;
}

/** Transpiles the TypeScript source without type checking (`npm run typecheck` does that). */
function transpile(source: URL): string {
  let ts: typeof import("typescript");
  try {
    ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  } catch {
    throw new Error(
      `${fileURLToPath(COMPILED)} is missing and the typescript package is not installed: run \`npm run build\` (or \`npm ci\`) first.`,
    );
  }
  const result = ts.transpileModule(readFileSync(source, "utf8"), {
    fileName: fileURLToPath(source),
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
  });
  return result.outputText;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
