/**
 * Paginate: lists split into pages whose numbers never shift as news arrives.
 *
 * Page 1 holds the oldest items, page 2 the next oldest, and so on; only the last page grows.
 * A page once full keeps its items forever, so a link to `/topics/ai/page/3/` stays true. The
 * list's front page (its own URL) shows the newest items, which may overlap the last page or two.
 */
import { pageUrl, type LinkView } from "./routes.ts";

/** Cards on one page of a topic, source or day. */
export const PAGE_SIZE = 20;

/** One entry of the page-number bar; `url` is null for an ellipsis. */
export interface PagerLink {
  label: string;
  url: string | null;
  current: boolean;
}

/** Navigation between the pages of one list. */
export interface Pager {
  /** Link to newer items, if any. */
  newer: LinkView | null;
  /** Link to older items, if any. */
  older: LinkView | null;
  /** Newest first: the front page, then page numbers from the highest down, with ellipses. */
  links: PagerLink[];
  /** `Page 3 of 7`, or `Newest` on the front page. */
  label: string;
}

/** One page of a list: its URL, its items (newest first) and how to reach the others. */
export interface PageSlice<T> {
  url: string;
  /** Null on the front page. */
  number: number | null;
  items: T[];
  /** Null when the list fits on one page. */
  pager: Pager | null;
}

/**
 * Splits a newest-first list into its front page and, when it needs more than one page, stable
 * numbered pages. Every page shows its items newest first.
 */
export function paginate<T>(newestFirst: readonly T[], base: string, size = PAGE_SIZE): PageSlice<T>[] {
  const front = newestFirst.slice(0, size);
  if (newestFirst.length <= size) return [{ url: base, number: null, items: [...front], pager: null }];
  const oldestFirst = [...newestFirst].reverse();
  const total = Math.ceil(oldestFirst.length / size);
  const numbered = Array.from({ length: total }, (_, i) => ({
    url: pageUrl.numbered(base, i + 1),
    number: i + 1,
    items: oldestFirst.slice(i * size, (i + 1) * size).reverse(),
    pager: buildPager(base, i + 1, total),
  }));
  return [{ url: base, number: null, items: [...front], pager: buildPager(base, null, total) }, ...numbered];
}

// The front page shows the whole last page (and perhaps part of the one before), so "Older"
// from the front leads to the page before the last.
function buildPager(base: string, current: number | null, total: number): Pager {
  const link = (n: number | null): LinkView => ({ label: n === null ? "Newest" : `Page ${n}`, url: n === null ? base : pageUrl.numbered(base, n) });
  const olderNumber = current === null ? total - 1 : current - 1;
  const newerNumber = current === null ? undefined : current === total ? null : current + 1;
  return {
    newer: newerNumber === undefined ? null : { ...link(newerNumber), label: "Newer" },
    older: olderNumber >= 1 ? { ...link(olderNumber), label: "Older" } : null,
    links: pagerLinks(base, current, total),
    label: current === null ? "Newest" : `Page ${current} of ${total}`,
  };
}

/** Newest first: Newest, the highest page, pages near the current one, page 1; gaps as "…". */
export function pagerLinks(base: string, current: number | null, total: number): PagerLink[] {
  const near = current ?? total;
  const shown = [...new Set([total, near + 1, near, near - 1, 1])].filter((n) => n >= 1 && n <= total).sort((a, b) => b - a);
  const links: PagerLink[] = [{ label: "Newest", url: base, current: current === null }];
  shown.forEach((n, i) => {
    if (i > 0 && shown[i - 1]! - n > 1) links.push({ label: "…", url: null, current: false });
    links.push({ label: String(n), url: pageUrl.numbered(base, n), current: n === current });
  });
  return links;
}
