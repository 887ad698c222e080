/**
 * The filters plugin: the few Nunjucks filters the templates need, `href` (Eleventy's `url`,
 * memoized) among them.
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

/**
 * Registers filters on the Nunjucks environment itself. `addFilter` wraps every filter three times
 * (a benchmark that reads the clock twice, a check for promises, and a copy of `page` and
 * `eleventy` onto the filter's `this`), which cost more than the filters at hundreds of thousands
 * of calls a build; these filters never read `this`. Eleventy registers its own filters after the
 * amendments run, so a name of Eleventy's (`url`) would be replaced: hence `href`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function addNunjucksFilters(eleventyConfig: any, filters: Record<string, (...args: never[]) => unknown>): void {
  eleventyConfig.amendLibrary("njk", (environment: { addFilter: (name: string, fn: (...args: never[]) => unknown) => void }) => {
    for (const [name, fn] of Object.entries(filters)) environment.addFilter(name, fn);
  });
}

/** Eleventy plugin that registers the filters: `href` is Eleventy's `url` filter, memoized. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function filtersPlugin(eleventyConfig: any): void {
  addNunjucksFilters(eleventyConfig, { plural, jsonScript, href: memoizeUrlFilter(eleventyConfig.getFilter("url")) });
}
