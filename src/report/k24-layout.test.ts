import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { k24LayoutFiles, modelFolderName, writeK24Layout } from "./k24-layout.js";
import { failureRow, type ResultRow } from "./rows.js";

const row = (file: string, cq: number, reported: "yes" | "no", engine: string): ResultRow => ({
  paper_id: "id",
  file,
  title: "t",
  cq,
  question: `q${cq}`,
  reported,
  answer: `answer, ${cq}`,
  values: {},
  confidence: 0.8,
  evidence: [],
  engine,
});

test("one folder and one CSV per model, failed papers marked error", () => {
  const e = "k24:openai:llama3@http://h:8000/v1";
  const files = k24LayoutFiles(
    [
      row("/x/a.pdf", 1, "yes", e),
      row("/x/a.pdf", 2, "no", e),
      failureRow("/x/b.pdf", null, e, "corrupt-pdf: bad"),
      row("/x/a.pdf", 1, "no", "k24:ollama:m"),
    ],
    [1, 2],
  );
  const folder = modelFolderName(e);
  assert.equal(folder, "k24_openai_llama3_http_h_8000_v1");
  assert.equal(files.get(`${folder}/Publication_a.pdf_CQ1.txt`), "answer, 1");
  assert.equal(files.get(`${folder}.csv`), "UID,Status,CQ1,CQ2\na.pdf,done,Yes,No\nb.pdf,error,,\n");
  assert.equal(files.get("k24_ollama_m.csv"), "UID,Status,CQ1,CQ2\na.pdf,done,No,\n");
});

test("writeK24Layout writes the files", () => {
  const dir = mkdtempSync(join(tmpdir(), "k24-layout-"));
  try {
    const written = writeK24Layout(dir, [row("a.pdf", 3, "yes", "m")], [3]);
    assert.equal(written.length, 2);
    assert.equal(readFileSync(join(dir, "m", "Publication_a.pdf_CQ3.txt"), "utf8"), "answer, 3");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
