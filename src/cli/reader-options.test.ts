import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Command } from "commander";
import { MethodscopeError } from "../errors.js";
import { addReaderOptions, type ReaderCliOptions, readerSettings } from "./reader-options.js";

function parse(args: string[]): ReaderCliOptions {
  const command = addReaderOptions(new Command("extract").exitOverride().configureOutput({ writeErr: () => {} }));
  command.parse(args, { from: "user" });
  return command.opts<ReaderCliOptions>();
}

const usage = (e: unknown) => e instanceof MethodscopeError && e.code === "usage";

describe("reader options", () => {
  test("--reader defaults to auto and takes only known readers", () => {
    assert.deepEqual(readerSettings(parse([])), { reader: "auto" });
    assert.deepEqual(readerSettings(parse(["--reader", "jats"])), { reader: "jats" });
    assert.throws(() => parse(["--reader", "docx"]), /docx/);
  });

  test("--grobid takes an http(s) address, with a timeout in seconds", () => {
    assert.deepEqual(readerSettings(parse(["--grobid", "http://localhost:8070"])), {
      reader: "auto",
      grobid: { url: "http://localhost:8070", timeoutMs: 60_000 },
    });
    assert.deepEqual(readerSettings(parse(["--grobid", "https://g.example", "--grobid-timeout", "2.5"])).grobid, {
      url: "https://g.example",
      timeoutMs: 2500,
    });
    assert.throws(() => readerSettings(parse(["--grobid", "localhost:8070"])), usage);
    assert.throws(() => readerSettings(parse(["--grobid", "not a url"])), usage);
    assert.throws(() => readerSettings(parse(["--grobid-timeout", "5"])), usage);
    assert.throws(() => parse(["--grobid", "http://x", "--grobid-timeout", "0"]), /seconds/);
  });
});
