import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Answer } from "../../types.js";
import { createExtractiveEngine, NOT_STATED } from "./index.js";
import { inputOf } from "./test-helpers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BENCH = path.resolve(repoRoot, "../shared/bench");
const FILE = path.join(BENCH, "chunks", "10.1016_j.ecoinf.2024.102471.pdf.json");
const skip = existsSync(FILE) ? false : `benchmark data not found at ${BENCH}`;
if (skip) console.log(`# skipped seed case: ${skip}`);

describe("seed case: the Wav2Vec bird paper", { skip }, () => {
  test("CQ7 splits, CQ13 hyperparameters, CQ20 not stated", () => {
    const chunks = JSON.parse(readFileSync(FILE, "utf8")).chunks as string[];
    const doc = buildDocument({ id: "seed", path: FILE, pages: [chunks.join("\n\n")] });
    const engine = createExtractiveEngine();
    const byCq = new Map((engine.answerAll!(inputOf(doc), builtinQuestions()) as Answer[]).map((a) => [a.cq, a]));

    const cq7 = byCq.get(7)!;
    assert.equal(cq7.reported, "yes");
    assert.ok(
      cq7.evidence.some((e) => e.quote.includes("70:30, 80:20 and 90:10")),
      JSON.stringify(cq7.evidence),
    );
    assert.deepEqual(cq7.values.splits, ["70:30", "80:20", "90:10"]);

    const cq13 = byCq.get(13)!;
    assert.equal(cq13.reported, "yes");
    assert.equal(cq13.values.optimizer, "Adam");
    assert.equal(cq13.values.learning_rate_text, "10e-5");
    assert.equal(cq13.values.learning_rate, 1e-4);
    assert.equal(cq13.values.epochs, 30);
    assert.equal(cq13.values.batch_size, 1);

    const cq20 = byCq.get(20)!;
    assert.equal(cq20.reported, "no");
    assert.ok(cq20.answer.startsWith(NOT_STATED), cq20.answer);

    for (const a of byCq.values()) for (const e of a.evidence) assert.equal(e.quote, doc.text.slice(e.start, e.end));
  });
});
