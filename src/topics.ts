/**
 * Topics: one topic per case-, space- and Unicode-insensitive key, named by its most common spelling,
 * each with a unique URL-safe slug.
 */
import { assignSlugs, topicKey } from "./slug.ts";
import type { Article } from "./types.ts";

/** A topic and the ids of its articles (newest first). */
export interface TopicGroup {
  key: string;
  name: string;
  slug: string;
  articleIds: string[];
}

/** Groups seed articles by topic; topics sorted by article count (desc), then name. */
export function groupTopics(articles: readonly Article[]): TopicGroup[] {
  const spellings = new Map<string, Map<string, number>>();
  const members = new Map<string, Article[]>();
  for (const article of articles) {
    for (const key of new Set(article.topics.map(topicKey))) {
      if (key === "") continue;
      const list = members.get(key);
      if (list) list.push(article);
      else members.set(key, [article]);
    }
    for (const name of article.topics) {
      const counts = spellings.get(topicKey(name)) ?? new Map<string, number>();
      counts.set(name, (counts.get(name) ?? 0) + 1);
      spellings.set(topicKey(name), counts);
    }
  }
  const slugs = assignSlugs([...members.keys()]);
  const groups = [...members.entries()].map(([key, list]) => ({
    key,
    name: mostCommon(spellings.get(key)!),
    slug: slugs.get(key)!,
    articleIds: [...list].sort(newestFirst).map((a) => a.id),
  }));
  return groups.sort((a, b) => b.articleIds.length - a.articleIds.length || compareText(a.name, b.name) || compareText(a.key, b.key));
}

/** The spelling used most often; ties go to the first in code-point order. */
export function mostCommon(counts: ReadonlyMap<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [name, count] of [...counts.entries()].sort(([a], [b]) => compareText(a, b))) {
    if (count > bestCount) [best, bestCount] = [name, count];
  }
  return best;
}

/** Newest first; ties broken by id so the order never depends on input order. */
export function newestFirst(a: Article, b: Article): number {
  return b.time - a.time || compareText(a.id, b.id);
}

/** Code-point order (locale-independent, so builds are the same on every machine). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
