import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { candidatesFor } from "./candidates.js";
import { normaliseDoi, parseDoiList } from "./dois.js";
import { contentProblem } from "./download.js";
import { createHttpClient, retryAfterMs } from "./http.js";
import { fileNameFor } from "./manifest.js";
import { normalisePmcid, openAlexRecord, unpaywallRecord } from "./records.js";

describe("DOI lists", () => {
  test("normalises prefixes, case, encoding and trailing punctuation; refuses non-DOIs", () => {
    assert.equal(normaliseDoi("https://doi.org/10.1000/ABC.1"), "10.1000/abc.1");
    assert.equal(normaliseDoi("http://dx.doi.org/10.1000/x"), "10.1000/x");
    assert.equal(normaliseDoi("doi: 10.1000/x."), "10.1000/x");
    assert.equal(normaliseDoi("DOI:10.1000/a%2Fb"), "10.1000/a/b");
    assert.equal(normaliseDoi("{10.1000/x}"), "10.1000/x");
    assert.equal(normaliseDoi("not a doi"), undefined);
    assert.equal(normaliseDoi("10.1/too-short-prefix"), undefined);
  });

  test("one per line: comments and blanks skipped, duplicates dropped, invalid entries reported", () => {
    const list = parseDoiList("# search\r\n10.1000/a\r\n\r\nhttps://doi.org/10.1000/A\r\nnonsense\n10.1000/b\n");
    assert.equal(list.format, "lines");
    assert.deepEqual(list.dois, ["10.1000/a", "10.1000/b"]);
    assert.equal(list.duplicates, 1);
    assert.deepEqual(list.invalid, ["nonsense"]);
  });

  test("CSV: the doi column, quoted cells with commas, semicolon or tab separators", () => {
    const comma = parseDoiList(
      'Title,Authors,DOI\n"A, b",X,10.1000/a\n"C ""q""",Y,"https://doi.org/10.1000/c"\nD,Z,\n',
    );
    assert.equal(comma.format, "csv");
    assert.deepEqual(comma.dois, ["10.1000/a", "10.1000/c"]);
    assert.deepEqual(parseDoiList("doi;title\n10.1000/s;one\n").dois, ["10.1000/s"]);
    assert.deepEqual(parseDoiList("\uFEFFtitle\tdoi\none\t10.1000/t\n").dois, ["10.1000/t"]);
  });

  test("BibTeX: braces, quotes and bare values; entries without a doi skipped", () => {
    const bib = `@article{a, title = {With {Braces}}, doi = {10.1000/A}}\n@book{b,\n DOI="doi:10.1000/b",\n}\n@misc{c, title={none}}\n@article{d, doi = 10.1000/d}`;
    const list = parseDoiList(bib);
    assert.equal(list.format, "bibtex");
    assert.deepEqual(list.dois, ["10.1000/a", "10.1000/b", "10.1000/d"]);
  });

  test("RIS: DO fields", () => {
    const list = parseDoiList(
      "TY  - JOUR\nT1  - x\nDO  - 10.1000/R1\nER  - \n\nTY  - JOUR\nDO  - https://doi.org/10.1000/r2\nER  -\n",
    );
    assert.equal(list.format, "ris");
    assert.deepEqual(list.dois, ["10.1000/r1", "10.1000/r2"]);
  });
});

describe("file names", () => {
  test("plain DOIs read back; unsafe or clashing ones get a hash and only safe characters", () => {
    assert.equal(fileNameFor("10.1000/abc.1", "pdf"), "10.1000_abc.1.pdf");
    const a = fileNameFor("10.1000/a/b", "xml");
    const b = fileNameFor("10.1000/a_b", "xml");
    assert.notEqual(a, b);
    for (const name of [a, b, fileNameFor("10.1002/(sici)1097-4636<1::aid>3.0.co;2-#", "pdf")]) {
      assert.match(name, /^[a-z0-9._-]+$/);
    }
    assert.ok(fileNameFor(`10.1000/${"x".repeat(400)}`, "pdf").length < 150);
  });
});

describe("what a download is", () => {
  test("PDF needs %PDF-; XML needs < and an <article; HTML is refused either way", () => {
    assert.equal(contentProblem(Buffer.from("%PDF-1.7\n"), "pdf", true), undefined);
    assert.match(contentProblem(Buffer.from("<!DOCTYPE html><html>"), "pdf", true) ?? "", /HTML/);
    assert.match(contentProblem(Buffer.from("PK\u0003\u0004"), "pdf", true) ?? "", /not a PDF/);
    assert.equal(contentProblem(Buffer.from("%PD"), "pdf", false), undefined, "too short to tell yet");
    assert.equal(contentProblem(Buffer.from('<?xml version="1.0"?>\n<article>'), "xml", true), undefined);
    assert.match(contentProblem(Buffer.from("<?xml version='1.0'?><error/>"), "xml", true) ?? "", /<article>/);
    assert.match(contentProblem(Buffer.from("{}"), "xml", true) ?? "", /not XML/);
    assert.match(contentProblem(Buffer.from("<html><body>"), "xml", true) ?? "", /HTML/);
  });
});

describe("records and candidates", () => {
  test("OpenAlex's pmcid URL and Unpaywall's Europe PMC URLs give a PMC id", () => {
    assert.equal(normalisePmcid("https://www.ncbi.nlm.nih.gov/pmc/articles/123456"), "PMC123456");
    assert.equal(normalisePmcid("PMC42"), null, "too short to be a PMC id");
    assert.equal(normalisePmcid("PMC4242"), "PMC4242");
    const up = unpaywallRecord({
      doi: "10.1/x",
      best_oa_location: null,
      oa_locations: [{ url: "https://europepmc.org/articles/pmc7777", license: "cc-by", version: "publishedVersion" }],
    });
    assert.equal(up.pmcid, "PMC7777");
    assert.throws(() => openAlexRecord({ not: "a work" }));
  });

  test("XML first by default, best PDFs before others, no URL twice; prefer pdf swaps", () => {
    const openalex = openAlexRecord({
      id: "W1",
      ids: { pmcid: "https://www.ncbi.nlm.nih.gov/pmc/articles/5555" },
      best_oa_location: { pdf_url: "https://p/best.pdf", license: "cc-by", version: "publishedVersion" },
      locations: [
        { is_oa: true, pdf_url: "https://r/other.pdf" },
        { is_oa: false, pdf_url: "https://closed.pdf" },
      ],
    });
    const unpaywall = unpaywallRecord({
      doi: "10.1/x",
      best_oa_location: { url_for_pdf: "https://p/best.pdf", host_type: "publisher" },
      oa_locations: [{ url_for_pdf: "https://p/best.pdf" }, { url_for_pdf: "ftp://nope" }],
    });
    const base = "https://epmc/rest/";
    const xmlFirst = candidatesFor([openalex, unpaywall], { prefer: "xml", europepmcUrl: base });
    assert.deepEqual(
      xmlFirst.map((c) => c.url),
      ["https://epmc/rest/PMC5555/fullTextXML", "https://p/best.pdf", "https://r/other.pdf"],
    );
    const pdfFirst = candidatesFor([openalex, unpaywall], { prefer: "pdf", europepmcUrl: base });
    assert.equal(pdfFirst[0].url, "https://p/best.pdf");
    assert.equal(pdfFirst.at(-1)?.kind, "xml");
  });
});

describe("polite HTTP", () => {
  test("Retry-After in seconds or as a date", () => {
    assert.equal(retryAfterMs("2"), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs("soon"), undefined);
  });

  test("spaces request starts by the rate over all requests, and retries 5xx with growing backoff", async () => {
    const waits: number[] = [];
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return new Response(calls <= 2 ? "busy" : "{}", { status: calls <= 2 ? 503 : 200 });
    }) as typeof fetch;
    const client = createHttpClient({
      rate: 2,
      retries: 3,
      timeoutMs: 1000,
      userAgent: "t",
      backoffMs: 100,
      fetchImpl,
      sleep: async (ms) => {
        waits.push(ms);
      },
      // A clock that no sleep advances: what the limiter waits depends on nothing but its own arithmetic.
      now: () => 1_000_000,
    });
    const result = await client.get("http://x/", "application/json");
    result.done();
    assert.equal(result.response.status, 200);
    assert.equal(calls, 3);
    // Backoffs 100 then 200; the clock stands still, so the 2nd and 3rd starts wait 500 and 1000 ms for their
    // slots (2 requests/s).
    const backoffs = waits.filter((w) => w === 100 || w === 200);
    const slots = waits.filter((w) => w !== 100 && w !== 200);
    assert.deepEqual(backoffs, [100, 200]);
    assert.equal(slots.length, 2, `waits: ${waits.join(", ")}`);
    assert.deepEqual(slots, [500, 1000], `waits: ${waits.join(", ")}`);
  });

  test("a Retry-After longer than the client will wait fails at once", async () => {
    let calls = 0;
    const client = createHttpClient({
      rate: 100,
      retries: 5,
      timeoutMs: 1000,
      userAgent: "t",
      maxRetryAfterMs: 10_000,
      fetchImpl: (async () => {
        calls++;
        return new Response("", { status: 429, headers: { "retry-after": "3600" } });
      }) as typeof fetch,
    });
    await assert.rejects(client.get("http://x/", "*/*"), /asked to wait 3600 s/);
    assert.equal(calls, 1);
  });
});
