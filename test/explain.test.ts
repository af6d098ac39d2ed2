import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { shippedLearnedLayer } from "../src/answer/extractive/learned.js";
import { main } from "../src/cli/main.js";
import { openStore } from "../src/store/index.js";
import { captureIO } from "./fixtures/capture.js";
import { OWLS_NO_HARDWARE } from "./fixtures/text-papers.js";

// The hardware is named only by another study, in a plan, and in a negation: CQ20 is a "no".
const OWLS = OWLS_NO_HARDWARE;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-explain-"));
  writeFileSync(join(dir, "owls.txt"), OWLS);
  writeFileSync(join(dir, "bats.txt"), OWLS.replace("owls", "bats"));
  return dir;
}

describe("methodscope extract --explain", () => {
  test("a no prints where the engine looked: scores, reasons and the quotes", async () => {
    const dir = workspace();
    const io = captureIO(dir);
    const code = await main(["extract", "owls.txt", "--db", "s.db", "--out", "out", "-q", "--explain", "20"], io);
    assert.equal(code, 0, io.err());
    const out = io.out();
    assert.match(out, /^CQ20 · owls\.txt\n/);
    assert.match(
      out,
      /decision: not reported \(engine extractive, confidence 0\.\d\d, P\(yes\) 0\.\d\d; yes from 0\.50\)/,
    );
    // The scale is the one of whoever decides CQ20 in the shipped weights: the layer or the rules.
    const byLayer = shippedLearnedLayer().paper.questions["20"]?.use === "layer";
    assert.match(
      out,
      byLayer
        ? /where we looked \(score: the sentence scorer's probability/
        : /where we looked \(score: the rule's score/,
    );
    assert.match(out, /\[(?:below threshold, )?negated\]\n\s+“No GPU was used for training\.”/);
    assert.match(out, /other work[^\n]*\]\n\s+“Smith et al\. \(2019\) trained their detector/);
    assert.match(out, /hedged[^\n]*\]\n\s+“Training could be accelerated with a GPU in future work\.”/);
    // Offsets printed with each quote point into the stored text.
    const [, start, end] = out.match(/\[(\d+)–(\d+)\]\s+\[(?:below threshold, )?negated\]/) ?? [];
    const store = openStore(join(dir, "s.db"));
    const text = store.getDocument(store.listDocuments()[0].id)?.text ?? "";
    store.close();
    assert.equal(text.slice(Number(start), Number(end)), "No GPU was used for training.");
    // A yes prints its evidence; the paper named by file name.
    const again = captureIO(dir);
    assert.equal(
      await main(["extract", "owls.txt", "--db", "s.db", "--out", "out", "-q", "--explain", "owls.txt:19"], again),
      0,
    );
    assert.match(
      again.out(),
      /decision: reported[\s\S]*evidence:\n\s+p\. 1 \[\d+–\d+\]\s+“We used a ResNet-50 network trained with PyTorch/,
    );
  });

  test("several papers need <paper>:<cq>; a bad value is a usage error", async () => {
    const dir = workspace();
    const io = captureIO(dir);
    const code = await main(["extract", ".", "--db", "s.db", "--out", "out", "-q", "--explain", "20"], io);
    assert.equal(code, 2);
    assert.match(io.err(), /several papers; name one as <paper>:20 \(papers: (bats|owls)\.txt, (bats|owls)\.txt\)/);
    const named = captureIO(dir);
    assert.equal(
      await main(["extract", ".", "--db", "s.db", "--out", "out", "-q", "--explain", "bats.txt:20"], named),
      0,
    );
    assert.match(named.out(), /^CQ20 · bats\.txt\n/);
    const bad = captureIO(dir);
    assert.equal(await main(["extract", "owls.txt", "--db", "s.db", "--explain", "owls.txt:x"], bad), 2);
    assert.match(bad.err(), /--explain takes a question number or <paper>:<question>/);
  });
});
