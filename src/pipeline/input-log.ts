/**
 * The run's record of every input (run.json's `inputs`), kept as papers finish.
 *
 * A library call keeps the records in memory and returns them. A corpus run (rows not kept) appends each
 * record as a JSON line to a temporary file instead and reads them back once, when run.json is written:
 * at 100,000 papers the records were some 70 MB of live heap for the whole run, and their copies at the end
 * (the manifest stored in the store, the output key) pushed the peak further. What the end of the run needs
 * besides is counted as records come: the counts by status, the failures, and the digest of the inputs
 * for the output key (see up-to-date.ts).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chunkedWriter } from "../files.js";
import type { InputRecord, InputTally } from "./manifest.js";
import { createInputsDigest } from "./up-to-date.js";

/** Every input's record, in the order added; see the module comment. */
export interface InputLog extends InputTally {
  add(record: InputRecord): void;
  /**
   * The digest of every input's (file, SHA-256) in order, or undefined when some input has no hash
   * (it could not be read): see {@link createInputsDigest}.
   */
  inputsDigest(): string | undefined;
  /** The records, in order: read back from the spool file when there is one (once per call). */
  records(): Iterable<InputRecord>;
  /** Removes the spool file (idempotent). */
  close(): void;
}

/**
 * A log that keeps its records in memory (`spool: false`) or appends them to a temporary file.
 * @example const log = createInputLog({ spool: true }); log.add(record); [...log.records()]; log.close();
 */
export function createInputLog(options: { spool: boolean }): InputLog {
  const counts = { inputs: 0, done: 0, reused: 0, duplicate: 0, failed: 0 };
  const failures: { file: string; error: string }[] = [];
  const digest = createInputsDigest();
  let hashed = true;
  const kept: InputRecord[] = [];
  const spool = options.spool ? openSpool() : undefined;
  return {
    add(record) {
      counts.inputs++;
      counts[record.status]++;
      if (record.status === "failed") failures.push({ file: record.file, error: record.error ?? "" });
      if (record.sha256 === null) hashed = false;
      else digest.add(record.file, record.sha256);
      if (spool) spool.write(`${JSON.stringify(record)}\n`);
      else kept.push(record);
    },
    counts,
    failures,
    inputsDigest: () => (hashed ? digest.value() : undefined),
    records: () => (spool ? spool.read() : kept),
    kept,
    close: () => spool?.close(),
  };
}

interface Spool {
  write(line: string): void;
  read(): Generator<InputRecord>;
  close(): void;
}

/** Bytes read back at a time: small enough that each read stays out of V8's large-object space. */
const READ_BYTES = 1 << 16;

function openSpool(): Spool {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-inputs-"));
  const path = join(dir, "inputs.jsonl");
  let fd: number | undefined = openSync(path, "w+");
  const out = chunkedWriter(fd);
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    write: out.write,
    *read() {
      if (fd === undefined) throw new Error("input log: read after close");
      out.flush();
      const buffer = Buffer.alloc(READ_BYTES);
      let position = 0;
      let rest = "";
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, position);
        if (n === 0) break;
        position += n;
        // A line may end in the next read, and so may a character: decode only whole lines' bytes.
        const end = buffer.lastIndexOf(10, n - 1);
        if (end < 0) {
          rest += buffer.toString("latin1", 0, n);
          continue;
        }
        const text = Buffer.concat([Buffer.from(rest, "latin1"), buffer.subarray(0, end + 1)]).toString("utf8");
        rest = buffer.toString("latin1", end + 1, n);
        for (const line of text.split("\n")) if (line) yield JSON.parse(line) as InputRecord;
      }
      if (rest) yield JSON.parse(Buffer.from(rest, "latin1").toString("utf8")) as InputRecord;
    },
    close,
  };
}
