import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { extractJsonObject, parseStructuredReply } from "./parse.js";

const item = (cq: number, reported = "yes") => ({ cq, reported, answer: "a", values: { x: "1" }, evidence: ["q"] });

describe("parseStructuredReply", () => {
  test("accepts a valid reply in fences and orders answers as asked", () => {
    const text = `Here you go:\n\`\`\`json\n${JSON.stringify({ answers: [item(2, "No"), item(1)] })}\n\`\`\``;
    const r = parseStructuredReply(text, [1, 2]);
    assert.ok(r.ok);
    assert.deepEqual(
      r.items.map((i) => [i.cq, i.reported]),
      [
        [1, "yes"],
        [2, "no"],
      ],
    );
  });

  test("fills missing values and evidence with empty ones", () => {
    const r = parseStructuredReply('{"answers":[{"cq":"3","reported":"no","answer":""}]}', [3]);
    assert.ok(r.ok);
    assert.deepEqual(r.items[0], { cq: 3, reported: "no", answer: "", values: {}, evidence: [] });
  });

  test("reports broken JSON, schema violations and missing questions", () => {
    const broken = parseStructuredReply('{"answers": [', [1]);
    assert.ok(!broken.ok && /no JSON object|not valid JSON/.test(broken.error));
    const bad = parseStructuredReply(JSON.stringify({ answers: [{ ...item(1), reported: "maybe" }] }), [1]);
    assert.ok(!bad.ok && /schema at answers.0.reported/.test(bad.error));
    const missing = parseStructuredReply(JSON.stringify({ answers: [item(1)] }), [1, 4]);
    assert.ok(!missing.ok && /question\(s\) 4/.test(missing.error));
  });
});

test("extractJsonObject finds the outermost object", () => {
  assert.equal(extractJsonObject('x {"a":{"b":1}} y'), '{"a":{"b":1}}');
  assert.equal(extractJsonObject("no json"), undefined);
});

test("values may come as a list of name/value pairs (the JSON schema's form)", () => {
  const r = parseStructuredReply(
    '{"answers":[{"cq":1,"reported":"yes","answer":"a","values":[{"name":"optimizer","value":"Adam"}],"evidence":[]}]}',
    [1],
  );
  assert.ok(r.ok);
  assert.deepEqual(r.items[0]?.values, { optimizer: "Adam" });
});
