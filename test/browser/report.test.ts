import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { builtinQuestions } from "../../src/questions/catalogue.js";
import { artifactPath, cli, extractFixtures, HOSTILE_TITLE, launch, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping report browser test: ${skip}`);

describe("report in headless Chromium", { skip }, () => {
  let browser: Browser;
  let reportPath: string;
  let dir: string;

  before(async () => {
    const fx = await extractFixtures();
    dir = fx.dir;
    reportPath = join(fx.out, "report.html");
    const printed = await cli(["report", "--db", fx.db, "--out", reportPath], fx.dir);
    assert.match(printed, /wrote/);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("opens from disk; heatmap cell opens the paper page at that answer; hostile text is inert", {
    timeout: 20_000,
  }, async () => {
    const html = readFileSync(reportPath, "utf8");
    assert.match(html, /<a href="results\.csv">results\.csv<\/a>/, "links the exports beside it");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) errors.push(`network request ${r.url()}`);
    });
    await page.goto(pathToFileURL(reportPath).href);
    assert.equal(await page.locator("table.heat tbody tr").count(), 4);
    assert.equal(await page.locator("table.heat tbody tr").first().locator("a.cell").count(), 28);
    await page.screenshot({ path: artifactPath("report-overview.png") });

    // Hostile title: rendered as text, visible, no element created from it.
    const row = page.locator("table.heat tbody tr", { hasText: "Deep learning for owls" });
    assert.equal(await row.locator("th.paper").innerText(), HOSTILE_TITLE);
    assert.equal(await page.locator("img").count(), 0);

    // Filters: non-DL hides DL papers; a category hides other columns.
    await page.click("[data-set-dl=nondl]");
    const nonDl = await page.locator('table.heat tbody tr[data-dl="0"]').count();
    assert.ok(nonDl >= 1 && nonDl < 4, "the newt MaxEnt paper is not deep learning, the others are");
    assert.equal(await page.locator("table.heat tbody tr:visible").count(), nonDl);
    await page.click("[data-set-dl=all]");
    await page.selectOption("[data-set-cat]", "training");
    const training = builtinQuestions().filter((q) => q.category === "training").length;
    assert.equal(await page.locator("table.heat thead th.q:visible").count(), training);
    await page.selectOption("[data-set-cat]", "all");

    // Click the CQ8 cell of the hostile paper: its page opens, scrolled to that card.
    await row.locator('a.cell[data-cq="8"]').click();
    const card = page.locator(".card.current");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-cq"), "8");
    assert.equal(await page.locator("#overview").isVisible(), false);
    assert.equal(await page.locator(".page:visible h1").innerText(), HOSTILE_TITLE);
    const text = await page.locator(".page:visible").innerText();
    assert.ok(text.includes("javascript:alert(document.cookie)"), "javascript: shown as text");
    assert.ok(text.includes('"><img src=x onerror=alert(1)>') || text.includes("<script>alert(2)</script>"));
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    // Keyboard: j moves to the next answer.
    await page.keyboard.press("j");
    assert.equal(await page.locator(".card.current").getAttribute("data-cq"), "9");
    await page.screenshot({ path: artifactPath("report-paper.png") });
    assert.deepEqual(dialogs, [], "no dialog fired");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a malformed fragment (#%E0%A4%A) is ignored: no page error, the overview shows", {
    timeout: 20_000,
  }, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${pathToFileURL(reportPath).href}#%E0%A4%A`);
    assert.equal(await page.locator("#overview").isVisible(), true);
    await page.evaluate('location.hash = "#%"');
    await page.keyboard.press("j");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
