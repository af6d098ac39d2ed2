import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { PaperLabelsSchema, squash } from "../src/evaluate/labelled-papers.js";

// The fictional papers of bench/fictional are a benchmark: a label that does not parse, a question labelled twice
// or a "yes" whose sentence is not in the paper would make `npm run bench:fictional` score the wrong thing.
const root = resolve(new URL("..", import.meta.url).pathname, "bench/fictional");

describe("bench/fictional: the labelled papers", () => {
  for (const set of ["dev", "holdout"]) {
    test(`${set}: every paper has 28 labels, and every "yes" quotes a sentence of the paper`, () => {
      const papers = readdirSync(join(root, set)).filter((f) => f.endsWith(".txt"));
      assert.ok(papers.length >= 8, `${set} holds ${papers.length} papers`);
      for (const file of papers) {
        const name = file.replace(/\.txt$/, "");
        const text = squash(readFileSync(join(root, set, file), "utf8"));
        const labels = PaperLabelsSchema.parse(
          JSON.parse(readFileSync(join(root, set, `${name}.labels.json`), "utf8")),
        );
        assert.deepEqual(
          labels.map((l) => l.cq).sort((a, b) => a - b),
          Array.from({ length: 28 }, (_, i) => i + 1),
          `${name}: one label per question`,
        );
        for (const l of labels) {
          if (l.label === "no") assert.equal(l.evidence, "", `${name} CQ${l.cq}: a "no" quotes nothing`);
          else
            assert.ok(
              l.evidence !== "" && text.includes(squash(l.evidence)),
              `${name} CQ${l.cq}: quote not in the paper`,
            );
        }
      }
    });
  }
});
