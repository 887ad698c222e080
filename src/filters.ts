/**
 * The filters plugin: the few Nunjucks filters the templates need beyond Eleventy's own `url`.
 */

/** Turns a value into JSON that is safe inside `<script type="application/ld+json">` (no `</`). */
export function jsonScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** `1 article`, `2 articles`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

/** A filter function as Eleventy calls it (`this` is the template context). */
type Filter = (this: unknown, value: string, ...rest: unknown[]) => string;

/**
 * Wraps Eleventy's `url` filter with a cache: it parses every value with `new URL`, and a large
 * site calls it hundreds of thousands of times with a few thousand distinct paths. The path
 * prefix is fixed for one build, so a value always maps to the same result.
 */
export function memoizeUrlFilter(url: Filter): Filter {
  const cache = new Map<string, string>();
  return function (this: unknown, value: string, ...rest: unknown[]) {
    if (rest.length > 0 || typeof value !== "string") return url.call(this, value, ...rest);
    let result = cache.get(value);
    if (result === undefined) {
      result = url.call(this, value);
      cache.set(value, result);
    }
    return result;
  };
}

/** Eleventy plugin that registers the filters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function filtersPlugin(eleventyConfig: any): void {
  eleventyConfig.addFilter("plural", plural);
  eleventyConfig.addFilter("jsonScript", jsonScript);
  eleventyConfig.addFilter("url", memoizeUrlFilter(eleventyConfig.getFilter("url")));
}
