/**
 * Runs in one store: two setups of one engine are two runs, never a vote; the views show the latest
 * run of each engine by default and `--run` picks another; a vote is a run with its members; `runs
 * prune` removes what is superseded.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createExtractiveEngine } from "../src/answer/extractive/index.js";
import { main } from "../src/cli/main.js";
import { createVotingEngine } from "../src/judge/vote.js";
import { extract, runKeyFor } from "../src/pipeline/extract.js";
import { loadCorpus } from "../src/report/html/corpus.js";
import { openStore } from "../src/store/index.js";
import { listRuns, pruneRuns, selectRuns } from "../src/store/runs.js";
import { writeTextPapers } from "./fixtures/text-papers.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-runs-"));
const papers = writeTextPapers(join(dir, "papers"), 2);
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      out += s;
    },
    isTTY: false,
    env: {},
    cwd: dir,
  });
  return { code, out };
}

describe("runs", () => {
  test("two chunkings of one engine are two runs; views show the latest, --run picks either", async () => {
    const db = join(dir, "two.db");
    const store = openStore(db);
    await extract({ inputs: papers, store, chunking: "sections" });
    await new Promise((r) => setTimeout(r, 5)); // distinct start times
    await extract({ inputs: papers, store, chunking: "k24" });
    const runs = listRuns(store);
    assert.equal(runs.length, 2);
    const [older, newer] = runs as [(typeof runs)[0], (typeof runs)[0]];
    assert.deepEqual(
      runs.map((r) => [r.engine, r.superseded, r.papers]),
      [
        ["extractive", true, 2],
        ["extractive", false, 2],
      ],
    );
    assert.equal(older.runKey, runKeyFor(createExtractiveEngine(), "sections"));
    const latest = loadCorpus(store, undefined, { runs: selectRuns(store) });
    assert.deepEqual(
      latest.runs.map((r) => r.runKey),
      [newer.runKey],
      "never a vote of old and new",
    );
    assert.ok(latest.papers.every((p) => p.cells.every((c) => c.answers.length === 1)));
    const picked = loadCorpus(store, undefined, { runs: selectRuns(store, [older.runKey.slice(0, 8)]) });
    assert.deepEqual(
      picked.runs.map((r) => r.runKey),
      [older.runKey],
    );
    assert.equal(loadCorpus(store, undefined, { runs: selectRuns(store, ["all"]) }).runs.length, 2);
    assert.throws(() => selectRuns(store, ["zz"]), /give 4 or more characters/);
    store.close();

    const listed = await cli("runs", "--db", db);
    assert.equal(listed.code, 0, listed.out);
    assert.match(listed.out, new RegExp(`${older.runKey.slice(0, 12)}\\s+superseded`));
    assert.match(listed.out, new RegExp(`${newer.runKey.slice(0, 12)}\\s+latest`));
    const report = await cli("report", "--db", db, "--out", "r.html", "--run", older.runKey.slice(0, 8));
    assert.equal(report.code, 0, report.out);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    assert.ok(!html.includes("extractive ("), "one extractive run: no run-key labels");
    const bad = await cli("report", "--db", db, "--out", "r2.html", "--run", "ffffffff");
    assert.equal(bad.code, 2);
    assert.match(bad.out, /no run key starts with that/);

    const pruned = await cli("runs", "prune", "--db", db);
    assert.equal(pruned.code, 0, pruned.out);
    assert.match(pruned.out, /removed 1 superseded run key\(s\) and 56 answer\(s\)/);
    const after = openStore(db, { readonly: true });
    assert.deepEqual(
      listRuns(after).map((r) => r.runKey),
      [newer.runKey],
    );
    after.close();
  });

  test("a vote is a run of its own, with its members as runs; latest shows the vote and its members", async () => {
    const store = openStore(":memory:");
    const rules = { ...createExtractiveEngine({ learned: null }), name: "rules" };
    const vote = createVotingEngine([createExtractiveEngine(), rules]);
    const { manifest } = await extract({ inputs: papers, store, engine: vote });
    const memberKeys = [runKeyFor(createExtractiveEngine(), "sections"), runKeyFor(rules, "sections")];
    assert.deepEqual(manifest.member_run_keys, memberKeys);
    const runs = listRuns(store);
    assert.deepEqual(runs.map((r) => r.engine).sort(), ["extractive", "rules", "vote(extractive|rules)"]);
    assert.deepEqual(runs.find((r) => r.engine.startsWith("vote("))?.members, memberKeys);
    const corpus = loadCorpus(store, undefined, { runs: selectRuns(store) });
    assert.equal(corpus.runs.length, 3);
    assert.ok(corpus.runs.find((r) => r.engine.startsWith("vote("))?.isVote);
    const cell = corpus.papers[0]?.cells[0];
    assert.equal(cell?.answers.length, 2, "the members' answers");
    assert.ok(cell?.vote, "and the stored vote");
    // A later extractive run alone supersedes the member run of that family, not the vote's need of it.
    await extract({ inputs: papers, store, chunking: "k24" });
    assert.deepEqual(pruneRuns(store).runKeys, [], "the vote still needs its extractive member");
    store.close();
  });
});
