/**
 * Modules: where a package's ES module is, as a file URL for a worker thread or a dynamic import.
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
