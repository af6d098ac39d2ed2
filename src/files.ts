/** Small file-system helpers shared by the writers that must survive a kill (outputs, fetched files). */
import { closeSync, fsyncSync, openSync } from "node:fs";

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
