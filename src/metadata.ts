/**
 * Metadata: what each page says about itself in `<head>` — canonical link, feed autodiscovery,
 * OpenGraph and Twitter card tags, and JSON-LD (`CollectionPage` + `ItemList` on list, topic,
 * story and day pages, whose items point at the original articles; `NewsArticle` on article pages).
 *
 * Pure functions of a page's view model and the digest; `templates/_includes/macros/meta.njk`
 * prints the result.
 */
import type { CardView } from "./cards.ts";
import type { Digest } from "./digest.ts";
import type { SiteLinks } from "./site-url.ts";
import type { ArticlePageView, StoryPageView } from "./pages.ts";

/** What the digest must hold for metadata. */
export type MetaDigest = Pick<Digest, "site" | "outputs">;

/** An image as OpenGraph shows it. */
export interface MetaImage {
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
}

/** Everything `<head>` says about a page, with URLs as the build prints them. */
export interface PageMeta {
  canonical: string;
  /** og:url: the canonical URL when it is absolute (SITE_URL set), else null. */
  url: string | null;
  title: string;
  description: string;
  siteName: string;
  type: "website" | "article";
  image: MetaImage | null;
  twitterCard: "summary" | "summary_large_image";
  published: string | null;
  tags: string[];
  feeds: { title: string; type: string; href: string }[];
  /** A JSON-LD object, or null for pages without one. */
  jsonLd: Record<string, unknown> | null;
  /** Preview builds ask search engines to stay away. */
  noindex: boolean;
}

/** A page that lists articles (topic, source, day…): its cards are found wherever they sit in it. */
export interface ListView {
  url: string;
  title: string;
  subtitle?: string;
  /** `, page 2`: what a numbered page adds to the title. */
  pageLabel?: string;
}

function isCard(value: object): value is CardView {
  const v = value as Partial<CardView>;
  return typeof v.id === "string" && typeof v.href === "string" && typeof v.time === "number" && typeof v.title === "string";
}

/**
 * Every article card inside a view model, in page order, each once. View models nest cards
 * differently (a topic page by month and day, a day page flat); this finds them all.
 */
export function cardsIn(view: unknown): CardView[] {
  const found = new Map<string, CardView>();
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object" || depth > 8) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (isCard(value)) {
      if (!found.has(value.id)) found.set(value.id, value);
    } else {
      for (const item of Object.values(value)) visit(item, depth + 1);
    }
  };
  visit(view, 0);
  return [...found.values()];
}

interface MetaInput {
  path: string;
  title: string;
  description: string;
  type?: "website" | "article";
  image?: MetaImage | null;
  published?: string | null;
  tags?: string[];
  jsonLd?: (canonical: string) => Record<string, unknown>;
}

function baseMeta(input: MetaInput, digest: MetaDigest, links: SiteLinks): PageMeta {
  const canonical = links.to(input.path);
  const own = digest.outputs.alternates[input.path] ?? [];
  const image = input.image ?? null;
  return {
    canonical,
    url: links.absolute ? canonical : null,
    title: input.title,
    description: input.description,
    siteName: digest.site.title,
    type: input.type ?? "website",
    image,
    twitterCard: image ? "summary_large_image" : "summary",
    published: input.published ?? null,
    tags: input.tags ?? [],
    feeds: [...own, ...digest.outputs.siteFeeds].map((f) => ({ title: f.title, type: f.type, href: links.to(f.path) })),
    jsonLd: input.jsonLd ? input.jsonLd(canonical) : null,
    noindex: digest.site.preview,
  };
}

/** The best picture among cards: the first given (e.g. a story's lead) if it has one, else the largest. */
export function bestImage(cards: readonly CardView[]): MetaImage | null {
  const first = cards[0]?.image;
  if (first) return first;
  const area = (c: CardView) => (c.image?.width ?? 0) * (c.image?.height ?? 0);
  const withImage = cards.filter((c) => c.image !== null);
  if (withImage.length === 0) return null;
  return withImage.reduce((best, c) => (area(c) > area(best) ? c : best)).image;
}

function publisher(card: CardView) {
  return { "@type": "Organization", name: card.provider.name, url: `https://${card.provider.domain}/` };
}

/**
 * schema.org NewsArticle of a card as an item of a list: what it is and where (headline, the
 * original article's URL, date, publisher). Its excerpt and image are in the card beside it and
 * at the publisher: repeated in every list's JSON-LD, they were 13 of the site's 40 MB of JSON-LD
 * at 10,000 seeds (a topic page: 61 KB with them, 54 KB without).
 */
function listedArticle(card: CardView): Record<string, unknown> {
  return { "@type": "NewsArticle", headline: card.title, url: card.href, datePublished: card.dateIso, publisher: publisher(card) };
}

/** schema.org NewsArticle of a card, as the main entity of its page; `url` is the original article. */
function newsArticle(card: CardView): Record<string, unknown> {
  return {
    ...listedArticle(card),
    ...(card.excerpt ? { description: card.excerpt } : {}),
    ...(card.image ? { image: card.image.url } : {}),
  };
}

/** schema.org CollectionPage whose main entity is an ItemList of the cards, in page order. */
export function collectionPage(canonical: string, name: string, description: string, cards: readonly CardView[], digest: MetaDigest, home: string): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "CollectionPage",
    "@id": canonical,
    url: canonical,
    name,
    description,
    isPartOf: { "@type": "WebSite", name: digest.site.title, url: home },
    mainEntity: {
      "@type": "ItemList",
      numberOfItems: cards.length,
      itemListElement: cards.map((card, i) => ({ "@type": "ListItem", position: i + 1, url: card.href, name: card.title, item: listedArticle(card) })),
    },
  };
}

/** Metadata of a page that lists articles (topic, source, day…). */
export function listMeta(view: ListView, digest: MetaDigest, links: SiteLinks): PageMeta {
  const cards = cardsIn(view);
  const description = view.subtitle ? `${view.title}: ${view.subtitle}.` : view.title;
  const title = `${view.title}${view.pageLabel ?? ""} · ${digest.site.title}`;
  return baseMeta({ path: view.url, title, description, image: bestImage(cards), jsonLd: (c) => collectionPage(c, title, description, cards, digest, links.home) }, digest, links);
}

/** Metadata of the home page: its top stories' lead articles as the list. */
export function homeMeta(digest: MetaDigest & Pick<Digest, "home">, links: SiteLinks): PageMeta {
  const cards = digest.home.stories.map((s) => s.lead);
  const description = "A digest of the news, grouped into stories.";
  return baseMeta({ path: "/", title: digest.site.title, description, image: bestImage(cards), jsonLd: (c) => collectionPage(c, `${digest.site.title}: top stories`, description, cards, digest, links.home) }, digest, links);
}

/** Metadata of a story page: its articles in page order, its best image. */
export function storyMeta(story: StoryPageView, digest: MetaDigest, links: SiteLinks): PageMeta {
  const cards = story.days.flatMap((d) => d.items);
  const description = `${story.coverage.summary}, ${story.coverage.rangeLabel}.`;
  const image = story.image ?? bestImage([story.lead, ...cards]);
  return baseMeta({ path: story.url, title: story.headline, description, image, jsonLd: (c) => collectionPage(c, story.headline, description, cards, digest, links.home) }, digest, links);
}

/** Metadata of an article page: a NewsArticle about the original, seen from its page here. */
export function articleMeta(view: ArticlePageView, digest: MetaDigest, links: SiteLinks): PageMeta {
  const card = view.card;
  return baseMeta({
    path: view.url,
    title: card.title,
    description: card.excerpt || card.title,
    type: "article",
    image: card.image,
    published: card.dateIso,
    tags: card.topics.map((t) => t.label),
    jsonLd: (canonical) => ({
      "@context": "https://schema.org",
      ...newsArticle(card),
      mainEntityOfPage: { "@type": "WebPage", "@id": canonical },
      ...(card.topics.length ? { keywords: card.topics.map((t) => t.label).join(", ") } : {}),
    }),
  }, digest, links);
}

/** Metadata of any other page (topics and sources indexes, about, search, 404): canonical, site feeds, site card. */
export function pageMeta(path: string, title: string, digest: MetaDigest, links: SiteLinks): PageMeta {
  return baseMeta({ path, title: title || digest.site.title, description: "A digest of the news, grouped into stories." }, digest, links);
}
