/**
 * API: the static JSON API next to the HTML (`/api/…`), as a list of files with their data.
 *
 * No file grows with the corpus beyond an index of ids: lists are paginated (50 a page, page 1
 * newest) and every story and article has its own file. Links to the site's own files are kept
 * site-relative in the data under the keys of `LINK_KEYS`; `renderApiFile` prints them with the
 * build's link rules. `url` is always the original article at its publisher.
 */
import type { SiteLinks } from "./site-url.ts";
import type { CardView } from "./cards.ts";

/** Items per page of every paginated list. */
export const API_PAGE_SIZE = 50;

/** Keys whose string values (or arrays of strings) are site-relative links. */
export const LINK_KEYS = new Set(["page", "api", "atom", "json", "pages", "prev", "next", "home", "stories", "articles", "topics", "sources"]);

/** Where the API files live. */
export const apiPath = {
  root: () => "/api/index.json",
  index: (kind: string) => `/api/${kind}/index.json`,
  listPage: (base: string, n: number) => `${base}/page/${n}.json`,
  article: (id: string) => `/api/articles/${id}.json`,
  story: (id: string) => `/api/stories/${id}.json`,
  topic: (slug: string) => `/api/topics/${slug}.json`,
  source: (domain: string) => `/api/sources/${domain}.json`,
};

/** One file of the API: where it goes and its data. */
export interface ApiFile {
  path: string;
  data: Record<string, unknown>;
}

/**
 * One file of the API as what it is made of: `data` is a pure function of `inputs` (plain data:
 * cards, articles, stories and storylines as themselves), so the build cache knows an unchanged
 * file by its inputs without building it (see page-plan.ts, `unitPrinter`).
 */
export interface ApiSource {
  path: string;
  inputs: readonly unknown[];
  data: () => Record<string, unknown>;
}

/**
 * The source of a file whose data is made by `build` from `args`. The data is made anew each time
 * it is asked for, never kept: the files are written one by one, and a large build must not hold
 * the data of all of them (some 290 MB at 50,000 seeds).
 */
export function apiSource<A extends unknown[]>(path: string, build: (...args: A) => Record<string, unknown>, ...args: A): ApiSource {
  return { path, inputs: [build.name, ...args], data: () => build(...args) };
}

/** The source of a file whose data is already made (small files: the root, the indexes). */
export function madeSource(path: string, data: Record<string, unknown>): ApiSource {
  return { path, inputs: ["made", data], data: () => data };
}

/** An article as every list shows it. */
export interface ArticleSummary {
  id: string;
  title: string;
  url: string;
  page: string | null;
  api: string | null;
  provider: { name: string; domain: string; api: string | null };
  published: string;
  excerpt: string;
  topics: { name: string; slug: string; api: string }[];
  image: { url: string; width: number | null; height: number | null } | null;
  opinion: boolean;
  unpublished?: true;
}

/**
 * The summaries made, by card. A card is never changed once made, so neither is its summary: it is
 * made once and shared by every file that lists the card (about seven at 10,000 seeds).
 */
const summaries = new WeakMap<CardView, ArticleSummary>();

/**
 * The summary of an article card. Related items that are not seeds have no page and no file; a
 * provider has a file when it has a page (the card knows). The same card gives the same object,
 * which must not be changed.
 */
export function summarizeArticle(card: CardView): ArticleSummary {
  let summary = summaries.get(card);
  if (summary === undefined) summaries.set(card, (summary = makeSummary(card)));
  return summary;
}

function makeSummary(card: CardView): ArticleSummary {
  return {
    id: card.id,
    title: card.title,
    url: card.href,
    page: card.pageUrl,
    api: card.pageUrl ? apiPath.article(card.id) : null,
    provider: { name: card.provider.name, domain: card.provider.domain, api: card.provider.url !== null ? apiPath.source(card.provider.domain) : null },
    published: card.dateIso,
    excerpt: card.excerpt,
    topics: card.topics.map((t) => {
      const slug = t.url.split("/").filter(Boolean).pop() ?? "";
      return { name: t.label, slug, api: apiPath.topic(slug) };
    }),
    image: card.image ? { url: card.image.url, width: card.image.width, height: card.image.height } : null,
    opinion: card.opinion,
    ...(card.unpublished ? { unpublished: true as const } : {}),
  };
}

/**
 * A paginated list: the pages of `items` (already in order), each `{ page, pageCount, count,
 * prev, next, items }`, and the paths of those pages for the list's index. A page is made of its
 * items and its place in the list; `toItem` must be a pure function of its item.
 */
export function paginate<T>(base: string, items: readonly T[], toItem: (item: T) => unknown): { files: ApiSource[]; pages: string[] } {
  const pageCount = Math.max(1, Math.ceil(items.length / API_PAGE_SIZE));
  const pages = Array.from({ length: pageCount }, (_, i) => apiPath.listPage(base, i + 1));
  const listPage = (n: number, slice: readonly T[]) => ({
    page: n,
    pageCount,
    count: items.length,
    prev: n > 1 ? pages[n - 2]! : null,
    next: n < pageCount ? pages[n]! : null,
    items: slice.map(toItem),
  });
  const files = pages.map((path, i) => {
    const slice = items.slice(i * API_PAGE_SIZE, (i + 1) * API_PAGE_SIZE);
    return { path, inputs: [toItem.name, i + 1, pageCount, items.length, slice], data: () => listPage(i + 1, slice) };
  });
  return { files, pages };
}

/** Rewrites the link keys of API data to the build's links. */
function printLinks(links: SiteLinks): (key: string, value: unknown) => unknown {
  return (key, value) => {
    if (!LINK_KEYS.has(key)) return value;
    if (typeof value === "string") return links.to(value);
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v: string) => links.to(v));
    return value;
  };
}

/**
 * Prints one API file as compact JSON (one line and a newline), its site links as the build
 * spells them. Compact, not indented: the API is read by programs, and indented it was 20 % more
 * bytes and took twice as long to write (README, "What the profiles showed"). Where links are
 * site paths as they are (no SITE_URL, no path prefix), without the replacer that spells them,
 * which takes V8's JSON printer off its fast path: the 8,487 files of a 10k build printed in
 * 0.29–0.32 s instead of 0.36–0.42 s (the same text: every link the API holds is a site path,
 * tested).
 */
export function renderApiFile(file: ApiFile, links: SiteLinks): string {
  return `${links.asIs ? JSON.stringify(file.data) : JSON.stringify(file.data, printLinks(links))}\n`;
}
