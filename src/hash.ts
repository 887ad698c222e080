/**
 * Hash: the one content hash of the build cache's keys (seeds, pages, data files, search records).
 */
import { createHash } from "node:crypto";

/** A SHA-256 of the given parts, as hex; parts are separated so ("ab","c") ≠ ("a","bc"). */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength)).update("\0");
  return hash.digest("hex");
}
