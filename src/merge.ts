/**
 * Merge: one article per canonical URL. Seeds come first (their data wins over a related item's),
 * duplicates keep the richest data and remember every file they came from.
 */
import { articleId, type NormalizedSeed } from "./normalize.ts";
import { copyOrigin, forgetOrigin } from "./hash.ts";
import type { Article } from "./types.ts";

/** Articles keyed by canonical URL, and the seed files that duplicate another seed. */
export interface MergedArticles {
  /** Every article: seeds first (file order), then related-only articles (first-cited order). */
  articles: Map<string, Article>;
  /** Seed file → the file of the seed it duplicates (same canonical URL). */
  duplicates: Map<string, string>;
}

/**
 * Merges normalized seeds (in file order) into one article per canonical URL. A seed's article
 * kept as it is keeps its origin (hash.ts); one that absorbs a duplicate, or gets a new id, loses it.
 */
export function mergeArticles(seeds: readonly NormalizedSeed[]): MergedArticles {
  const articles = new Map<string, Article>();
  const duplicates = new Map<string, string>();
  for (const { article } of richestFirst(seeds)) {
    const kept = articles.get(article.canonical);
    if (kept === undefined) {
      const copy = { ...article, files: [...article.files], related: [...article.related] };
      copyOrigin(article, copy);
      articles.set(article.canonical, copy);
      continue;
    }
    duplicates.set(article.files[0]!, kept.files[0]!);
    absorb(kept, article);
  }
  const sorted = new Map([...articles.values()].sort(compareFiles).map((a) => [a.canonical, a]));
  for (const seed of seeds) {
    for (const item of seed.related) {
      const known = sorted.get(item.canonical);
      if (known === undefined) sorted.set(item.canonical, { ...item });
      else if (!known.isSeed) enrich(known, item);
    }
  }
  makeIdsUnique(sorted);
  return { articles: sorted, duplicates };
}

/**
 * Page URLs are made from ids, so two articles never share one: an article whose id is taken
 * (two files named `…_<same 16 hex>.txt`, or a file name crafted to equal another article's URL
 * hash) gets the hash of its canonical URL, salted until unique. Seeds come first, in file
 * order, so the first file keeps its id and the result is the same on every build.
 */
function makeIdsUnique(articles: Map<string, Article>): void {
  const used = new Set<string>();
  for (const article of articles.values()) {
    if (used.has(article.id)) forgetOrigin(article);
    for (let n = 1; used.has(article.id); n++) article.id = articleId(n === 1 ? article.canonical : `${article.canonical}#${n}`);
    used.add(article.id);
  }
}

/** How much a seed says: published copies first, then the one with more data. */
function richness(article: Article): number {
  const published = article.published ? 1_000_000 : 0;
  return published + article.excerpt.length + 100 * article.images.length + 10 * article.related.length + 10 * article.topics.length;
}

function compareFiles(a: Article, b: Article): number {
  const fa = a.files[0] ?? "";
  const fb = b.files[0] ?? "";
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** A duplicate seed adds its file, and its topics, images and related links when it has the same status. */
function absorb(kept: Article, duplicate: Article): void {
  forgetOrigin(kept);
  kept.files = [...kept.files, ...duplicate.files].sort();
  if (kept.published !== duplicate.published) return;
  kept.topics = union(kept.topics, duplicate.topics);
  kept.related = union(kept.related, duplicate.related);
  if (kept.images.length === 0) kept.images = duplicate.images;
}

/** A related-only article cited by several seeds keeps the fullest excerpt and any image. */
function enrich(known: Article, item: Article): void {
  forgetOrigin(known);
  if (item.excerpt.length > known.excerpt.length) known.excerpt = item.excerpt;
  if (known.images.length === 0 && item.images.length > 0) known.images = item.images;
  if (known.quality === null) known.quality = item.quality;
  if (item.published) known.published = true;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Seed file → the file it duplicates, over all valid seeds (published or not), richest copy kept. */
export function findDuplicates(seeds: readonly NormalizedSeed[]): Map<string, string> {
  const kept = new Map<string, string>();
  const duplicates = new Map<string, string>();
  for (const { article } of richestFirst(seeds)) {
    const first = kept.get(article.canonical);
    if (first === undefined) kept.set(article.canonical, article.files[0]!);
    else duplicates.set(article.files[0]!, first);
  }
  return duplicates;
}

/** Seeds in the order duplicates are decided: the richest copy of an article comes first. */
function richestFirst(seeds: readonly NormalizedSeed[]): NormalizedSeed[] {
  return [...seeds].sort((a, b) => richness(b.article) - richness(a.article) || compareFiles(a.article, b.article));
}
