/**
 * Paper metadata end to end (issue 16, item 2): the real PDFs of ../shared/realpapers and the example
 * papers through the normal reader, `extract --metadata` joining a user's records, the metadata columns
 * of every output, and stored papers whose metadata an older extractor made.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseRecordList } from "../src/fetch/dois.js";
import { loadDocument } from "../src/ingest/load.js";
import { METADATA_VERSION, tokens } from "../src/ingest/metadata.js";
import { extract } from "../src/pipeline/extract.js";
import type { RunManifest } from "../src/pipeline/manifest.js";
import { builtinQuestions } from "../src/questions/catalogue.js";
import type { ResultRow } from "../src/report/rows.js";
import { openStore } from "../src/store/index.js";
import { csvRecords } from "./fixtures/csv.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const realpapers = resolve(repoRoot, "../shared/realpapers");
const sources = join(realpapers, "SOURCES.md");
const examples = join(repoRoot, "examples/papers");

/** The expected title and year of each PDF, parsed from SOURCES.md's table at test time (never copied here). */
function expectedFromSources(): Map<string, { title: string; year: number }> {
  const out = new Map<string, { title: string; year: number }>();
  for (const line of readFileSync(sources, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (!cells[1]?.endsWith(".pdf")) continue;
    const year = /,\s*((?:19|20)\d{2})\b/.exec(cells[3] ?? "")?.[1];
    if (year) out.set(cells[1], { title: cells[2] ?? "", year: Number(year) });
  }
  return out;
}

const sameTitle = (a: string, b: string) => tokens(a).join(" ") === tokens(b).join(" ");

describe("metadata of real papers", () => {
  const skip = existsSync(sources) ? false : `../shared/realpapers not found at ${realpapers}`;
  if (skip) console.log(`skipping the real-papers metadata test: ${skip}`);
  test("year and title right for at least 12 of the 14 PDFs", { skip, timeout: 240_000 }, async () => {
    const expected = expectedFromSources();
    assert.equal(expected.size, 14, "SOURCES.md lists 14 PDFs");
    const failures: string[] = [];
    for (const [file, want] of expected) {
      const doc = await loadDocument(join(realpapers, "pdfs", file));
      const m = doc.metadata ?? {};
      const titleOk = sameTitle(m.title ?? "", want.title) && sameTitle(doc.title, want.title);
      if (!titleOk || m.year !== want.year) {
        failures.push(
          `${file}: title ${titleOk ? "ok" : `"${m.title}" (${m.sources?.title})`}, year ${m.year} (${m.sources?.year}) vs ${want.year}`,
        );
      }
    }
    if (failures.length > 0) console.log(`metadata misses (${failures.length} of 14):\n  ${failures.join("\n  ")}`);
    assert.ok(14 - failures.length >= 12, `right for ${14 - failures.length} of 14:\n${failures.join("\n")}`);
  });
});

describe("metadata of the example papers", () => {
  test("each has title, authors, year and venue from its first page", { timeout: 60_000 }, async () => {
    const files = readdirSync(examples).filter((f) => f.endsWith(".pdf"));
    assert.equal(files.length, 3);
    for (const file of files) {
      const doc = await loadDocument(join(examples, file));
      const m = doc.metadata ?? {};
      assert.equal(m.title, doc.title, file);
      assert.ok((m.authors ?? []).length >= 2, `${file}: authors ${JSON.stringify(m.authors)}`);
      assert.ok(m.year !== undefined && m.year >= 2020 && m.year <= 2030, `${file}: year ${m.year}`);
      assert.ok(m.journal && /[A-Z]\w+ [A-Z]/.test(m.journal), `${file}: venue ${m.journal}`);
      assert.equal(m.version, METADATA_VERSION);
      for (const field of ["title", "authors", "year", "journal"] as const)
        assert.ok(m.sources?.[field], `${file}: ${field}`);
    }
  });
});

describe("record files for --metadata", () => {
  test("CSV, BibTeX and RIS records, with names turned round and file names kept", () => {
    const csv = parseRecordList(
      'file,title,year,authors,venue\nowls.pdf,"Owls, at night",2011,"Ann Lee; Bo Chan",Owl J\n',
    );
    assert.deepEqual(csv.records, [
      { files: ["owls.pdf"], title: "Owls, at night", year: 2011, authors: ["Ann Lee", "Bo Chan"], journal: "Owl J" },
    ]);
    const bib = parseRecordList(
      "@article{lee2011,\n  title = {Owls at {Night}},\n  author = {Lee, Ann and Bo Chan},\n  year = {2011},\n  journal = {Owl J},\n  doi = {10.1234/OWL},\n  file = {Full Text:papers/owls.pdf:application/pdf}\n}\n",
    );
    assert.equal(bib.format, "bibtex");
    assert.deepEqual(bib.records, [
      {
        files: ["papers/owls.pdf"],
        doi: "10.1234/owl",
        title: "Owls at Night",
        authors: ["Ann Lee", "Bo Chan"],
        year: 2011,
        journal: "Owl J",
      },
    ]);
    const ris = parseRecordList(
      "TY  - JOUR\nTI  - Owls at night\nAU  - Lee, Ann\nPY  - 2011\nJO  - Owl J\nDO  - 10.1234/owl\nER  - \n",
    );
    assert.equal(ris.format, "ris");
    assert.deepEqual(ris.records, [
      { files: [], doi: "10.1234/owl", title: "Owls at night", authors: ["Ann Lee"], year: 2011, journal: "Owl J" },
    ]);
  });
});

describe("extract with --metadata, and the metadata columns of the outputs", () => {
  let dir: string;
  let rows: ResultRow[];
  let manifest: RunManifest;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "methodscope-metadata-"));
    const records = join(dir, "my-records.csv");
    writeFileSync(
      records,
      [
        "file,doi,year,venue,authors",
        "camera-trap-resnet,,2019,My Venue,Ann Lee; Bo Chan", // by file name without extension
        ",10.9999/nobody.1,2001,,", // a DOI no paper has
        "not-a-paper.pdf,,2002,,", // a file name no input has
      ].join("\n"),
    );
    ({ rows, manifest } = await extract({
      inputs: [examples],
      outDir: join(dir, "out"),
      dbPath: join(dir, "store.db"),
      questions: builtinQuestions(),
      metadata: records,
    }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the user's fields win, with source user:<file>; unmatched records are counted", () => {
    const camera = rows.find((r) => r.file.endsWith("camera-trap-resnet.pdf") && r.cq === 1);
    assert.ok(camera?.metadata);
    assert.equal(camera.metadata.year, 2019);
    assert.equal(camera.metadata.journal, "My Venue");
    assert.deepEqual(camera.metadata.authors, ["Ann Lee", "Bo Chan"]);
    assert.equal(camera.metadata.sources?.year, "user:my-records.csv");
    assert.equal(camera.metadata.sources?.title, "pdf-info", "a field the user leaves empty stays extracted");
    const lake = rows.find((r) => r.file.endsWith("lake-oxygen-lstm.pdf"));
    assert.equal(lake?.metadata?.year, 2025);
    assert.equal(lake?.metadata?.sources?.year, "first-page");
    assert.deepEqual(manifest.user_metadata, { file: "my-records.csv", records: 3, matched: 1, unmatched: 2 });
    const stored = JSON.parse(readFileSync(join(dir, "out", "run.json"), "utf8")) as RunManifest;
    assert.deepEqual(stored.user_metadata, manifest.user_metadata);
  });

  test("results.jsonl has the metadata object; results.csv, matrix.csv and values.csv its columns", () => {
    const jsonl = readFileSync(join(dir, "out", "results.jsonl"), "utf8")
      .trim()
      .split("\n");
    const first = JSON.parse(jsonl[0] ?? "{}") as ResultRow;
    assert.deepEqual(Object.keys(first).slice(0, 5), ["paper_id", "file", "title", "metadata", "cq"]);
    for (const name of ["results.csv", "matrix.csv", "values.csv"]) {
      const table = csvRecords(readFileSync(join(dir, "out", name), "utf8"));
      const camera = table.find((r) => r.file.endsWith("camera-trap-resnet.pdf"));
      assert.ok(camera, name);
      assert.deepEqual([camera.authors, camera.year, camera.venue], ["Ann Lee; Bo Chan", "2019", "My Venue"], name);
      const maxent = table.find((r) => basename(r.file) === "species-distribution-maxent.pdf");
      assert.equal(maxent?.year, "2024", name);
    }
  });

  test("a stored paper whose metadata an older extractor made is read again; its metadata is refreshed", async () => {
    const store = openStore(join(dir, "store.db"));
    const id = rows.find((r) => r.file.endsWith("lake-oxygen-lstm.pdf"))?.paper_id ?? "";
    const doc = store.getDocument(id);
    assert.ok(doc);
    store.upsertDocument({ ...doc, metadata: { year: 1999, version: METADATA_VERSION - 1 } });
    try {
      const again = await extract({
        inputs: [join(examples, "lake-oxygen-lstm.pdf")],
        store,
        questions: builtinQuestions(),
      });
      assert.equal(again.manifest.inputs[0]?.status, "reused", "answers are reused: only the reading is done again");
      const refreshed = store.getDocument(id)?.metadata;
      assert.equal(refreshed?.year, 2025);
      assert.equal(refreshed?.version, METADATA_VERSION);
    } finally {
      store.close();
    }
  });
});
