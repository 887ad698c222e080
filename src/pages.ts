/**
 * Pages: the view models of story and article pages, and the storyline timeline both show.
 * Lists arrive sorted, URLs built, labels formatted. URLs are site-relative (`/articles/…/`);
 * templates pass them through Eleventy's `url` filter.
 */
import { buildCoverageChart, type ChartView } from "./chart.ts";
import { countLabel, storyImage, type CardView, type ImageView } from "./cards.ts";
import { dateLabel, dayKey, gapLabel, rangeLabel } from "./dates.ts";
import { pageUrl, type LinkView } from "./routes.ts";
import { buildTimeline, groupByDay, type TimeGroup } from "./timeline.ts";
import type { Story, Storyline } from "./stories.ts";
import type { Article } from "./types.ts";

/**
 * How many related-coverage cards a page shows, newest first: enough to read on, and a page's
 * weight (and a large build's memory) does not grow with how much a story's members cite. The
 * JSON API lists a story's in full in the story's file, and as many as its page shows in each
 * member's file (api-files.ts).
 */
export const RELATED_SHOWN = { article: 6, story: 12 } as const;

export { pageUrl, type LinkView } from "./routes.ts";
export { buildCard, type CardContext, type CardView } from "./cards.ts";

/** A storyline as a timeline of its stories, with the current one marked. */
export interface TimelineView {
  subject: string;
  entries: { headline: string; url: string; dateLabel: string; count: number; countLabel: string; current: boolean; gapBefore: string | null }[];
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
        countLabel: countLabel(item.articles.length, "article"),
        current,
        gapBefore: gapBefore ?? null,
      };
    }),
  };
}

/** The coverage panel of a story: how much, by whom, and when. */
export interface CoverageView {
  articles: number;
  providers: number;
  /** `4 articles from 3 sources`. */
  summary: string;
  providerNames: string;
  firstBy: string;
  firstLabel: string;
  latestBy: string;
  latestLabel: string;
  rangeLabel: string;
}

/** A story page. */
export interface StoryPageView {
  id: string;
  url: string;
  headline: string;
  lead: CardView;
  image: ImageView | null;
  coverage: CoverageView;
  chart: ChartView | null;
  /** Members oldest first, grouped by day in the display zone, each with its reason. */
  days: TimeGroup<CardView & { reason: string }>[];
  related: CardView[];
  timeline: TimelineView | null;
}

/** Builds a story page from a story, its members' cards (in member order) and its related coverage. */
export function buildStoryPage(story: Story, memberCards: readonly CardView[], related: CardView[], storyline: Storyline | null, zone: string): StoryPageView {
  const members = story.members.map((a, i) => ({ ...memberCards[i]!, story: null, reason: story.reasons[a.id] ?? "" }));
  return {
    id: story.id,
    url: pageUrl.story(story.id),
    headline: story.headline,
    lead: memberCards[story.members.indexOf(story.lead)]!,
    image: storyImage(story.lead, story.members),
    coverage: buildCoverage(story, zone),
    chart: buildCoverageChart(story.members.map((a) => a.time), zone),
    days: groupByDay(members, zone),
    related,
    timeline: storyline ? buildTimelineView(storyline, story.id, zone) : null,
  };
}

/** The coverage panel's numbers and labels. */
export function buildCoverage(story: Story, zone: string): CoverageView {
  const first = story.members[0]!;
  const latest = story.members[story.members.length - 1]!;
  return {
    articles: story.members.length,
    providers: story.providers.length,
    summary: `${countLabel(story.members.length, "article")} from ${countLabel(story.providers.length, "source")}`,
    providerNames: story.providers.map((p) => p.name).join(", "),
    firstBy: first.provider.name,
    firstLabel: dateLabel(story.start, zone),
    latestBy: latest.provider.name,
    latestLabel: dateLabel(story.end, zone),
    rangeLabel: rangeLabel(story.start, story.end, zone),
  };
}

/** An article's story in brief: its members oldest first, the article itself marked. */
export interface StoryBriefView {
  url: string;
  headline: string;
  summary: string;
  reason: string;
  entries: { title: string; url: string; provider: string; dateIso: string; dateLabel: string; current: boolean }[];
}

/** An article's own page. */
export interface ArticlePageView {
  url: string;
  card: CardView;
  story: StoryBriefView | null;
  timeline: TimelineView | null;
  related: CardView[];
  /** The day archive this article sits in. */
  day: LinkView;
}

/** Builds an article page; `related` is the related coverage of its story (or of itself). */
export function buildArticlePage(article: Article, card: CardView, story: Story | null, storyline: Storyline | null, related: CardView[], zone: string): ArticlePageView {
  return {
    url: pageUrl.article(article.id),
    card: { ...card, story: null },
    story: story ? buildStoryBrief(story, article.id, zone) : null,
    timeline: storyline ? buildTimelineView(storyline, story?.id ?? article.id, zone) : null,
    related: related.filter((c) => c.id !== article.id),
    day: { label: `More from ${dateLabel(article.time, zone)}`, url: pageUrl.day(dayKey(article.time, zone)) },
  };
}

/** The story an article belongs to, as a short list of its members. */
export function buildStoryBrief(story: Story, currentId: string, zone: string): StoryBriefView {
  return {
    url: pageUrl.story(story.id),
    headline: story.headline,
    summary: `${countLabel(story.members.length, "article")} from ${countLabel(story.providers.length, "source")}, ${rangeLabel(story.start, story.end, zone)}`,
    reason: story.reasons[currentId] ?? "",
    entries: story.members.map((m) => ({
      title: m.title,
      url: pageUrl.article(m.id),
      provider: m.provider.name,
      dateIso: m.publishedAt,
      dateLabel: dateLabel(m.time, zone),
      current: m.id === currentId,
    })),
  };
}

/** A gap label between two times, exported for pages that show "N days later". */
export const gapBetween = (a: number, b: number): string => gapLabel(Math.abs(b - a));
