import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Command } from "commander";
import { MethodscopeError } from "../errors.js";
import { makeTestStore, PAPER_A, tickingClock } from "../report/html/_test-store.js";
import { addReview } from "../store/reviews.js";
import type { CliIO } from "./io.js";
import { pagesFolder, registerReviewCommands, runServe } from "./review-commands.js";

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-review-cli-"));
  const db = join(dir, "store.db");
  const store = makeTestStore(tickingClock(), db);
  addReview(store, { documentId: PAPER_A, cq: 1, action: "correct", reported: "no", reviewer: "ana" });
  store.close();
  const out: string[] = [];
  const io: CliIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => out.push(s),
    isTTY: false,
    env: { USER: "bo" },
    cwd: dir,
  };
  const run = async (...args: string[]) => {
    const program = new Command("methodscope")
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    registerReviewCommands(program, io);
    out.length = 0;
    await program.parseAsync(args, { from: "user" });
    return out.join("");
  };
  return { dir, db, io, run, printed: () => out.join("") };
}

describe("review commands", () => {
  test("report links the exports that exist; gold export and eval score every engine and the vote", async () => {
    const w = workspace();
    mkdirSync(join(w.dir, "out"));
    writeFileSync(join(w.dir, "out", "results.csv"), "x\n");
    const printedReport = await w.run("report", "--db", "store.db", "--out", "site/report.html", "--exports", "out");
    const html = readFileSync(join(w.dir, "site", "report.html"), "utf8");
    assert.match(html, /<a href="..\/out\/results.csv">..\/out\/results.csv<\/a>/);
    assert.ok(!html.includes("results.jsonl"), "only files that exist are linked");
    // The missing ones are named, not left out silently.
    assert.match(
      printedReport,
      /warning: .*out has no results\.jsonl, matrix\.csv, values\.csv, rates\.csv, run\.json; the report links only the others/,
    );
    assert.match(await w.run("gold", "export", "--db", "store.db", "--out", "gold.jsonl"), /1 gold label\b/);
    const printed = await w.run("eval", "--db", "store.db", "--gold", "gold.jsonl", "--report", "eval.json");
    assert.match(printed, /extractive .* 0\.000/);
    const result = JSON.parse(readFileSync(join(w.dir, "eval.json"), "utf8"));
    assert.deepEqual(
      result.systems.map((s: { system: string }) => s.system),
      ["extractive", "llm: m1", "vote (majority)"],
    );
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("report --pages: in the file, in <name>_files/ beside it, or a folder for large corpora (auto)", async () => {
    assert.equal(pagesFolder("/r/site/report.html", "auto", 200), undefined);
    assert.equal(pagesFolder("/r/site/report.html", "auto", 5000), undefined, "5,000 papers: still one file");
    assert.equal(pagesFolder("/r/site/report.html", "auto", 5001), join("/r/site", "report_files"));
    assert.equal(pagesFolder("/r/site/all.htm", "folder", 1), join("/r/site", "all_files"));
    assert.equal(pagesFolder("/r/site/report.html", "file", 100_000), undefined);
    const w = workspace();
    assert.match(await w.run("report", "--db", "store.db", "--out", "a.html", "--pages", "file"), /^wrote a\.html\n/);
    assert.ok(!existsSync(join(w.dir, "a_files")), "no folder for a report in one file");
    assert.match(
      await w.run("report", "--db", "store.db", "--out", "b.html", "--pages", "folder"),
      /papers' pages in b_files\//,
    );
    assert.ok(statSync(join(w.dir, "b_files", "0.js")).size > 100, "the block's file");
    await assert.rejects(
      w.run("report", "--db", "store.db", "--pages", "some"),
      /--pages.*some.*is invalid|Allowed choices/,
    );
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("a missing store is a usage error and is not created", async () => {
    const w = workspace();
    await assert.rejects(
      w.run("report", "--db", "nope.db"),
      (e: unknown) => e instanceof MethodscopeError && e.code === "usage",
    );
    assert.equal(existsSync(join(w.dir, "nope.db")), false);
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("eval reads a gold file that starts with a UTF-8 byte order mark", async () => {
    const w = workspace();
    await w.run("gold", "export", "--db", "store.db", "--out", "gold.jsonl");
    writeFileSync(join(w.dir, "bom.jsonl"), `\uFEFF${readFileSync(join(w.dir, "gold.jsonl"), "utf8")}`);
    assert.match(await w.run("eval", "--db", "store.db", "--gold", "bom.jsonl"), /1 of 1 gold labels/);
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("a folder as --gold or as --out is a usage error that says so", async () => {
    const w = workspace();
    mkdirSync(join(w.dir, "golds"));
    await assert.rejects(
      w.run("eval", "--db", "store.db", "--gold", "golds"),
      (e: unknown) => e instanceof MethodscopeError && e.code === "usage" && /golds is a folder/.test(e.message),
    );
    await assert.rejects(
      w.run("report", "--db", "store.db", "--out", "golds"),
      (e: unknown) =>
        e instanceof MethodscopeError && e.code === "usage" && /golds \(--out\): it is a folder/.test(e.message),
    );
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("serve refuses an empty file as its store instead of making it one", async () => {
    const w = workspace();
    writeFileSync(join(w.dir, "empty.db"), "");
    await assert.rejects(
      runServe({ db: "empty.db", port: 0, host: "127.0.0.1" }, w.io, Promise.resolve()),
      (e: unknown) => e instanceof MethodscopeError && e.code === "not-a-store",
    );
    assert.equal(statSync(join(w.dir, "empty.db")).size, 0);
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("serve prints a 127.0.0.1 URL with the token, serves, and returns once stopped", async () => {
    const w = workspace();
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runServe({ db: "store.db", port: 0, host: "127.0.0.1" }, w.io, stopped);
    let url = "";
    for (let i = 0; i < 100 && !url; i++) {
      await new Promise((r) => setTimeout(r, 20));
      url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(w.printed())?.[0] ?? "";
    }
    assert.ok(url, "printed the URL");
    const res = await fetch(url, { redirect: "manual" });
    assert.equal(res.status, 303);
    const page = await fetch(new URL("/", url), {
      headers: { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] },
    });
    assert.match(await page.text(), /reviewing as bo/);
    stop();
    await running;
    assert.match(w.printed(), /server stopped/);
    rmSync(w.dir, { recursive: true, force: true });
  });

  test("serve --allow-host answers that Host too, and refuses others", async () => {
    const w = workspace();
    const running = w.run("serve", "--db", "store.db", "--port", "0", "--allow-host", "review.lab.example");
    let url = "";
    for (let i = 0; i < 100 && !url; i++) {
      await new Promise((r) => setTimeout(r, 20));
      url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(w.printed())?.[0] ?? "";
    }
    assert.ok(url, "printed the URL");
    const { port, search } = new URL(url);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, path: `/${search}`, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    assert.equal(await status(`review.lab.example:${port}`), 303);
    assert.equal(await status(`127.0.0.1:${port}`), 303);
    assert.equal(await status(`evil.example:${port}`), 421);
    process.emit("SIGTERM"); // what Ctrl+C or a service manager sends: serve stops
    await running;
    rmSync(w.dir, { recursive: true, force: true });
  });
});
