/**
 * Sitemap: every page Eleventy writes, with `lastmod` from the newest article it shows, split
 * into files of at most 50,000 URLs behind a sitemap index when it grows past that; and robots.txt
 * pointing at it.
 *
 * Pages come from Eleventy's collection of pages, so new page kinds are listed without changes
 * here. Sitemaps need absolute URLs, so a build without SITE_URL writes none (and says so once).
 */
import type { SiteLinks } from "./site-url.ts";
import { cardsIn } from "./metadata.ts";

/** URLs per sitemap file (the protocol's limit). */
export const SITEMAP_LIMIT = 50_000;

/** One page of the site: its site-relative URL and the time of the newest article it shows. */
export interface SitemapEntry {
  path: string;
  /** Epoch milliseconds, or null for pages that show no article. */
  lastmod: number | null;
}

/** What the sitemap needs of one of Eleventy's pages. */
export interface PageItem {
  url: string | false;
  data: { pagination?: { items?: unknown[] } };
}

/** Pages that are not listed: not-found and search result pages. */
const UNLISTED = new Set(["/search/"]);

/**
 * The sitemap entries of Eleventy's pages (folders only: `/404.html`, feeds and API files are not
 * pages). A page made from a view model (pagination) is dated by the newest article in it; any
 * other page by the newest page under its URL (the home by every page, `/topics/` by the topics),
 * or not at all when it has none (about).
 */
export function sitemapEntries(items: readonly PageItem[]): SitemapEntry[] {
  const pages = items.filter((i): i is PageItem & { url: string } => typeof i.url === "string" && i.url.endsWith("/") && !UNLISTED.has(i.url));
  const own = new Map<string, number | null>();
  for (const item of pages) {
    const views = item.data.pagination?.items;
    own.set(item.url, views ? newest(cardsIn(views).map((c) => c.time)) : null);
  }
  const dated = [...own].filter(([, t]) => t !== null) as [string, number][];
  const entries = [...own].map(([path, time]) => ({
    path,
    lastmod: time ?? newest(dated.filter(([p]) => p.startsWith(path)).map(([, t]) => t)),
  }));
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One file to write: a `urlset` of entries, or (`index`) a `sitemapindex` of other files. */
export interface SitemapFile {
  path: string;
  kind: "urlset" | "index";
  entries: SitemapEntry[];
}

/** The newest of some times, or null for none. */
export function newest(times: readonly number[]): number | null {
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * Splits the entries into sitemap files: `/sitemap.xml` holds them all when they fit, else it is
 * an index of `/sitemaps/N.xml`, each dated by its newest entry.
 */
export function splitSitemaps(entries: readonly SitemapEntry[], limit = SITEMAP_LIMIT): SitemapFile[] {
  if (entries.length <= limit) return [{ path: "/sitemap.xml", kind: "urlset", entries: [...entries] }];
  const parts: SitemapFile[] = [];
  for (let i = 0; i < entries.length; i += limit) {
    parts.push({ path: `/sitemaps/${parts.length + 1}.xml`, kind: "urlset", entries: entries.slice(i, i + limit) });
  }
  const index = parts.map((p) => ({ path: p.path, lastmod: newest(p.entries.flatMap((e) => (e.lastmod === null ? [] : [e.lastmod]))) }));
  return [{ path: "/sitemap.xml", kind: "index", entries: index }, ...parts];
}

/** Escapes text for XML content. */
function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** `2023-03-29T21:35:00Z`: W3C Datetime in UTC, to the second. */
function w3cDate(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Prints a sitemap file (urlset or index) with absolute URLs. */
export function renderSitemap(file: SitemapFile, links: SiteLinks): string {
  const [outer, inner] = file.kind === "index" ? ["sitemapindex", "sitemap"] : ["urlset", "url"];
  const rows = file.entries.map((e) => {
    const lastmod = e.lastmod === null ? "" : `<lastmod>${w3cDate(e.lastmod)}</lastmod>`;
    return `  <${inner}><loc>${escapeXml(links.to(e.path))}</loc>${lastmod}</${inner}>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${outer} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("\n")}\n</${outer}>\n`;
}

/** robots.txt: everything allowed (nothing in a preview build), and the sitemap when there is one. */
export function renderRobots(links: SiteLinks, preview: boolean, hasSitemap: boolean): string {
  const lines = ["User-agent: *", preview ? "Disallow: /" : "Allow: /"];
  if (hasSitemap && links.absolute) lines.push("", `Sitemap: ${links.to("/sitemap.xml")}`);
  return `${lines.join("\n")}\n`;
}
