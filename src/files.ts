/** Small file-system helpers shared by the writers that must survive a kill (outputs, fetched files). */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/**
 * Flushes a folder's entries (renames into it) where the platform allows it; Windows cannot open a
 * folder for fsync, and a rename is atomic there anyway.
 * @example renameSync(tmp, final); syncFolder(dirname(final));
 */
export function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // No fsync for folders here: the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Bytes gathered before a write: few system calls, bounded memory. */
const CHUNK_BYTES = 1 << 20;

/** Text appended to a file descriptor a megabyte at a time. */
export interface ChunkedWriter {
  write(text: string): void;
  /** Writes what is pending. */
  flush(): void;
  /** Bytes written so far (flushed). */
  readonly bytes: number;
}

/**
 * Appends text to `fd` in chunks of about a megabyte, from offset 0; `onChunk` sees each chunk's bytes
 * before they are written (to hash them; the buffer is reused afterwards). Text is encoded straight into
 * one reused buffer: joining the pending pieces into a megabyte-long string first made every chunk a large
 * object that only a full collection frees (some 60 MB of them while run.json was written at 100,000 papers).
 * @example const out = chunkedWriter(fd); out.write("line\n"); out.flush();
 */
export function chunkedWriter(fd: number, onChunk?: (chunk: Buffer) => void): ChunkedWriter {
  let bytes = 0;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const put = (chunk: Buffer) => {
    onChunk?.(chunk);
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset, bytes + offset);
    bytes += chunk.length;
  };
  const flush = () => {
    if (used === 0) return;
    const chunk = buffer.subarray(0, used);
    used = 0;
    put(chunk);
  };
  return {
    write(text) {
      // At most 3 bytes per UTF-16 unit: a piece that surely fits is encoded without measuring it first.
      const most = text.length * 3;
      if (used + most > CHUNK_BYTES) {
        const length = Buffer.byteLength(text, "utf8");
        if (used + length > CHUNK_BYTES) flush();
        if (length > CHUNK_BYTES) {
          put(Buffer.from(text, "utf8"));
          return;
        }
      }
      used += buffer.write(text, used, "utf8");
    },
    flush,
    get bytes() {
      return bytes;
    },
  };
}
