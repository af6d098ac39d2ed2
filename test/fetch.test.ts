/**
 * `methodscope fetch` against a loopback server speaking OpenAlex's, Unpaywall's and Europe PMC's formats:
 * nothing here touches the network.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import type { CliIO } from "../src/cli/io.js";
import { type FetchOptions, fetchDois, MANIFEST_FILE, type ManifestEntry } from "../src/fetch/index.js";
import { runFetchCli } from "./fixtures/fetch-cli.js";
import {
  jatsXml,
  LANDING_PAGE,
  type OaServer,
  openAlexPath,
  openAlexWork,
  pdfBytes,
  startOaServer,
  unpaywallPath,
} from "./fixtures/oa-server.js";

const repoRoot = resolve(new URL("..", import.meta.url).pathname);
const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-fetch-"));
  temps.push(dir);
  return dir;
}

function run(oa: OaServer, dois: string[], outDir: string, extra: Partial<FetchOptions> = {}) {
  return fetchDois({
    dois,
    outDir,
    email: "tester@example.org",
    openalexUrl: oa.openalexUrl,
    unpaywallUrl: oa.unpaywallUrl,
    europepmcUrl: oa.europepmcUrl,
    rate: 500,
    backoffMs: 20,
    timeoutMs: 5000,
    ...extra,
  });
}

function manifestLines(dir: string): ManifestEntry[] {
  return readFileSync(join(dir, MANIFEST_FILE), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ManifestEntry);
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function captureIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

describe("fetchDois against loopback OpenAlex / Unpaywall / Europe PMC", () => {
  test("prefers Europe PMC's JATS XML when both XML and a PDF exist, and records it in the manifest", async () => {
    const oa = await startOaServer();
    try {
      const doi = "10.1000/both";
      oa.work(doi, { pmcid: "PMC111", pdf: `${oa.url}/files/both.pdf`, license: "cc-by", version: "publishedVersion" });
      oa.route("/europepmc/PMC111/fullTextXML", { body: jatsXml("Both"), type: "application/xml" });
      oa.route("/files/both.pdf", { body: pdfBytes("both"), type: "application/pdf" });
      const dir = workspace();
      const summary = await run(oa, [doi], dir);
      assert.equal(summary.downloaded, 1);
      const [entry] = manifestLines(dir);
      assert.equal(entry.status, "downloaded");
      assert.equal(entry.file, "10.1000_both.xml");
      assert.equal(entry.via, "europepmc");
      assert.equal(entry.source_url, `${oa.europepmcUrl}/PMC111/fullTextXML`);
      assert.equal(entry.license, "cc-by");
      assert.equal(entry.version, "publishedVersion");
      assert.equal(entry.sha256, sha256(join(dir, "10.1000_both.xml")));
      assert.equal(oa.count("/files/both.pdf"), 0, "the PDF is not fetched when the XML came");
      // Polite: the contact e-mail in both services' parameters and in the User-Agent.
      const lookup = oa.requests.find((r) => r.path === openAlexPath(doi));
      assert.equal(lookup?.query.get("mailto"), "tester@example.org");
      assert.equal(oa.requests.find((r) => r.path === unpaywallPath(doi))?.query.get("email"), "tester@example.org");
      assert.match(
        String(lookup?.headers["user-agent"]),
        /^methodscope\/\d+\.\d+\.\d+ \(mailto:tester@example\.org\)$/,
      );
    } finally {
      await oa.close();
    }
  });

  test("--prefer pdf takes the PDF first; a PMC id only Unpaywall names still gives the XML otherwise", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/p", { pmcid: "PMC222", pdf: `${oa.url}/files/p.pdf` });
      oa.route("/europepmc/PMC222/fullTextXML", { body: jatsXml("P") });
      oa.route("/files/p.pdf", { body: pdfBytes("p") });
      oa.work("10.1000/u", { pmcid: "PMC333", inOpenAlex: false });
      oa.route("/europepmc/PMC333/fullTextXML", { body: jatsXml("U") });
      const dir = workspace();
      await run(oa, ["10.1000/p"], dir, { prefer: "pdf" });
      await run(oa, ["10.1000/u"], dir);
      assert.ok(existsSync(join(dir, "10.1000_p.pdf")));
      assert.ok(existsSync(join(dir, "10.1000_u.xml")), "PMC id from Unpaywall's Europe PMC location");
    } finally {
      await oa.close();
    }
  });

  test("a DOI neither service knows is not-found; one without open-access locations is no-oa-copy", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/closed", {});
      const dir = workspace();
      const summary = await run(oa, ["10.1000/missing", "10.1000/closed"], dir);
      assert.deepEqual([summary.notFound, summary.noOaCopy, summary.failed], [1, 1, 0]);
      const byDoi = new Map(manifestLines(dir).map((e) => [e.doi, e]));
      assert.equal(byDoi.get("10.1000/missing")?.status, "not-found");
      assert.match(byDoi.get("10.1000/missing")?.reason ?? "", /neither OpenAlex nor Unpaywall/);
      assert.equal(byDoi.get("10.1000/closed")?.status, "no-oa-copy");
      assert.deepEqual(
        readdirSync(dir).filter((f) => f !== MANIFEST_FILE),
        [],
      );
    } finally {
      await oa.close();
    }
  });

  test("waits as a 429's Retry-After asks, then succeeds", async () => {
    const oa = await startOaServer();
    try {
      const doi = "10.1000/busy";
      oa.work(doi, { pdf: `${oa.url}/files/busy.pdf` });
      // A 429 in front of OpenAlex's record.
      oa.route(
        openAlexPath(doi),
        { status: 429, headers: { "retry-after": "1" }, body: { error: "slow down" } },
        { body: openAlexWork(doi, { pdf: `${oa.url}/files/busy.pdf` }) },
      );
      oa.route("/files/busy.pdf", { body: pdfBytes("busy") });
      const dir = workspace();
      const started = Date.now();
      const summary = await run(oa, [doi], dir);
      assert.equal(summary.downloaded, 1);
      assert.equal(oa.count(openAlexPath(doi)), 2);
      assert.ok(Date.now() - started >= 900, "waited for Retry-After: 1");
    } finally {
      await oa.close();
    }
  });

  test("a 500 is retried; a server that keeps failing leaves the DOI failed, and the next run retries it", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/flaky", { pdf: `${oa.url}/files/flaky.pdf` });
      oa.route("/files/flaky.pdf", { status: 500, body: "oops" }, { body: pdfBytes("flaky") });
      oa.work("10.1000/down", { pdf: `${oa.url}/files/down.pdf` });
      oa.route("/files/down.pdf", { status: 503, body: "down" });
      const dir = workspace();
      const first = await run(oa, ["10.1000/flaky", "10.1000/down"], dir, { retries: 1 });
      assert.deepEqual([first.downloaded, first.failed], [1, 1]);
      assert.equal(oa.count("/files/flaky.pdf"), 2);
      assert.equal(oa.count("/files/down.pdf"), 2, "one try and one retry");
      const failed = manifestLines(dir).find((e) => e.doi === "10.1000/down");
      assert.equal(failed?.status, "failed");
      assert.match(failed?.reason ?? "", /HTTP 503/);
      assert.ok(!readdirSync(dir).some((f) => f.endsWith(".part")), "no temporary file left");

      oa.route("/files/down.pdf", { body: pdfBytes("down") });
      const second = await run(oa, ["10.1000/flaky", "10.1000/down"], dir, { retries: 1 });
      assert.deepEqual([second.downloaded, second.skipped, second.failed], [2, 1, 0]);
      assert.equal(oa.count("/files/flaky.pdf"), 2, "the downloaded DOI is not fetched again");
      assert.equal(oa.count(openAlexPath("10.1000/flaky")), 1, "nor looked up again");
    } finally {
      await oa.close();
    }
  });

  test("follows a redirect to the PDF and records where the bytes came from", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/moved", { pdf: `${oa.url}/files/moved` });
      oa.route("/files/moved", { redirect: `${oa.url}/files/real/moved.pdf`, status: 302 });
      oa.route("/files/real/moved.pdf", { body: pdfBytes("moved"), type: "application/pdf" });
      const dir = workspace();
      await run(oa, ["10.1000/moved"], dir);
      const [entry] = manifestLines(dir);
      assert.equal(entry.status, "downloaded");
      assert.equal(entry.source_url, `${oa.url}/files/real/moved.pdf`);
      assert.ok(readFileSync(join(dir, "10.1000_moved.pdf")).subarray(0, 5).equals(Buffer.from("%PDF-")));
    } finally {
      await oa.close();
    }
  });

  test("an HTML landing page instead of a PDF is refused and the next candidate tried", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/landing", { pdf: `${oa.url}/files/landing.pdf`, morePdfs: [`${oa.url}/files/repo.pdf`] });
      oa.route("/files/landing.pdf", { body: LANDING_PAGE, type: "text/html" });
      oa.route("/files/repo.pdf", { body: pdfBytes("repo"), type: "application/pdf" });
      oa.work("10.1000/onlyhtml", { pdf: `${oa.url}/files/onlyhtml.pdf` });
      oa.route("/files/onlyhtml.pdf", { body: LANDING_PAGE, type: "application/pdf" });
      oa.work("10.1000/notpmc", { pmcid: "PMC999", pdf: `${oa.url}/files/notpmc.pdf` });
      oa.route("/files/notpmc.pdf", { body: pdfBytes("notpmc") }); // Europe PMC answers 404 for PMC999
      const dir = workspace();
      const summary = await run(oa, ["10.1000/landing", "10.1000/onlyhtml", "10.1000/notpmc"], dir);
      const byDoi = new Map(summary.entries.map((e) => [e.doi, e]));
      assert.equal(byDoi.get("10.1000/landing")?.source_url, `${oa.url}/files/repo.pdf`);
      assert.equal(byDoi.get("10.1000/onlyhtml")?.status, "no-oa-copy");
      assert.match(byDoi.get("10.1000/onlyhtml")?.reason ?? "", /HTML page/);
      assert.equal(byDoi.get("10.1000/notpmc")?.file, "10.1000_notpmc.pdf", "XML missing at Europe PMC: the PDF");
      assert.deepEqual(readdirSync(dir).sort(), [MANIFEST_FILE, "10.1000_landing.pdf", "10.1000_notpmc.pdf"].sort());
    } finally {
      await oa.close();
    }
  });

  test("a file already in the folder without its manifest line is kept, not downloaded again", async () => {
    const oa = await startOaServer();
    try {
      oa.work("10.1000/kept", { pdf: `${oa.url}/files/kept.pdf` });
      oa.route("/files/kept.pdf", { body: pdfBytes("kept") });
      const dir = workspace();
      writeFileSync(join(dir, "10.1000_kept.pdf"), pdfBytes("kept"));
      writeFileSync(join(dir, ".10.1000_kept.pdf.1234.part"), "%PDF-half");
      const summary = await run(oa, ["10.1000/kept"], dir);
      assert.equal(summary.downloaded, 1);
      assert.equal(oa.requests.length, 0, "nothing asked");
      assert.equal(summary.entries[0].sha256, sha256(join(dir, "10.1000_kept.pdf")));
      assert.ok(!existsSync(join(dir, ".10.1000_kept.pdf.1234.part")), "a killed run's temporary file is removed");
    } finally {
      await oa.close();
    }
  });
});

describe("methodscope fetch (CLI)", () => {
  const formats: Record<string, string> = {
    "dois.txt": "# my search\n10.1000/A\nhttps://doi.org/10.1000/b\n\ndoi:10.1000/a\n",
    "dois.csv": 'title,DOI,year\n"Paper, one",10.1000/A,2020\nPaper two,https://doi.org/10.1000/B,2021\n',
    "dois.bib":
      '@article{a2020,\n  title = {One},\n  doi = {10.1000/a},\n}\n@article{b2021,\n  title={Two}, DOI = "10.1000/B"\n}\n',
    "dois.ris": "TY  - JOUR\nTI  - One\nDO  - 10.1000/a\nER  - \nTY  - JOUR\nTI  - Two\nDO  - doi:10.1000/B\nER  - \n",
  };

  for (const [name, content] of Object.entries(formats)) {
    test(`reads ${name} and fetches its two DOIs once each`, async () => {
      const oa = await startOaServer();
      try {
        oa.work("10.1000/a", { pdf: `${oa.url}/files/a.pdf` });
        oa.work("10.1000/b", { pdf: `${oa.url}/files/b.pdf` });
        oa.route("/files/a.pdf", { body: pdfBytes("a") });
        oa.route("/files/b.pdf", { body: pdfBytes("b") });
        const dir = workspace();
        writeFileSync(join(dir, name), content);
        const cap = captureIO(dir);
        const code = await runFetchCli(
          ["fetch", name, "--out", "papers", "--email", "me@example.org", "--rate", "500"].concat([
            "--openalex-url",
            oa.openalexUrl,
            "--unpaywall-url",
            oa.unpaywallUrl,
            "--europepmc-url",
            oa.europepmcUrl,
          ]),
          cap.io,
        );
        assert.equal(code, 0, cap.stderr());
        assert.deepEqual(readdirSync(join(dir, "papers")).sort(), ["10.1000_a.pdf", "10.1000_b.pdf", MANIFEST_FILE]);
        assert.equal(oa.count("/files/a.pdf"), 1);
        assert.match(cap.stdout(), /2 DOIs: 2 downloaded/);
        assert.match(cap.stderr(), /\[2\/2\]/);
      } finally {
        await oa.close();
      }
    });
  }

  test("exit 1 when a DOI failed, 2 without --email or with a bad one", async () => {
    const oa = await startOaServer();
    try {
      oa.route(openAlexPath("10.1000/x"), { status: 500, body: {} });
      oa.route(unpaywallPath("10.1000/x"), { status: 500, body: {} });
      const dir = workspace();
      writeFileSync(join(dir, "dois.txt"), "10.1000/x\n");
      const base = ["fetch", "dois.txt", "--out", "papers", "--openalex-url", oa.openalexUrl];
      const urls = ["--unpaywall-url", oa.unpaywallUrl, "--europepmc-url", oa.europepmcUrl];
      const failed = captureIO(dir);
      assert.equal(await runFetchCli([...base, ...urls, "--email", "me@example.org", "--retries", "0"], failed.io), 1);
      assert.match(failed.stdout(), /1 failed/);
      assert.match(failed.stdout(), /run the same command again/);
      assert.equal(await runFetchCli([...base, ...urls], captureIO(dir).io), 2);
      const bad = captureIO(dir);
      assert.equal(await runFetchCli([...base, ...urls, "--email", "nobody"], bad.io), 2);
      assert.match(bad.stderr(), /not an e-mail address/);
    } finally {
      await oa.close();
    }
  });

  test("resumes after a kill: no DOI is downloaded twice", async () => {
    const oa = await startOaServer();
    try {
      const dois = ["10.1000/k1", "10.1000/k2", "10.1000/k3"];
      for (const doi of dois) {
        const name = doi.slice(8);
        oa.work(doi, { pdf: `${oa.url}/files/${name}.pdf` });
        oa.route(`/files/${name}.pdf`, { body: pdfBytes(name) });
      }
      // The third PDF stalls half-way in the first run, so the process is killed mid-download.
      oa.route("/files/k3.pdf", { body: pdfBytes("k3"), hangAfterBytes: 10 }, { body: pdfBytes("k3") });
      const dir = workspace();
      writeFileSync(join(dir, "dois.txt"), dois.join("\n"));
      const args = [
        "--import",
        "tsx",
        join(repoRoot, "test/fixtures/fetch-cli.ts"),
        "fetch",
        join(dir, "dois.txt"),
        "--out",
        join(dir, "papers"),
        "--email",
        "me@example.org",
        "--rate",
        "500",
        "--timeout",
        "60",
        "--openalex-url",
        oa.openalexUrl,
        "--unpaywall-url",
        oa.unpaywallUrl,
        "--europepmc-url",
        oa.europepmcUrl,
      ];
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
      let childErr = "";
      child.stderr.on("data", (d) => {
        childErr += String(d);
      });
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      const deadline = Date.now() + 30_000;
      const settled = () => {
        const path = join(dir, "papers", MANIFEST_FILE);
        return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").length : 0;
      };
      while (!(settled() >= 2 && oa.count("/files/k3.pdf") >= 1) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(Date.now() < deadline, `the first run reached the stalled download: ${childErr}`);
      child.kill("SIGKILL");
      await exited;
      assert.ok(!existsSync(join(dir, "papers", "10.1000_k3.pdf")), "no half file under the final name");

      const cap = captureIO(dir);
      const code = await runFetchCli(args.slice(3), cap.io);
      assert.equal(code, 0, cap.stderr());
      for (const name of ["k1", "k2", "k3"]) {
        assert.equal(oa.completed(`/files/${name}.pdf`), 1, `${name}.pdf sent in full once`);
        assert.ok(readFileSync(join(dir, "papers", `10.1000_${name}.pdf`)).equals(pdfBytes(name)));
      }
      assert.equal(oa.count("/files/k1.pdf") + oa.count("/files/k2.pdf"), 2, "finished DOIs not asked again");
      const lines = manifestLines(join(dir, "papers"));
      assert.deepEqual(lines.map((l) => l.doi).sort(), dois, "one line per DOI");
      assert.ok(lines.every((l) => l.status === "downloaded"));
      assert.ok(!readdirSync(join(dir, "papers")).some((f) => f.endsWith(".part")));
    } finally {
      await oa.close();
    }
  });
});
