import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Command } from "commander";
import { writeTinyOnnxModel } from "../../test/fixtures/tiny-onnx.js";
import { addRetrievalOptions, buildRetrieverFactory, type RetrievalCliOptions } from "./retrieval-options.js";

const parse = (argv: string[]): RetrievalCliOptions => {
  const command = addRetrievalOptions(new Command("extract").exitOverride().configureOutput({ writeErr: () => {} }));
  command.parse(argv, { from: "user" });
  return command.opts();
};
const context = { env: { OPENAI_API_KEY: "sk-secret" }, cwd: "/" };

test("options parse with bm25 as the default", () => {
  assert.deepEqual(parse([]), { retrieval: "bm25", allowRemoteModels: false });
  assert.deepEqual(parse(["--retrieval", "hybrid", "--embedder", "ollama:nomic", "--allow-remote-models"]), {
    retrieval: "hybrid",
    embedder: "ollama:nomic",
    allowRemoteModels: true,
  });
  assert.throws(() => parse(["--retrieval", "vectors"]), /Allowed choices/);
});

test("the factory's settings name the mode and the embedder, never the key", () => {
  assert.deepEqual(buildRetrieverFactory(parse([]), context).settings, { retrieval: "bm25" });
  const hybrid = buildRetrieverFactory(
    parse(["--retrieval", "hybrid", "--embedder", "openai:bge@http://127.0.0.1:9/v1"]),
    context,
  );
  assert.deepEqual(hybrid.settings, { retrieval: "hybrid", embedder: "openai:bge@http://127.0.0.1:9/v1", rrfK: 60 });
  assert.ok(!JSON.stringify(hybrid.settings).includes("sk-secret"));
});

test("usage errors: dense without an embedder, an embedder without dense, a bad spec", () => {
  assert.throws(() => buildRetrieverFactory(parse(["--retrieval", "dense"]), context), { code: "usage" });
  assert.throws(() => buildRetrieverFactory(parse(["--embedder", "ollama:x"]), context), { code: "usage" });
  assert.throws(() => buildRetrieverFactory(parse(["--retrieval", "dense", "--embedder", "word2vec:x"]), context), {
    code: "usage",
  });
});

test("a relative transformers folder is found from the working directory", () => {
  const cwd = mkdtempSync(join(tmpdir(), "methodscope-cli-"));
  try {
    writeTinyOnnxModel(join(cwd, "models", "mini"), 4);
    const factory = buildRetrieverFactory(parse(["--retrieval", "dense", "--embedder", "transformers:models/mini"]), {
      env: {},
      cwd,
    });
    assert.match(String(factory.settings.embedder), /^transformers:mini#[0-9a-f]{8}$/);
    const hub = buildRetrieverFactory(
      parse(["--retrieval", "dense", "--embedder", "transformers:Xenova/all-MiniLM-L12-v2"]),
      { env: {}, cwd },
    );
    assert.deepEqual(hub.settings, { retrieval: "dense", embedder: "transformers:Xenova/all-MiniLM-L12-v2" });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
