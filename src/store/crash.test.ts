// A writer killed with SIGKILL mid-run must leave every paper either fully answered or not at all.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openStore } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../..");
const dir = mkdtempSync(join(tmpdir(), "methodscope-crash-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const CQS = 28;

// The child writes papers forever, one saveAnswers call (one transaction) per paper, with bulky
// evidence so that a good share of its time is spent inside transactions.
const WRITER = `
import { openStore } from ${JSON.stringify(pathToFileURL(join(repoRoot, "src/store/index.ts")).href)};
const store = openStore(process.argv[2]);
const quote = "we used a learning rate of 0.001 ".repeat(200);
for (let paper = 0; ; paper++) {
  const id = "paper-" + paper;
  store.upsertDocument({ id, path: "/p/" + id + ".pdf", title: id, pageCount: 1, text: quote,
    pages: [{ page: 1, start: 0, end: quote.length }], sections: [] });
  const answers = [];
  for (let cq = 1; cq <= ${CQS}; cq++) {
    answers.push({ cq, reported: "yes", answer: "a" + cq, values: { lr: 0.001 }, confidence: 0.5,
      evidence: [{ quote, page: 1, start: 0, end: quote.length }], engine: "x", question: "q" + cq });
  }
  store.saveAnswers(id, "rk", answers);
  if (paper === 5) process.stdout.write("ready\\n");
}
`;

test("SIGKILL during writes leaves a consistent database with no partial paper", async () => {
  const script = join(dir, "writer.mjs");
  const dbFile = join(dir, "crash.db");
  writeFileSync(script, WRITER);

  const child = spawn(process.execPath, ["--import", "tsx", script, dbFile], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, signal) => done(signal)));
  await new Promise<void>((ready, fail) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && ready());
    child.on("exit", () => fail(new Error(`writer exited before it was killed: ${stderr}`)));
  });
  // Let it run a little longer so the kill lands at an arbitrary point of a write.
  await new Promise((r) => setTimeout(r, 150));
  child.kill("SIGKILL");
  assert.equal(await exited, "SIGKILL");

  const store = openStore(dbFile);
  try {
    assert.equal(store.db.pragma("integrity_check", { simple: true }), "ok");
    const counts = store.db
      .prepare(
        "SELECT d.id, count(a.cq) AS n FROM documents d LEFT JOIN answers a ON a.document_id = d.id GROUP BY d.id",
      )
      .all() as { id: string; n: number }[];
    assert.ok(counts.filter((c) => c.n === CQS).length >= 6, "the papers reported before the kill are all there");
    for (const { id, n } of counts) assert.ok(n === 0 || n === CQS, `${id} has ${n} of ${CQS} answers`);
    for (const { id, n } of counts) if (n === CQS) assert.equal(store.getAnswers(id, "rk")[CQS - 1].cq, CQS);
  } finally {
    store.close();
  }
});
