// Writes src/answer/extractive/gate-words.json: the gate words of every pattern of the built-in catalogue
// and of the deep-learning filter, read once here instead of in every thread of every run (prefilter.ts).
// Run after editing questions/catalogue.json, a vocabulary or a pattern of the filter; gate-table.test.ts
// fails until then. Usage: npm run gates
import { writeFileSync } from "node:fs";
import { gateTable, shippedPatterns } from "../src/answer/extractive/gate-table.js";
import { builtinQuestions } from "../src/questions/catalogue.js";

const OUT = new URL("../src/answer/extractive/gate-words.json", import.meta.url);
const table = gateTable(shippedPatterns(builtinQuestions()));
writeFileSync(OUT, `${JSON.stringify(table, null, 1)}\n`);
process.stdout.write(`${Object.keys(table).length} patterns → ${OUT.pathname}\n`);
