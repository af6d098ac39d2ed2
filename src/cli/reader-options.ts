/**
 * The reader options of `extract`: `--reader` forces one reader for every input (default: chosen
 * by content), `--grobid URL` sends PDFs to a running GROBID service, `--grobid-timeout` bounds it.
 * main.ts adds them with {@link addReaderOptions} and passes {@link readerSettings}' result to
 * `extract` (its `reader` and `grobid` fields).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { MethodscopeError } from "../errors.js";
import {
  DEFAULT_GROBID_TIMEOUT_MS,
  type GrobidOptions,
  READER_CHOICES,
  type ReaderChoice,
} from "../ingest/readers/index.js";

/** The parsed options (commander's camelCase names). */
export interface ReaderCliOptions {
  reader?: ReaderChoice;
  /** Base URL of a GROBID service. */
  grobid?: string;
  /** Seconds GROBID may take per PDF. */
  grobidTimeout?: number;
}

/** What `extract` takes from these options. */
export interface ReaderSettings {
  reader?: ReaderChoice;
  grobid?: GrobidOptions;
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number of seconds above 0");
  return n;
}

/**
 * Adds `--reader`, `--grobid` and `--grobid-timeout` to a command.
 * @example addReaderOptions(program.command("extract"))
 */
export function addReaderOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--reader <reader>",
        "how inputs are read: auto (by content: %PDF-, JATS <article>, TEI; then the extension), or force one",
      )
        .choices([...READER_CHOICES])
        .default("auto"),
    )
    .option(
      "--grobid <url>",
      "send PDFs to a running GROBID service (e.g. http://localhost:8070) and read its TEI; the PDF reader is the fallback",
    )
    .option(
      "--grobid-timeout <seconds>",
      `seconds GROBID may take per PDF before the PDF reader takes over (default ${DEFAULT_GROBID_TIMEOUT_MS / 1000}; added to --pdf-timeout)`,
      positiveSeconds,
    );
}

/**
 * The reader settings for the parsed options. Throws `MethodscopeError` ("usage") for a GROBID
 * address that is not an http(s) URL, or a `--grobid-timeout` without `--grobid`.
 * @example readerSettings({ grobid: "http://localhost:8070" }) // { reader: "auto", grobid: { url: "http://localhost:8070", timeoutMs: 60000 } }
 */
export function readerSettings(opts: ReaderCliOptions): ReaderSettings {
  const reader = opts.reader ?? "auto";
  if (opts.grobid === undefined) {
    if (opts.grobidTimeout !== undefined) throw new MethodscopeError("usage", "--grobid-timeout needs --grobid <url>");
    return { reader };
  }
  let url: URL;
  try {
    url = new URL(opts.grobid);
  } catch {
    throw new MethodscopeError(
      "usage",
      `--grobid ${JSON.stringify(opts.grobid)} is not a URL; give the service's address, e.g. http://localhost:8070`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new MethodscopeError("usage", `--grobid must be an http:// or https:// address, not ${url.protocol}`);
  }
  const timeoutMs = Math.round((opts.grobidTimeout ?? DEFAULT_GROBID_TIMEOUT_MS / 1000) * 1000);
  return { reader, grobid: { url: opts.grobid, timeoutMs } };
}
