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

/** One article as Pagefind indexes it: text, labels for results, filters and a sort key. */
export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/**
 * The search record of an article page: its title, excerpt, provider and topics are the text;
 * topic, source and year are filters; the date sorts. Built from the digest, so indexing never
 * has to read the written HTML back.
 */
export function searchRecord(page: { url: string; card: CardView }, zone: string): SearchRecord {
  const { card } = page;
  const facets = searchFacets(card, zone);
  return {
    url: page.url,
    content: [card.title, card.excerpt, card.provider.name, ...facets.topics].filter(Boolean).join("\n"),
    language: "en",
    meta: { title: card.title, source: facets.source, date: facets.dateLabel, ...(card.image ? { image: card.image.url } : {}) },
    filters: { topic: facets.topics, source: [facets.source], year: [facets.year] },
    sort: { date: facets.sortDate },
  };
}

/** A search index being built by Pagefind's own process while the site renders. */
export interface SearchJob {
  /** Writes the index to `<outputDir>/pagefind/` and stops Pagefind; returns the records indexed. */
  write(outputDir: string): Promise<number>;
}

/**
 * Starts indexing the records with Pagefind's Node API. Pagefind runs as a separate process, so
 * indexing overlaps with Eleventy's rendering; `write` waits for it and writes the index.
 */
export function startSearchIndex(records: readonly SearchRecord[]): SearchJob {
  const indexing = (async () => {
    const pagefind = await import("pagefind");
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const added = await Promise.all(records.map((record) => index.addCustomRecord(record)));
    const failed = added.findIndex((a) => a.errors.length > 0);
    if (failed >= 0) throw new Error(`Pagefind could not index ${records[failed]!.url}: ${added[failed]!.errors.join("; ")}`);
    return { pagefind, index };
  })();
  indexing.catch(() => undefined); // reported by write()
  return {
    async write(outputDir) {
      const { pagefind, index } = await indexing;
      try {
        const written = await index.writeFiles({ outputPath: join(outputDir, SEARCH_BUNDLE) });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index to ${outputDir}/${SEARCH_BUNDLE}: ${written.errors.join("; ")}`);
        return records.length;
      } finally {
        await pagefind.close();
      }
    },
  };
}

/** Indexes the records and writes the index in one go (see `startSearchIndex`). */
export function indexSite(outputDir: string, records: readonly SearchRecord[]): Promise<number> {
  return startSearchIndex(records).write(outputDir);
}
