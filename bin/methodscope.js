#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the prepare script).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(compiled)) {
  console.error("methodscope: dist/ is missing; run `npm ci` (or `npm run build`) in the package folder first.");
  process.exit(2);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
