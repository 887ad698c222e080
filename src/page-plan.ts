/**
 * Page plan: which pages of a build must be rendered and which a cache can give back unchanged.
 *
 * A page's key is a hash of everything its templates read: what its one view is made of, the site
 * facts every page shows (`digest.site`, the site's feeds), the feeds that follow it, and a salt
 * for the code and the build's options. Not the edition (`digest.edition`: counts, build time),
 * which no paginated page shows: an added article changes only the pages that list it. Equal keys,
 * equal HTML: the whole-site test builds with and without the cache and compares every byte.
 *
 * What a view is made of is the arguments of the one pure function that makes it (page-source.ts),
 * so a page's key is known before (and without) its view being made. Cards, articles, stories and
 * storylines are most of those bytes, and each is part of many pages (a card is on its article's
 * page, its topics', its source's, its day's, the related lists of its story): each is hashed
 * once, and stands as its hash wherever it appears. An equal hash is an equal object, so the key still covers every byte.
 *
 * Data files (JSON API files, feeds) are keyed the same way (`dataKey`), by what their data is
 * made of, with the same printer.
 */
import { hashOf, originOf } from "./hash.ts";
import { partsOf, shareParts, type Digest } from "./digest.ts";
import type { PageSource } from "./page-source.ts";

/** Every page that the paginated templates render, as its source. */
export function pageEntries(digest: Digest): PageSource[] {
  const { articles, stories, topics, sources, days, months, years } = partsOf(digest).pages;
  return [...articles, ...stories, ...topics, ...sources, ...days, ...months, ...years];
}

/**
 * Page URL → the key of its content, for every paginated page of the digest. `print` is the
 * digest's unit printer (see `unitPrinter`); pass one to share its hashes with other keys.
 */
export function pageKeys(digest: Digest, salt: string, print = unitPrinter(partsOf(digest).units)): Map<string, string> {
  // Hashed once: every key has it (667 characters at 10,000 seeds, 14,000 times over).
  const shared = hashOf(JSON.stringify([salt, digest.site, digest.outputs.siteFeeds]));
  const keys = new Map<string, string>();
  for (const { url, inputs } of pageEntries(digest)) {
    const feeds = digest.outputs.alternates[url] ?? null;
    keys.set(url, hashOf(shared, JSON.stringify([url, feeds]), print(["made of", inputs])));
  }
  return keys;
}

/**
 * The digest the templates get: only the pages to render, their views made here, for those pages
 * only. Everything else (indexes, the home page) is whole.
 */
export function narrowDigest(digest: Digest, render: (url: string) => boolean): Digest {
  const make = <V extends { url: string }>(sources: PageSource<V>[]) => sources.filter((s) => render(s.url)).map((s) => s.view());
  const { pages } = partsOf(digest);
  const narrowed: Digest = {
    ...digest,
    articles: make(pages.articles),
    stories: make(pages.stories),
    topicPages: make(pages.topics),
    sourcePages: make(pages.sources),
    archive: { days: make(pages.days), months: make(pages.months), years: make(pages.years), index: digest.archive.index },
  };
  return shareParts(digest, narrowed);
}

/**
 * A data file of the site (a JSON API file, a feed) as what it is made of: `text` is a pure
 * function of `inputs` (plain data, in which cards, articles, stories and storylines stand as
 * themselves) and of the build's link rules, which the salt covers.
 */
export interface DataSource {
  path: string;
  inputs: readonly unknown[];
  text: () => string;
}

/** The key of a data file: a hash of the salt (code, options), its path and what it is made of. */
export function dataKey(source: DataSource, salt: string, print: (value: unknown) => string): string {
  return hashOf(JSON.stringify([salt, source.path]), print(source.inputs));
}

/** The key under which a unit's hash stands in a value: no view or input has a field of that name. */
const UNIT = "\u0000unit";

/**
 * Prints values as JSON with every unit in them (by identity) replaced by its hash, each unit
 * hashed once: a leaf from its JSON, any other unit from its own JSON printed the same way (a
 * story stands for its articles), a unit with a known origin (hash.ts) as that. A leaf with a unit
 * inside is hashed whole, which is slower but as exact. Values must be plain data: a Map, a Set or
 * a function would print as nothing and hide what a page is made of, so they are refused.
 */
export function unitPrinter(units: Units): (value: unknown) => string {
  const hashes = new Map<object, { [UNIT]: string } | null>();
  const leaves = new Set<object>(units.leaves);
  for (const unit of units.leaves) hashes.set(unit, null);
  for (const unit of units.composites) hashes.set(unit, null);
  const replace = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) {
      if (typeof value === "function") throw new TypeError("page inputs must be plain data, not a function");
      return value;
    }
    const hash = hashes.get(value);
    if (hash !== undefined) return hash ?? hashUnit(value);
    if (value instanceof Map || value instanceof Set) throw new TypeError(`page inputs must be plain data, not a ${value instanceof Map ? "Map" : "Set"}`);
    return inside(value);
  };
  const inside = (value: object): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = replace(item);
    return copy;
  };
  const hashUnit = (unit: object) => {
    const hash = { [UNIT]: originOf(unit) ?? hashOf(JSON.stringify(leaves.has(unit) ? unit : inside(unit))) };
    hashes.set(unit, hash);
    return hash;
  };
  return (value) => JSON.stringify(replace(value));
}

/** Objects hashed once per build: leaves (cards, articles) hold no other unit; composites may. */
export interface Units {
  leaves: Iterable<object>;
  composites: Iterable<object>;
}
