/**
 * Search: the facts article pages give Pagefind (filters by topic, source and year; a date to sort
 * by), and the Pagefind index written into the built site after Eleventy is done.
 *
 * Only article pages are indexed: they carry `data-pagefind-body` (see macros/search.njk).
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { dayKey, isoUtc } from "./dates.ts";
import { moduleUrl } from "./modules.ts";
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

/** A search index being built by Pagefind while the site renders. */
export interface SearchJob {
  /** Writes the index to `<outputDir>/pagefind/` and stops Pagefind; returns the records indexed. */
  write(outputDir: string): Promise<number>;
}

// Pagefind's Node API talks to its binary through pipes. Eleventy renders in long runs of
// promises that never let the main thread's I/O happen, so the API runs on a worker thread of
// its own and the index is built beside the rendering. With a search store (search-store.ts,
// loaded while Pagefind indexes), the last index's files are linked in before Pagefind writes,
// and the index is written again into an empty folder if the store says so.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const pagefind = await import(workerData.module);
  const { store: kept } = workerData;
  // The store's module is TypeScript, and this thread runs no TypeScript loader: esbuild bundles
  // it (it needs nothing but Node's own modules) into one plain module, imported as a data: URL.
  const storeModule = kept ? import(kept.esbuild).then(({ buildSync }) => {
    const code = buildSync({ entryPoints: [kept.path], bundle: true, platform: "node", format: "esm", packages: "external", write: false, logLevel: "silent" }).outputFiles[0].text;
    return import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));
  }) : null;
  storeModule?.catch(() => undefined); // awaited below
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
    if (!index) throw new Error("Pagefind could not start: " + errors.join("; "));
    // Bounded batches: a single Promise.all over every record holds all their messages at once.
    for (let start = 0; start < workerData.records.length; start += 500) {
      const batch = workerData.records.slice(start, start + 500);
      const added = await Promise.all(batch.map((record) => index.addCustomRecord(record)));
      const failed = added.findIndex((a) => a.errors.length > 0);
      if (failed >= 0) throw new Error("Pagefind could not index " + batch[failed].url + ": " + added[failed].errors.join("; "));
    }
    const write = async () => {
      const written = await index.writeFiles({ outputPath: workerData.outputPath });
      if (written.errors.length > 0) throw new Error("Pagefind could not write its index to " + workerData.outputPath + ": " + written.errors.join("; "));
    };
    const store = storeModule && (await storeModule).openSearchStore(kept.dir, kept.salt);
    store?.place(workerData.records, workerData.outputPath);
    await write();
    if (store && !store.keep()) {
      await write();
      store.keep();
    }
    parentPort.postMessage({ count: workerData.records.length });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  } finally {
    await pagefind.close();
  }
})();
`;

/** Where the search store (search-store.ts) keeps the last index's files, and the code that made them. */
export interface SearchStoreOptions {
  dir: string;
  salt: string;
}

/**
 * Starts indexing the records with Pagefind on a worker thread; `write` tells it where the index
 * goes and waits for it. Call `write` at once to let the whole job run beside other work. The
 * index is always written into a new folder (see `write`), as the store needs.
 */
export function startSearchIndex(records: readonly SearchRecord[], store?: SearchStoreOptions): SearchJob {
  return {
    write(outputDir) {
      const target = join(outputDir, SEARCH_BUNDLE);
      // Pagefind trusts the names of the files already in its folder and leaves the ones it no
      // longer lists: over an index already there (\`npm start\`'s output folder), the new index
      // is written beside it, then takes its place.
      const outputPath = existsSync(target) ? join(outputDir, `.${SEARCH_BUNDLE}-${process.pid}-${++indexesWritten}`) : target;
      // Loading the store's TypeScript through tsx's \`tsImport\` on the thread made three of five
      // 50,000-seed builds peak at 2.8 GiB of resident memory instead of 1.6 GiB; bundled, none did.
      const kept = store && { ...store, path: fileURLToPath(new URL("./search-store.ts", import.meta.url)), esbuild: moduleUrl("esbuild", "esbuild/lib/main.js") };
      return new Promise<number>((done, fail) => {
        const worker = new Worker(WORKER, { eval: true, workerData: { module: moduleUrl("pagefind", "pagefind/lib/index.js"), records, outputPath, store: kept } });
        const failed = (error: Error) => {
          if (outputPath !== target) rmSync(outputPath, { recursive: true, force: true });
          fail(error);
        };
        worker.once("message", (message: { count?: number; error?: string }) => {
          void worker.terminate();
          if (message.error !== undefined) return failed(new Error(message.error));
          if (outputPath !== target) replaceFolder(target, outputPath);
          done(message.count ?? 0);
        });
        worker.once("error", failed);
      });
    },
  };
}

/** Indexes this process wrote beside an earlier one, to name their folders. */
let indexesWritten = 0;

/** Puts the folder `next` in the place of `target` (renames, one moment apart), and removes the old one. */
function replaceFolder(target: string, next: string): void {
  const old = `${next}-old`;
  renameSync(target, old);
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}
