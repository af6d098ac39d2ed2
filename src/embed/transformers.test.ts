import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeTinyOnnxModel } from "../../test/fixtures/tiny-onnx.js";
import { MethodscopeError } from "../errors.js";
import { prepareDenseRetriever } from "../retrieve/dense.js";
import { openStore } from "../store/index.js";
import type { Chunk, Question } from "../types.js";
import { createTransformersEmbedder, TRANSFORMERS_MISSING_MESSAGE } from "./transformers.js";

const dir = mkdtempSync(join(tmpdir(), "methodscope-onnx-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

test("transformers.js embeds with a local ONNX model: mean-pooled, normalised, by meaning of shared words", async () => {
  const folder = writeTinyOnnxModel(join(dir, "tiny-bert"), 16);
  const embedder = createTransformersEmbedder({ model: folder, batchSize: 2 });
  try {
    assert.match(embedder.id, /^transformers:tiny-bert#[0-9a-f]{8}$/);
    const [optimizer, split, adam, padded] = await embedder.embed([
      "We used the Adam optimizer",
      "the dataset split",
      "Adam optimizer",
      // A longer text in the same batch pads the shorter one: padding must not change its vector.
      "the dataset split and the training images and the validation data",
    ]);
    assert.equal(optimizer.length, 16);
    for (const v of [optimizer, split, adam, padded]) assert.ok(Math.abs(dot(v, v) - 1) < 1e-4);
    assert.ok(dot(optimizer, adam) > dot(optimizer, split));
    const [alone] = await embedder.embed(["We used the Adam optimizer"]);
    assert.ok(dot(alone, optimizer) > 0.9999);
    assert.deepEqual(await embedder.embed([]), []);

    // End to end: the vectors go into sqlite-vec and rank a paper's chunks.
    const store = openStore(":memory:");
    try {
      const chunk = (index: number, text: string): Chunk => ({
        index,
        text,
        start: 0,
        end: 1,
        section: "methods",
        page: 1,
      });
      const chunks = [chunk(0, "Forest birds and species"), chunk(1, "The Adam optimizer and learning rate")];
      const q: Question = { cq: 9, label: "o", category: "c", text: "optimizer", query: ["adam"], dlSpecific: true };
      const retrieve = await prepareDenseRetriever({ db: store.db, embedder, chunks, questions: [q] });
      assert.deepEqual(
        retrieve(q, { k: 2 }).map((c) => c.index),
        [1, 0],
      );
    } finally {
      store.close();
    }
  } finally {
    await embedder.close?.();
  }
});

test("a hub id is refused unless remote models are allowed (no network in tests)", async () => {
  const embedder = createTransformersEmbedder({ model: "Xenova/all-MiniLM-L12-v2-not-here" });
  await assert.rejects(embedder.embed(["x"]), (error: unknown) => {
    assert.ok(error instanceof MethodscopeError);
    assert.equal(error.code, "not-found");
    assert.match(error.message, /--allow-remote-models/);
    return true;
  });
});

test("a missing @huggingface/transformers gives the install hint", async () => {
  const folder = writeTinyOnnxModel(join(dir, "other"), 8);
  const embedder = createTransformersEmbedder({
    model: folder,
    importModule: () => Promise.reject(new Error("Cannot find package")),
  });
  await assert.rejects(embedder.embed(["x"]), { message: TRANSFORMERS_MISSING_MESSAGE });
});
