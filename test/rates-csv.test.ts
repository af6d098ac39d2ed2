/**
 * rates.csv on real extractions (issue 16, item 3): the example PDFs and two JATS papers of
 * different years and journals, run through `methodscope extract --group-by year,venue` into a temp
 * folder; every line of rates.csv is checked against results.jsonl and run.json's metadata.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { main } from "../src/cli/main.js";
import type { RunManifest } from "../src/pipeline/manifest.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { RATES_COLUMNS, share, wilsonInterval } from "../src/report/rates.js";
import type { ResultRow } from "../src/report/rows.js";
import { verifyOutputs } from "../src/report/write-outputs.js";
import { captureIO } from "./fixtures/capture.js";
import { csvRecords } from "./fixtures/csv.js";
import { PAPER, paperJats } from "./fixtures/jats-tei.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);

/** The JATS paper with another year and journal (other bytes: another paper), optionally without its code link. */
function jatsOf(year: number, journal: string, options: { noCode?: boolean } = {}): string {
  let xml = paperJats()
    .replace(`<year>${PAPER.year}</year>`, `<year>${year}</year>`)
    .replace(`<journal-title>${PAPER.journal}</journal-title>`, `<journal-title>${journal}</journal-title>`);
  if (options.noCode) xml = xml.replace(/<fn-group>[\s\S]*?<\/fn-group>/, "");
  return xml;
}

describe("rates.csv from extract", () => {
  let dir: string;
  let out: string;
  let rates: Record<string, string>[];
  let rows: ResultRow[];
  let manifest: RunManifest;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-rates-"));
    writeFileSync(join(dir, "marmots-2020.xml"), jatsOf(2020, "Journal of Imaginary Ecology", { noCode: true }));
    writeFileSync(join(dir, "marmots-2022.xml"), jatsOf(2022, "Imaginary Methods in Ecology"));
    out = join(dir, "out");
    const io = captureIO(dir);
    const code = await main(
      [
        "extract",
        join(repoRoot, "examples/papers"),
        join(dir, "marmots-2020.xml"),
        join(dir, "marmots-2022.xml"),
        "--out",
        out,
        "--db",
        join(dir, "store.db"),
        "--group-by",
        "year,venue",
        "--quiet",
      ],
      io,
    );
    assert.equal(code, 0, io.err());
    rates = csvRecords(readFileSync(join(out, "rates.csv"), "utf8"));
    rows = readFileSync(join(out, "results.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ResultRow);
    manifest = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunManifest;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("written with the set: documented columns, listed in run.json with its hash", () => {
    const text = readFileSync(join(out, "rates.csv"), "utf8");
    assert.ok(text.startsWith(`${RATES_COLUMNS.join(",")}\r\n`));
    const files = (manifest as unknown as { files: Record<string, { sha256: string; bytes: number }> }).files;
    assert.deepEqual(files["rates.csv"], {
      sha256: createHash("sha256").update(text, "utf8").digest("hex"),
      bytes: Buffer.byteLength(text),
    });
    assert.equal(verifyOutputs(out).state, "consistent");
  });

  test("every line agrees with results.jsonl and the papers' metadata in run.json", () => {
    const questions = builtinQuestions();
    const meta = new Map(manifest.inputs.flatMap((i) => (i.paper_id ? [[i.paper_id, i.metadata ?? {}]] : [])));
    const groupOf = (id: string, key: string): string => {
      const m = meta.get(id) as Record<string, unknown> | undefined;
      const value = m?.[key === "venue" ? "journal" : key];
      return value === undefined ? "unknown" : String(value);
    };
    // Expected counts straight from the rows: applicable answers and their "yes".
    const expected = new Map<string, { papers: number; applicable: number; reported: number }>();
    for (const r of rows) {
      if (!r.paper_id || r.cq === null || r.error) continue;
      for (const [key, group] of [
        ["all", "all"],
        ["year", groupOf(r.paper_id, "year")],
        ["venue", groupOf(r.paper_id, "venue")],
      ]) {
        const k = `${key}|${group.toLowerCase()}|${r.cq}`;
        const e = expected.get(k) ?? { papers: 0, applicable: 0, reported: 0 };
        e.papers++;
        if (r.applicable !== false) {
          e.applicable++;
          if (r.reported === "yes") e.reported++;
        }
        expected.set(k, e);
      }
    }
    const groups = new Set([...expected.keys()].map((k) => k.split("|").slice(0, 2).join("|")));
    assert.equal(rates.length, groups.size * questions.length, "one line per group and question");
    for (const line of rates) {
      const e = expected.get(`${line.group_by}|${line.group.toLowerCase()}|${line.cq}`) ?? {
        papers: 0,
        applicable: 0,
        reported: 0,
      };
      const where = `${line.group_by}=${line.group} CQ${line.cq}`;
      assert.deepEqual(
        [Number(line.papers), Number(line.applicable), Number(line.reported)],
        [e.papers, e.applicable, e.reported],
        where,
      );
      assert.equal(line.label, questions.find((q) => q.cq === Number(line.cq))?.label, where);
      const ci = wilsonInterval(e.reported, e.applicable);
      assert.equal(line.rate, e.applicable > 0 ? share(e.reported / e.applicable) : "", where);
      assert.equal(line.ci_low, share(ci?.low ?? null), where);
      assert.equal(line.ci_high, share(ci?.high ?? null), where);
      if (line.rate !== "") {
        assert.ok(Number(line.ci_low) <= Number(line.rate) && Number(line.rate) <= Number(line.ci_high), where);
      }
    }
  });

  test("groups by year and venue: the JATS papers' years and journals, the others unknown", () => {
    const groupsOf = (key: string) => [...new Set(rates.filter((r) => r.group_by === key).map((r) => r.group))];
    const years = groupsOf("year");
    assert.ok(years.includes("2020") && years.includes("2022"), years.join(", "));
    assert.ok(years.indexOf("2020") < years.indexOf("2022"), "years in order");
    const venues = groupsOf("venue");
    assert.ok(venues.includes("Journal of Imaginary Ecology") && venues.includes("Imaginary Methods in Ecology"));
    // The five papers are all there, and every paper in exactly one year group.
    const all = rates.find((r) => r.group_by === "all" && r.cq === "1");
    assert.equal(all?.papers, "5");
    const byYear = rates.filter((r) => r.group_by === "year" && r.cq === "1").reduce((s, r) => s + Number(r.papers), 0);
    assert.equal(byYear, 5);
    // The 2020 paper has no code link (CQ8), the 2022 one does: 0 of 1 and 1 of 1, each with its interval.
    const code = (year: string) => rates.find((r) => r.group_by === "year" && r.group === year && r.cq === "8");
    assert.deepEqual(
      [code("2020")?.reported, code("2020")?.applicable, code("2020")?.rate, code("2020")?.ci_high],
      ["0", "1", "0", "0.7935"],
    );
    assert.deepEqual(
      [code("2022")?.reported, code("2022")?.rate, code("2022")?.ci_low, code("2022")?.ci_high],
      ["1", "1", "0.2065", "1"],
    );
  });

  test("the non-DL example counts nowhere for deep-learning questions", () => {
    const maxent = rows.find((r) => r.file.endsWith("species-distribution-maxent.pdf") && r.cq === 13);
    assert.equal(maxent?.applicable, false, "CQ13 (hyperparameters) does not apply to the MaxEnt study");
    const all13 = rates.find((r) => r.group_by === "all" && r.cq === "13");
    assert.equal(all13?.papers, "5");
    assert.equal(all13?.applicable, "4");
  });

  test("--group-by refuses a key it cannot use, as a usage error", async () => {
    const io = captureIO(dir);
    const code = await main(["extract", join(dir, "marmots-2020.xml"), "--group-by", "all", "--db", ":memory:"], io);
    assert.equal(code, 2);
    assert.match(io.err(), /--group-by takes metadata keys/);
  });
});
