import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { builtinQuestions } from "../../questions/catalogue.js";
import { gateTable, shippedPatterns } from "./gate-table.js";
import { gateKey, readGate, regexGate } from "./prefilter.js";

const SHIPPED = new URL("./gate-words.json", import.meta.url);

describe("the shipped gate words (gate-words.json)", () => {
  const patterns = shippedPatterns(builtinQuestions());

  test("equal a fresh reading of every pattern of the catalogue and the deep-learning filter", () => {
    const shipped = JSON.parse(readFileSync(SHIPPED, "utf8")) as Record<string, string[] | null>;
    assert.deepEqual(shipped, gateTable(patterns), "gate-words.json is stale: run `npm run gates`");
    // The filter's patterns and the catalogue's are both in it, gated and not.
    assert.ok(Object.keys(shipped).length > 300);
    assert.ok(Object.values(shipped).some((words) => words === null));
  });

  test("give each pattern the gate its reader gives", () => {
    for (const re of patterns) assert.deepEqual(regexGate(re)?.words, readGate(re)?.words, String(re));
  });

  test("patterns outside the table are read, once per source and u/v flags", () => {
    const re = /\bzebrafish (?:larvae|embryos)\b/i;
    assert.equal(Object.hasOwn(JSON.parse(readFileSync(SHIPPED, "utf8")), gateKey(re)), false);
    assert.deepEqual(regexGate(re)?.words, ["zebrafish larvae", "zebrafish embryos"]);
    assert.equal(regexGate(new RegExp(re.source, "gi")), regexGate(re));
    assert.equal(gateKey(/a/gi), gateKey(/a/));
    assert.notEqual(gateKey(/a/u), gateKey(/a/));
  });
});
