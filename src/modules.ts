/**
 * Modules: where a package's ES module is, as a file URL for a worker thread or a dynamic import;
 * and Eleventy's own modules that it does not export.
 */

/**
 * The file URL of `specifier`: `import.meta.resolve` where the host has it (Node), else the
 * module's path under the project's `node_modules` (vitest's module runner has no
 * `import.meta.resolve`). `path` is the ES module that `specifier` names, e.g.
 * `pagefind/lib/index.js` for `pagefind`.
 */
export function moduleUrl(specifier: string, path: string): string {
  const resolveModule = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  return resolveModule ? resolveModule(specifier) : new URL(`../node_modules/${path}`, import.meta.url).href;
}

/**
 * One of Eleventy's own modules that it does not export, by its path under Eleventy's `src/`
 * (e.g. `Util/FileSystemManager.js`), or null in an Eleventy without it: what reaches into
 * Eleventy's internals (page-bytes.ts, outputs-plugin.ts) then does without.
 */
export async function eleventyInternal(path: string): Promise<Record<string, unknown> | null> {
  const eleventy = moduleUrl("@11ty/eleventy", "@11ty/eleventy/src/Eleventy.js");
  return ((await import(new URL(`./${path}`, eleventy).href).catch(() => null)) as Record<string, unknown> | null);
}
