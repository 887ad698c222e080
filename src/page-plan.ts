/**
 * Page plan: which pages of a build must be rendered and which a cache can give back unchanged.
 *
 * A page's key is a hash of everything its templates read: its own view (pages are rendered from
 * one precomputed view each), the site facts every page shows (`digest.site`, the site's feeds),
 * the feeds that follow it, and a salt for the code and the build's options. Equal keys, equal
 * HTML: the whole-site test builds with and without the cache and compares every byte.
 */
import { createHash } from "node:crypto";
import type { Digest } from "./digest.ts";

/** A view that is one page (`url` is where it is written, as `<url>index.html`). */
interface PageView {
  url: string;
}

/** Every view that the paginated templates render as one page each. */
export function pageViews(digest: Digest): PageView[] {
  const { archive } = digest;
  return [...digest.articles, ...digest.stories, ...digest.topicPages, ...digest.sourcePages, ...archive.days, ...archive.months, ...archive.years];
}

/** Page URL → the key of its content, for every paginated page of the digest. */
export function pageKeys(digest: Digest, salt: string): Map<string, string> {
  const shared = JSON.stringify([salt, digest.site, digest.outputs.siteFeeds]);
  const keys = new Map<string, string>();
  for (const view of pageViews(digest)) {
    const feeds = digest.outputs.alternates[view.url] ?? null;
    keys.set(view.url, createHash("sha256").update(shared).update(JSON.stringify([view.url, feeds, view])).digest("hex"));
  }
  return keys;
}

/**
 * The digest the templates get when some pages need no rendering: the same digest with those
 * pages left out of the paginated lists. Everything else (indexes, the home page) is whole.
 */
export function narrowDigest(digest: Digest, render: (url: string) => boolean): Digest {
  const keep = <T extends PageView>(views: T[]) => views.filter((v) => render(v.url));
  const { archive } = digest;
  return {
    ...digest,
    articles: keep(digest.articles),
    stories: keep(digest.stories),
    topicPages: keep(digest.topicPages),
    sourcePages: keep(digest.sourcePages),
    archive: { ...archive, days: keep(archive.days), months: keep(archive.months), years: keep(archive.years) },
  };
}

/** Where a paginated page's file is: every paginated template's permalink is `<url>index.html`. */
export function pageFile(url: string): string {
  return `${url}index.html`;
}
