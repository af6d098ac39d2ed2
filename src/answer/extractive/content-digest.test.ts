import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { extractiveContentDigest } from "./content-digest.js";
import { createExtractiveEngine } from "./index.js";
import { shippedLearnedLayer } from "./learned.js";
import { VOCABULARIES } from "./vocab.js";

describe("extractive content digest (part of the run key)", () => {
  test("is stable for equal content", () => {
    assert.match(String(createExtractiveEngine().settings.content), /^[0-9a-f]{16}$/);
    assert.equal(createExtractiveEngine().settings.content, createExtractiveEngine().settings.content);
  });

  test("changes when a trained weight changes", () => {
    const shipped = shippedLearnedLayer();
    const rows = new Map(shipped.sentences.rows);
    const [id, weights] = [...rows][0];
    const changed = Float32Array.from(weights);
    changed[0] += 0.5;
    rows.set(id, changed);
    const retrained = { ...shipped, sentences: { ...shipped.sentences, rows } };
    const copy = { ...shipped, sentences: { ...shipped.sentences, rows: new Map(shipped.sentences.rows) } };
    assert.equal(extractiveContentDigest(copy, undefined), extractiveContentDigest(copy, undefined));
    assert.notEqual(extractiveContentDigest(retrained, undefined), extractiveContentDigest(copy, undefined));
    const paperChanged = { ...shipped, paper: { ...shipped.paper, version: shipped.paper.version + 1 } };
    assert.notEqual(extractiveContentDigest(paperChanged, undefined), extractiveContentDigest(copy, undefined));
  });

  test("changes when a vocabulary changes", () => {
    const before = createExtractiveEngine().settings.content;
    // The vocabularies are read-only to the program; the test edits one as a user editing vocab.ts would.
    const frameworks = VOCABULARIES.frameworks as unknown as { name: string; pattern: string }[];
    frameworks.push({ name: "Zyzzyva", pattern: "\\bZyzzyva\\b" });
    try {
      assert.notEqual(createExtractiveEngine().settings.content, before);
    } finally {
      frameworks.pop();
    }
    assert.equal(createExtractiveEngine().settings.content, before);
  });
});
