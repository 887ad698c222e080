/**
 * Site URL: turns the site-relative paths of the digest (`/articles/…/`) into the URLs that feeds,
 * the JSON API, the sitemap and `<head>` tags print: absolute from `SITE_URL`, else root-relative
 * under Eleventy's path prefix.
 */

/** How generated files spell links to the site's own pages. */
export interface SiteLinks {
  /** True when links are absolute (SITE_URL is set). */
  absolute: boolean;
  /** True when `to` gives a site path (`/…`) as it is: no SITE_URL and no path prefix. */
  asIs: boolean;
  /** The site's home as printed, e.g. `https://example.org/news/` or `/news/`. */
  home: string;
  /** A site-relative path (`/articles/x/`) as printed. */
  to: (path: string) => string;
}

/**
 * Builds the link rules of one build. `SITE_URL` is where the site's root is served; a path
 * prefix it does not already end with is added (`SITE_URL=https://example.org` with
 * `--pathprefix=/news/` → `https://example.org/news/…`).
 */
export function siteLinks(siteUrl: string, pathPrefix = "/"): SiteLinks {
  const prefix = encodePath(`/${pathPrefix.replace(/^\/+|\/+$/g, "")}`.replace(/\/$/, ""));
  let base = prefix;
  if (siteUrl !== "") {
    const url = new URL(siteUrl);
    const path = url.pathname.replace(/\/+$/, "");
    url.pathname = prefix !== "" && !path.endsWith(prefix) ? `${path}${prefix}` : path;
    base = url.href.replace(/\/+$/, "");
  }
  const to = (path: string): string => `${base}${path.startsWith("/") ? path : `/${path}`}`;
  return { absolute: siteUrl !== "", asIs: base === "", home: to("/"), to };
}

/**
 * A URL path with what a path cannot hold as it is (a space, a quote, a letter outside ASCII)
 * percent-encoded, and the escapes already in it kept: `/a b/` → `/a%20b/`, `/a%20b/` stays.
 */
function encodePath(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
}
