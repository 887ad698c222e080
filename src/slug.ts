/**
 * Names as URL parts and as identities: slugs for topic (and other) pages, and the key that
 * decides when two topic names are the same topic.
 */

import { createHash } from "node:crypto";
import slugifyName from "@sindresorhus/slugify";

/** Longest slug `slugify` returns; longer ones are cut at a `-`. */
export const MAX_SLUG_LENGTH = 80;

const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A lower-case, URL-safe slug of a name, transliterated: "Déjà Vu" → "deja-vu",
 * "Привет мир" → "privet-mir", "OpenAI" → "openai" (camel case is not split).
 * At most 80 characters, cut at a `-`.
 *
 * Names that transliterate to nothing ("人工知能", emoji, "!!!", "../") get `t-` and eight hex
 * digits of the SHA-1 of the name (NFC, lower case, trimmed), so the slug is stable across
 * builds. The result only ever holds a–z, 0–9 and single inner hyphens.
 */
export function slugify(name: string): string {
  const slug = cutSlug(slugifyName(name, { decamelize: false }));
  return SAFE_SLUG.test(slug) ? slug : fallbackSlug(name);
}

/**
 * One unique slug per distinct name, the same whatever order the names come in.
 *
 * Names are sorted by slug, then by lower-cased name, then by name (code-unit order, not
 * locale order), so "c" comes before "C#" and "C++". Each slug goes
 * first to the first name that has it; the others get `-2`, `-3`… in sorted order, skipping
 * suffixed slugs another name already has as its own ("c", "C#" and "c-2" → "c", "c-3",
 * "c-2"). Pass one spelling per topic (see `topicKey`): "AI" and "ai" are two names here.
 */
export function assignSlugs(names: readonly string[]): Map<string, string> {
  const entries = [...new Set(names)]
    .map((name) => ({ name, slug: slugify(name) }))
    .sort(
      (a, b) =>
        compare(a.slug, b.slug) ||
        compare(a.name.toLowerCase(), b.name.toLowerCase()) ||
        compare(a.name, b.name),
    );
  const taken = new Set(entries.map((entry) => entry.slug));
  const claimed = new Set<string>();
  const slugs = new Map<string, string>();
  for (const { name, slug } of entries) {
    if (!claimed.has(slug)) {
      claimed.add(slug);
      slugs.set(name, slug);
      continue;
    }
    let n = 2;
    while (taken.has(`${slug}-${n}`)) n++;
    taken.add(`${slug}-${n}`);
    slugs.set(name, `${slug}-${n}`);
  }
  return slugs;
}

/**
 * The identity of a topic name: NFKC-normalised, trimmed, inner whitespace collapsed to one
 * space, lower case. "AI", " ai ", "ＡＩ" (full-width) are one key; so are "Café" written
 * with a combining accent and with a precomposed é.
 */
export function topicKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

function cutSlug(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const head = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const cut = head.lastIndexOf("-");
  return (cut > 0 ? head.slice(0, cut) : slug.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, "");
}

function fallbackSlug(name: string): string {
  const key = name.normalize("NFC").toLowerCase().trim();
  return `t-${createHash("sha1").update(key, "utf8").digest("hex").slice(0, 8)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
