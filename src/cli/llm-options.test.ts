import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Command } from "commander";
import { createFakeProvider } from "../answer/llm/fake-provider.js";
import { DEFAULT_CASCADE_THRESHOLD } from "../judge/cascade.js";
import { runKeyFor } from "../pipeline/extract.js";
import { builtinQuestions } from "../questions/catalogue.js";
import { openStore } from "../store/index.js";
import {
  addLlmOptions,
  buildEngineFromOptions,
  engineMembers,
  engineSettingsFor,
  type LlmCliOptions,
  memberRowsFromStore,
  parseLlmWhen,
  requiredChunking,
} from "./llm-options.js";

const parse = (argv: string[]): LlmCliOptions => {
  const cmd = addLlmOptions(new Command("extract").exitOverride().configureOutput({ writeErr: () => {} })).argument(
    "[paths...]",
  );
  cmd.parse(argv, { from: "user" });
  return cmd.opts() as LlmCliOptions;
};
const fake = async (spec: string) => createFakeProvider(() => "", { model: spec.split(":")[1] });

describe("addLlmOptions", () => {
  test("parses repeated --llm and the defaults", () => {
    const o = parse(["--llm", "openai:a@http://h:1/v1", "--llm", "ollama:b", "x.pdf"]);
    assert.deepEqual(o.llm, ["openai:a@http://h:1/v1", "ollama:b"]);
    assert.equal(o.mode, "structured");
    assert.equal(o.batchSize, 7);
    assert.equal(o.apiKeyEnv, "OPENAI_API_KEY");
    assert.equal(o.voteTie, "no");
    assert.equal(o.dryRun, false);
  });

  test("rejects bad numbers and modes", () => {
    assert.throws(() => parse(["--batch-size", "0"]));
    assert.throws(() => parse(["--mode", "fast"]));
  });
});

describe("buildEngineFromOptions", () => {
  test("no --llm: no engine; LLM-only options alone are usage errors", async () => {
    assert.equal(await buildEngineFromOptions(parse([]), { env: {} }), undefined);
    await assert.rejects(buildEngineFromOptions(parse(["--include-extractive"]), { env: {} }), /needs --llm/);
  });

  test("one model is its engine; several vote; k24 needs its templates and k24 chunking", async () => {
    const one = await buildEngineFromOptions(parse(["--llm", "fake:m1"]), { env: {}, createProvider: fake });
    assert.equal(one?.name, "llm:fake:m1");
    const vote = await buildEngineFromOptions(parse(["--llm", "fake:m1", "--llm", "fake:m2", "--vote-tie", "yes"]), {
      env: {},
      createProvider: fake,
    });
    assert.equal(vote?.name, "vote(llm:fake:m1|llm:fake:m2)");
    assert.equal(vote?.settings.tieRule, "yes");
    assert.deepEqual(
      engineMembers(vote!).map((m) => m.name),
      ["llm:fake:m1", "llm:fake:m2"],
    );
    await assert.rejects(
      buildEngineFromOptions(parse(["--llm", "fake:m", "--mode", "k24"]), { env: {}, createProvider: fake }),
      /--prompt-file/,
    );
    assert.equal(requiredChunking(parse(["--llm", "fake:m", "--mode", "k24"])), "k24");
    assert.equal(requiredChunking(parse(["--llm", "fake:m"])), undefined);
  });

  test("k24 mode reads the template files; the yes/no method follows --binary-prompt-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-opts-"));
    try {
      writeFileSync(join(dir, "stuff.txt"), "{context}\n{question}");
      writeFileSync(join(dir, "query.txt"), "{query}");
      writeFileSync(join(dir, "bin.txt"), "{Question} {Answer}");
      const base = ["--llm", "fake:m", "--mode", "k24", "--prompt-file", "stuff.txt", "--query-template", "query.txt"];
      const cls = await buildEngineFromOptions(parse(base), { env: {}, cwd: dir, createProvider: fake });
      assert.equal(cls?.settings.binary, "classifier");
      const prm = await buildEngineFromOptions(parse([...base, "--binary-prompt-file", "bin.txt"]), {
        env: {},
        cwd: dir,
        createProvider: fake,
      });
      assert.equal(prm?.settings.binary, "prompt");
      await assert.rejects(
        buildEngineFromOptions(parse([...base, "--binary", "prompt"]), { env: {}, cwd: dir, createProvider: fake }),
        /--binary-prompt-file/,
      );
      await assert.rejects(
        buildEngineFromOptions(parse(["--llm", "fake:m", "--query-template", "query.txt"]), {
          env: {},
          cwd: dir,
          createProvider: fake,
        }),
        /--mode k24/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a named API key variable that is not set is a usage error", async () => {
    await assert.rejects(
      buildEngineFromOptions(parse(["--llm", "openai:m@http://127.0.0.1:9/v1", "--api-key-env", "MY_KEY"]), {
        env: {},
      }),
      /MY_KEY/,
    );
  });
});

test("memberRowsFromStore reads each member's answers under its own run key", () => {
  const store = openStore(":memory:");
  try {
    const q = builtinQuestions().slice(0, 1);
    const member = { name: "llm:fake:m1", settings: { mode: "structured" } };
    store.upsertDocument({ id: "p", path: "a.pdf", title: "t", pageCount: 1, text: "x", pages: [], sections: [] });
    const answer = {
      cq: q[0]!.cq,
      reported: "yes" as const,
      answer: "A",
      values: {},
      confidence: 0.8,
      evidence: [],
      engine: member.name,
    };
    store.saveAnswers("p", runKeyFor(member, "sections"), [{ ...answer, question: q[0]!.text }]);
    const voteRow = {
      paper_id: "p",
      file: "/x/a.pdf",
      title: "t",
      cq: 1,
      question: "",
      reported: "no" as const,
      answer: "",
      values: {},
      confidence: 1,
      evidence: [],
      engine: "vote",
    };
    const rows = memberRowsFromStore(store, [voteRow], [member], "sections", q);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.engine, member.name);
    assert.equal(rows[0]?.file, "/x/a.pdf");
    assert.equal(rows[0]?.reported, "yes");
  } finally {
    store.close();
  }
});

test("--engine-file describes the whole engine: engine flags beside it are a usage error", () => {
  assert.throws(
    () => engineSettingsFor({ engineFile: "engine.yaml", llm: ["fake:a"], rulesOnly: true }, "/tmp"),
    /drop --llm, --rules-only or put it in the file/,
  );
  assert.equal(engineSettingsFor({ rulesOnly: true }, "/tmp").settings.extractive.rulesOnly, true);
});

describe("--llm-when", () => {
  test("always, uncertain and uncertain:<τ> map to the settings' llmWhen", () => {
    const settings = (argv: string[]) => engineSettingsFor(parse(argv), process.cwd()).settings;
    assert.equal(settings(["--llm", "ollama:a"]).llmWhen, "always");
    assert.equal(settings(["--llm", "ollama:a", "--llm-when", "always"]).llmWhen, "always");
    assert.deepEqual(settings(["--llm", "ollama:a", "--llm-when", "uncertain:0.65"]).llmWhen, { uncertain: 0.65 });
    assert.deepEqual(settings(["--llm", "ollama:a", "--llm-when", "uncertain"]).llmWhen, {
      uncertain: DEFAULT_CASCADE_THRESHOLD,
    });
  });

  test("a bad value, a τ outside 0…1, or no --llm is refused with what to write", () => {
    assert.throws(() => parse(["--llm-when", "sometimes"]), /always, uncertain or uncertain:<τ>/);
    assert.throws(() => parse(["--llm-when", "uncertain:2"]), /from 0 to 1/);
    assert.throws(() => parse(["--llm-when", "uncertain:"]), /from 0 to 1/);
    assert.throws(
      () => engineSettingsFor(parse(["--llm-when", "uncertain"]), process.cwd()),
      /--llm-when uncertain .* needs --llm/,
    );
    assert.deepEqual(parseLlmWhen(" Uncertain:0 "), { uncertain: 0 });
  });

  test("the cascade is built from the flags: extractive first, the LLMs for uncertain questions", async () => {
    const engine = await buildEngineFromOptions(
      parse(["--llm", "ollama:a", "--llm", "ollama:b", "--llm-when", "uncertain:0.9"]),
      { env: {}, createProvider: fake },
    );
    assert.equal(engine?.settings.mode, "cascade");
    assert.equal(engine?.settings.threshold, 0.9);
  });
});
