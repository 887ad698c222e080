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

/** What the API needs to know about the site's sources (domains that have a page). */
export interface ApiContext {
  hasSource: (domain: string) => boolean;
}

/** The summary of an article card. Related items that are not seeds have no page and no file. */
export function summarizeArticle(card: CardView, ctx: ApiContext): ArticleSummary {
  return {
    id: card.id,
    title: card.title,
    url: card.href,
    page: card.pageUrl,
    api: card.pageUrl ? apiPath.article(card.id) : null,
    provider: { name: card.provider.name, domain: card.provider.domain, api: ctx.hasSource(card.provider.domain) ? apiPath.source(card.provider.domain) : null },
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
 * prev, next, items }`, and the paths of those pages for the list's index.
 */
export function paginate<T>(base: string, items: readonly T[], toItem: (item: T) => unknown): { files: ApiFile[]; pages: string[] } {
  const pageCount = Math.max(1, Math.ceil(items.length / API_PAGE_SIZE));
  const pages = Array.from({ length: pageCount }, (_, i) => apiPath.listPage(base, i + 1));
  const files = pages.map((path, i) => ({
    path,
    data: {
      page: i + 1,
      pageCount,
      count: items.length,
      prev: i > 0 ? pages[i - 1]! : null,
      next: i < pageCount - 1 ? pages[i + 1]! : null,
      items: items.slice(i * API_PAGE_SIZE, (i + 1) * API_PAGE_SIZE).map(toItem),
    },
  }));
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

/** Prints one API file as JSON, its site links as the build spells them. */
export function renderApiFile(file: ApiFile, links: SiteLinks): string {
  return `${JSON.stringify(file.data, printLinks(links), 2)}\n`;
}
