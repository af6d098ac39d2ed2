import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { extract } from "../../src/pipeline/extract.js";
import { builtinQuestions } from "../../src/questions/catalogue.js";
import type { RunningServer } from "../../src/server/serve.js";
import type { Store } from "../../src/store/index.js";
import type { Review } from "../../src/store/reviews.js";
import { OWLS_NO_HARDWARE } from "../fixtures/text-papers.js";
import { artifactPath, closeSession, openSession, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping "where we looked" browser test: ${skip}`);

// The hardware is named only by another study, in a plan, and in a negation: the engine says "no".
const PAPER = OWLS_NO_HARDWARE;

describe('"where we looked" in headless Chromium', { skip }, () => {
  let browser: Browser;
  let server: RunningServer;
  let store: Store;
  let dir: string;
  const errors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-looked-"));
    writeFileSync(join(dir, "owls.txt"), PAPER);
    const db = join(dir, "store.db");
    await extract({
      inputs: [join(dir, "owls.txt")],
      outDir: join(dir, "out"),
      dbPath: db,
      questions: builtinQuestions(),
      questionSource: "builtin",
      chunking: "sections",
    });
    ({ store, server, browser } = await openSession(db));
  });
  after(async () => {
    await closeSession({ browser, server, store });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(path);
    return page;
  }

  test("a no's candidates on the paper page; in the text view a chosen sentence flips it to yes with that evidence", {
    timeout: 30_000,
  }, async () => {
    const page = await open(server.url);
    const paperLink = page.locator('a[href^="/paper/"]', { hasText: "Camera traps for owls" }).first();
    await paperLink.click();
    await page.waitForURL(/\/paper\/[0-9a-f]{64}/);
    const card = page.locator('.card[data-cq="20"]');
    assert.equal(await card.getAttribute("data-label"), "no");
    const looked = card.locator("details.looked");
    assert.equal(await looked.getAttribute("open"), null, "collapsed at first");
    await looked.locator("summary").click();
    const items = looked.locator("li");
    assert.ok((await items.count()) >= 3);
    const negated = items.filter({ hasText: "No GPU was used for training." });
    assert.match(await negated.innerText(), /negated/);
    assert.match(await items.filter({ hasText: "Smith et al." }).innerText(), /other work/);
    assert.match(await items.filter({ hasText: "future work" }).innerText(), /hedged/);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("where-we-looked-card.png") });

    await looked.locator("a.textlink").click();
    await page.waitForURL(/\/paper\/[0-9a-f]{64}\/text\?cq=20$/);
    const marks = page.locator("[data-paper-text] mark.cand");
    assert.ok((await marks.count()) >= 3);
    // Search finds the words in the text.
    await page.locator("[data-text-search]").fill("camera traps");
    assert.match((await page.locator("[data-search-count]").innerText()) ?? "", /^[1-9]\d* match/);
    const use = page.locator("[data-use-selection]");
    assert.equal(await use.isDisabled(), true);
    const chosen = marks.filter({ hasText: "Smith et al." });
    await chosen.click();
    assert.match((await chosen.getAttribute("class")) ?? "", /\bon\b/);
    assert.match(await page.locator("[data-chosen]").innerText(), /Chosen: “.*Smith et al\./s);
    await page.screenshot({ path: artifactPath("where-we-looked-text.png") });
    await use.click();
    const textCard = page.locator('#paper-text .card[data-cq="20"]');
    await textCard.locator(".pill.reviewed").waitFor();
    assert.equal(await textCard.getAttribute("data-label"), "yes");
    assert.match(
      await textCard.locator(".gold").innerText(),
      /corrected to “reported” by ana.*Evidence: .*Smith et al\./s,
    );

    const reviews = (await page.evaluate(async () => {
      const res = await fetch("/api/reviews?cq=20");
      return res.json();
    })) as Review[];
    assert.equal(reviews.length, 1);
    const evidence = reviews[0].evidence;
    assert.ok(evidence, "the review carries evidence");
    const doc = store.getDocument(reviews[0].documentId);
    assert.ok(doc);
    assert.equal(doc.text.slice(evidence.start, evidence.end), evidence.quote);
    assert.match(evidence.quote, /Smith et al\. \(2019\) trained their detector on an NVIDIA Tesla V100 GPU\./);
    assert.equal(evidence.page, 1);
    await page.close();
  });

  test("a passage selected with the mouse becomes the evidence", { timeout: 20_000 }, async () => {
    const summary = store.listDocuments()[0];
    // The token URL sets this page's session cookie; then the text view of the same answer.
    const tokened = await open(server.url);
    await tokened.goto(new URL(`/paper/${summary.id}/text?cq=20`, server.url).href);
    const text = tokened.locator("[data-paper-text]");
    await text.waitFor();
    // Select "No GPU was used for training." by its offsets in the text nodes.
    const picked = await tokened.evaluate(() => {
      const box = document.querySelector("[data-paper-text]")!;
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      const wanted = "No GPU was used for training.";
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n as Text).data.indexOf(wanted);
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + wanted.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return true;
      }
      return false;
    });
    assert.ok(picked);
    await text.dispatchEvent("mouseup");
    assert.match(await tokened.locator("[data-chosen]").innerText(), /Chosen: “No GPU was used for training\.”/);
    await tokened.locator("[data-use-selection]").click();
    await tokened.locator('#paper-text .card[data-cq="20"] .status', { hasText: "saved" }).waitFor();
    const reviews = (await tokened.evaluate(async () => (await fetch("/api/reviews?cq=20")).json())) as Review[];
    assert.equal(reviews.at(-1)?.evidence?.quote, "No GPU was used for training.");
    const doc = store.getDocument(summary.id)!;
    const e = reviews.at(-1)!.evidence!;
    assert.equal(doc.text.slice(e.start, e.end), e.quote);
    assert.deepEqual(errors, []);
    await tokened.close();
  });
});
