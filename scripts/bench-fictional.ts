/**
 * How the extractive engine answers whole papers written to test each question (issue 11): the fictional
 * papers of bench/fictional/ (our own text; see its README), each labelled for all 28 questions with the
 * sentence that says "yes". `dev` is where failure classes were looked for; `holdout` is only ever scored.
 *
 *   npm run bench:fictional [-- --set dev|holdout|all] [--dir other/folder] [--json out.json] [--rows]
 *
 * --rows prints every wrong row (for the dev set; reading the holdout's rows would make it a dev set).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createExtractiveEngine } from "../src/answer/extractive/index.js";
import { PaperLabelsSchema, type RowOutcome, scorePaper, summarizeRows } from "../src/evaluate/labelled-papers.js";
import { chunkDocument } from "../src/ingest/chunk.js";
import { loadDocument } from "../src/ingest/load.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { createMemoryRetriever } from "../src/retrieve/index.js";
import type { Answer } from "../src/types.js";

const { values: args } = parseArgs({
  options: {
    set: { type: "string", default: "all" },
    dir: { type: "string" },
    json: { type: "string" },
    rows: { type: "boolean", default: false },
  },
});
const root = resolve(new URL("..", import.meta.url).pathname, "bench/fictional");
const sets = args.dir
  ? [resolve(args.dir)]
  : (args.set === "all" ? ["dev", "holdout"] : [args.set ?? "dev"]).map((s) => join(root, s));

const engine = createExtractiveEngine();
const questions = builtinQuestions();

async function scoreFolder(dir: string): Promise<RowOutcome[]> {
  const rows: RowOutcome[] = [];
  const papers = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  for (const file of papers) {
    const name = basename(file, ".txt");
    const labels = PaperLabelsSchema.parse(JSON.parse(readFileSync(join(dir, `${name}.labels.json`), "utf8")));
    const document = await loadDocument(join(dir, file));
    const chunks = chunkDocument(document, "sections");
    const input = { document, chunks, retrieve: createMemoryRetriever(chunks) };
    const answers = (await Promise.all(questions.map((q) => engine.answer(input, q)))) as Answer[];
    rows.push(...scorePaper(name, labels, answers));
  }
  return rows;
}

const pct = (r: { right: number; n: number }) => `${r.right}/${r.n}`;
const report: Record<string, unknown> = { engine: engine.settings };
const lines = [
  "| set | papers | rows | accuracy | κ | labelled yes found | labelled no kept | right yes quoting the labelled sentence |",
  "|---|---|---|---|---|---|---|---|",
];
for (const dir of sets) {
  const rows = await scoreFolder(dir);
  const s = summarizeRows(rows);
  const name = basename(dir);
  report[name] = { summary: s, perPaper: perPaper(rows) };
  lines.push(
    `| ${name} | ${s.papers} | ${s.agreement.n} | ${s.agreement.accuracy.toFixed(3)} | ${s.agreement.kappa.toFixed(3)} | ${pct(s.yes)} | ${pct(s.no)} | ${pct(s.quoted)} |`,
  );
  if (args.rows)
    for (const r of rows.filter((x) => !x.right || x.quotesLabel === false))
      console.log(
        `${name}/${r.paper} CQ${r.cq}: label ${r.label}, answer ${r.reported}${r.right ? " (quotes another sentence)" : ""}`,
      );
}
console.log(lines.join("\n"));
if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);

function perPaper(rows: RowOutcome[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const paper of new Set(rows.map((r) => r.paper))) {
    const mine = rows.filter((r) => r.paper === paper);
    out[paper] = `${mine.filter((r) => r.right).length}/${mine.length}`;
  }
  return out;
}
