import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { createInputLog } from "./input-log.js";
import type { InputRecord } from "./manifest.js";
import { createInputsDigest } from "./up-to-date.js";

const spoolFolders = () => readdirSync(tmpdir()).filter((n) => n.startsWith("methodscope-inputs-"));

/** Records of every kind, with text whose UTF-8 bytes straddle the spool's read boundaries. */
function records(n: number): InputRecord[] {
  return Array.from({ length: n }, (_, i): InputRecord => {
    if (i % 7 === 3) return { file: `in/${i}.pdf`, sha256: null, status: "failed", error: `unreadable «${i}»` };
    if (i % 11 === 5)
      return { file: `in/${i}.pdf`, sha256: `${i}`.padStart(64, "0"), status: "duplicate", duplicate_of: "in/0.pdf" };
    return {
      file: `in/${i}.pdf`,
      sha256: `${i}`.padStart(64, "a"),
      paper_id: `${i}`.padStart(64, "a"),
      // Two- to four-byte characters, and a long title now and then, so lines cross megabyte reads.
      title: `Ünïcode 🐋 survey ${i} ${"é".repeat(i % 5 === 0 ? 40_000 : 10)}`,
      status: i % 2 ? "done" : "reused",
      metadata: { year: 2000 + (i % 20), authors: ["Zoë", "Łukasz"] },
    };
  });
}

test("a spooled log gives back every record as added, counts them, and leaves no file behind", () => {
  const all = records(400);
  const before = spoolFolders().length;
  const spooled = createInputLog({ spool: true });
  const kept = createInputLog({ spool: false });
  for (const r of all) {
    spooled.add(r);
    kept.add(r);
  }
  assert.equal(spoolFolders().length, before + 1, "one spool folder while the run goes on");
  assert.deepEqual([...spooled.records()], all);
  assert.deepEqual([...spooled.records()], all, "read back again, the same");
  assert.deepEqual(spooled.kept, [], "nothing kept in memory");
  assert.deepEqual(kept.kept, all);
  assert.deepEqual(spooled.counts, kept.counts);
  assert.equal(spooled.counts.inputs, 400);
  assert.equal(spooled.counts.failed, all.filter((r) => r.status === "failed").length);
  assert.equal(spooled.counts.duplicate, all.filter((r) => r.status === "duplicate").length);
  assert.deepEqual(
    spooled.failures,
    all.filter((r) => r.status === "failed").map((r) => ({ file: r.file, error: r.error })),
  );
  spooled.close();
  spooled.close();
  assert.equal(spoolFolders().length, before);
});

test("the inputs digest follows paths and hashes in order, and is undefined when an input has no hash", () => {
  const digestOf = (pairs: [string, string | null][]) => {
    const log = createInputLog({ spool: false });
    for (const [file, sha256] of pairs) log.add({ file, sha256, status: sha256 ? "done" : "failed" });
    return log.inputsDigest();
  };
  const a = digestOf([
    ["a.pdf", "1"],
    ["b.pdf", "2"],
  ]);
  assert.equal(
    a,
    digestOf([
      ["a.pdf", "1"],
      ["b.pdf", "2"],
    ]),
  );
  assert.notEqual(
    a,
    digestOf([
      ["b.pdf", "2"],
      ["a.pdf", "1"],
    ]),
    "order counts",
  );
  assert.notEqual(
    a,
    digestOf([
      ["a.pdf", "1"],
      ["b.pdf", "3"],
    ]),
    "content counts",
  );
  assert.notEqual(
    a,
    digestOf([
      ["a.pdf", "1"],
      ["c.pdf", "2"],
    ]),
    "paths count",
  );
  assert.equal(
    digestOf([
      ["a.pdf", "1"],
      ["b.pdf", null],
    ]),
    undefined,
  );
  const direct = createInputsDigest();
  direct.add("a.pdf", "1");
  direct.add("b.pdf", "2");
  assert.equal(direct.value(), a, "the check computes the digest the run recorded");
  assert.ok(!existsSync("inputs.jsonl"));
});
