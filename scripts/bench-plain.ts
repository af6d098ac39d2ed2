/**
 * How the extractive engine answers short papers nobody tuned it on (issue 11): the held-out papers of
 * scripts/plain-probes.ts, each read three ways:
 *  - `single`: the paper with one question's statement, for each question: "yes", quoting the statement;
 *  - `all`: the paper with all 28 statements: each question "yes", quoting its own statement;
 *  - `none`: the frame alone (title, abstract, result): which questions it answers "yes" by itself. Not a
 *    score: an abstract that names its data, model, task or metric answers those questions rightly.
 *
 *   npm run bench:plain [-- --json out.json]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createExtractiveEngine } from "../src/answer/extractive/index.js";
import { chunkDocument } from "../src/ingest/chunk.js";
import { buildDocument } from "../src/ingest/document.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { createMemoryRetriever } from "../src/retrieve/index.js";
import type { Answer, Question } from "../src/types.js";
import { HELD_OUT_PAPERS, type HeldOutPaper } from "./plain-probes.js";

const { values: args } = parseArgs({ options: { json: { type: "string" } } });
const engine = createExtractiveEngine();
const questions = builtinQuestions();

function answer(text: string, question: Question, id: string): Answer {
  const document = buildDocument({ id, path: `${id}.txt`, pages: [text] });
  const chunks = chunkDocument(document, "sections");
  return engine.answer({ document, chunks, retrieve: createMemoryRetriever(chunks) }, question) as Answer;
}

const quotes = (a: Answer, statement: string) =>
  a.reported === "yes" &&
  a.evidence.some((e) => e.quote.length > 0 && (statement.includes(e.quote) || e.quote.includes(statement)));

type Mode = "single" | "all" | "none";
function run(paper: HeldOutPaper, mode: Mode): { right: number; missed: number[] } {
  const missed: number[] = [];
  for (const q of questions) {
    const statement = paper.statements[q.cq];
    const body =
      mode === "single" ? statement : mode === "all" ? questions.map((x) => paper.statements[x.cq]).join(" ") : "";
    const a = answer(paper.head + body + paper.tail, q, `${paper.name}-${mode}-${q.cq}`);
    const right = mode === "none" ? a.reported === "no" : quotes(a, statement);
    if (!right) missed.push(q.cq);
  }
  return { right: questions.length - missed.length, missed };
}

const modes: Mode[] = ["single", "all", "none"];
const results = HELD_OUT_PAPERS.map((paper) => ({
  paper: paper.name,
  ...Object.fromEntries(modes.map((m) => [m, run(paper, m)])),
})) as ({ paper: string } & Record<Mode, { right: number; missed: number[] }>)[];
const lines = [
  "| paper | single: yes, quoting it | all: yes, quoting it | missed (single) | frame alone says yes to |",
  "|---|---|---|---|---|",
];
for (const r of results)
  lines.push(
    `| ${r.paper} | ${r.single.right}/28 | ${r.all.right}/28 | ${r.single.missed.join(", ")} | ${r.none.missed.join(", ")} |`,
  );
const total = (m: Mode) => results.reduce((n, r) => n + r[m].right, 0);
const of = results.length * questions.length;
lines.push(`| **all papers** | ${total("single")}/${of} | ${total("all")}/${of} | | |`);
process.stdout.write(`${lines.join("\n")}\n`);
if (args.json) writeFileSync(args.json, `${JSON.stringify({ results, of }, null, 2)}\n`);
