// K24's five LLMs replayed through methodscope, and the cascade (issue 13).
// Usage: node --import tsx scripts/bench-replay.ts [--data ../shared/bench] [--k24 ../shared/k24]
//        [--out-dir bench-results] [--limit N] [--svg docs/img/cascade-curve.svg]
//
// 1. Through the replay (test/fixtures/replay-server.ts, loopback, the recorded answers and yes/no of
//    each model): `methodscope bench --task reported --context k24 --mode k24` with the five models
//    voting, once with K24's second call (--binary-prompt-file) and once with the classifier.
// 2. From the same recorded data (what the replay serves, row for row; test/replay.test.ts checks
//    it): each model and the vote, with K24's yes/no and with the classifier, against the human
//    majority and K24's vote (silver); the extractive engine (its calibrated confidence) on every
//    paper; the cascade for τ from 0 to 1, and τ chosen by 5-fold cross-validation grouped by paper
//    on the papers without human judgements (silver = K24's vote; the 21 human-judged papers choose
//    nothing). Writes <out-dir>/replay.{json,md} and the SVG curve.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { cleanK24Answer } from "../src/answer/llm/k24-clean.js";
import { main } from "../src/cli/main.js";
import { runReportedBench } from "../src/evaluate/bench.js";
import { loadBench } from "../src/evaluate/bench-data.js";
import { summarize } from "../src/evaluate/metrics.js";
import { classifyAnswer } from "../src/judge/binary.js";
import { CASCADE_BUDGET } from "../src/judge/cascade.js";
import { createEngine } from "../src/pipeline/engine.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import type { YesNo } from "../src/types.js";
import { loadReplayData, startReplayServer } from "../test/fixtures/replay-server.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/bench" },
    k24: { type: "string", default: "../shared/k24" },
    "out-dir": { type: "string", default: "bench-results" },
    limit: { type: "string" },
    svg: { type: "string", default: "docs/img/cascade-curve.svg" },
    "skip-server": { type: "boolean", default: false },
  },
});
const data = loadBench(resolve(values.data as string));
const k24 = resolve(values.k24 as string);
const outDir = resolve(values["out-dir"] as string);
mkdirSync(outDir, { recursive: true });
const limit = values.limit ? Number(values.limit) : undefined;
const uids = data.chunkUids.filter((u) => data.labels.some((l) => l.uid === u)).slice(0, limit);
const uidSet = new Set(uids);
const labels = data.labels.filter((l) => uidSet.has(l.uid));
const models = [...new Set(labels.flatMap((l) => Object.keys(l.llm ?? {})))].sort();
const key = (uid: string, cq: number) => `${uid}\t${cq}`;
const md: string[] = [];
const report: Record<string, unknown> = { papers: uids.length, models };
const log = (s: string) => process.stdout.write(`${s}\n`);

// 1. Through the replay server and the CLI.
if (!values["skip-server"]) {
  const binaryTemplate = readFileSync(join(k24, "Binary_responses.txt"), "utf8");
  const replay = await startReplayServer(loadReplayData(data.dir, uids), { binaryTemplate });
  const through: Record<string, unknown> = {};
  try {
    for (const [name, binary] of [
      ["vote, K24's second call", ["--binary-prompt-file", join(k24, "Binary_responses.txt")]],
      ["vote, classifier", ["--binary", "classifier"]],
    ] as const) {
      const started = performance.now();
      const file = join(outDir, `replay-${binary[0] === "--binary" ? "classifier" : "prompt"}.json`);
      const code = await main([
        "bench",
        ...["--data", data.dir, "--task", "reported", "--context", "k24", "--mode", "k24"],
        ...["--questions", join(k24, "CQs.txt"), "--prompt-file", join(k24, "stuff_prompt.txt")],
        ...["--query-template", join(k24, "RAG_prompt.txt"), ...binary, "--report", file],
        ...(limit ? ["--limit", String(limit)] : []),
        ...models.flatMap((m) => ["--llm", `openai:${m}@${replay.openaiBaseURL}`]),
      ]);
      const seconds = (performance.now() - started) / 1000;
      const comparisons = (JSON.parse(readFileSync(file, "utf8")) as { comparisons: unknown[] }).comparisons;
      through[name] = { code, seconds, comparisons };
      log(`replay ${name}: exit ${code}, ${seconds.toFixed(1)} s`);
    }
  } finally {
    await replay.close();
  }
  through.server = replay.stats;
  report.throughReplay = through;
}

// 2. From the recorded data: each model's answers, K24's yes/no and the classifier's.
const questionText = new Map(data.cqs.map((q) => [q.cq, q.question]));
const served = loadReplayData(data.dir, uids).answers;
const classifier = new Map<string, Record<string, YesNo>>();
for (const l of labels) {
  const per: Record<string, YesNo> = {};
  for (const m of models) {
    const text = cleanK24Answer(served.get(`${l.uid}\t${l.cq}\t${m}`) ?? "");
    per[m] = classifyAnswer(questionText.get(l.cq) ?? "", text).reported;
  }
  classifier.set(key(l.uid, l.cq), per);
}
const vote = (per: Record<string, YesNo>): YesNo =>
  Object.values(per).filter((v) => v === "yes").length * 2 > models.length ? "yes" : "no";
type Source = (l: (typeof labels)[number]) => YesNo;
const sources: [string, Source][] = [
  ...models.map(
    (m) => [`${m}, K24's yes/no`, (l: (typeof labels)[number]) => (l.llm?.[m] ?? "no") as YesNo] as [string, Source],
  ),
  ...models.map(
    (m) =>
      [`${m}, classifier`, (l: (typeof labels)[number]) => classifier.get(key(l.uid, l.cq))?.[m] ?? "no"] as [
        string,
        Source,
      ],
  ),
  ["5-model vote, K24's yes/no", (l) => vote(l.llm as Record<string, YesNo>)],
  ["5-model vote, classifier", (l) => vote(classifier.get(key(l.uid, l.cq)) ?? {})],
];

// The extractive engine on every paper (all of its chunks, as `extract` reads a paper).
const engine = await createEngine({});
const extractive = await runReportedBench({ data, engine, questions: builtinQuestions(), context: "all", limit });
const ex = new Map(extractive.rows.map((r) => [key(r.uid, r.cq), r]));
sources.push(["extractive engine alone", (l) => ex.get(key(l.uid, l.cq))?.pred ?? "no"]);

const human = labels.filter((l) => l.human_majority === "yes" || l.human_majority === "no");
const score = (rows: typeof labels, pred: Source, truth: Source) => {
  const s = summarize(rows.map(pred), rows.map(truth), { bootstrap: false });
  return { n: s.n, accuracy: round(s.accuracy), kappa: round(s.kappa) };
};
const humanTruth: Source = (l) => l.human_majority as YesNo;
const silverTruth: Source = (l) => l.vote as YesNo;
const table = sources.map(([name, pred]) => ({
  name,
  human: score(human, pred, humanTruth),
  silver: score(labels, pred, silverTruth),
}));
report.models = table;
md.push(
  `| answers | vs human majority (n ${human.length}): acc / κ | vs K24 vote (silver, n ${labels.length}): acc / κ |`,
  "|---|---|---|",
  ...table.map(
    (r) =>
      `| ${r.name} | ${r.human.accuracy.toFixed(3)} / ${r.human.kappa.toFixed(3)} | ${r.silver.accuracy.toFixed(3)} / ${r.silver.kappa.toFixed(3)} |`,
  ),
);

// The cascade: the extractive answer where its confidence ≥ τ, else the LLM answer.
const conf = (l: (typeof labels)[number]) => ex.get(key(l.uid, l.cq))?.confidence ?? 0;
const cascade =
  (llm: Source, tau: number): Source =>
  (l) =>
    conf(l) < tau ? llm(l) : (ex.get(key(l.uid, l.cq))?.pred ?? "no");
const share = (rows: typeof labels, tau: number) => rows.filter((l) => conf(l) < tau).length / Math.max(1, rows.length);
const taus = Array.from({ length: 101 }, (_, i) => i / 100);
const llmOf = (name: string) => sources.find(([n]) => n === name)?.[1] as Source;
const curves = ["5-model vote, classifier", ...models.map((m) => `${m}, classifier`)].map((name) => ({
  name,
  points: taus.map((tau) => ({
    tau,
    sentHuman: round(share(human, tau)),
    sent: round(share(labels, tau)),
    human: round(score(human, cascade(llmOf(name), tau), humanTruth).accuracy),
    silver: round(score(labels, cascade(llmOf(name), tau), silverTruth).accuracy),
  })),
}));
report.curves = curves;

// τ by 5-fold cross-validation grouped by paper, on papers without human judgements, silver = vote.
const humanPapers = new Set(data.publications.filter((p) => p.in_human_sample).map((p) => p.uid));
for (const l of human) humanPapers.add(l.uid);
const devPapers = uids.filter((u) => !humanPapers.has(u));
const voteLlm = llmOf("5-model vote, classifier");
const pickTau = (rows: typeof labels) => {
  let best = { tau: 0, silver: -1 };
  for (const tau of taus) {
    if (share(rows, tau) > CASCADE_BUDGET) break;
    const silver = score(rows, cascade(voteLlm, tau), silverTruth).accuracy;
    if (silver > best.silver) best = { tau, silver };
  }
  return best.tau;
};
const folds = Array.from({ length: 5 }, (_, f) => {
  const test = new Set(devPapers.filter((_, i) => i % 5 === f));
  const tau = pickTau(labels.filter((l) => !test.has(l.uid) && devPapers.includes(l.uid)));
  const held = labels.filter((l) => test.has(l.uid));
  return {
    fold: f,
    tau,
    sent: round(share(held, tau)),
    silver: round(score(held, cascade(voteLlm, tau), silverTruth).accuracy),
  };
});
const chosen = pickTau(labels.filter((l) => devPapers.includes(l.uid)));
report.cv = { papers: devPapers.length, budget: CASCADE_BUDGET, folds, chosen };
log(`cross-validated τ (budget ${CASCADE_BUDGET}): folds ${folds.map((f) => f.tau).join(", ")}; on all: ${chosen}`);
const at = (tau: number) => curves[0]?.points.find((p) => p.tau === tau);
const pointLine = (tau: number) => {
  const p = at(tau);
  return p
    ? `| ${tau.toFixed(2)} | ${(p.sentHuman * 100).toFixed(0)}% | ${p.human.toFixed(3)} | ${(p.sent * 100).toFixed(0)}% | ${p.silver.toFixed(3)} |`
    : "";
};
md.push(
  "",
  `Cascade (extractive engine, then the 5-model vote with the classifier), τ chosen on ${devPapers.length} papers without human judgements:`,
  "",
  "| τ | sent (human-judged papers) | vs human majority | sent (all papers) | vs K24 vote (silver) |",
  "|---|---|---|---|---|",
  ...[0, 0.5, 0.6, 0.7, 0.75, chosen, 0.85, 0.9, 1]
    .filter((t, i, a) => a.indexOf(t) === i)
    .sort((a, b) => a - b)
    .map(pointLine),
  "",
  `Cross-validation (5 folds by paper, budget ${CASCADE_BUDGET * 100}% sent): ${folds.map((f) => `τ ${f.tau} → held-out silver ${f.silver.toFixed(3)} with ${(f.sent * 100).toFixed(0)}% sent`).join("; ")}. τ on all ${devPapers.length} papers: **${chosen}**.`,
);

writeFileSync(join(outDir, "replay.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, "replay.md"), `${md.join("\n")}\n`);
writeFileSync(resolve(values.svg as string), svg(curves));
log(md.join("\n"));
log(`wrote ${join(outDir, "replay.json")}, ${join(outDir, "replay.md")}, ${values.svg}`);

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Accuracy against the human majority (solid) and silver agreement (dashed) against the share sent. */
function svg(lines: typeof curves): string {
  const W = 640;
  const H = 400;
  const L = 56;
  const B = 44;
  const yMin = 0.75;
  const x = (v: number) => L + v * (W - L - 170);
  const y = (v: number) => H - B - ((Math.max(v, yMin) - yMin) / (1 - yMin)) * (H - B - 20);
  const colors = ["#000000", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"];
  const path = (pts: { x: number; y: number }[]) =>
    pts.map((p, i) => `${i ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join("");
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="14">Cascade: extractive engine, then the LLMs for questions with confidence &lt; τ (τ 0 → 1)</text>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    out.push(
      `<line x1="${x(t / 10)}" x2="${x(t / 10)}" y1="${y(yMin)}" y2="${y(1)}" stroke="#ddd"/>`,
      `<text x="${x(t / 10) - 8}" y="${H - B + 14}">${t * 10}%</text>`,
    );
  }
  for (let v = yMin; v <= 1.0001; v += 0.05) {
    out.push(
      `<line x1="${x(0)}" x2="${x(1)}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${L - 32}" y="${y(v) + 4}">${v.toFixed(2)}</text>`,
    );
  }
  out.push(
    `<text x="${x(0.3)}" y="${H - 8}">share of questions sent to the LLMs</text>`,
    `<text x="12" y="${y(0.9)}" transform="rotate(-90 12 ${y(0.9)})">accuracy / agreement</text>`,
  );
  for (const [i, c] of lines.entries()) {
    const color = colors[i % colors.length];
    const width = i === 0 ? 2.5 : 1.2;
    out.push(
      `<path d="${path(c.points.map((p) => ({ x: p.sentHuman, y: p.human })))}" fill="none" stroke="${color}" stroke-width="${width}"/>`,
    );
    out.push(
      `<path d="${path(c.points.map((p) => ({ x: p.sent, y: p.silver })))}" fill="none" stroke="${color}" stroke-width="${width}" stroke-dasharray="5 3"/>`,
    );
    out.push(
      `<line x1="${W - 160}" x2="${W - 140}" y1="${40 + i * 16}" y2="${40 + i * 16}" stroke="${color}" stroke-width="${width}"/>`,
      `<text x="${W - 136}" y="${44 + i * 16}">${c.name.replace(", classifier", "").replace(/&/g, "&amp;")}</text>`,
    );
  }
  out.push(
    `<text x="${W - 160}" y="${52 + lines.length * 16}">solid: vs human majority</text>`,
    `<text x="${W - 160}" y="${66 + lines.length * 16}">dashed: vs K24 vote (silver)</text>`,
    "</svg>",
  );
  return `${out.join("\n")}\n`;
}
