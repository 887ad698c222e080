/**
 * Cards: what an article card shows, formatted for the templates (title, provider, date, excerpt,
 * topics, picture or placeholder, labels), and the picture a story borrows from its members.
 */
import { dateLabel } from "./dates.ts";
import { hashOf, noteOrigin, originOf } from "./hash.ts";
import { pageUrl, type LinkView } from "./routes.ts";
import type { Article } from "./types.ts";

/** A picture to show: the seed's size is kept so the page does not shift while it loads. */
export interface ImageView {
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
}

/** What a card shows where there is no picture: the provider's name on one of six calm tints. */
export interface PlaceholderView {
  label: string;
  tone: number;
}

/** An article card: everything a card shows, formatted. */
export interface CardView {
  id: string;
  title: string;
  /** The original article (external, http(s)). */
  href: string;
  /** Its page here, or null for articles that are only related items. */
  pageUrl: string | null;
  provider: { name: string; domain: string; url: string | null };
  dateIso: string;
  dateLabel: string;
  time: number;
  excerpt: string;
  topics: LinkView[];
  image: ImageView | null;
  placeholder: PlaceholderView;
  opinion: boolean;
  unpublished: boolean;
  /** The story this article belongs to, for cards shown outside that story's page. */
  story: LinkView | null;
}

/** What cards need to know about the rest of the site. */
export interface CardContext {
  zone: string;
  preview: boolean;
  topicUrl: (name: string) => string | null;
  hasSourcePage: (domain: string) => boolean;
  /** The story of an article (stories of two or more only). */
  storyOf?: (id: string) => { id: string; size: number } | null;
}

/** Number of placeholder tints in the stylesheet (`.tone-0` … `.tone-5`). */
export const PLACEHOLDER_TONES = 6;

/**
 * What a card shows about the rest of the site, for one article: its topics' pages (null where a
 * topic has none), its source's page, its story. A card is made of its article and these facts only.
 */
export interface CardFacts {
  zone: string;
  preview: boolean;
  topicUrls: (string | null)[];
  sourceUrl: string | null;
  story: { id: string; size: number } | null;
}

/** The facts about the site that an article's card shows. */
export function cardFacts(article: Article, ctx: CardContext): CardFacts {
  return {
    zone: ctx.zone,
    preview: ctx.preview,
    topicUrls: article.topics.map((name) => ctx.topicUrl(name)),
    sourceUrl: ctx.hasSourcePage(article.provider.domain) ? pageUrl.source(article.provider.domain) : null,
    story: ctx.storyOf?.(article.id) ?? null,
  };
}

/** Builds the card of an article. */
export function buildCard(article: Article, ctx: CardContext): CardView {
  return cardOf(article, cardFacts(article, ctx));
}

/** Cards by origin, from one build to the next (see `buildNotedCard`). */
export type CardMemo = { last: Map<string, CardView>; next: Map<string, CardView> };

/**
 * Builds the card of an article, noting its origin when its article's is known (hash.ts: a seed's
 * article, made from its file): the article's origin and the card's facts. With a memo (`npm
 * start` builds again on every edit), a card of the same origin as one of the last build is that
 * card: the card is made of its article and its facts alone, and never changed once made.
 */
export function buildNotedCard(article: Article, ctx: CardContext, memo?: CardMemo): CardView {
  const facts = cardFacts(article, ctx);
  const origin = originOf(article);
  if (origin === undefined) return cardOf(article, facts);
  const hash = hashOf(origin, JSON.stringify(facts));
  const card = memo?.last.get(hash) ?? cardOf(article, facts);
  noteOrigin(card, "card", hash);
  memo?.next.set(hash, card);
  return card;
}

/** The card of an article with these facts: reads nothing else. */
function cardOf(article: Article, facts: CardFacts): CardView {
  const { story } = facts;
  return {
    id: article.id,
    title: article.title,
    href: article.url,
    pageUrl: article.isSeed ? pageUrl.article(article.id) : null,
    provider: { ...article.provider, url: facts.sourceUrl },
    dateIso: article.publishedAt,
    dateLabel: dateLabel(article.time, facts.zone),
    time: article.time,
    excerpt: article.excerpt,
    topics: article.topics.flatMap((name, k) => {
      const url = facts.topicUrls[k]!;
      return url === null ? [] : [{ label: name, url }];
    }),
    image: imageOf(article),
    placeholder: placeholderOf(article.provider.name, article.provider.domain),
    opinion: article.opinion,
    unpublished: facts.preview && article.isSeed && !article.published,
    story: story ? { label: `Part of a story: ${countLabel(story.size, "article")}`, url: pageUrl.story(story.id) } : null,
  };
}

/** The first picture of an article, with alt text that says whose picture it is and for what. */
export function imageOf(article: Article): ImageView | null {
  const image = article.images[0];
  if (!image) return null;
  return { url: image.url, width: image.width ?? null, height: image.height ?? null, alt: `Picture for “${article.title}” (${article.provider.name})` };
}

/** A placeholder labelled with the provider; the tint is a stable hash of the domain. */
export function placeholderOf(name: string, domain: string): PlaceholderView {
  let hash = 0;
  for (const char of domain) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return { label: name, tone: hash % PLACEHOLDER_TONES };
}

/**
 * The picture a story shows: its lead's own, else the best member picture (highest quality, then
 * largest, then oldest), so a story led by a text-only article still gets one.
 */
export function storyImage(lead: Article, members: readonly Article[]): ImageView | null {
  const own = imageOf(lead);
  if (own) return own;
  const withImage = members.filter((m) => m.images.length > 0);
  const area = (a: Article) => (a.images[0]!.width ?? 0) * (a.images[0]!.height ?? 0);
  const best = [...withImage].sort((a, b) => (b.quality ?? -1) - (a.quality ?? -1) || area(b) - area(a) || a.time - b.time)[0];
  return best ? imageOf(best) : null;
}

/** `1 article`, `1,204 articles`, `3 sources`. */
export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}

/** Shortens text to at most `max` characters at a word boundary, ending with "…" when cut. */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never half a character: an emoji (two UTF-16 units) across the cut goes whole.
  const cut = text.slice(0, /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
