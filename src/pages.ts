/**
 * Pages: the view models templates render. Lists arrive sorted, URLs built, labels formatted.
 * URLs are site-relative (`/articles/…/`); templates pass them through Eleventy's `url` filter.
 */
import { dateLabel, gapLabel, rangeLabel } from "./dates.ts";
import { buildTimeline, groupByDay, type TimeGroup } from "./timeline.ts";
import type { Story, Storyline } from "./stories.ts";
import type { Article } from "./types.ts";

/** Site-relative URLs of every page kind. */
export const pageUrl = {
  home: () => "/",
  article: (id: string) => `/articles/${id}/`,
  story: (id: string) => `/stories/${id}/`,
  topic: (slug: string) => `/topics/${slug}/`,
  topics: () => "/topics/",
  source: (domain: string) => `/sources/${domain}/`,
  sources: () => "/sources/",
  about: () => "/about/",
};

/** A link with a label. */
export interface LinkView {
  label: string;
  url: string;
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
  image: { url: string; width: number | null; height: number | null; alt: string } | null;
  opinion: boolean;
  unpublished: boolean;
}

/** What cards need to know about the rest of the site. */
export interface CardContext {
  zone: string;
  preview: boolean;
  topicUrl: (name: string) => string | null;
  hasSourcePage: (domain: string) => boolean;
}

/** Builds the card of an article. */
export function buildCard(article: Article, ctx: CardContext): CardView {
  const image = article.images[0];
  return {
    id: article.id,
    title: article.title,
    href: article.url,
    pageUrl: article.isSeed ? pageUrl.article(article.id) : null,
    provider: { ...article.provider, url: ctx.hasSourcePage(article.provider.domain) ? pageUrl.source(article.provider.domain) : null },
    dateIso: article.publishedAt,
    dateLabel: dateLabel(article.time, ctx.zone),
    time: article.time,
    excerpt: article.excerpt,
    topics: article.topics.flatMap((name) => {
      const url = ctx.topicUrl(name);
      return url === null ? [] : [{ label: name, url }];
    }),
    image: image ? { url: image.url, width: image.width ?? null, height: image.height ?? null, alt: `Picture for “${article.title}” from ${article.provider.name}` } : null,
    opinion: article.opinion,
    unpublished: ctx.preview && article.isSeed && !article.published,
  };
}

/** A storyline as a timeline of its stories, with the current one marked. */
export interface TimelineView {
  subject: string;
  entries: { headline: string; url: string; dateLabel: string; count: number; current: boolean; gapBefore: string | null }[];
}

/** Builds the timeline of a storyline, marking the step that holds `currentId` (a story or article id). */
export function buildTimelineView(storyline: Storyline, currentId: string, zone: string): TimelineView {
  const timeline = buildTimeline(storyline.steps);
  return {
    subject: storyline.subject,
    entries: timeline.map(({ item, gapBefore }) => {
      const first = item.articles[0]!;
      const current = item.storyId === currentId || item.articles.some((a) => a.id === currentId);
      return {
        headline: item.storyId ? item.articles.reduce((best, a) => ((a.quality ?? -1) > (best.quality ?? -1) ? a : best)).title : first.title,
        url: item.storyId ? pageUrl.story(item.storyId) : pageUrl.article(first.id),
        dateLabel: item.articles.length > 1 ? rangeLabel(first.time, item.articles[item.articles.length - 1]!.time, zone) : dateLabel(first.time, zone),
        count: item.articles.length,
        current,
        gapBefore: gapBefore ?? null,
      };
    }),
  };
}

/** A story page. */
export interface StoryPageView {
  id: string;
  url: string;
  headline: string;
  lead: CardView;
  coverage: { articles: number; providers: number; providerNames: string; firstBy: string; firstLabel: string; latestLabel: string; rangeLabel: string };
  days: TimeGroup<CardView & { reason: string }>[];
  related: CardView[];
  timeline: TimelineView | null;
}

/** Builds a story page from a story, its members' cards and its related coverage. */
export function buildStoryPage(story: Story, cards: Map<string, CardView>, related: CardView[], storyline: Storyline | null, zone: string): StoryPageView {
  const members = story.members.map((a) => ({ ...cards.get(a.id)!, reason: story.reasons[a.id] ?? "" }));
  const first = story.members[0]!;
  return {
    id: story.id,
    url: pageUrl.story(story.id),
    headline: story.headline,
    lead: cards.get(story.lead.id)!,
    coverage: {
      articles: story.members.length,
      providers: story.providers.length,
      providerNames: story.providers.map((p) => p.name).join(", "),
      firstBy: first.provider.name,
      firstLabel: dateLabel(story.start, zone),
      latestLabel: dateLabel(story.end, zone),
      rangeLabel: rangeLabel(story.start, story.end, zone),
    },
    days: groupByDay(members, zone),
    related,
    timeline: storyline ? buildTimelineView(storyline, story.id, zone) : null,
  };
}

/** A gap label between two times, exported for pages that show "N days later". */
export const gapBetween = (a: number, b: number): string => gapLabel(Math.abs(b - a));
