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
import { siteLinks } from "./site-url.ts";
import { articleMeta, homeMeta, listMeta, pageMeta, storyMeta, type ListView, type MetaDigest } from "./metadata.ts";
import { indexSite, searchRecord } from "./search.ts";
import { renderRobots, renderSitemap, sitemapEntries, splitSitemaps, type PageItem, type SitemapFile } from "./sitemap.ts";
import type { CardView } from "./cards.ts";
import type { ArticlePageView, StoryPageView } from "./pages.ts";
import type { BuildOptions } from "./types.ts";

/** Options of the plugin: the build's options (SITE_URL, quiet) and the digest of the last build. */
export interface OutputsPluginOptions {
  options: Pick<BuildOptions, "siteUrl" | "quiet">;
  digest: () => Digest | undefined;
}

/** Registers the outputs filters and the search indexing step. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function outputsPlugin(eleventyConfig: any, { options, digest }: OutputsPluginOptions): void {
  const links = siteLinks(options.siteUrl, eleventyConfig.pathPrefix ?? "/");
  const filters: Record<string, (...args: never[]) => unknown> = {
    atomFeed: (feed: FeedView, digest: Digest) => renderAtom(feed, links, digest.site.title),
    jsonFeed: (feed: FeedView, digest: Digest) => renderJsonFeed(feed, links, digest.site.title),
    apiJson: (file: ApiFile) => renderApiFile(file, links),
    sitemapXml: (file: SitemapFile) => renderSitemap(file, links),
    robotsTxt: (digest: Digest) => renderRobots(links, digest.site.preview, links.absolute),
    articleMeta: (view: ArticlePageView, digest: MetaDigest) => articleMeta(view, digest, links),
    storyMeta: (view: StoryPageView, digest: MetaDigest) => storyMeta(view, digest, links),
    listMeta: (view: ListView, digest: MetaDigest) => listMeta(view, digest, links),
    homeMeta: (digest: Digest) => homeMeta(digest, links),
    pageMeta: (path: string, digest: MetaDigest, title = "") => pageMeta(path, title, digest, links),
  };
  for (const [name, fn] of Object.entries(filters)) eleventyConfig.addFilter(name, fn);
  // Sitemaps list the pages Eleventy writes; they need absolute URLs, so none without SITE_URL.
  eleventyConfig.addCollection("sitemaps", (api: { getAll: () => PageItem[] }) => (links.absolute ? splitSitemaps(sitemapEntries(api.getAll())) : []));
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    const built = digest();
    if (built === undefined) return;
    const pages = await indexSite(directories.output, built.articles.map((page) => searchRecord(page, built.site.timeZone)));
    if (!options.quiet) console.log(`[broadsheet] search index written to ${directories.output}pagefind/ (${pages} articles)`);
  });
}
