/**
 * Search: the facts article pages give Pagefind (filters by topic, source and year; a date to sort
 * by), and the Pagefind index written into the built site after Eleventy is done.
 *
 * Only article pages are indexed: they carry `data-pagefind-body` (see macros/search.njk).
 */
import { join } from "node:path";
import { dayKey, isoUtc } from "./dates.ts";
import type { CardView } from "./cards.ts";

/** What an article page tells the search index beyond its text. */
export interface SearchFacets {
  topics: string[];
  source: string;
  /** Year in the display time zone, e.g. `2023`. */
  year: string;
  /** ISO date-time in UTC: sorts as text. */
  sortDate: string;
  dateLabel: string;
}

/** The filters, sort key and labels of an article for the search index. */
export function searchFacets(card: CardView, zone: string): SearchFacets {
  return {
    topics: card.topics.map((t) => t.label),
    source: card.provider.name,
    year: dayKey(card.time, zone).slice(0, 4),
    sortDate: isoUtc(card.time),
    dateLabel: card.dateLabel,
  };
}

/** Where the index goes inside the site. */
export const SEARCH_BUNDLE = "pagefind";

/**
 * Indexes the HTML of a built site with Pagefind's Node API and writes the index and its
 * scripts to `<outputDir>/pagefind/`. Returns the number of pages indexed.
 */
export async function indexSite(outputDir: string): Promise<number> {
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: outputDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${outputDir}: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: join(outputDir, SEARCH_BUNDLE) });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index to ${outputDir}/${SEARCH_BUNDLE}: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
