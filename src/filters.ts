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

/** Eleventy plugin that registers the filters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function filtersPlugin(eleventyConfig: any): void {
  eleventyConfig.addFilter("plural", plural);
  eleventyConfig.addFilter("jsonScript", jsonScript);
}
