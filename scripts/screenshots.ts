// The README's screenshots: extract + report on examples/papers, then PNGs of the report in headless
// Chromium (Debian's /usr/bin/chromium through playwright-core; nothing is downloaded) into
// docs/screenshots/: the overview (heatmap and legend), a paper page (evidence and "Where we looked"),
// the values table and the reporting-rates chart. 1200 px wide; each PNG is checked to stay < 300 KB.
// Usage: npm run screenshots [-- --out docs/screenshots]
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { extract } from "../src/pipeline/extract.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import { renderReport, storeSource } from "../src/report/html/report.js";
import { readPaperMetadata } from "../src/report/html/trends.js";
import { openStore } from "../src/store/index.js";
import { launchChromium } from "./chromium.js";

const MAX_BYTES = 300_000;
const root = resolve(new URL("..", import.meta.url).pathname);
const { values } = parseArgs({ options: { out: { type: "string", default: "docs/screenshots" } } });
const outDir = resolve(root, values.out);

const dir = mkdtempSync(join(tmpdir(), "methodscope-screenshots-"));
try {
  const db = join(dir, "store.db");
  await extract({
    inputs: [join(root, "examples/papers")],
    outDir: join(dir, "out"),
    dbPath: db,
    questions: builtinQuestions(),
    questionSource: "builtin",
    chunking: "sections",
  });
  const store = openStore(db);
  const reportPath = join(dir, "out", "report.html");
  try {
    const metadata = readPaperMetadata(store);
    const html = renderReport(storeSource(store), {
      exports: ["results.csv", "results.jsonl", "values.csv", "rates.csv"].map((f) => ({ label: f, href: f })),
      rates: { groupBy: ["year"], metadataOf: (id) => metadata.get(id) },
      metadata: (id) => metadata.get(id),
    });
    writeFileSync(reportPath, html);
  } finally {
    store.close();
  }
  mkdirSync(outDir, { recursive: true });
  const written = await shoot(pathToFileURL(reportPath).href);
  for (const file of written) {
    const bytes = statSync(file).size;
    process.stdout.write(`${file.slice(root.length + 1)}: ${(bytes / 1000).toFixed(0)} KB\n`);
    if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over ${MAX_BYTES}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function shoot(url: string): Promise<string[]> {
  const browser = await launchChromium();
  const files: string[] = [];
  const path = (name: string) => {
    const file = join(outDir, name);
    files.push(file);
    return file;
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(url);
    // The overview: tiles, filters and the heatmap with its legend.
    await page.locator(".panel", { has: page.locator("table.heat") }).screenshot({ path: path("report-overview.png") });
    // The rates chart: every question's rate with its 95% interval.
    await page.locator("#rates svg.rates-all").screenshot({ path: path("report-rates.png") });
    // A paper page: a "yes" with its evidence above a "no" with "Where we looked" open.
    const looked = page.locator(".card.no:has(details.looked li)").first();
    const id = (await looked.getAttribute("id")) ?? "";
    await page.evaluate((target) => {
      location.hash = `#${target}`;
    }, id);
    await looked.locator("details.looked summary").click();
    await looked.evaluate((card) => {
      const before = card.previousElementSibling;
      (before?.classList.contains("card") ? before : card).scrollIntoView({ block: "start" });
    });
    await page.screenshot({ path: path("report-paper.png") });
    // The values table.
    await page.evaluate('location.hash = "#values"');
    await page.locator("#values .panel").screenshot({ path: path("report-values.png") });
  } finally {
    await browser.close();
  }
  return files;
}
