import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createFakeProvider } from "../answer/llm/fake-provider.js";
import { MethodscopeError } from "../errors.js";
import { DEFAULT_CASCADE_THRESHOLD } from "../judge/cascade.js";
import { cascadeThreshold, createEngine, loadEngineSettings, parseEngineSettings, requiredChunking } from "./engine.js";

const fake = async (spec: string) => createFakeProvider(() => "[]", { model: spec.slice(5) });
const isUsage = (pattern: RegExp) => (e: unknown) =>
  e instanceof MethodscopeError && e.code === "usage" && pattern.test(e.message);

describe("engine settings", () => {
  test("defaults to the extractive engine", async () => {
    const engine = await createEngine({});
    assert.equal(engine.name, "extractive");
    assert.notEqual(engine.settings.learned, null);
    assert.equal((await createEngine({ extractive: { rulesOnly: true } })).settings.learned, null);
  });

  test("a misspelt field is a usage error that names it (and the file)", () => {
    assert.throws(
      () => parseEngineSettings({ llm: { models: ["fake:a"], batchsize: 3 } }),
      isUsage(/llm: unknown field "batchsize"/),
    );
    assert.throws(() => parseEngineSettings({ voteTie: "maybe" }), isUsage(/voteTie/));
    const dir = mkdtempSync(join(tmpdir(), "methodscope-engine-"));
    try {
      const file = join(dir, "engine.yaml");
      writeFileSync(file, "llm:\n  models: [fake:a]\n  promt: {file: p.txt}\n");
      assert.throws(() => loadEngineSettings(file), isUsage(new RegExp(`${file}: llm: unknown field "promt"`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("k24 mode needs its templates; structured mode refuses k24-only fields", () => {
    assert.throws(() => parseEngineSettings({ llm: { models: ["fake:a"], mode: "k24" } }), isUsage(/queryTemplate/));
    assert.throws(
      () => parseEngineSettings({ llm: { models: ["fake:a"], binary: "prompt" } }),
      isUsage(/belong to mode k24/),
    );
    assert.throws(() => parseEngineSettings({ includeExtractive: true }), isUsage(/needs llm/));
  });

  test("a settings file builds a k24 vote, prompt files read relative to the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "methodscope-engine-"));
    try {
      writeFileSync(join(dir, "stuff.txt"), "{context}\n{question}");
      writeFileSync(join(dir, "query.txt"), "Q: {query}");
      const file = join(dir, "engine.json");
      writeFileSync(
        file,
        JSON.stringify({
          llm: {
            models: ["fake:a", "fake:b"],
            mode: "k24",
            prompt: { file: "stuff.txt" },
            queryTemplate: { file: "query.txt" },
          },
          includeExtractive: true,
          voteTie: "yes",
        }),
      );
      const { settings, baseDir } = loadEngineSettings(file);
      assert.equal(requiredChunking(settings), "k24");
      const engine = await createEngine(settings, { baseDir, createProvider: fake });
      assert.deepEqual(
        engine.members?.map((m) => m.name),
        ["k24:fake:a", "k24:fake:b", "extractive"],
      );
      assert.equal(engine.settings.tieRule, "yes");
      await assert.rejects(
        createEngine(
          { llm: { models: ["fake:a"], prompt: { file: "missing.txt" } } },
          { baseDir, createProvider: fake },
        ),
        isUsage(/cannot read missing.txt/),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the cascade (llmWhen)", () => {
  test("llmWhen uncertain builds a cascade whose τ defaults to the cross-validated one", async () => {
    const engine = await createEngine(
      { llm: { models: ["fake:a", "fake:b"] }, llmWhen: { uncertain: 0.7 } },
      { createProvider: fake },
    );
    assert.equal(engine.settings.mode, "cascade");
    assert.equal(engine.settings.threshold, 0.7);
    assert.match(engine.name, /^cascade\(extractive<0\.7>vote\(/);
    const settings = parseEngineSettings({ llm: { models: ["fake:a"] }, llmWhen: { uncertain: undefined } });
    assert.equal(cascadeThreshold(settings), DEFAULT_CASCADE_THRESHOLD);
    assert.equal(cascadeThreshold(parseEngineSettings({ llm: { models: ["fake:a"] } })), undefined);
    assert.equal(
      (await createEngine({ llm: { models: ["fake:a"] } }, { createProvider: fake })).settings.mode,
      "structured",
    );
  });

  test("llmWhen without llm, or τ outside 0…1, is a usage error", () => {
    assert.throws(() => parseEngineSettings({ llmWhen: { uncertain: 0.5 } }), isUsage(/llmWhen uncertain needs llm/));
    assert.throws(
      () => parseEngineSettings({ llm: { models: ["fake:a"] }, llmWhen: { uncertain: 1.5 } }),
      isUsage(/llmWhen/),
    );
    assert.throws(() => parseEngineSettings({ llm: { models: ["fake:a"] }, llmWhen: "sometimes" }), isUsage(/llmWhen/));
  });
});
