/**
 * Gold labels from reviewers, and every engine, model and the vote scored against them with the
 * same metrics as `bench` (`summarize`).
 */
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { MethodscopeError } from "../errors.js";
import type { Cell, Corpus } from "../report/html/corpus.js";
import { goldReviews } from "../store/reviews.js";
import type { Store } from "../store/store.js";
import type { YesNo } from "../types.js";
import { type AgreementSummary, perGroup, summarize } from "./metrics.js";

/** One line of gold.jsonl. */
export const GoldRecordSchema = z.object({
  paper_id: z.string().min(1).describe("SHA-256 of the paper file (the store's document id)"),
  file: z.string().describe("File name of the paper"),
  title: z.string().describe("Title of the paper"),
  cq: z.number().int().positive().describe("Question number"),
  reported: z.enum(["yes", "no"]).describe("The reviewer's label"),
  answer: z.string().nullable().describe("The reviewer's (or the accepted machine) answer, if any"),
  action: z.enum(["accept", "correct"]).describe("Whether the reviewer accepted or corrected the machine"),
  reviewer: z.string().describe("Who decided"),
  reviewed_at: z.string().describe("When (ISO 8601, UTC)"),
  run_key: z.string().nullable().describe("The run whose answer was reviewed"),
  evidence: z
    .object({
      quote: z.string().describe("The passage, verbatim: the paper's stored text from start to end"),
      page: z.number().int().describe("Page the passage starts on"),
      start: z.number().int().nonnegative().describe("Offset (UTF-16) of the passage in the stored text"),
      end: z.number().int().nonnegative().describe("Offset just after the passage"),
    })
    .optional()
    .describe("The passage the reviewer chose as evidence of a yes (absent when none)"),
});
export type GoldRecord = z.infer<typeof GoldRecordSchema>;

/**
 * The current gold label of every reviewed (paper, CQ), ordered by paper and CQ.
 * @example writeFileSync("gold.jsonl", goldJsonl(goldRecords(store)));
 */
export function goldRecords(store: Store): GoldRecord[] {
  const docs = new Map(store.listDocuments().map((d) => [d.id, d]));
  const records: GoldRecord[] = [];
  for (const r of goldReviews(store).values()) {
    const doc = docs.get(r.documentId);
    records.push({
      paper_id: r.documentId,
      file: doc ? basename(doc.path) : "",
      title: doc?.title ?? "",
      cq: r.cq,
      reported: r.reported as YesNo,
      answer: r.answer,
      action: r.action as "accept" | "correct",
      reviewer: r.reviewer,
      reviewed_at: r.createdAt,
      run_key: r.runKey,
      ...(r.evidence ? { evidence: r.evidence } : {}),
    });
  }
  return records.sort((a, b) => a.paper_id.localeCompare(b.paper_id) || a.cq - b.cq);
}

/** Gold records as JSONL text. */
export function goldJsonl(records: GoldRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/** A gold line longer than this is not a gold record (answers are at most 20,000 characters). */
export const MAX_GOLD_LINE_CHARS = 1 << 20;

/**
 * Parses gold.jsonl text; a bad line is a usage error naming its line number. A (paper, CQ) given
 * twice keeps its last line. A leading UTF-8 byte order mark is ignored.
 */
export function parseGoldJsonl(text: string, source = "gold file"): GoldRecord[] {
  const gold = new GoldCollector(source);
  text.split("\n").forEach((line, i) => {
    gold.add(line, i + 1);
  });
  return gold.records();
}

/**
 * Reads a gold.jsonl file line by line, so its size is bounded by the records it holds, not by the
 * largest string Node can make. Throws MethodscopeError: `usage` for a missing file, a folder or a
 * bad line; `not-a-regular-file` for a FIFO or device; `unreadable` when it cannot be read.
 * @example const gold = await readGoldFile("gold.jsonl");
 */
export async function readGoldFile(path: string, source = path): Promise<GoldRecord[]> {
  checkGoldPath(path, source);
  const gold = new GoldCollector(source);
  let lineNo = 0;
  try {
    for await (const line of lines(createReadStream(path, { encoding: "utf8" }), source)) {
      gold.add(line, ++lineNo);
    }
  } catch (error) {
    if (error instanceof MethodscopeError) throw error;
    throw new MethodscopeError("unreadable", `Cannot read ${source}: ${(error as Error).message}.`, { cause: error });
  }
  return gold.records();
}

function checkGoldPath(path: string, source: string): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new MethodscopeError("usage", `No gold file at ${source}. Write one with \`methodscope gold export\`.`);
    }
    throw new MethodscopeError("unreadable", `Cannot read ${source}: ${(error as Error).message}.`, { cause: error });
  }
  if (stat.isDirectory()) {
    throw new MethodscopeError(
      "usage",
      `${source} is a folder; --gold takes a gold.jsonl file (from \`gold export\`).`,
    );
  }
  if (!stat.isFile()) {
    throw new MethodscopeError("not-a-regular-file", `${source} is not a regular file (a FIFO, device or socket).`);
  }
}

/** The lines of a text stream (without "\n"), refusing one over {@link MAX_GOLD_LINE_CHARS}. */
async function* lines(chunks: AsyncIterable<string>, source: string): AsyncGenerator<string> {
  let rest = "";
  let lineNo = 1;
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) {
      tooLong(line, lineNo++, source);
      yield line;
    }
    tooLong(rest, lineNo, source);
  }
  if (rest !== "") yield rest;
}

function tooLong(line: string, lineNo: number, source: string): void {
  if (line.length > MAX_GOLD_LINE_CHARS) {
    throw new MethodscopeError(
      "usage",
      `${source} line ${lineNo} is over ${MAX_GOLD_LINE_CHARS} characters: not a gold record. Is it a gold.jsonl file?`,
    );
  }
}

/** Gold lines in, validated records out; a later line for the same (paper, CQ) replaces an earlier one. */
class GoldCollector {
  private readonly byKey = new Map<string, GoldRecord>();
  constructor(private readonly source: string) {}

  add(rawLine: string, lineNo: number): void {
    const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new MethodscopeError("usage", `${this.source} line ${lineNo} is not JSON.`);
    }
    const parsed = GoldRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MethodscopeError(
        "usage",
        `${this.source} line ${lineNo}: ${issue.path.join(".") || "line"}: ${issue.message}`,
      );
    }
    this.byKey.set(`${parsed.data.paper_id}#${parsed.data.cq}`, parsed.data);
  }

  records(): GoldRecord[] {
    return [...this.byKey.values()];
  }
}

/** The score of one system (a run key, or the vote) against gold. */
export interface SystemScore {
  system: string;
  runKey: string | null;
  engine: string;
  summary: AgreementSummary;
  perCq: Array<{ group: number; n: number; accuracy: number; kappa: number }>;
}

export interface GoldEvaluation {
  /** Gold labels read. */
  gold: number;
  /** Gold labels with at least one machine answer in the store. */
  matched: number;
  systems: SystemScore[];
}

/**
 * Scores every run (engine or model) and the vote against `gold`. The vote is the stored vote run
 * when there is one, else the majority of the runs (computed only when more than one run answered).
 * @example evaluateGold(loadCorpus(store), parseGoldJsonl(text)).systems[0].summary.accuracy
 */
export function evaluateGold(
  corpus: Corpus,
  gold: GoldRecord[],
  options: { bootstrap?: boolean; seed?: number } = {},
): GoldEvaluation {
  const cells = new Map<string, Cell>(
    corpus.papers.flatMap((p) => p.cells.map((c) => [`${p.id}#${c.cq}`, c] as const)),
  );
  const matched = gold.filter((g) => cells.has(`${g.paper_id}#${g.cq}`));
  const systems: SystemScore[] = [];
  const score = (
    system: string,
    runKey: string | null,
    engine: string,
    predict: (key: string) => YesNo | undefined,
  ) => {
    const pred: YesNo[] = [];
    const truth: YesNo[] = [];
    const groups: number[] = [];
    for (const g of matched) {
      const p = predict(`${g.paper_id}#${g.cq}`);
      if (p === undefined) continue;
      pred.push(p);
      truth.push(g.reported);
      groups.push(g.cq);
    }
    if (pred.length === 0) return;
    systems.push({
      system,
      runKey,
      engine,
      summary: summarize(pred, truth, options),
      perCq: perGroup(pred, truth, groups),
    });
  };
  for (const run of corpus.runs) {
    score(run.label, run.runKey, run.engine, (key) => {
      const cell = cells.get(key);
      return (run.isVote ? cell?.vote : cell?.answers.find((a) => a.runKey === run.runKey))?.reported;
    });
  }
  const voters = corpus.runs.filter((r) => !r.isVote);
  if (voters.length > 1 && !corpus.runs.some((r) => r.isVote)) {
    score("vote (majority)", null, "vote", (key) => {
      const cell = cells.get(key);
      return cell && cell.answers.length > 1 ? cell.consensus : undefined;
    });
  }
  return { gold: gold.length, matched: matched.length, systems };
}

/** A plain-text table of an evaluation, for the terminal. */
export function formatEvaluation(result: GoldEvaluation): string {
  const lines = [`${result.matched} of ${result.gold} gold labels match answers in the store`];
  if (result.systems.length === 0) return `${lines[0]}\nno engine answered any gold-labelled question\n`;
  const width = Math.max(6, ...result.systems.map((s) => s.system.length));
  lines.push(`${"system".padEnd(width)}  ${"n".padStart(5)}  accuracy  kappa   precision  recall  F1`);
  for (const s of result.systems) {
    const m = s.summary;
    const ci = m.accuracyCi ? ` [${m.accuracyCi.map((x) => x.toFixed(2)).join("–")}]` : "";
    lines.push(
      `${s.system.padEnd(width)}  ${String(m.n).padStart(5)}  ${m.accuracy.toFixed(3).padStart(8)}  ${m.kappa.toFixed(3).padStart(6)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ${m.f1.toFixed(3)}${ci}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
