import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { dlPaperText, nonDlPaperText } from "../../../test/fixtures/text-papers.js";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import type { Document } from "../../types.js";
import { type CompiledCues, compileCues } from "./cues.js";
import { dlPatterns } from "./dl-detect.js";
import { buildDocContext, type DocContext } from "./doc-context.js";
import { gateAllows, gateOf, regexGate, sentenceKeys } from "./prefilter.js";
import { scoreSentences } from "./score.js";
import { hashFeature, sentenceFeatureNames, textFeatureIds } from "./sentence-model.js";

const BENCH = new URL("../../../../shared/bench/chunks/", import.meta.url);

// The v flag (not in this project's ES2022 target) is read by no gate.
const UNICODE_SETS = "v";

const words = (re: RegExp) => [...(regexGate(re)?.words ?? [])].sort();

describe("regexGate", () => {
  test("reads the literal words a match must contain", () => {
    assert.deepEqual(words(/\bdeep[- ]learning\b/i), ["deep learning", "deep-learning"]);
    assert.deepEqual(words(/\b(GPU|CUDA)s?\b/), ["cuda", "gpu"]);
    // "networks" holds "network": one test covers both.
    assert.deepEqual(words(/\bdeep (neural )?networks?\b/i), ["deep network", "deep neural network"]);
    // A negative lookahead requires nothing; what follows it does.
    assert.deepEqual(words(/^(?!.*\btrees?\b).*\b(models|networks)\b/i), ["models", "networks"]);
    assert.deepEqual(words(/\bnvidia\b[\w\s-]{0,40}?\b(gpu|geforce)/i), ["nvidia"]);
  });

  test("gives no gate where it cannot bound the matches", () => {
    for (const re of [
      /\w+e\b/,
      /(ab)\1/,
      /\d+%/,
      /xy|\w+/,
      /ab?c?/,
      /[^a]bc?/,
      /\p{Lu}\p{Lu}/u,
      new RegExp("ab", UNICODE_SETS),
    ])
      assert.equal(regexGate(re), undefined, String(re));
  });

  test("a gated pattern is skipped only where its words are absent", () => {
    const gate = regexGate(/\bAdam(W)?\b/);
    assert.ok(gate);
    assert.equal(gateAllows(gate, sentenceKeys("We trained with ADAMW.")), true);
    assert.equal(gateAllows(gate, sentenceKeys("We trained with SGD.")), false);
    assert.equal(gateAllows(undefined, sentenceKeys("anything")), true);
    // Under the iu flags "s" matches the long s (ſ) and "k" the Kelvin sign (K).
    assert.equal(gateAllows(gateOf(["ks"]), sentenceKeys("\u212Aſ")), true);
  });
});

describe("gates never skip a pattern that matches", () => {
  const patterns = allPatterns();

  test("on the fixture papers and on tricky sentences", () => {
    const texts = [
      ...Array.from({ length: 6 }, (_, i) => dlPaperText(i)),
      nonDlPaperText(),
      "DEEP-LEARNING WITH RESNET-50 AND PYTORCH 2.1 ON TWO NVIDIA V100 GPUS; R² = 0.93, F1 0.91.",
      "ſgd with momentum; 5-fold cross-validation; mAP@0.5 of 0.71 and an AUC of 0.88 (Kelvin: \u212A).",
    ];
    assertSound(
      patterns,
      texts.flatMap((t) => sentencesOf(buildDocument({ id: "t", path: "t.txt", pages: [t] }))),
    );
  });

  test("on the benchmark papers", (t) => {
    if (!existsSync(BENCH)) return t.skip("../shared/bench is absent");
    const files = readdirSync(BENCH).slice(0, 15);
    const docs = files.map((f) => {
      const chunks = (JSON.parse(readFileSync(new URL(f, BENCH), "utf8")) as { chunks: string[] }).chunks;
      return buildDocument({ id: f, path: f, pages: [chunks.join("\n\n")] });
    });
    assertSound(patterns, docs.flatMap(sentencesOf));
  });
});

describe("gated scoring equals ungated scoring", () => {
  test("every built-in question, deep-learning and not, on the fixture papers", () => {
    const contexts = [...Array.from({ length: 4 }, (_, i) => dlPaperText(i)), nonDlPaperText()].map((t) =>
      buildDocContext(buildDocument({ id: "t", path: "t.txt", pages: [t] })),
    );
    let hits = 0;
    for (const q of builtinQuestions()) {
      const gated = compileCues(q);
      const ungated = withoutGates(compileCues(q));
      for (const ctx of contexts)
        for (const isDl of [true, false]) {
          const a = scoreSentences(ctx, gated, isDl);
          hits += a.length;
          assert.deepEqual(plain(a), plain(scoreSentences(fresh(ctx), ungated, isDl)), `CQ${q.cq}, dl ${isDl}`);
        }
    }
    assert.ok(hits > 50, `the fixtures exercise the cues (${hits} hits)`);
  });

  test("hashed sentence features equal the hashes of their names", () => {
    const ctx = buildDocContext(buildDocument({ id: "t", path: "t.txt", pages: [dlPaperText(3)] }));
    for (const s of ctx.sentences) {
      const heading = s.text.slice(0, 20);
      const expected = Uint32Array.from(new Set(sentenceFeatureNames(s, heading).map(hashFeature)));
      assert.deepEqual(textFeatureIds(s, heading), expected);
    }
  });
});

interface Pattern {
  re: RegExp;
  gate: ReturnType<typeof regexGate>;
}

function allPatterns(): Pattern[] {
  const out: Pattern[] = [...dlPatterns()];
  for (const q of builtinQuestions()) {
    const c = compileCues(q);
    if (c.exclude) out.push({ re: c.exclude, gate: c.excludeGate });
    for (const s of c.signals) {
      if (s.requires) out.push({ re: s.requires, gate: s.requiresGate });
      for (const t of s.terms) out.push({ re: t.re, gate: t.gate });
    }
  }
  return out.map(({ re, gate }) => ({ re: new RegExp(re.source, re.flags.replace("g", "")), gate }));
}

function assertSound(patterns: Pattern[], sentences: string[]): void {
  let matched = 0;
  for (const text of sentences) {
    const keys = sentenceKeys(text);
    for (const p of patterns) {
      if (!p.re.test(text)) continue;
      matched++;
      assert.ok(gateAllows(p.gate, keys), `${p.re} matches but its gate ${p.gate?.words} skips: ${text}`);
    }
  }
  assert.ok(matched > 0);
}

function sentencesOf(doc: Document): string[] {
  return buildDocContext(doc).sentences.map((s) => s.text);
}

function withoutGates(cues: CompiledCues): CompiledCues {
  return {
    ...cues,
    excludeGate: undefined,
    signals: cues.signals.map((s) => ({
      ...s,
      requiresGate: undefined,
      terms: s.terms.map((t) => ({ ...t, gate: undefined })),
    })),
  };
}

// A context whose sentences have no keys yet, so that the two runs share nothing.
function fresh(ctx: DocContext): DocContext {
  return { ...ctx, sentences: ctx.sentences.map(({ keys: _, ...s }) => s) };
}

function plain(hits: ReturnType<typeof scoreSentences>) {
  return hits.map((h) => ({ ...h, sentence: h.sentence.start }));
}
