/**
 * Routes: the site-relative URL of every page kind. Every page is an `index.html` in its folder
 * (the 404 page aside); templates pass these URLs through the `href` filter so a path prefix
 * (`--pathprefix=/news/`) is honoured.
 */

/** A link with a label. */
export interface LinkView {
  label: string;
  url: string;
}

/** Site-relative URLs of every page kind. */
export const pageUrl = {
  home: () => "/",
  article: (id: string) => `/articles/${id}/`,
  story: (id: string) => `/stories/${id}/`,
  topic: (slug: string) => `/topics/${slug}/`,
  topics: () => "/topics/",
  source: (domain: string) => `/sources/${domain}/`,
  sources: () => "/sources/",
  about: () => "/about/",
  archive: () => "/archive/",
  /** `2024-03-04` → `/2024/03/04/`. */
  day: (dayKey: string) => `/${dayKey.replaceAll("-", "/")}/`,
  /** `2024-03` → `/2024/03/`. */
  month: (monthKey: string) => `/${monthKey.replace("-", "/")}/`,
  year: (year: string) => `/${year}/`,
  /** Numbered page `n` of a paginated list whose front page is `base`: `/topics/ai/page/3/`. */
  numbered: (base: string, n: number) => `${base}page/${n}/`,
};

/** Where a paginated page's file is: `<url>index.html`. */
export function pageFile(url: string): string {
  return `${url}index.html`;
}

/**
 * The permalink of every paginated template, as Eleventy calls a permalink function: the page's
 * file from the URL of its pagination's one item (a view made in src/, which carries its URL).
 * As a string in front matter (`"{{ entry.url }}index.html"`), Eleventy compiled the permalink
 * with Nunjucks anew for every page: 1 s of a 10,000-seed build.
 */
export function paginatedPermalink(data: { pagination: { items: readonly { url: string }[] } }): string {
  const item = data.pagination.items[0];
  if (item === undefined || data.pagination.items.length !== 1) throw new Error("paginatedPermalink is for templates paginated one item a page (pagination size 1)");
  return pageFile(item.url);
}
