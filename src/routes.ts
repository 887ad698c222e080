/**
 * Routes: the site-relative URL of every page kind. Every page is an `index.html` in its folder
 * (the 404 page aside); templates pass these URLs through Eleventy's `url` filter so a path
 * prefix (`--pathprefix=/news/`) is honoured.
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
