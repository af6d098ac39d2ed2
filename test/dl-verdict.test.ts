/** The report reads a paper's deep-learning verdict stored at extract time; it never detects while rendering. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { extract } from "../src/pipeline/extract.js";
import { loadCorpus } from "../src/report/html/corpus.js";
import { openStore } from "../src/store/index.js";
import type { Engine } from "../src/types.js";

const llmOnly: Engine = {
  name: "llm:fake:m",
  settings: { mode: "structured", model: "m" },
  answer: (_input, q) => ({
    cq: q.cq,
    reported: "no",
    answer: "The paper does not state it.",
    values: {},
    confidence: 0.6,
    evidence: [],
    engine: "llm:fake:m",
  }),
};

test("a paper only an LLM answered gets its verdict stored once; views read it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-dl-"));
  try {
    const file = join(dir, "survey.txt");
    writeFileSync(
      file,
      "Bird counts in alpine meadows\n\nMethods\nWe counted birds along 12 transects in 2019 and fitted a generalised linear model in R.\n",
    );
    const store = openStore(":memory:");
    const { rows } = await extract({ inputs: [file], store, engine: llmOnly });
    const id = rows[0]?.paper_id as string;
    assert.equal(store.getDeepLearning(id), false, "detected once, at extract time");
    assert.equal(loadCorpus(store).papers[0]?.dl, false);
    // The view uses the stored verdict (were it detecting while rendering, this would still say false).
    store.setDeepLearning(id, true);
    assert.equal(loadCorpus(store).papers[0]?.dl, true);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
