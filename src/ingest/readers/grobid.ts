/**
 * A client for a running GROBID service (the user starts it, e.g. its official container): one
 * PDF in, GROBID's TEI out, through `POST {url}/api/processFulltextDocument` with the PDF as the
 * multipart field `input`. Coordinates are asked for so TEI pages can be mapped. Failures are
 * returned as a short reason ("503", "timeout", "connection failed: ECONNREFUSED"), never thrown:
 * the caller falls back to the PDF reader and flags the paper.
 */

/** Where GROBID runs and how long one PDF may take there. */
export interface GrobidOptions {
  /** Base URL of the service, e.g. "http://localhost:8070". */
  url: string;
  /** Milliseconds one PDF may take (default {@link DEFAULT_GROBID_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/** GROBID's time for one PDF unless the caller says otherwise: large papers take tens of seconds. */
export const DEFAULT_GROBID_TIMEOUT_MS = 60_000;

/** TEI elements GROBID is asked to give coordinates for (the page of each piece of text). */
const COORDINATES = ["head", "p", "s", "note", "figure", "biblStruct", "formula"];

/** GROBID's answer: the TEI bytes, or why there are none. */
export type GrobidOutcome = { ok: true; tei: Uint8Array } | { ok: false; reason: string };

/**
 * The endpoint for a base URL, with or without a trailing slash or "/api".
 * @example grobidEndpoint("http://localhost:8070/") // "http://localhost:8070/api/processFulltextDocument"
 */
export function grobidEndpoint(url: string): string {
  const base = url.replace(/\/+$/, "").replace(/\/api$/, "");
  return `${base}/api/processFulltextDocument`;
}

function failureReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  const cause = (error as { cause?: { code?: string } }).cause;
  return `connection failed${cause?.code ? `: ${cause.code}` : ""}`;
}

/**
 * Sends one PDF to GROBID and returns its TEI. A non-2xx status gives its number as the reason
 * ("503"), an answer that is not TEI gives "not TEI", no answer in time gives "timeout".
 * @example const outcome = await grobidFulltext(pdfBytes, { url: "http://localhost:8070" });
 */
export async function grobidFulltext(pdf: Uint8Array, options: GrobidOptions): Promise<GrobidOutcome> {
  const form = new FormData();
  // Bytes read from a file are backed by a plain ArrayBuffer, never a SharedArrayBuffer.
  form.append("input", new Blob([pdf as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "paper.pdf");
  form.append("includeRawCitations", "1");
  for (const element of COORDINATES) form.append("teiCoordinates", element);
  try {
    const response = await fetch(grobidEndpoint(options.url), {
      method: "POST",
      body: form,
      headers: { accept: "application/xml" },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_GROBID_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, reason: String(response.status) };
    }
    const tei = new Uint8Array(await response.arrayBuffer());
    const head = new TextDecoder("utf-8").decode(tei.subarray(0, 4096));
    if (!/<(\w+:)?TEI[\s>]/.test(head)) return { ok: false, reason: "not TEI" };
    return { ok: true, tei };
  } catch (error) {
    return { ok: false, reason: failureReason(error) };
  }
}
