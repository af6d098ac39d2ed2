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
 * before they are written (to hash them).
 * @example const out = chunkedWriter(fd); out.write("line\n"); out.flush();
 */
export function chunkedWriter(fd: number, onChunk?: (chunk: Buffer) => void): ChunkedWriter {
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const buffer = Buffer.from(pending.join(""), "utf8");
    pending = [];
    pendingLength = 0;
    onChunk?.(buffer);
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset, bytes + offset);
    bytes += buffer.length;
  };
  return {
    write(text) {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= CHUNK_BYTES) flush();
    },
    flush,
    get bytes() {
      return bytes;
    },
  };
}
