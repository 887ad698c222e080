/**
 * The outputs plugin: the Nunjucks filters that print feeds, API files, sitemaps and `<head>`
 * metadata with the build's link rules, the collection of sitemap files, and the after-build step
 * that writes the search index.
 *
 * Link rules need Eleventy's path prefix, which is only known once plugins run, hence a plugin.
 */
import { renderApiFile, type ApiFile } from "./api.ts";
import type { Digest } from "./digest.ts";
import { renderAtom, renderJsonFeed, type FeedView } from "./feeds.ts";
import { siteLinks, type SiteLinks } from "./site-url.ts";
import { articleMeta, homeMeta, listMeta, pageMeta, storyMeta, type ListView, type MetaDigest } from "./metadata.ts";
import { searchRecord, startSearchIndex, type SearchJob } from "./search.ts";
import { writeSiteFile } from "./load.ts";
import { renderRobots, renderSitemap, sitemapEntries, splitSitemaps, type PageItem, type SitemapFile } from "./sitemap.ts";
import type { CardView } from "./cards.ts";
import type { ArticlePageView, StoryPageView } from "./pages.ts";
import type { BuildOptions } from "./types.ts";

/** Options of the plugin: the build's options (SITE_URL, quiet) and the digest of the last build. */
export interface OutputsPluginOptions {
  options: Pick<BuildOptions, "siteUrl" | "quiet">;
  digest: () => Digest | undefined;
  /** Filled in by the plugin: call it with each new digest to start its search index at once. */
  hooks: { digestBuilt?: (built: Digest) => void };
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
  for (const [name, fn] of Object.entries(filters)) eleventyConfig.addFilter(name, fn);
  let search: { digest: Digest; job: SearchJob } | undefined;
  eleventyConfig.on("eleventy.after", async ({ directories, results }: AfterBuild) => {
    const built = digest();
    if (built === undefined) return;
    // Indexing started as soon as the digest existed; it ran beside the rendering.
    if (search?.digest !== built) search = { digest: built, job: startSearchIndex(searchRecords(built)) };
    const files = writeDataFiles(directories.output, built, links, results);
    const indexed = await search.job.write(directories.output);
    search = undefined;
    if (!options.quiet) console.log(`[broadsheet] wrote ${files.toLocaleString("en-US")} feed, API and sitemap files; search index of ${indexed.toLocaleString("en-US")} articles`);
  });
  hooks.digestBuilt = (built) => {
    search = { digest: built, job: startSearchIndex(searchRecords(built)) };
  };
}

/** What Eleventy tells `eleventy.after` listeners. */
interface AfterBuild {
  directories: { output: string };
  results: { url: string | false }[];
}

function searchRecords(digest: Digest) {
  return digest.articles.map((page) => searchRecord(page, digest.site.timeZone));
}

/**
 * Writes the feeds, the JSON API and the sitemaps straight to the output folder, one file at a
 * time: they are data, not pages, so they skip Eleventy's per-page work. Returns the file count.
 */
function writeDataFiles(outputDir: string, digest: Digest, links: SiteLinks, results: AfterBuild["results"]): number {
  let count = 0;
  const write = (path: string, text: string) => {
    writeSiteFile(outputDir, path, text);
    count++;
  };
  for (const file of digest.outputs.api) write(file.path, renderApiFile(file, links));
  for (const feed of digest.outputs.feeds) {
    write(feed.atomPath, renderAtom(feed, links, digest.site.title));
    write(feed.jsonPath, renderJsonFeed(feed, links, digest.site.title));
  }
  // Sitemaps need absolute URLs, so there are none without SITE_URL.
  if (links.absolute) for (const file of splitSitemaps(sitemapEntries(pageItems(digest, results)))) write(file.path, renderSitemap(file, links));
  return count;
}

/** Every written page with the view it shows (for `lastmod`), from Eleventy's results. */
function pageItems(digest: Digest, results: AfterBuild["results"]): PageItem[] {
  const views = new Map<string, unknown>([["/", digest.home]]);
  const lists: unknown[][] = [digest.articles, digest.stories, digest.topicPages, digest.sourcePages, digest.archive.days, digest.archive.months, digest.archive.years];
  for (const list of lists) for (const view of list) views.set((view as { url: string }).url, view);
  return results.map(({ url }) => {
    const view = url === false ? undefined : views.get(url);
    return { url, data: view === undefined ? {} : { pagination: { items: [view] } } };
  });
}
