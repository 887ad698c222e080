/**
 * Providers: publishers keyed by domain, named by the name their articles use most.
 */
import { compareText, mostCommon, newestFirst } from "./topics.ts";
import type { Article } from "./types.ts";

/** A provider and the ids of its seed articles (newest first). */
export interface ProviderGroup {
  domain: string;
  name: string;
  articleIds: string[];
}

/** Groups seed articles by provider domain; sorted by article count (desc), then domain. */
export function groupProviders(articles: readonly Article[]): ProviderGroup[] {
  const names = new Map<string, Map<string, number>>();
  const members = new Map<string, Article[]>();
  for (const article of articles) {
    const { domain, name } = article.provider;
    const list = members.get(domain);
    if (list) list.push(article);
    else members.set(domain, [article]);
    const counts = names.get(domain) ?? new Map<string, number>();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    names.set(domain, counts);
  }
  const groups = [...members.entries()].map(([domain, list]) => ({
    domain,
    name: mostCommon(names.get(domain)!),
    articleIds: [...list].sort(newestFirst).map((a) => a.id),
  }));
  return groups.sort((a, b) => b.articleIds.length - a.articleIds.length || compareText(a.domain, b.domain));
}
