/** The one canonical JSON and content hash of methodscope (run keys, cache keys, question sets). */
import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted (at every depth), so equal values always give equal text.
 * @example canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }) // '{"a":[{"c":2,"d":1}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** SHA-256 (hex) of a value's canonical JSON: equal settings give equal hashes. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value) ?? "undefined");
}

/** SHA-256 (hex) of text or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
