/**
 * `methodscope report`: the whole corpus as one self-contained HTML file (inline CSS, SVG and
 * script; no network). Pages are sections switched by the URL fragment, so links work from disk.
 */
import { createHash } from "node:crypto";
import { TOOL_VERSION } from "../../version.js";
import { clientScript } from "./client.js";
import type { Corpus } from "./corpus.js";
import { type ExportLink, type Links, renderOverview } from "./overview.js";
import { answerId, keyHelp, paperId, renderPaper } from "./paper.js";
import { stylesheet } from "./styles.js";
import { html, join, raw } from "./template.js";
import { type MetadataOf, ratesFromCorpus } from "./trends.js";
import { paperValues, renderValues } from "./values.js";

export interface ReportOptions {
  /** Links to the CSV/JSONL exports, relative to the report file. */
  exports?: ExportLink[];
  /** Shown in the header; injected so output is reproducible. */
  generatedAt?: Date;
  /** The "Reporting rates" panel's grouping (default: none, the overall rates only). */
  rates?: ReportRatesOptions;
}

/** How the report groups its papers for the rate charts. */
export interface ReportRatesOptions {
  /** Metadata keys ("year", "venue", …). */
  groupBy: readonly string[];
  /** A paper's metadata by id (see `readPaperMetadata`). */
  metadataOf: MetadataOf;
}

/** Fragment links between the sections of the single-file report. */
export const REPORT_LINKS: Links = {
  overview: "#overview",
  paper: (id) => `#${paperId(id)}`,
  answer: (id, cq) => `#${answerId(id, cq)}`,
  values: "#values",
};

/**
 * Renders the report as one HTML string. Every value is escaped by the `html` template; a
 * Content-Security-Policy meta tag allows only this file's own style and module script (by hash):
 * injected markup in paper text could not run even if it escaped escaping.
 * @example writeFileSync("report.html", renderReport(loadCorpus(store)));
 */
export function renderReport(corpus: Corpus, options: ReportOptions = {}): string {
  const css = stylesheet(corpus.questions.map((q) => q.category));
  const script = clientScript();
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(css)}'`,
    `script-src '${sha256(script)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const when = options.generatedAt ? ` · ${options.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  const body = join(
    [
      renderOverview(
        corpus,
        REPORT_LINKS,
        options.exports ?? [],
        undefined,
        options.rates && {
          rows: ratesFromCorpus(corpus, options.rates.metadataOf, options.rates.groupBy),
          groupBy: options.rates.groupBy,
        },
      ),
      renderValues(corpus.papers.map(paperValues), REPORT_LINKS),
      ...corpus.papers.map((p) => renderPaper(corpus, p, REPORT_LINKS)),
    ],
    "\n",
  );
  // The stylesheet and the compiled client script are this package's own text, not data: raw.
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>methodscope report</title>
<style>${raw(css)}</style>
</head>
<body data-mode="report" data-dl="all" data-cat="all">
<div class="top"><span class="brand">methodscope</span><a href="#overview">Overview</a><a href="#values">Values</a><span class="who">report · methodscope ${TOOL_VERSION}${when}</span></div>
<main>
${body}
</main>
${keyHelp(false)}
<script type="module">${raw(script)}</script>
</body>
</html>
`;
  return page.toString();
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}
