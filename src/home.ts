/**
 * Home: the front page. Top stories by rank (a story, or a single article as a story of one),
 * each a lead card with more coverage from other providers and its date range; then the latest
 * articles not already shown; then links to topics, sources and the archive.
 */
import { countLabel, shortenText, storyImage, type CardView } from "./cards.ts";
import { dateLabel, rangeLabel } from "./dates.ts";
import { neutralHeat, rankStories, type RankScore } from "./rank.ts";
import { pageUrl, type LinkView } from "./routes.ts";
import type { Story, StorySet } from "./stories.ts";
import type { Article, RankWeights } from "./types.ts";

/** Top stories on the home page. */
export const TOP_STORIES = 10;
/** Latest articles on the home page. */
export const LATEST_ARTICLES = 12;
/** Topics and sources linked from the home page. */
export const HOME_LINKS = 16;
/** Excerpt length of the first top story and of the others (the home page stays light). */
export const EXCERPT_LENGTH = { lead: 320, other: 180 };

/** A ranked story (or single article) on the home page. */
export interface StoryCardView {
  url: string;
  headline: string;
  /** The lead's card; its title links to the story page, its picture may be a member's. */
  lead: CardView;
  /** Other providers' articles of the story. */
  more: CardView[];
  count: number;
  /** `4 articles from 3 sources`, or "" for a single article. */
  coverageLabel: string;
  rangeLabel: string;
  score: RankScore;
}

/** The home page. */
export interface HomeView {
  stories: StoryCardView[];
  latest: CardView[];
  topics: LinkView[];
  sources: LinkView[];
  latestDay: LinkView | null;
}

/** What the home page is built from. */
export interface HomeInput {
  seeds: readonly Article[];
  /** Every story and lone article, best first (`rankHomeItems`; the about page shows the same ranking). */
  ranked: readonly RankedItem[];
  cards: ReadonlyMap<string, CardView>;
  zone: string;
}

/** A story (or an article standing alone) as something to rank. */
export interface RankedItem {
  id: string;
  members: readonly Article[];
  story: Story | null;
  rank: RankScore;
}

/** Ranks every story and every article outside a story, best first. */
export function rankHomeItems(seeds: readonly Article[], set: StorySet, buildTime: number, weights: RankWeights): RankedItem[] {
  const singles = seeds.filter((a) => !set.storyOf.has(a.id)).map((a) => ({ id: a.id, members: [a], story: null as Story | null }));
  const groups = set.stories.map((s) => ({ id: s.id, members: s.members, story: s as Story | null }));
  return rankStories([...groups, ...singles], buildTime, weights, neutralHeat(seeds));
}

/** Builds the home page. */
export function buildHome(input: HomeInput, topics: readonly LinkView[], sources: readonly LinkView[], latestDay: LinkView | null): HomeView {
  const ranked = input.ranked.slice(0, TOP_STORIES);
  const stories = ranked.map((item, i) => {
    const card = buildStoryCard(item, input.cards, input.zone);
    return { ...card, lead: { ...card.lead, excerpt: shortenText(card.lead.excerpt, i === 0 ? EXCERPT_LENGTH.lead : EXCERPT_LENGTH.other) } };
  });
  const shown = new Set(ranked.map((item) => (item.story?.lead ?? item.members[0]!).id));
  const latest = [...input.seeds]
    .filter((a) => !shown.has(a.id))
    .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1))
    .slice(0, LATEST_ARTICLES)
    .map((a) => input.cards.get(a.id)!);
  return { stories, latest, topics: topics.slice(0, HOME_LINKS), sources: sources.slice(0, HOME_LINKS), latestDay };
}

/** One top story: the lead card (linking to the story page), more coverage, range. */
export function buildStoryCard(item: RankedItem, cards: ReadonlyMap<string, CardView>, zone: string): StoryCardView {
  const { story, members } = item;
  const lead = story?.lead ?? members[0]!;
  const leadCard = cards.get(lead.id)!;
  const others = members.filter((m) => m.id !== lead.id && m.provider.domain !== lead.provider.domain);
  const url = story ? pageUrl.story(story.id) : pageUrl.article(lead.id);
  return {
    url,
    headline: story?.headline ?? lead.title,
    lead: { ...leadCard, pageUrl: url, story: null, image: story ? storyImage(lead, members) : leadCard.image },
    more: distinctProviders(others).slice(0, 4).map((m) => cards.get(m.id)!),
    count: members.length,
    coverageLabel: story ? `${countLabel(members.length, "article")} from ${countLabel(story.providers.length, "source")}` : "",
    rangeLabel: story ? rangeLabel(story.start, story.end, zone) : dateLabel(lead.time, zone),
    score: item.rank,
  };
}

function distinctProviders(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => (seen.has(a.provider.domain) ? false : (seen.add(a.provider.domain), true)));
}
