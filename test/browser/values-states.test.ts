/**
 * Issue 16, items 1 and 4 in headless Chromium: the values table sorted and filtered (report and
 * `serve`), the three states (reported, not reported, not applicable) with one legend, and the
 * heatmap scrolling inside its panel on a 420 px screen.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { builtinQuestions } from "../../src/questions/catalogue.js";
import type { RunningServer } from "../../src/server/serve.js";
import type { Store } from "../../src/store/index.js";
import { artifactPath, cli, closeSession, extractFixtures, openSession, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping values and states browser test: ${skip}`);

const DL_SPECIFIC = builtinQuestions()
  .filter((q) => q.dlSpecific)
  .map((q) => q.cq);

describe("values table, three states and narrow layout in headless Chromium", { skip }, () => {
  let browser: Browser;
  let fx: { dir: string; db: string; out: string };
  let reportUrl: string;
  let server: RunningServer;
  let store: Store;
  const errors: string[] = [];

  before(async () => {
    fx = await extractFixtures();
    const reportPath = join(fx.out, "report.html");
    await cli(["report", "--db", fx.db, "--out", reportPath], fx.dir);
    reportUrl = pathToFileURL(reportPath).href;
    ({ store, server, browser } = await openSession(fx.db));
  });
  after(async () => {
    await closeSession({ browser, server, store });
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
  });

  async function open(url: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url);
    return page;
  }

  /** The texts of one column of the visible values table, top to bottom. */
  async function column(page: Page, name: string): Promise<string[]> {
    return page.locator(`table.values tbody tr:visible td[data-col="${name}"]`).allInnerTexts();
  }

  async function sortsAndFilters(page: Page): Promise<void> {
    const rows = page.locator("table.values tbody tr");
    const total = await rows.count();
    assert.ok(total >= 4, `every paper has a row (${total})`);
    // Sort by learning rate: numbers ascending, empty cells last; a second click reverses.
    await page.click('table.values button[data-sort="learning_rate"]');
    const up = await column(page, "learning_rate");
    const numbers = up.filter((v) => v !== "").map((v) => Number(v.split(";")[0]));
    assert.ok(numbers.length >= 2, `learning rates found: ${up.join(" | ")}`);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
      "ascending as numbers",
    );
    assert.equal(up.slice(numbers.length).join(""), "", "empty cells last");
    assert.equal(
      await page.locator('table.values th:has(button[data-sort="learning_rate"])').getAttribute("aria-sort"),
      "ascending",
    );
    await page.click('table.values button[data-sort="learning_rate"]');
    const down = (await column(page, "learning_rate")).filter((v) => v !== "").map((v) => Number(v.split(";")[0]));
    assert.deepEqual(down, [...numbers].reverse(), "descending on the second click");
    // Sort by paper title, then filter by a value.
    await page.click('table.values button[data-sort="0"]');
    const titles = await page.locator("table.values tbody tr th.paper").allInnerTexts();
    assert.deepEqual(
      titles,
      [...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" })),
    );
    await page.fill("[data-values-filter]", "rmsprop");
    assert.equal(await rows.locator("visible=true").count(), 1, "only the paper that used RMSprop");
    assert.match(await page.locator("table.values tbody tr:visible th.paper").innerText(), /dissolved oxygen/i);
    assert.match(await page.locator("[data-values-count]").innerText(), new RegExp(`^1 of ${total} papers`));
    await page.fill("[data-values-filter]", "adam");
    assert.ok((await rows.locator("visible=true").count()) >= 2, "the camera-trap and the owl papers used Adam");
    await page.fill("[data-values-filter]", "");
    assert.equal(await rows.locator("visible=true").count(), total);
  }

  test("report: the values table sorts by a clicked header, filters by text, and links to the evidence", {
    timeout: 30_000,
  }, async () => {
    const page = await open(`${reportUrl}#values`);
    assert.equal(await page.locator("#values").isVisible(), true);
    await sortsAndFilters(page);
    await page.screenshot({ path: artifactPath("report-values.png") });
    // A cell opens the answer it came from.
    const camera = page.locator("table.values tbody tr", { hasText: "camera-trap" }).first();
    const optimizer = camera.locator('td[data-col="optimizer"] a');
    assert.equal(await optimizer.innerText(), "Adam");
    assert.match((await optimizer.getAttribute("title")) ?? "", /^CQ13: “.*Adam/);
    await optimizer.click();
    const card = page.locator(".card.current");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-cq"), "13");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("serve: /values pages the same table, sortable and filterable", { timeout: 30_000 }, async () => {
    const page = await open(server.url.replace("/?token=", "/values?token="));
    assert.equal(new URL(page.url()).pathname, "/values");
    await sortsAndFilters(page);
    await page.screenshot({ path: artifactPath("review-values.png") });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("three states with one legend: a non-DL study's deep-learning questions are not applicable", {
    timeout: 30_000,
  }, async () => {
    const page = await open(reportUrl);
    const legend = page.locator("[data-legend]");
    for (const state of ["yes", "no", "na", "low"])
      assert.equal(await legend.locator(`[data-state="${state}"]`).count(), 1);
    assert.match(await legend.innerText(), /not applicable/);
    assert.match(await legend.innerText(), /low confidence/);
    const swatch = async (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el);
          return `${s.backgroundColor} ${s.backgroundImage}`;
        });
    const looks = [
      await swatch("a.cell.yes:not(.low)"),
      await swatch("a.cell.no:not(.low)"),
      await swatch("a.cell.na"),
    ];
    assert.equal(new Set(looks).size, 3, `three different looks: ${looks.join(" / ")}`);
    assert.equal(await swatch("[data-legend] i.na"), looks[2], "the legend shows the cells' own look");
    // The MaxEnt paper is not a deep-learning study: its "no"s on DL questions are not applicable.
    const maxent = page.locator('table.heat tbody tr[data-dl="0"]');
    assert.equal(await maxent.count(), 1);
    const states = await maxent
      .locator("a.cell")
      .evaluateAll((cells) => cells.map((c) => [Number(c.getAttribute("data-cq")), c.getAttribute("data-state")]));
    const na = states.filter(([, s]) => s === "na").map(([cq]) => cq);
    assert.ok(na.length >= 3, `not applicable cells: ${na.join(",")}`);
    for (const cq of na) assert.ok(DL_SPECIFIC.includes(cq as number), `CQ${cq} is deep-learning specific`);
    assert.ok(
      states.some(([, s]) => s === "no"),
      "a general question it does not answer is still 'not reported'",
    );
    for (const row of await page.locator('table.heat tbody tr[data-dl="1"]').all())
      assert.equal(await row.locator('a.cell[data-state="na"]').count(), 0, "a DL study has no 'not applicable'");
    // Column labels: the questions' short names, not only numbers.
    const head = await page.locator("table.heat thead th.q").allInnerTexts();
    assert.match(head[12].replace(/\s+/g, " "), /13 Hyperparameters/);
    // The paper page says "Not applicable" instead of "Not reported".
    await maxent.locator(`a.cell[data-cq="${na[0]}"]`).click();
    const card = page.locator(".card.current");
    await card.waitFor();
    assert.equal(await card.locator(".pill.na").innerText(), "Not applicable");
    assert.equal(await card.locator(".pill.no").count(), 0);
    assert.match(await page.locator(".page:visible .meta").innerText(), /not applicable/);
    await page.screenshot({ path: artifactPath("report-not-applicable.png") });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("at 420 px the page does not overflow: the heatmap scrolls inside its panel", { timeout: 30_000 }, async () => {
    for (const url of [reportUrl, server.url]) {
      const page = await open(url, 420);
      const widths = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>("table.heat")?.closest<HTMLElement>(".scroll");
        return {
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          box: box?.clientWidth ?? 0,
          content: box?.scrollWidth ?? 0,
        };
      });
      assert.ok(widths.page <= widths.viewport, `the page fits (${url}): ${JSON.stringify(widths)}`);
      assert.ok(widths.content > widths.box, `the heatmap is wider than its box: ${JSON.stringify(widths)}`);
      const last = page.locator("table.heat thead th.q").last();
      const right = async () => (await last.boundingBox())?.x ?? 0;
      assert.ok((await right()) > 420, "the last column starts off screen");
      await page.locator("table.heat").evaluate((t) => {
        const box = t.closest(".scroll");
        if (box) box.scrollLeft = box.scrollWidth;
      });
      assert.ok((await right()) < 420, "scrolling the heatmap brings it into view");
      if (url === reportUrl) await page.screenshot({ path: artifactPath("report-narrow.png") });
      await page.close();
    }
    assert.deepEqual(errors, []);
  });
});
