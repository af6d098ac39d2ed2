import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCsv } from "../../test/fixtures/csv.js";
import {
  computeRates,
  groupValues,
  orderGroups,
  parseGroupBy,
  RATES_COLUMNS,
  type RatePaper,
  type RateRow,
  ratePapersFromRows,
  ratesCsvLines,
  share,
  wilsonInterval,
} from "./rates.js";
import type { ResultRow } from "./rows.js";

const round4 = (v: number | null | undefined) => (v === null || v === undefined ? v : Math.round(v * 1e4) / 1e4);
const ci = (k: number, n: number) => {
  const i = wilsonInterval(k, n);
  return i && [round4(i.low), round4(i.high)];
};

describe("wilsonInterval", () => {
  test("matches the closed form worked by hand", () => {
    // 5/10: centre (0.5 + z²/20) / (1 + z²/10) = 0.5; half = z·√(0.025 + z²/400) / (1 + z²/10) = 0.2634.
    assert.deepEqual(ci(5, 10), [0.2366, 0.7634]);
    // 2/3: centre 0.5731, half 0.3654.
    assert.deepEqual(ci(2, 3), [0.2077, 0.9385]);
    assert.deepEqual(ci(1, 3), [0.0615, 0.7923]);
  });

  test("rate 0 and rate 1 keep a real interval: [0, z²/(n+z²)] and [n/(n+z²), 1]", () => {
    const z2 = 1.959963984540054 ** 2;
    const zero = wilsonInterval(0, 10);
    assert.equal(zero?.low, 0, "exactly 0, no rounding residue");
    assert.equal(round4(zero?.high), round4(z2 / (10 + z2)));
    assert.equal(round4(zero?.high), 0.2775);
    const one = wilsonInterval(10, 10);
    assert.equal(one?.high, 1, "exactly 1");
    assert.equal(round4(one?.low), round4(10 / (10 + z2)));
    assert.equal(round4(one?.low), 0.7225);
    assert.deepEqual(ci(1, 1), [0.2065, 1]);
    assert.deepEqual(ci(0, 1), [0, 0.7935]);
  });

  test("n = 0 has no interval; impossible counts are refused", () => {
    assert.equal(wilsonInterval(0, 0), null);
    assert.throws(() => wilsonInterval(3, 2), RangeError);
    assert.throws(() => wilsonInterval(-1, 2), RangeError);
  });
});

describe("groups", () => {
  test("venue reads the journal; lists count in each value; missing or empty is unknown", () => {
    assert.deepEqual(groupValues({ year: 2021 }, "year"), ["2021"]);
    assert.deepEqual(groupValues({ journal: "  Ecological\n Informatics " }, "venue"), ["Ecological Informatics"]);
    assert.deepEqual(groupValues({ journal: "Ecol. Inf." }, "journal"), ["Ecol. Inf."]);
    assert.deepEqual(groupValues({ keywords: ["owls", "cnn", "owls"] }, "keywords"), ["owls", "cnn"]);
    assert.deepEqual(groupValues({ year: 2021 }, "venue"), ["unknown"]);
    assert.deepEqual(groupValues(undefined, "year"), ["unknown"]);
    assert.deepEqual(groupValues({ journal: "  " }, "venue"), ["unknown"]);
    assert.deepEqual(groupValues({ year: Number.NaN }, "year"), ["unknown"]);
    assert.deepEqual(groupValues({ sources: { year: "jats" } }, "sources"), ["unknown"], "objects are no group");
    // An inherited key is not metadata.
    assert.deepEqual(groupValues({}, "constructor"), ["unknown"]);
  });

  test("years in numeric order, names alphabetically, unknown last", () => {
    assert.deepEqual(orderGroups(["unknown", "2021", "2019", "999"]), ["999", "2019", "2021", "unknown"]);
    assert.deepEqual(orderGroups(["b venue", "unknown", "A venue", "Venue 10", "Venue 9"]), [
      "A venue",
      "b venue",
      "Venue 9",
      "Venue 10",
      "unknown",
    ]);
  });

  test("--group-by: a comma list of keys; 'all', empty or odd names are refused", () => {
    assert.deepEqual(parseGroupBy("year"), ["year"]);
    assert.deepEqual(parseGroupBy(" year , venue,year"), ["year", "venue"]);
    assert.throws(() => parseGroupBy(""), /--group-by takes metadata keys/);
    assert.throws(() => parseGroupBy("year,"), /--group-by takes metadata keys/);
    assert.throws(() => parseGroupBy("all"), /--group-by/);
    assert.throws(() => parseGroupBy("year;drop"), /--group-by/);
  });
});

/** A paper from a compact spec: "y" reported, "n" not reported, "-" not applicable, " " no answer; CQ = index + 1. */
const paper = (metadata: Record<string, unknown> | undefined, cells: string): RatePaper => ({
  metadata,
  cells: [...cells].flatMap((c, i) => (c === " " ? [] : [{ cq: i + 1, reported: c === "y", applicable: c !== "-" }])),
});

const QUESTIONS = [
  { cq: 1, label: "Data collection" },
  { cq: 2, label: "Model" },
  { cq: 3, label: "Seeds" },
];

const find = (rows: RateRow[], groupBy: string, group: string, cq: number) => {
  const row = rows.find((r) => r.groupBy === groupBy && r.group === group && r.cq === cq);
  assert.ok(row, `${groupBy}=${group} CQ${cq}`);
  return row;
};

describe("computeRates", () => {
  const papers = [
    paper({ year: 2020, journal: "Ecol. Inf." }, "yy-"),
    paper({ year: 2020, journal: "ECOL. INF." }, "yn-"),
    paper({ year: 2021, journal: "Methods Ecol. Evol." }, "nyn"),
    paper({ journal: "Ecol. Inf." }, "y  "),
  ];
  const rows = computeRates(papers, QUESTIONS, ["year", "venue"]);

  test("all papers first, then each key's groups in order, each with every question", () => {
    const order = [...new Set(rows.map((r) => `${r.groupBy}:${r.group}`))];
    assert.deepEqual(order, [
      "all:all",
      "year:2020",
      "year:2021",
      "year:unknown",
      "venue:Ecol. Inf.",
      "venue:Methods Ecol. Evol.",
    ]);
    assert.equal(rows.length, order.length * QUESTIONS.length);
    assert.deepEqual(
      rows.slice(0, 3).map((r) => r.label),
      ["Data collection", "Model", "Seeds"],
    );
  });

  test("counts, rates and intervals worked by hand", () => {
    // CQ1 over all: 4 answers, all applicable, 3 yes.
    const all1 = find(rows, "all", "all", 1);
    assert.deepEqual(
      { papers: all1.papers, applicable: all1.applicable, reported: all1.reported, rate: all1.rate },
      { papers: 4, applicable: 4, reported: 3, rate: 0.75 },
    );
    assert.deepEqual([round4(all1.ciLow), round4(all1.ciHigh)], [0.3006, 0.9544]);
    // CQ3: three answers, two not applicable, the third a "no": rate 0 of 1.
    const all3 = find(rows, "all", "all", 3);
    assert.deepEqual([all3.papers, all3.applicable, all3.reported, all3.rate], [3, 1, 0, 0]);
    assert.deepEqual([round4(all3.ciLow), round4(all3.ciHigh)], [0, 0.7935]);
    // 2020, CQ3: both not applicable → no rate, no interval (n = 0).
    const y2020q3 = find(rows, "year", "2020", 3);
    assert.deepEqual(
      [y2020q3.papers, y2020q3.applicable, y2020q3.rate, y2020q3.ciLow, y2020q3.ciHigh],
      [2, 0, null, null, null],
    );
    // 2020, CQ1: 2 of 2 → rate 1, [0.3424, 1].
    const y2020q1 = find(rows, "year", "2020", 1);
    assert.deepEqual([y2020q1.rate, round4(y2020q1.ciLow), y2020q1.ciHigh], [1, 0.3424, 1]);
    // The paper without a year; it answered only CQ1, so CQ2 has no paper there.
    assert.deepEqual([find(rows, "year", "unknown", 1).rate, find(rows, "year", "unknown", 2).papers], [1, 0]);
    // "Ecol. Inf." and "ECOL. INF." are one venue, named as first met: 3 papers, CQ2 1 of 2.
    const venue2 = find(rows, "venue", "Ecol. Inf.", 2);
    assert.deepEqual([venue2.applicable, venue2.reported, venue2.rate], [2, 1, 0.5]);
    assert.equal(find(rows, "venue", "Ecol. Inf.", 1).papers, 3);
  });

  test("no papers: the all rows still name every question, with n = 0", () => {
    const empty = computeRates([], QUESTIONS, ["year"]);
    assert.deepEqual(
      empty.map((r) => [r.groupBy, r.group, r.cq, r.applicable, r.rate, r.ciLow]),
      [
        ["all", "all", 1, 0, null, null],
        ["all", "all", 2, 0, null, null],
        ["all", "all", 3, 0, null, null],
      ],
    );
  });
});

describe("rates.csv", () => {
  test("documented columns, 4-decimal shares, empty cells for n = 0", () => {
    const rows = computeRates(
      [paper({ year: 2020 }, "yy-"), paper({ year: 2021 }, "yn-"), paper({ year: 2021 }, "nn-")],
      QUESTIONS,
      ["year"],
    );
    const text = [...ratesCsvLines(rows)].join("");
    const table = parseCsv(text);
    assert.deepEqual(table[0], [...RATES_COLUMNS]);
    assert.deepEqual(table[1], ["all", "all", "1", "Data collection", "3", "3", "2", "0.6667", "0.2077", "0.9385"]);
    assert.deepEqual(table[3], ["all", "all", "3", "Seeds", "3", "0", "0", "", "", ""]);
    assert.deepEqual(table[4], ["year", "2020", "1", "Data collection", "1", "1", "1", "1", "0.2065", "1"]);
    assert.ok(text.endsWith("\r\n"));
    assert.equal(share(0.5), "0.5");
    assert.equal(share(null), "");
  });

  test("papers from results rows: failures skipped, applicable kept, a row without it counts as applicable", () => {
    const base = {
      file: "a.pdf",
      title: "A",
      question: "?",
      answer: "",
      values: {},
      confidence: 1,
      evidence: [],
      engine: "x",
    };
    const rows: ResultRow[] = [
      { ...base, paper_id: "p1", cq: 1, reported: "yes", applicable: true },
      { ...base, paper_id: "p1", cq: 2, reported: "no", applicable: false },
      { ...base, paper_id: "p2", cq: 1, reported: "no" },
      { ...base, paper_id: null, cq: null, reported: null, error: "not-found: x" },
    ];
    const papers = ratePapersFromRows(rows, (id) => (id === "p1" ? { year: 2020 } : undefined));
    assert.deepEqual(papers, [
      {
        metadata: { year: 2020 },
        cells: [
          { cq: 1, reported: true, applicable: true },
          { cq: 2, reported: false, applicable: false },
        ],
      },
      { metadata: undefined, cells: [{ cq: 1, reported: false, applicable: true }] },
    ]);
  });
});
