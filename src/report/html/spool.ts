import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chunkedWriter } from "../../files.js";

/** Lines kept in a temporary file instead of memory, read back in order; `close` removes the file. */
export interface LineSpool {
  /** The temporary file. */
  readonly path: string;
  add(line: string): void;
  /** Every line added, in order (the spool keeps them until closed). */
  lines(): Generator<string>;
  close(): void;
}

/** Bytes read at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * A spool of text lines (no line may contain "\n") in a fresh temporary folder.
 * @example const s = createLineSpool(); s.add("a"); [...s.lines()]; s.close();
 */
export function createLineSpool(): LineSpool {
  const dir = mkdtempSync(join(tmpdir(), "methodscope-spool-"));
  const path = join(dir, "lines");
  const fd = openSync(path, "w+");
  const out = chunkedWriter(fd);
  return {
    path,
    add(line) {
      out.write(`${line}\n`);
    },
    *lines() {
      out.flush();
      const written = out.bytes;
      const buffer = Buffer.alloc(CHUNK_BYTES);
      let position = 0;
      let rest = Buffer.alloc(0);
      while (position < written) {
        const n = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, written - position), position);
        if (n === 0) break;
        position += n;
        // Split on bytes: a UTF-8 sequence never contains the byte of "\n".
        let data = Buffer.concat([rest, buffer.subarray(0, n)]);
        let at = data.indexOf(10);
        while (at >= 0) {
          yield data.subarray(0, at).toString("utf8");
          data = data.subarray(at + 1);
          at = data.indexOf(10);
        }
        rest = Buffer.from(data);
      }
      if (rest.length > 0) yield rest.toString("utf8");
    },
    close() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
