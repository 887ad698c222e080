/**
 * Page sources: a page whose view is one pure function of its arguments. The page cache keys the
 * page by those arguments (page-plan.ts), so an unchanged page is known without its view being
 * made, and a view is made only for a page that is rendered.
 */

/** A page as the function that makes its view and that function's arguments. */
export interface PageSource<V extends { url: string } = { url: string }> {
  url: string;
  /** The function's name and its arguments: everything the view is made of. */
  inputs: readonly unknown[];
  /** Makes the view (once). */
  view: () => V;
}

/** The page at `url` whose view is `build(...args)`. */
export function pageSource<A extends unknown[], V extends { url: string }>(url: string, build: (...args: A) => V, ...args: A): PageSource<V> {
  let made: V | undefined;
  return { url, inputs: [build.name, ...args], view: () => (made ??= build(...args)) };
}
