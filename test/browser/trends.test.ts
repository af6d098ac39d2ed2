/**
 * Issue 16, item 3 in headless Chromium: the "Reporting rates" panel of the report and of `serve`'s
 * overview, on papers whose metadata spans three years and three journals: the overall
 * dot-and-whisker chart, a trend chart per question with one interval per year, and numbers that
 * are rates.csv's.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { extract } from "../../src/pipeline/extract.js";
import { builtinQuestions } from "../../src/questions/catalogue.js";
import type { RunningServer } from "../../src/server/serve.js";
import type { Store } from "../../src/store/index.js";
import { csvRecords } from "../fixtures/csv.js";
import { PAPER, paperJats } from "../fixtures/jats-tei.js";
import { artifactPath, cli, closeSession, openSession, repoRoot, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping trends browser test: ${skip}`);

/** The JATS paper under another title, year and journal; `noCode` drops the footnote with its code link (CQ8). */
function jats(n: number, year: number, journal: string, noCode = false): string {
  let xml = paperJats()
    .replace(`<article-title>${PAPER.title}`, `<article-title>${PAPER.title}, part ${n}`)
    .replace(`<year>${PAPER.year}</year>`, `<year>${year}</year>`)
    .replace(`<journal-title>${PAPER.journal}</journal-title>`, `<journal-title>${journal}</journal-title>`);
  if (noCode) xml = xml.replace(/<fn-group>[\s\S]*?<\/fn-group>/, "");
  return xml;
}

// Code links (CQ8): 2001 none of 2, 2002 one of 2, 2003 both: a rising trend with three intervals.
// (Years no example PDF names, so whatever metadata those get, these three groups hold only these papers.)
const YEARS = ["2001", "2002", "2003"];
const PAPERS = [
  jats(1, 2001, "Journal of Imaginary Ecology", true),
  jats(2, 2001, "Imaginary Methods", true),
  jats(3, 2002, "Journal of Imaginary Ecology"),
  jats(4, 2002, "Ecology of Nowhere", true),
  jats(5, 2003, "Imaginary Methods"),
  jats(6, 2003, "Journal of Imaginary Ecology"),
];

describe("reporting rates and trends in headless Chromium", { skip }, () => {
  let browser: Browser;
  let dir: string;
  let reportUrl: string;
  let rates: Record<string, string>[];
  let server: RunningServer;
  let store: Store;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-trends-"));
    const inputs = PAPERS.map((xml, i) => {
      const file = join(dir, `paper-${i + 1}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    const db = join(dir, "store.db");
    const out = join(dir, "out");
    await extract({
      inputs: [join(repoRoot, "examples/papers"), ...inputs],
      outDir: out,
      dbPath: db,
      questions: builtinQuestions(),
      questionSource: "builtin",
      chunking: "sections",
      groupBy: ["year", "venue"],
    });
    rates = csvRecords(readFileSync(join(out, "rates.csv"), "utf8"));
    const reportPath = join(out, "report.html");
    await cli(["report", "--db", db, "--out", reportPath, "--group-by", "year,venue"], dir);
    reportUrl = pathToFileURL(reportPath).href;
    ({ store, server, browser } = await openSession(db));
  });
  after(async () => {
    await closeSession({ browser, server, store });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(url);
    return page;
  }

  const line = (groupBy: string, group: string, cq: number) => {
    const found = rates.find((r) => r.group_by === groupBy && r.group === group && r.cq === String(cq));
    assert.ok(found, `rates.csv has ${groupBy}=${group} CQ${cq}`);
    return found;
  };

  /** Checks the panel of one page against rates.csv (both come from the same answers, none reviewed). */
  async function checkPanel(page: Page, keys: string[]): Promise<void> {
    const panel = page.locator("#rates");
    await panel.scrollIntoViewIfNeeded();
    assert.equal(await panel.isVisible(), true);
    // The overall chart: one interval per question with an applicable paper, each rate rates.csv's.
    const overall = panel.locator("svg.rates-all");
    assert.match((await overall.locator("title").first().textContent()) ?? "", /Reporting rate per question/);
    const all = rates.filter((r) => r.group_by === "all");
    const withRate = all.filter((r) => r.rate !== "");
    assert.equal(await overall.locator("g.ci").count(), withRate.length);
    assert.equal(await overall.locator("g.ci line.whisker").count(), withRate.length);
    for (const r of withRate) {
      const mark = overall.locator(`g.ci[data-cq="${r.cq}"]`);
      assert.deepEqual(
        [
          await mark.getAttribute("data-rate"),
          await mark.getAttribute("data-low"),
          await mark.getAttribute("data-high"),
        ],
        [r.rate, r.ci_low, r.ci_high],
        `CQ${r.cq}`,
      );
    }
    const texts = await overall.locator("text").allTextContents();
    const code = line("all", "all", 8);
    assert.ok(texts.includes(`${code.reported}/${code.applicable}`), `the label ${code.reported}/${code.applicable}`);

    // The trend by year: a chart per question, one whisker per year with applicable papers.
    const years = panel.locator('.trends[data-group-by="year"]');
    assert.equal(await years.locator("figure.trend").count(), 28);
    const trend = years.locator('figure.trend[data-cq="8"] svg');
    assert.equal(await trend.getAttribute("role"), "img");
    assert.match((await trend.locator("title").first().textContent()) ?? "", /^CQ8 .*by year$/);
    const yearLines = YEARS.map((y) => line("year", y, 8));
    assert.deepEqual(
      yearLines.map((r) => `${r.reported}/${r.applicable}`),
      ["0/2", "1/2", "2/2"],
      "the fixture's code links",
    );
    // One interval per year with an applicable paper, in year order (the example PDFs may add years).
    const drawn = rates
      .filter((r) => r.group_by === "year" && r.cq === "8" && r.group !== "unknown" && r.rate !== "")
      .map((r) => r.group);
    assert.ok(YEARS.every((y) => drawn.includes(y)));
    assert.equal(await trend.locator("line.whisker").count(), drawn.length, "one interval per year");
    assert.deepEqual(
      await trend.locator("g.ci").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-group"))),
      drawn,
    );
    for (const r of yearLines) {
      const point = trend.locator(`g.ci[data-group="${r.group}"]`);
      assert.equal(await point.getAttribute("data-rate"), r.rate);
      assert.equal(await point.getAttribute("data-high"), r.ci_high);
      // The tooltip says the numbers in words.
      assert.match(
        (await point.locator("title").textContent()) ?? "",
        new RegExp(
          `^year ${r.group}: ${r.reported} of ${r.applicable} papers \\(${Math.round(Number(r.rate) * 100)}%\\)`,
        ),
      );
      // The whisker spans the interval: lower on screen (larger y) is the lower bound, and the dot sits inside.
      const geometry = await point.evaluate((g) => {
        const w = g.querySelector("line.whisker") as SVGLineElement;
        const dot = g.querySelector("circle") as SVGCircleElement;
        return { y1: w.y1.baseVal.value, y2: w.y2.baseVal.value, cy: dot.cy.baseVal.value };
      });
      assert.ok(geometry.y1 > geometry.y2, `${r.group}: a whisker of some length ${JSON.stringify(geometry)}`);
      assert.ok(geometry.y2 <= geometry.cy && geometry.cy <= geometry.y1, `${r.group}: the dot within its interval`);
    }
    // The 2001 rate is 0 and the 2003 rate 1, yet both intervals have length (Wilson).
    assert.equal(yearLines[0].rate, "0");
    assert.ok(Number(yearLines[0].ci_high) > 0.3);
    assert.equal(yearLines[2].rate, "1");
    assert.ok(Number(yearLines[2].ci_low) < 0.7);
    // Papers without a year are said to be left out of the trend.
    const unknown = rates.find((r) => r.group_by === "year" && r.group === "unknown" && r.cq === "1");
    if (unknown) assert.match(await panel.innerText(), new RegExp(`${unknown.papers} of 9 papers have no year`));

    if (keys.includes("venue")) {
      const venues = panel.locator('.trends[data-group-by="venue"] figure.trend[data-cq="8"] svg');
      const groups = await venues.locator("g.ci").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-group")));
      for (const venue of ["Ecology of Nowhere", "Imaginary Methods", "Journal of Imaginary Ecology"])
        assert.ok(groups.includes(venue), `${venue} in ${groups.join(" | ")}`);
      const journal = line("venue", "Journal of Imaginary Ecology", 8);
      assert.equal(
        await venues.locator('g.ci[data-group="Journal of Imaginary Ecology"]').getAttribute("data-rate"),
        journal.rate,
      );
    }
  }

  test("report: the overall rates and the trend by year and venue carry rates.csv's numbers and intervals", {
    timeout: 60_000,
  }, async () => {
    const page = await open(reportUrl);
    await checkPanel(page, ["year", "venue"]);
    // The category filter hides the other categories' trend charts.
    const category = builtinQuestions().find((q) => q.cq === 8)?.category ?? "";
    await page.selectOption("[data-set-cat]", { label: category });
    const visible = await page.locator('.trends[data-group-by="year"] figure.trend:visible').count();
    const expected = builtinQuestions().filter((q) => q.category === category).length;
    assert.equal(visible, expected);
    await page.selectOption("[data-set-cat]", "all");
    await page.locator("#rates").screenshot({ path: artifactPath("report-rates.png") });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("serve: the overview has the same panel, grouped by year by default", { timeout: 60_000 }, async () => {
    const page = await open(server.url);
    await checkPanel(page, ["year"]);
    assert.equal(await page.locator('.trends[data-group-by="venue"]').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("at 420 px the rates panel does not widen the page", { timeout: 30_000 }, async () => {
    const page = await open(reportUrl, 420);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    assert.ok(widths.page <= widths.viewport, JSON.stringify(widths));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
