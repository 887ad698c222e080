/**
 * The outputs plugin: the Nunjucks filters that print feeds, API files, sitemaps and `<head>`
 * metadata with the build's link rules, the collection of sitemap files, and the after-build step
 * that writes the search index.
 *
 * Link rules need Eleventy's path prefix, which is only known once plugins run, hence a plugin.
 */
import { join } from "node:path";
import { renderApiFile } from "./api.ts";
import { addNunjucksFilters } from "./filters.ts";
import { partsOf, type Digest, type SearchablePage } from "./digest.ts";
import { renderAtom, renderJsonFeed, type FeedView } from "./feeds.ts";
import { siteLinks, type SiteLinks } from "./site-url.ts";
import { articleMeta, homeMeta, listMeta, pageMeta, storyMeta, type ListView, type MetaDigest } from "./metadata.ts";
import { pageEntries, type DataSource } from "./page-plan.ts";
import { searchEntry, startSearchIndex, type SearchJob } from "./search.ts";
import { createSiteWriter, writeFileAtomically } from "./load.ts";
import { PlacementError, startFilePlacer, type FilePlacer } from "./file-placer.ts";
import { pageBytes, pagesAsBytes, releaseOnWrite, writePagesOn } from "./page-bytes.ts";
import { codeVersion } from "./build-cache.ts";
import { releaseGarbage } from "./memory.ts";
import { eleventyInternal } from "./modules.ts";
import type { StageClock } from "./timings.ts";
import { renderRobots, renderSitemap, sitemapEntries, splitSitemaps, type PageItem, type SitemapFile } from "./sitemap.ts";
import type { CardView } from "./cards.ts";
import type { ArticlePageView, StoryPageView } from "./pages.ts";
import type { BuildOptions } from "./types.ts";
import type { DataCache, PageCacheHooks } from "./cache-plugin.ts";

/** Options of the plugin: the build's options (SITE_URL, quiet) and the digest of the last build. */
export interface OutputsPluginOptions {
  options: Pick<BuildOptions, "siteUrl" | "quiet" | "timingsPath" | "timeZone" | "cacheDir" | "searchShardSize" | "dryRun">;
  digest: () => Digest | undefined;
  /**
   * Filled in by the plugins: `searchable` starts each build's search index as soon as its pages
   * can be made (before the clustering; under --serve they are made in the background work);
   * `digestBuilt` hands over the build's clock; the page cache's `restore` (when there is one)
   * keeps the rendered pages and tells the ones put in place from it, and its `dataCache` does the
   * same for the data files.
   */
  hooks: { searchable?: (pages: () => SearchablePage[]) => void; digestBuilt?: (built: Digest, clock: StageClock) => void } & Pick<PageCacheHooks, "restore" | "dataCache" | "placed">;
}

/** Registers the outputs filters and the search indexing step. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function outputsPlugin(eleventyConfig: any, { options, digest, hooks }: OutputsPluginOptions): void {
  const links = siteLinks(options.siteUrl, eleventyConfig.pathPrefix ?? "/");
  const filters: Record<string, (...args: never[]) => unknown> = {
    robotsTxt: (digest: Digest) => renderRobots(links, digest.site.preview, links.absolute),
    articleMeta: (view: ArticlePageView, digest: MetaDigest) => articleMeta(view, digest, links),
    storyMeta: (view: StoryPageView, digest: MetaDigest) => storyMeta(view, digest, links),
    listMeta: (view: ListView, digest: MetaDigest) => listMeta(view, digest, links),
    homeMeta: (digest: Digest) => homeMeta(digest, links),
    pageMeta: (path: string, digest: MetaDigest, title = "") => pageMeta(path, title, digest, links),
  };
  addNunjucksFilters(eleventyConfig, filters);
  let built = false;
  eleventyConfig.on("eleventy.after", () => void (built = true));
  // Pages go to Eleventy as bytes, released once written (page-bytes.ts); a build has them
  // written on a thread of their own while it renders the next ones (file-placer.ts).
  eleventyConfig.on("eleventy.before", releaseOnWrite);
  let pageWriter: FilePlacer | undefined;
  if (process.env.ELEVENTY_RUN_MODE === "build" && !options.dryRun) {
    eleventyConfig.on("eleventy.before", () => {
      // A writer left by a build that failed before its pages were written is let go: its
      // failures (pages for a folder since removed) are not this build's.
      pageWriter?.done().catch(() => undefined);
      pageWriter = startFilePlacer();
      writePagesOn(pageWriter);
    });
  }
  /** Resolves once the pages Eleventy wrote are on disk; rejects with the first that could not be written. */
  const pagesWritten = async () => {
    const writing = pageWriter;
    pageWriter = undefined;
    writePagesOn(undefined);
    await writing?.done().catch((error: unknown) => {
      const page = error instanceof PlacementError && error.source !== "" ? `the page ${error.source}` : "a page";
      throw new Error(`${page} could not be written: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  eleventyConfig.addTransform("utf8", pageBytes(() => pagesAsBytes(process.env.ELEVENTY_RUN_MODE, built, options.dryRun)));
  eleventyConfig.on("eleventy.before", clearLayoutCache);
  // The search index is built by Pagefind's own process, started as soon as its pages are known
  // (before the clustering), so it runs beside the rest of the build instead of after it.
  let search: { pages: SearchablePage[]; written: Promise<number>; output: string } | undefined;
  // The shards of the last builds' indexes are kept in the build cache (search-store.ts).
  const index = { shardSize: options.searchShardSize, salt: codeVersion(), ...(options.cacheDir === null ? {} : { store: join(options.cacheDir, "search") }) };
  // A build's Pagefind thread starts with the build, and loads while the seeds are read.
  let prepared: SearchJob | undefined;
  const startSearch = (pages: SearchablePage[], output: string, zone: string) => {
    const job = prepared ?? startSearchIndex(index);
    prepared = undefined;
    const written = job.write(pages.map((page) => searchEntry(page, zone)), output);
    written.catch(() => undefined); // awaited, and reported, after the build
    search = { pages, written, output };
  };
  // Under --serve the browser reloads when the pages are written; feeds, the JSON API and the
  // search index follow in the background, one rebuild after the other. A rebuild's background
  // work waits until Eleventy has told the browser to reload, and a little more: the dev server
  // answers the browser from this thread, and Pagefind's process would share the CPU with the
  // browser (measured at 10,000 seeds: an edit showed after 3.7–3.8 s when the work began at
  // once, 3.0–3.1 s when it waited).
  const serving = process.env.ELEVENTY_RUN_MODE === "serve";
  let background: Promise<void> = Promise.resolve();
  let builds = 0;
  let reloaded: (() => void) | undefined;
  eleventyConfig.on("eleventy.afterwatch", () => reloaded?.());
  const afterReload = () =>
    new Promise<void>((done) => {
      // `eleventy.afterwatch` is emitted by Eleventy 3 after a watch rebuild's reload but is not
      // in its documented events: should it not come (another version, a build that was not a
      // watch rebuild), the work goes ahead anyway.
      const fallback = setTimeout(done, RELOAD_WAIT_MS);
      reloaded = () => {
        clearTimeout(fallback);
        reloaded = undefined;
        setTimeout(done, BROWSER_TIME_MS);
      };
    });
  eleventyConfig.on("eleventy.before", () => {
    if (!serving && !options.dryRun) prepared ??= startSearchIndex(index);
  });
  let clocked: { digest: Digest; clock: StageClock } | undefined;
  // A build counts its pages as they render, for its progress on a terminal (timings.ts).
  if (process.env.ELEVENTY_RUN_MODE === "build") {
    eleventyConfig.addTransform("progress", (content: unknown) => {
      clocked?.clock.tick("render", "page");
      return content;
    });
  }
  hooks.searchable = (pages) => {
    if (!serving && !options.dryRun) startSearch(pages(), eleventyConfig.directories.output, options.timeZone);
  };
  hooks.digestBuilt = (built, clock) => {
    clocked = { digest: built, clock };
  };
  eleventyConfig.on("eleventy.after", async ({ directories, results }: AfterBuild) => {
    await pagesWritten();
    const built = digest();
    if (built === undefined) return;
    const clock = clocked?.digest === built ? clocked.clock : undefined;
    clocked = undefined;
    clock?.mark("render", results.length);
    releaseGarbage();
    const reused = hooks.restore?.() ?? [];
    clock?.mark("reuse", reused.length);
    // A dry run writes no pages, so no feeds, API files, sitemaps or search index either.
    if (options.dryRun) return;
    const pages = [...results.map(({ url }) => ({ url })), ...reused.map((url) => ({ url }))];
    const finish = async () => {
      const searchable = partsOf(built).searchable();
      if (search?.pages !== searchable || search.output !== directories.output) startSearch(searchable, directories.output, built.site.timeZone);
      const { written } = search!;
      const files = await writeDataFiles(directories.output, built, links, pages, hooks.dataCache?.(built, directories.output));
      await hooks.placed?.();
      clock?.mark("write", files);
      const indexed = await written;
      clock?.mark("search index", indexed);
      search = undefined;
      if (clock && options.timingsPath) writeFileAtomically(options.timingsPath, JSON.stringify(clock.stages));
      if (!options.quiet) console.log(`[broadsheet] wrote ${files.toLocaleString("en-US")} feed, API and sitemap files; search index of ${indexed.toLocaleString("en-US")} articles`);
    };
    if (!serving) return finish();
    const ready = builds++ === 0 ? Promise.resolve() : afterReload();
    background = background.then(() => ready).then(finish).catch((error: unknown) => console.error(`[broadsheet] feeds, API or search index not written: ${error instanceof Error ? error.message : String(error)}`));
  });
}

/** How long a rebuild's background work waits at most for Eleventy to have reloaded the browser. */
const RELOAD_WAIT_MS = 2000;

/** How long the browser is given to load the page again before the background work begins. */
const BROWSER_TIME_MS = 500;

/** Data files placed or written between two turns of the event loop (the dev server answers between them). */
const DATA_FILES_PER_TURN = 256;

/**
 * Forgets the layouts of earlier builds in this process. Eleventy 3 keeps compiled layouts in one
 * cache per process, keyed by path, and bound to the filters (`url`, the link rules) of the build
 * that compiled them, so a second build in the same process (tests, scripts) would render its
 * pages with the first build's path prefix and SITE_URL. Eleventy exports no way to clear it.
 */
async function clearLayoutCache(): Promise<void> {
  // An Eleventy without that module has no such cache to clear (one build per process is safe
  // either way; the whole-site tests build several and would show the problem).
  const module = await eleventyInternal("LayoutCache.js");
  (module as { default?: { clear?: () => void } } | null)?.default?.clear?.();
}

/** What Eleventy tells `eleventy.after` listeners. */
interface AfterBuild {
  directories: { output: string };
  results: { url: string | false }[];
}

/**
 * Writes the JSON API, the feeds and the sitemaps straight to the output folder: they are data,
 * not pages, so they skip Eleventy's per-page work. API files and feeds the build cache holds are
 * put in place from it; the others are made as they are written (never all at once). Returns the
 * file count.
 */
async function writeDataFiles(outputDir: string, digest: Digest, links: SiteLinks, results: AfterBuild["results"], cache: DataCache | undefined): Promise<number> {
  const write = createSiteWriter(outputDir);
  const sources = dataSources(digest, links);
  const written: DataSource[] = [];
  for (let start = 0; start < sources.length; start += DATA_FILES_PER_TURN) {
    const some = sources.slice(start, start + DATA_FILES_PER_TURN);
    const left = cache ? cache.place(some) : some;
    for (const source of left) await write(source.path, source.text());
    written.push(...left);
    await new Promise((done) => setImmediate(done));
  }
  cache?.keep(written);
  let count = sources.length;
  // Sitemaps need absolute URLs, so there are none without SITE_URL.
  if (links.absolute) {
    for (const file of splitSitemaps(sitemapEntries(pageItems(digest, results)))) {
      await write(file.path, renderSitemap(file, links));
      count++;
    }
  }
  return count;
}

/** The JSON API files and feeds of a digest as what each is made of (see `DataSource`). */
export function dataSources(digest: Digest, links: SiteLinks): DataSource[] {
  const title = digest.site.title;
  const sources: DataSource[] = [];
  for (const api of partsOf(digest).apiSources()) sources.push({ path: api.path, inputs: api.inputs, text: () => renderApiFile({ path: api.path, data: api.data() }, links) });
  for (const feed of digest.outputs.feeds) {
    sources.push({ path: feed.atomPath, inputs: ["atom", title, feed], text: () => renderAtom(feed, links, title) });
    sources.push({ path: feed.jsonPath, inputs: ["json feed", title, feed], text: () => renderJsonFeed(feed, links, title) });
  }
  return sources;
}

/**
 * Every written page with what it shows (for `lastmod`: its cards), from Eleventy's results. An
 * article or story page is given as what its view is made of, which holds the same cards.
 */
function pageItems(digest: Digest, results: AfterBuild["results"]): PageItem[] {
  const views = new Map<string, unknown>([["/", digest.home]]);
  for (const { url, inputs } of pageEntries(digest)) views.set(url, inputs);
  return results.map(({ url }) => {
    const view = url === false ? undefined : views.get(url);
    return { url, data: view === undefined ? {} : { pagination: { items: [view] } } };
  });
}
