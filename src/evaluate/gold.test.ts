import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import { makeTestStore, PAPER_A, PAPER_B, RUN_X } from "../report/html/_test-store.js";
import { loadCorpus } from "../report/html/corpus.js";
import { addReview } from "../store/reviews.js";
import {
  evaluateGold,
  formatEvaluation,
  type GoldRecord,
  goldJsonl,
  goldRecords,
  MAX_GOLD_LINE_CHARS,
  parseGoldJsonl,
  readGoldFile,
} from "./gold.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-gold-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function record(cq: number, answer: string | null = null): GoldRecord {
  return {
    paper_id: "p".repeat(64),
    file: "paper.pdf",
    title: "A paper",
    cq,
    reported: cq % 2 === 0 ? "yes" : "no",
    answer,
    action: "correct",
    reviewer: "ana",
    reviewed_at: "2026-01-01T00:00:00.000Z",
    run_key: null,
  };
}

const isCode = (code: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof MethodscopeError && e.code === code && (pattern?.test(e.message) ?? true);

describe("gold labels and evaluation", () => {
  test("every engine and the majority vote are scored against the latest reviews", () => {
    const store = makeTestStore();
    const review = (documentId: string, cq: number, reported: "yes" | "no") =>
      addReview(store, { documentId, cq, action: "correct", reported, reviewer: "ana", runKey: RUN_X });
    review(PAPER_A, 1, "no"); // both engines said yes
    review(PAPER_A, 1, "yes"); // changed mind: latest wins
    review(PAPER_A, 2, "yes"); // extractive yes, llm no
    review(PAPER_A, 3, "no");
    review(PAPER_B, 1, "no"); // extractive said yes
    const records = goldRecords(store);
    assert.equal(records.length, 4);
    assert.equal(records[0].file, "aaaa.txt");
    const parsed = parseGoldJsonl(goldJsonl(records));
    assert.deepEqual(parsed, records);
    const result = evaluateGold(loadCorpus(store), parsed, { bootstrap: false });
    const by = new Map(result.systems.map((s) => [s.system, s.summary]));
    assert.deepEqual([...by.keys()], ["extractive", "llm: m1", "vote (majority)"]);
    assert.equal(by.get("extractive")?.n, 4);
    assert.equal(by.get("extractive")?.accuracy, 3 / 4);
    assert.equal(by.get("llm: m1")?.n, 3);
    assert.equal(by.get("llm: m1")?.accuracy, 2 / 3);
    assert.equal(by.get("vote (majority)")?.n, 3);
    assert.match(formatEvaluation(result), /4 of 4 gold labels/);
    store.close();
  });

  test("a malformed gold line is a usage error with its line number", () => {
    assert.throws(
      () => parseGoldJsonl('\n{"paper_id":"x"}\n', "g.jsonl"),
      (e: unknown) => e instanceof MethodscopeError && e.code === "usage" && /g\.jsonl line 2/.test(e.message),
    );
    assert.throws(() => parseGoldJsonl("{", "g.jsonl"), /line 1 is not JSON/);
  });

  test("a UTF-8 byte order mark before the first line is accepted", async () => {
    const text = `\uFEFF${goldJsonl([record(1), record(2)])}`;
    assert.deepEqual(parseGoldJsonl(text), [record(1), record(2)]);
    const file = join(dir, "bom.jsonl");
    writeFileSync(file, text);
    assert.deepEqual(await readGoldFile(file), [record(1), record(2)]);
  });

  test("a gold file is read as a stream: many lines, CRLF, and characters split across chunks", async () => {
    // Each answer is long and multi-byte, so lines and characters cross the stream's 64 KiB chunks.
    const records = Array.from({ length: 300 }, (_, i) => record(i + 1, `ünïcödé ${"€".repeat(900)} ${i}`));
    const file = join(dir, "big.jsonl");
    writeFileSync(file, goldJsonl(records).replaceAll("\n", "\r\n"));
    assert.deepEqual(await readGoldFile(file), records);
  });

  test("bad gold files are user errors with a specific code, never internal", async () => {
    await assert.rejects(readGoldFile(join(dir, "none.jsonl"), "none.jsonl"), isCode("usage", /No gold file/));
    await assert.rejects(readGoldFile(dir, "golds/"), isCode("usage", /golds\/ is a folder/));
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${goldJsonl([record(1)])}{oops\n`);
    await assert.rejects(readGoldFile(bad, "bad.jsonl"), isCode("usage", /bad\.jsonl line 2 is not JSON/));
  });

  test("a huge file without line breaks fails fast as usage, reading only its first lines' worth", async () => {
    // 600 MB, sparse: over the 512 MB a single string can hold, but nearly no disk.
    const file = join(dir, "huge.jsonl");
    closeSync(openSync(file, "w"));
    truncateSync(file, 600 * 1024 * 1024);
    const started = Date.now();
    await assert.rejects(readGoldFile(file, "huge.jsonl"), isCode("usage", /huge\.jsonl line 1 is over/));
    assert.ok(Date.now() - started < 5000, "it stopped after the first long line");
    assert.ok(MAX_GOLD_LINE_CHARS < 600 * 1024 * 1024);
  });

  test("a FIFO as gold file is refused without reading it", async (t) => {
    const fifo = join(dir, "gold.fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) {
      t.skip("mkfifo is not available here");
      return;
    }
    await assert.rejects(readGoldFile(fifo, "gold.fifo"), isCode("not-a-regular-file"));
  });
});
