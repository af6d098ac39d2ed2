import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { NOT_DL, NOT_STATED } from "../src/answer/extractive/index.js";
import { extract } from "../src/pipeline/extract.js";
import type { ResultRow } from "../src/report/rows.js";

const examples = resolve(new URL("..", import.meta.url).pathname, "examples/papers");

test("the bundled example PDFs: three papers, each answered as its text says", async () => {
  const { rows, manifest } = await extract({ inputs: [examples], dbPath: ":memory:" });
  assert.equal(manifest.counts.failed, 0, JSON.stringify(manifest.failures));
  assert.equal(manifest.counts.papers, 3);
  const get = (file: string, cq: number): ResultRow => {
    const row = rows.find((r) => r.file === join(examples, file) && r.cq === cq);
    assert.ok(row, `${file} CQ${cq} missing`);
    return row;
  };

  const cam = "camera-trap-resnet.pdf";
  assert.equal(get(cam, 13).values.optimizer, "Adam");
  assert.equal(get(cam, 13).values.batch_size, 32);
  assert.equal(get(cam, 8).reported, "yes");
  assert.equal(get(cam, 24).reported, "yes");
  assert.ok(get(cam, 20).evidence.some((e) => /RTX 3090/.test(e.quote)));
  // TensorFlow, YOLO and ImageNet appear only in the References: never this paper's evidence.
  for (const cq of [5, 12, 19]) {
    for (const e of get(cam, cq).evidence) assert.doesNotMatch(e.quote, /TensorFlow|YOLO|ImageNet/);
  }
  for (const row of rows.filter((r) => r.reported === "yes")) {
    for (const e of row.evidence) assert.ok(e.page >= 1 && e.page <= 3, `page ${e.page}`);
  }

  const maxent = "species-distribution-maxent.pdf";
  for (const cq of [13, 15, 20]) {
    assert.equal(get(maxent, cq).reported, "no");
    assert.ok(get(maxent, cq).answer?.startsWith(NOT_DL), get(maxent, cq).answer ?? "");
  }

  const lake = "lake-oxygen-lstm.pdf";
  assert.equal(get(lake, 20).reported, "no");
  assert.ok(get(lake, 20).answer?.startsWith(NOT_STATED));
  assert.equal(get(lake, 24).reported, "no", "no seed is stated");
  assert.equal(get(lake, 7).reported, "yes", "a chronological split is a split");
  assert.equal(get(lake, 11).reported, "no", "'available upon request' is no repository link");
  assert.equal(get(lake, 15).values.optimizers?.toString(), "RMSprop");
});
