/**
 * Issues 15 and 16 in headless Chromium: the report as it is written for a large corpus (papers'
 * pages compressed and rendered on demand, heatmap and values table paged from JSON), forced on the
 * example papers with pages of 2 rows and blocks of 2 papers. Opens from disk, strict CSP, no network.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { storeSource, writeReport } from "../../src/report/html/report.js";
import { readPaperMetadata } from "../../src/report/html/trends.js";
import { openStore } from "../../src/store/index.js";
import { artifactPath, cli, extractFixtures, HOSTILE_TITLE, launch, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping paged report browser test: ${skip}`);

describe("the paged report in headless Chromium", { skip }, () => {
  let browser: Browser;
  let dir: string;
  let db: string;
  let url: string;
  /** The same store's report with every paper's page inline (no compressed blocks). */
  let plainUrl: string;
  let paperIds: string[] = [];
  const errors: string[] = [];

  before(async () => {
    const fx = await extractFixtures();
    dir = fx.dir;
    db = fx.db;
    const store = openStore(fx.db);
    const parts: string[] = [];
    const plainParts: string[] = [];
    try {
      const metadata = readPaperMetadata(store);
      const source = storeSource(store);
      paperIds = source.summary.papers.map((p) => p.id);
      writeReport(source, { inlinePapers: 0, chunkSize: 2, pageSize: 2, metadata: (id) => metadata.get(id) }, (part) =>
        parts.push(part),
      );
      writeReport(source, { metadata: (id) => metadata.get(id) }, (part) => plainParts.push(part));
    } finally {
      store.close();
    }
    const path = join(fx.out, "report.html");
    writeFileSync(path, parts.join(""));
    url = pathToFileURL(path).href;
    const plainPath = join(fx.out, "report-plain.html");
    writeFileSync(plainPath, plainParts.join(""));
    plainUrl = pathToFileURL(plainPath).href;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(at: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) errors.push(`network request ${r.url()}`);
    });
    await page.goto(at);
    return page;
  }

  const rows = (page: Page) => page.locator("table.heat tbody tr");
  const pagerText = (page: Page, section: string) => page.locator(`${section} [data-pager-text]`).first().innerText();

  test("the heatmap pages through every paper; the Papers filter pages the kept ones", {
    timeout: 30_000,
  }, async () => {
    const page = await open(url);
    assert.equal(await rows(page).count(), 2);
    assert.equal(await pagerText(page, "#overview"), "Papers 1–2 of 4");
    const seen = await page.locator("table.heat tbody th.paper").allInnerTexts();
    await page.locator('#overview [data-pager-step="1"]').first().click();
    assert.equal(await pagerText(page, "#overview"), "Papers 3–4 of 4");
    seen.push(...(await page.locator("table.heat tbody th.paper").allInnerTexts()));
    assert.equal(new Set(seen).size, 4, `four different papers: ${seen.join(" | ")}`);
    assert.ok(seen.includes(HOSTILE_TITLE), "the hostile title is text in a client-built row");
    assert.equal(await page.locator("img").count(), 0);
    assert.equal(await page.locator('#overview [data-pager-step="1"]').first().isDisabled(), true);
    // Rows built by the client look like the first page's: 28 cells with a state each.
    assert.equal(await rows(page).first().locator("a.cell[data-state]").count(), 28);
    await page.click("[data-set-dl=nondl]");
    assert.equal(await rows(page).count(), 1, "only the non-deep-learning paper");
    assert.equal(await rows(page).first().getAttribute("data-dl"), "0");
    assert.equal(await pagerText(page, "#overview"), "Papers 1–1 of 1");
    await page.click("[data-set-dl=all]");
    assert.equal(await pagerText(page, "#overview"), "Papers 1–2 of 4");
    await page.screenshot({ path: artifactPath("report-paged-overview.png") });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a cell opens its paper's page from a compressed block; next paper and direct links work", {
    timeout: 30_000,
  }, async () => {
    const page = await open(url);
    await page.locator('#overview [data-pager-step="1"]').first().click();
    const row = rows(page).last();
    const title = await row.locator("th.paper").innerText();
    await row.locator('a.cell[data-cq="13"]').click();
    const card = page.locator(".card.current");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-cq"), "13");
    assert.equal(await page.locator("#overview").isVisible(), false);
    assert.equal(await page.locator(".page:visible h1").innerText(), title);
    await page.keyboard.press("j");
    assert.equal(await page.locator(".card.current").getAttribute("data-cq"), "14");
    // The metadata block (no edit form in a static report).
    assert.equal(await page.locator(".page:visible [data-metadata-block]").count(), 1);
    assert.equal(await page.locator(".page:visible form").count(), 0);
    // "Previous paper" opens the paper before it, from another block (blocks of 2).
    await page.locator(".page:visible [data-prev-page]").click();
    await page.locator(".page:visible h1").filter({ hasNotText: title }).waitFor();
    assert.equal(await page.locator("[data-lazy-page]").count(), 1, "one rendered paper page at a time");
    // A link straight to an answer, opened in a fresh page.
    const href = (await row.getAttribute("data-paper")) ?? "";
    const direct = await open(`${url}#a-${href}-8`);
    await direct.locator(".card.current").waitFor();
    assert.equal(await direct.locator(".card.current").getAttribute("data-cq"), "8");
    assert.equal(await direct.locator(".page:visible h1").innerText(), title);
    await direct.screenshot({ path: artifactPath("report-paged-paper.png") });
    // A fragment that names no paper shows the overview.
    await direct.evaluate('location.hash = "#p-nope"');
    await direct.locator("#overview").waitFor();
    assert.deepEqual(errors, []);
    await page.close();
    await direct.close();
  });

  /** The markup of paper `id`'s page, opened by its link. */
  const section = async (page: Page, id: string): Promise<string> => {
    await page.evaluate((hash) => {
      location.hash = hash;
    }, `#p-${id}`);
    const shown = page.locator(`section[id="p-${id}"]:visible`);
    await shown.waitFor();
    return shown.evaluate((el) => el.outerHTML);
  };

  test("a page from a compressed block is the plain report's page: wording, ids, links, evidence", {
    timeout: 60_000,
  }, async () => {
    const lazy = await open(url);
    const plain = await open(plainUrl);
    let quotes = 0;
    let webLinks = 0;
    for (const id of paperIds) {
      const fromBlock = await section(lazy, id);
      assert.equal(fromBlock, await section(plain, id), `paper ${id}: the same markup`);
      // What the blocks write as tokens is back: the question's wording, the card's ids, its run.
      assert.match(fromBlock, /<p class="q">[A-Z][^<]+\?<\/p>/);
      assert.ok(fromBlock.includes(`id="a-${id}-1" data-doc="${id}"`), "the cards' ids");
      assert.match(fromBlock, / data-run="[0-9a-f]{64}"/);
      assert.ok(!fromBlock.includes("<@") && !fromBlock.includes("&lt;@"), "no token left");
      quotes += (fromBlock.match(/<ol class="ev"><li>/g) ?? []).length;
      webLinks += (fromBlock.match(/<a href="https:\/\/[^"]+" rel="noopener noreferrer nofollow"/g) ?? []).length;
    }
    assert.ok(quotes > 0 && webLinks > 0, `evidence (${quotes} lists) and links (${webLinks}) on the pages compared`);
    assert.deepEqual(errors, []);
    await lazy.close();
    await plain.close();
  });

  test("the values table sorts and filters every row, not only the page shown", { timeout: 30_000 }, async () => {
    const page = await open(`${url}#values`);
    const body = page.locator("table.values tbody tr");
    assert.equal(await body.count(), 2);
    assert.match(await page.locator("[data-values-count]").innerText(), /^4 of 4 papers/);
    await page.click('table.values button[data-sort="learning_rate"]');
    const first = await page.locator('table.values tbody td[data-col="learning_rate"]').allInnerTexts();
    await page.locator('#values [data-pager-step="1"]').first().click();
    const second = await page.locator('table.values tbody td[data-col="learning_rate"]').allInnerTexts();
    const all = [...first, ...second];
    const numbers = all.filter((v) => v !== "").map((v) => Number(v.split(";")[0]));
    assert.ok(numbers.length >= 2, `learning rates: ${all.join(" | ")}`);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
      "ascending across pages",
    );
    assert.equal(all.slice(numbers.length).join(""), "", "empty cells last");
    await page.fill("[data-values-filter]", "rmsprop");
    assert.equal(await body.count(), 1);
    assert.match(await page.locator("table.values tbody th.paper").innerText(), /dissolved oxygen/i);
    assert.match(await page.locator("[data-values-count]").innerText(), /^1 of 4 papers/);
    assert.equal(await pagerText(page, "#values"), "Papers 1–1 of 1");
    // A value opens the answer it came from.
    await page.locator('table.values tbody td[data-col="optimizer"] a').click();
    await page.locator(".card.current").waitFor();
    assert.equal(await page.locator(".card.current").getAttribute("data-cq"), "13");
    assert.deepEqual(errors, []);
    await page.close();
  });
  test("report --pages folder: the pages are files beside a small report, loaded from disk on demand", {
    timeout: 60_000,
  }, async () => {
    const out = join(dir, "folder", "report.html");
    const said = await cli(["report", "--db", db, "--out", out, "--pages", "folder"], dir);
    assert.match(said, /papers' pages in .*report_files\//);
    const files = readdirSync(join(dir, "folder", "report_files"));
    assert.deepEqual(files, ["0.js"], "one block file for four papers (50 a block)");
    const text = readFileSync(out, "utf8");
    const markup = text.slice(0, text.indexOf('<script type="module">'));
    assert.ok(!/data-chunk=|<section class="page paper"/.test(markup), "no paper's page in the report file");
    assert.ok(markup.includes('data-block-files="report_files/"'));
    assert.ok(
      /script-src &#39;sha256-[^&]+&#39; &#39;strict-dynamic&#39;/.test(markup),
      "block files allowed by trust",
    );
    assert.match(
      readFileSync(join(dir, "folder", "report_files", "0.js"), "utf8"),
      /^methodscopeBlock\(0,"[A-Za-z0-9+/=]+"\);\n$/,
    );
    const folder = await open(pathToFileURL(out).href);
    const plain = await open(plainUrl);
    for (const id of paperIds) assert.equal(await section(folder, id), await section(plain, id), `paper ${id}`);
    assert.equal(await folder.locator("script[src]").count(), 0, "the block's script element is gone once read");
    assert.deepEqual(errors, []);
    // Written again, the folder is replaced, not left beside a partial one.
    await cli(["report", "--db", db, "--out", out, "--pages", "folder"], dir);
    assert.deepEqual(readdirSync(join(dir, "folder")).sort(), ["report.html", "report_files"]);
    // A report moved without its folder says why a paper cannot open, instead of showing nothing.
    renameSync(join(dir, "folder", "report_files"), join(dir, "folder", "elsewhere"));
    const alone = await open(`${pathToFileURL(out).href}#p-${paperIds[0]}`);
    await alone.getByText("This paper's page could not be opened.").waitFor();
    assert.match(await alone.locator(".page:visible").innerText(), /report_files\/ beside the report/);
    assert.equal(await alone.locator("#overview").isVisible(), false);
    assert.ok(
      errors.length > 0 && errors.every((e) => /report_files|cannot open the paper|ERR_FILE_NOT_FOUND/.test(e)),
      errors.join("; "),
    );
    errors.length = 0;
    assert.ok(!existsSync(join(dir, "folder", "report_files")));
    await Promise.all([folder.close(), plain.close(), alone.close()]);
  });
});
