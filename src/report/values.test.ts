import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv } from "../../test/fixtures/csv.js";
import { NOT_DL } from "../answer/extractive/compose.js";
import type { Answer } from "../types.js";
import { resultsCsv, valuesCsv } from "./csv.js";
import { answerRow, columnValues, failureRow, isApplicable, type ResultRow, VALUE_COLUMNS } from "./rows.js";

const paper = (id: string) => ({ id, file: `/data/${id}.pdf`, title: `Paper ${id}` });

function answer(cq: number, reported: "yes" | "no", values: Record<string, unknown> = {}, extra: Partial<Answer> = {}) {
  return {
    cq,
    reported,
    answer: reported === "yes" ? `Answer ${cq}` : "The paper does not state it.",
    values,
    confidence: 0.9,
    evidence: [],
    engine: "extractive",
    ...extra,
  } satisfies Answer;
}

const column = (name: string) => {
  const found = VALUE_COLUMNS.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
};

describe("values.csv", () => {
  test("one row per paper, one column per value kind, values of 'yes' answers merged in CQ order", () => {
    const rows: ResultRow[] = [
      answerRow(
        paper("a"),
        { cq: 16, text: "Q16" },
        answer(16, "yes", { epochs: 37, criteria: ["lowest validation loss"] }),
      ),
      answerRow(
        paper("a"),
        { cq: 13, text: "Q13" },
        answer(13, "yes", {
          optimizer: "Adam",
          learning_rate: 0.001,
          learning_rate_text: "1e-3",
          batch_size: 32,
          epochs: 37,
        }),
      ),
      answerRow(paper("a"), { cq: 15, text: "Q15" }, answer(15, "yes", { optimizers: ["adam", "SGD"] })),
      answerRow(
        paper("a"),
        { cq: 8, text: "Q8" },
        answer(8, "yes", { urls: ["https://github.com/o/r"], platforms: ["GitHub"] }),
      ),
      answerRow(paper("a"), { cq: 9, text: "Q9" }, answer(9, "yes", { urls: ["https://doi.org/10.5281/zenodo.1"] })),
      answerRow(paper("a"), { cq: 7, text: "Q7" }, answer(7, "yes", { percentages: ["70% training", "30% test"] })),
      // A "no" carries no values into the table, even when an engine left some.
      answerRow(paper("a"), { cq: 20, text: "Q20" }, answer(20, "no", { hardware: ["GPU"] })),
      answerRow(paper('b, "quoted"'), { cq: 22, text: "Q22" }, answer(22, "yes", { metrics: ["AUC", "TSS"] })),
      answerRow(paper("c"), { cq: 13, text: "Q13" }, answer(13, "no")),
      failureRow("/data/broken.pdf", null, "extractive", "corrupt-pdf: unreadable"),
    ];
    const table = parseCsv(valuesCsv(rows));
    const header = table[0];
    assert.deepEqual(header.slice(0, 7), ["paper_id", "file", "title", "authors", "year", "venue", "doi"]);
    assert.deepEqual(
      header.slice(7),
      VALUE_COLUMNS.map((c) => c.name),
    );
    assert.equal(new Set(header).size, header.length, "column names are unique");
    assert.equal(table.length, 4, "papers a, b and c; the failed input has no row");
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const [a, b, c] = table.slice(1);
    assert.deepEqual(a.slice(0, 3), ["a", "/data/a.pdf", "Paper a"]);
    assert.equal(cell(a, "optimizer"), "Adam; SGD", "CQ13 first; 'adam' of CQ15 is the same value");
    assert.equal(cell(a, "learning_rate"), "1e-3", "the number as written beats its parsed form");
    assert.equal(cell(a, "batch_size"), "32");
    assert.equal(cell(a, "epochs"), "37", "CQ13 and CQ16 both say 37: once");
    assert.equal(cell(a, "stopping"), "lowest validation loss");
    assert.equal(cell(a, "code_url"), "https://github.com/o/r");
    assert.equal(cell(a, "code_platform"), "GitHub");
    assert.equal(cell(a, "data_url"), "https://doi.org/10.5281/zenodo.1", "CQ9's urls are data links, not code");
    assert.equal(cell(a, "split"), "70% training; 30% test");
    assert.equal(cell(a, "hardware"), "", "a 'no' gives no values");
    assert.equal(cell(b, "paper_id"), 'b, "quoted"', "fields with commas and quotes are quoted");
    assert.equal(cell(b, "metrics"), "AUC; TSS");
    assert.ok(
      c.slice(3).every((v) => v === ""),
      "a paper without values still has its row",
    );
  });

  test("values of LLM answers ({ name, value } pairs, nested lists) become text", () => {
    assert.deepEqual(columnValues(column("optimizer"), 15, { optimizers: [{ name: "optimizer", value: "AdamW" }] }), [
      "AdamW",
    ]);
    assert.deepEqual(columnValues(column("seeds"), 24, { seeds: [[1, 2], 3] }), ["1", "2", "3"]);
    assert.deepEqual(columnValues(column("optimizer"), 14, { optimizers: ["Adam"] }), [], "only the column's CQs");
  });
});

describe("applicable", () => {
  test("a deep-learning question about a non-DL study is not applicable; every other answer is", () => {
    const flags = ["non-dl-paper"];
    const notDl = answer(13, "no", {}, { answer: `${NOT_DL}; the paper does not state it.`, flags });
    assert.equal(isApplicable({ dlSpecific: true }, notDl), false);
    assert.equal(isApplicable({}, notDl), false, "the NOT_DL text alone says so");
    assert.equal(isApplicable({ dlSpecific: true }, answer(20, "no", {}, { flags })), false);
    assert.equal(isApplicable({ dlSpecific: false }, answer(2, "no", {}, { flags })), true, "a general question");
    assert.equal(isApplicable({ dlSpecific: true }, answer(17, "yes", {}, { flags })), true, "a 'yes' is reported");
    assert.equal(isApplicable({ dlSpecific: true }, answer(13, "no")), true, "a DL paper's gap is a gap");
    const llm = answer(20, "no", {}, { engine: "llm" });
    assert.equal(isApplicable({ dlSpecific: true }, llm), true, "an LLM answer alone gives no verdict");
    assert.equal(isApplicable({ dlSpecific: true }, llm, false), false, "the paper's verdict, when given, decides");
    assert.equal(isApplicable({ dlSpecific: false }, llm, false), true);
  });

  test("results rows and results.csv carry applicable; failure rows leave it empty", () => {
    const rows = [
      answerRow(
        paper("p"),
        { cq: 13, text: "Q13", dlSpecific: true },
        answer(13, "no", {}, { flags: ["non-dl-paper"] }),
      ),
      answerRow(paper("p"), { cq: 2, text: "Q2", dlSpecific: false }, answer(2, "no", {}, { flags: ["non-dl-paper"] })),
      failureRow("/data/x.pdf", null, "extractive", "boom"),
    ];
    assert.deepEqual(
      rows.map((r) => r.applicable),
      [false, true, undefined],
    );
    const table = parseCsv(resultsCsv(rows));
    assert.deepEqual(table[0].slice(0, 11), [
      ...["paper_id", "file", "title", "authors", "year", "venue", "doi"],
      ...["cq", "question", "reported", "answer"],
    ]);
    const at = table[0].indexOf("applicable");
    assert.equal(at, table[0].length - 1, "the new column is last; the others keep their places");
    assert.deepEqual(
      table.slice(1).map((r) => r[at]),
      ["false", "true", ""],
    );
  });
});
