/**
 * Hash: the one content hash of the build cache's keys (seeds, pages, data files, search records).
 */
import { createHash } from "node:crypto";

/** A SHA-256 of the given parts, as hex; parts are separated so ("ab","c") ≠ ("a","bc"). */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  return hashOfParts(parts);
}

/** `hashOf` of the parts an iterable gives, one at a time (no argument list or joined text of them all). */
export function hashOfParts(parts: Iterable<string | Uint8Array>): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength)).update("\0");
  return hash.digest("hex");
}

/**
 * Objects made by a pure function of inputs that were hashed already, with what stands for those
 * inputs: a seed's article (its file's key in the seed cache: path, bytes, the code's version), a
 * card (its article's origin and the facts about the site it shows). Such an object is never
 * changed once made (one that is, is forgotten here first). The page plan stands it as its origin
 * instead of hashing its JSON, which at 10,000 seeds is 25 MB to print and hash on every build.
 */
const madeFrom = new WeakMap<object, string>();

/**
 * Notes that `made` is a pure function of what `hash` is the hash of (hashed inputs, plain facts).
 * Its origin is `<kind> <hash>`, so no origin is ever a hash of a JSON text (64 hex digits).
 */
export function noteOrigin(made: object, kind: string, hash: string): void {
  madeFrom.set(made, `${kind} ${hash}`);
}

/** Notes that `copy` is a copy of `original` (same JSON), made from the same inputs. */
export function copyOrigin(original: object, copy: object): void {
  const origin = madeFrom.get(original);
  if (origin !== undefined) madeFrom.set(copy, origin);
}

/** What `made` was made from, when noted: a kind and a hash (`seed 3fa9…`). */
export function originOf(made: object): string | undefined {
  return madeFrom.get(made);
}

/** Forgets an object's origin: it is about to be changed. */
export function forgetOrigin(made: object): void {
  madeFrom.delete(made);
}
