import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type RunningServer, serve } from "../../src/server/serve.js";
import { openStore, type Store } from "../../src/store/index.js";
import { artifactPath, cli, extractFixtures, HOSTILE_TITLE, launch, skipReason } from "./_helpers.js";

const skip = skipReason();
if (skip) console.log(`# skipping review UI browser test: ${skip}`);

describe("review UI in headless Chromium", { skip }, () => {
  let browser: Browser;
  let server: RunningServer;
  let store: Store;
  let fx: { dir: string; db: string };
  const dialogs: string[] = [];

  before(async () => {
    fx = await extractFixtures();
    store = openStore(fx.db);
    server = await serve({ store, port: 0, reviewer: "ana" });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => dialogs.push(`page error: ${e.message}`));
    await page.goto(path);
    return page;
  }

  test("click a heatmap cell, flip a label, accept three, reload: decisions persist; gold export and eval agree", {
    timeout: 20_000,
  }, async () => {
    const page = await open(server.url);
    assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
    await page.screenshot({ path: artifactPath("review-overview.png") });
    const row = page.locator("table.heat tbody tr", { hasText: "dissolved oxygen" });
    await row.locator('a.cell[data-cq="7"]').click();
    await page.waitForURL(/\/paper\/[0-9a-f]{64}#a-/);
    const card = (cq: number) => page.locator(`.card[data-cq="${cq}"]`);
    await card(7).locator(".pill").first().waitFor();
    assert.match((await card(7).getAttribute("class")) ?? "", /current/);
    const before7 = await card(7).getAttribute("data-label");
    await page.keyboard.press("f");
    await card(7).locator(".pill.reviewed").waitFor();
    for (const cq of [8, 9, 10]) {
      await page.keyboard.press(cq === 8 ? "j" : "a");
      if (cq === 8) await page.keyboard.press("a");
      await card(cq).locator(".pill.reviewed").waitFor();
    }
    await page.keyboard.press("a");
    await card(11).locator(".pill.reviewed").waitFor();
    await page.reload();
    const flipped = before7 === "yes" ? "no" : "yes";
    assert.equal(await card(7).getAttribute("data-label"), flipped);
    assert.match(await card(7).locator(".gold").innerText(), /corrected to .* by ana/);
    assert.equal(await page.locator(".card .pill.reviewed").count(), 5);
    await card(7).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath("review-paper.png") });
    await page.close();

    const gold = join(fx.dir, "gold.jsonl");
    assert.match(await cli(["gold", "export", "--db", fx.db, "--out", gold], fx.dir), /5 gold labels/);
    assert.equal(readFileSync(gold, "utf8").trim().split("\n").length, 5);
    const printed = await cli(["eval", "--db", fx.db, "--gold", gold, "--report", join(fx.dir, "eval.json")], fx.dir);
    assert.match(printed, /5 of 5 gold labels/);
    const result = JSON.parse(readFileSync(join(fx.dir, "eval.json"), "utf8"));
    assert.equal(result.systems.length, 1);
    assert.equal(result.systems[0].summary.n, 5);
    assert.equal(result.systems[0].summary.accuracy, 4 / 5);
    assert.deepEqual(dialogs, []);
  });

  test("the queue's still-to-review counter goes down as answers are decided, without a reload", {
    timeout: 20_000,
  }, async () => {
    const page = await open(server.url); // the token URL sets this instance's cookie
    await page.goto(`${new URL(server.url).origin}/queue`);
    const counter = page.locator("[data-open-count]");
    const before = Number(await counter.innerText());
    assert.ok(before > 0);
    const first = page.locator(".card").first();
    await first.click();
    await page.keyboard.press("a");
    await page.locator(".card .pill.reviewed").first().waitFor();
    assert.equal(Number(await counter.innerText()), before - 1);
    await page.reload();
    assert.equal(Number(await page.locator("[data-open-count]").innerText()), before - 1, "the server agrees");
    await page.close();
  });

  test("hostile paper text renders as visible text and runs nothing", { timeout: 20_000 }, async () => {
    const page = await open(server.url);
    await page.locator("table.heat th.paper a", { hasText: "Deep learning for owls" }).click();
    await page.waitForURL(/\/paper\//);
    assert.equal(await page.locator("h1").innerText(), HOSTILE_TITLE);
    const text = await page.locator("main").innerText();
    assert.ok(text.includes("javascript:alert(document.cookie)"));
    assert.ok(text.includes("<script>alert(2)</script>"));
    assert.equal(await page.locator("main img, main script").count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    // A note with markup is stored and shown as text.
    await page.locator(".card").first().click();
    await page.keyboard.press("m");
    await page.keyboard.type('"><img src=x onerror=alert(3)>');
    await page.keyboard.press("Control+Enter");
    await page.locator(".card .notes").first().waitFor();
    assert.equal(await page.locator("main img").count(), 0);
    assert.match(await page.locator(".card .notes").first().innerText(), /"><img src=x onerror=alert\(3\)>/);
    const status = await page.evaluate(
      async () => (await fetch("/api/reviews", { method: "POST", body: "{}" })).status,
    );
    assert.equal(status, 403, "a POST without the token header is refused");
    assert.deepEqual(dialogs, []);
    await page.close();
  });
});
