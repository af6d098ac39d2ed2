// Benchmark of the static report (not a timed test): a synthetic store of N papers (bench-serve's
// builder, `--fill`), `methodscope report` in a child process (wall time, peak RSS, bytes), then the
// report opened from disk in headless Chromium: time to the `load` event and to the heatmap being
// visible, JS heap used (CDP Runtime.getHeapUsage), and time to open a paper from the middle of the
// corpus. Prints JSON and a markdown row (medians of --loads loads).
// Usage: npm run bench:report -- --papers 5000 [--loads 3] [--db store.db (reused when it exists)] [--keep]
//        [--pages auto|file|folder (report's option; default auto: a folder above 5,000 papers)]
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "./chromium.js";
import { median } from "./stats.js";

const root = resolve(new URL("..", import.meta.url).pathname);

const { values } = parseArgs({
  options: {
    papers: { type: "string", default: "5000" },
    loads: { type: "string", default: "3" },
    db: { type: "string" },
    keep: { type: "boolean", default: false },
    pages: { type: "string", default: "auto" },
    // Internal: the child process that runs `report` and prints its own peak RSS.
    "build-db": { type: "string" },
    "build-out": { type: "string" },
  },
});

if (values["build-db"] && values["build-out"]) {
  await buildChild(["--db", values["build-db"], "--out", values["build-out"], "--pages", values.pages]);
} else {
  await runBenchmark(Number(values.papers), Number(values.loads), values.db, values.keep, values.pages);
}

/** Child mode: `methodscope report …` in this process, then its wall time and peak RSS as JSON. */
async function buildChild(args: string[]): Promise<void> {
  const { main } = await import("../src/cli/main.js");
  const started = performance.now();
  const code = await main(["report", ...args]);
  const wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ code, wallMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

interface Load {
  loadMs: number;
  heatmapMs: number;
  heapMb: number;
  paperMs: number;
}

async function runBenchmark(papers: number, loads: number, dbOption: string | undefined, keep: boolean, pages: string) {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-bench-report-"));
  const db = dbOption ? resolve(dbOption) : join(dir, "store.db");
  try {
    if (!existsSync(db)) {
      const t0 = performance.now();
      execFileSync(
        process.execPath,
        ["--import", "tsx", join(root, "scripts/bench-serve.ts"), "--fill", db, "--papers", String(papers)],
        { stdio: "inherit", cwd: root },
      );
      say(`store: ${papers} papers (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    const out = join(dir, "report.html");
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(root, "scripts/bench-report.ts"),
        "--build-db",
        db,
        "--build-out",
        out,
        "--pages",
        pages,
      ],
      { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`report failed (${child.status}): ${child.stderr}`);
    const build = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as { wallMs: number; peakRssMb: number };
    const bytes = outputBytes(dir);
    const fileBytes = statSync(out).size;
    say(
      `report: ${(build.wallMs / 1000).toFixed(1)} s, peak RSS ${build.peakRssMb.toFixed(0)} MB, ${mb(bytes)} MB (the HTML file ${mb(fileBytes)} MB)`,
    );
    // The paper in the middle of the corpus (bench-serve names paper i by the hash of "bench paper i").
    const middle = createHash("sha256")
      .update(`bench paper ${Math.floor(papers / 2)}`)
      .digest("hex");
    const measured: Load[] = [];
    for (let i = 0; i < loads; i++) {
      const one = await loadOnce(pathToFileURL(out).href, middle);
      say(
        `load ${i + 1}: load event ${one.loadMs.toFixed(0)} ms, heatmap ${one.heatmapMs.toFixed(0)} ms, heap ${one.heapMb.toFixed(1)} MB, paper ${one.paperMs.toFixed(0)} ms`,
      );
      measured.push(one);
    }
    const result = {
      papers,
      reportSeconds: round(build.wallMs / 1000, 1),
      reportPeakRssMb: Math.round(build.peakRssMb),
      pages,
      outputMb: round(mb(bytes), 1),
      fileMb: round(mb(fileBytes), 1),
      loadMs: Math.round(median(measured.map((m) => m.loadMs))),
      heatmapVisibleMs: Math.round(median(measured.map((m) => m.heatmapMs))),
      jsHeapMb: round(median(measured.map((m) => m.heapMb)), 1),
      paperOpenMs: Math.round(median(measured.map((m) => m.paperMs))),
      loads,
    };
    say(JSON.stringify(result));
    say(
      "| papers | pages | report s | report peak RSS MB | output MB (HTML file) | load ms | heatmap visible ms | JS heap MB | paper open ms |",
    );
    say(
      `| ${result.papers} | ${result.pages} | ${result.reportSeconds} | ${result.reportPeakRssMb} | ${result.outputMb} (${result.fileMb}) | ${result.loadMs} | ${result.heatmapVisibleMs} | ${result.jsHeapMb} | ${result.paperOpenMs} |`,
    );
  } finally {
    if (keep) say(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens the report in a fresh browser, measures, and closes it (no cache shared between loads). */
async function loadOnce(url: string, paperId: string): Promise<Load> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(600_000);
    const cdp = await page.context().newCDPSession(page);
    const t0 = performance.now();
    let heatmapMs = 0;
    const heatmap = page
      .locator("table.heat tbody tr")
      .first()
      .waitFor({ state: "visible" })
      .then(() => {
        heatmapMs = performance.now() - t0;
      });
    await page.goto(url, { waitUntil: "load", timeout: 600_000 });
    const loadMs = performance.now() - t0;
    await heatmap;
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    const t1 = performance.now();
    await page.evaluate((id) => {
      location.hash = `#p-${id}`;
    }, paperId);
    await page.locator(`[id="p-${paperId}"] .card`).first().waitFor({ state: "visible" });
    const paperMs = performance.now() - t1;
    const after = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    return { loadMs, heatmapMs, heapMb: Math.max(heap.usedSize, after.usedSize) / 2 ** 20, paperMs };
  } finally {
    await browser.close();
  }
}

/** Bytes of everything `report` wrote into the folder (a file, or a file and its folder of parts). */
function outputBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== "store.db" && !entry.name.startsWith("store.db-"))
      total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function mb(bytes: number): number {
  return bytes / 1e6;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
