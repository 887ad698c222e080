/**
 * The filters plugin: the few Nunjucks filters the templates need, `href` (site paths under the
 * path prefix) among them.
 */
import { siteLinks } from "./site-url.ts";

/** Turns a value into JSON that is safe inside `<script type="application/ld+json">` (no `</`). */
export function jsonScript(value: unknown): string {
  const json = JSON.stringify(value);
  // Most pages' JSON has none of the three: one scan instead of three.
  return /[<>&]/.test(json) ? json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026") : json;
}

/** `1 article`, `2 articles`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

/**
 * `href`: a site path (`/articles/x/`) as pages link to it, under the path prefix (`/news/articles/x/`),
 * by the same rule as feeds and the API (`siteLinks`). Anything else (an absolute URL) is left as
 * it is. Eleventy's `url` filter does the same but first tries each value with `new URL`, which
 * throws for every site path: at a few hundred thousand calls a build, the exceptions alone cost
 * 0.4 s at 10,000 seeds.
 */
export function siteHref(pathPrefix = "/"): (value: string) => string {
  const { to } = siteLinks("", pathPrefix);
  return (value) => (typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? to(value) : value);
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

/** A Nunjucks frame (variables of one scope), as far as `set` uses it. */
interface Frame {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): Frame | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

/**
 * Nunjucks' `Frame.set`, without splitting the name on every call. Compiled templates set a
 * variable for every macro argument and eight for every turn of a `for` loop (`loop.index`…), and
 * the original splits each name on "." each time: 13 % of Nunjucks' own time on our pages, in
 * alternating runs. Names are the template's own, so the parts of a few dozen are kept. Same
 * behaviour otherwise, line for line.
 */
export function fastFrameSet(): Frame["set"] {
  const split = new Map<string, string[]>();
  return function set(this: Frame, name, value, resolveUp) {
    let parts = split.get(name);
    if (parts === undefined) split.set(name, (parts = name.split(".")));
    if (resolveUp) {
      const frame = this.resolve(parts[0]!, true);
      if (frame) return frame.set(name, value);
    }
    let scope = this.variables;
    for (let i = 0; i < parts.length - 1; i++) scope = (scope[parts[i]!] ||= {}) as Record<string, unknown>;
    scope[parts[parts.length - 1]!] = value;
  };
}

/**
 * Nunjucks' HTML escape (every value a page prints goes through it), returning a value with
 * nothing to escape as it is: the original replaces by a function call per match, after scanning
 * the whole string, and most values (numbers, dates, slugs, most titles) have no `& " ' < > \`.
 * Values that do are escaped by the original itself, so the output is the same by construction
 * (`tests/filters.test.ts` compares the two on random strings).
 */
export function fastEscape(original: (value: string) => string): (value: string) => string {
  const special = /[&"'<>\\]/;
  return (value) => (special.test(value) ? original(value) : value);
}

/** Eleventy plugin that registers the filters (the path prefix is known once plugins run). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function filtersPlugin(eleventyConfig: any): void {
  addNunjucksFilters(eleventyConfig, { plural, jsonScript, href: siteHref(eleventyConfig.pathPrefix ?? "/") });
  // Eleventy hands over the Nunjucks it renders with; its Frame is patched once per process.
  // Its escape too: the runtime calls it through the module's exports.
  type Escape = ((value: string) => string) & { fast?: true };
  eleventyConfig.on("eleventy.engine.njk", ({ nunjucks }: { nunjucks: { runtime: { Frame: { prototype: Frame & { fastSet?: true } } }; lib: { escape: Escape } } }) => {
    const frame = nunjucks.runtime.Frame.prototype;
    if (!frame.fastSet) {
      frame.set = fastFrameSet();
      frame.fastSet = true;
    }
    if (!nunjucks.lib.escape.fast) nunjucks.lib.escape = Object.assign(fastEscape(nunjucks.lib.escape), { fast: true as const });
  });
}
