/**
 * Outputs: what the site publishes for other tools: feeds and feed autodiscovery links per page,
 * precomputed once per build as plain JSON for the templates (`digest.outputs`), and the JSON API
 * files as their sources, each built when it is written (`buildApiFilesOf`). (Sitemaps are built from
 * Eleventy's pages: see sitemap.ts.)
 */
import { buildApiFiles } from "./api-files.ts";
import type { ApiSource } from "./api.ts";
import { buildFeed, feedPath, type FeedView } from "./feeds.ts";
import type { CardView } from "./cards.ts";
import type { ProviderGroup } from "./providers.ts";
import { pageUrl } from "./routes.ts";
import type { Story, StorySet, Storyline } from "./stories.ts";
import type { TopicGroup } from "./topics.ts";
import type { Article } from "./types.ts";

/** A feed autodiscovery link: `<link rel="alternate" type=… title=… href=…>`. */
export interface FeedLink {
  title: string;
  type: "application/atom+xml" | "application/feed+json";
  path: string;
}

/** Everything published for other tools. */
export interface Outputs {
  feeds: FeedView[];
  /** The whole site's feeds, announced on every page. */
  siteFeeds: FeedLink[];
  /** Page URL → the feeds that follow it (topic, story, storyline), besides the site's. */
  alternates: Record<string, FeedLink[]>;
}

/** What the outputs are built from: the digest's pipeline results. */
export interface OutputsInput {
  /** Seed articles in the build (published ones, plus unpublished in a preview build). */
  seeds: readonly Article[];
  cards: ReadonlyMap<string, CardView>;
  stories: StorySet;
  /** Related coverage of some members, as the pages show it. */
  relatedCards: (members: readonly Article[]) => CardView[];
  /** Topics and sources as the pages group them. */
  groups: Groups;
  buildTime: number;
}

/** Topics and sources as the outputs group them (the same grouping as the pages). */
interface Groups {
  topics: TopicGroup[];
  sources: ProviderGroup[];
}

/** Builds the feeds and feed autodiscovery links of one build. */
export function buildOutputs(input: OutputsInput): Outputs {
  const { groups } = input;
  const card = (id: string) => input.cards.get(id)!;
  const feeds = buildAllFeeds(input, groups, newestFirst(input.seeds).map((a) => card(a.id)));
  return {
    feeds,
    siteFeeds: linksOf(feeds[0]!),
    alternates: buildAlternates(input, groups, feeds),
  };
}

/** The JSON API files of one build as their sources, each made as it is asked for (see `buildApiFiles`). */
export function buildApiFilesOf(input: OutputsInput): Iterable<ApiSource> {
  const byId = new Map(input.seeds.map((a) => [a.id, a]));
  const relatedOf = (id: string) => input.relatedCards(input.stories.storyOf.get(id)?.members ?? [byId.get(id)!]).filter((c) => c.id !== id);
  const buildTime = new Date(input.buildTime).toISOString();
  const articleIds = newestFirst(input.seeds).map((a) => a.id);
  return buildApiFiles({ articleIds, cards: input.cards, stories: input.stories, topics: input.groups.topics, sources: input.groups.sources, relatedOf, buildTime });
}

function newestFirst(seeds: readonly Article[]): Article[] {
  return [...seeds].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1));
}

function storylineFeedTitle(line: Storyline): string {
  return `Storyline: ${line.subject}`;
}

function buildAllFeeds(input: OutputsInput, groups: Groups, latest: CardView[]): FeedView[] {
  const card = (id: string) => input.cards.get(id)!;
  const site = buildFeed({ title: "Broadsheet: latest articles", description: "The newest articles in the digest.", pageUrl: pageUrl.home(), paths: feedPath.site, cards: latest });
  const topics = groups.topics.map((t) => buildFeed({ title: `${t.name} · Broadsheet`, description: `The newest articles about ${t.name}.`, pageUrl: pageUrl.topic(t.slug), paths: (ext) => feedPath.topic(t.slug, ext), cards: t.articleIds.map(card) }));
  const stories = input.stories.stories.map((s: Story) => buildFeed({ title: s.headline, description: `Follow this story: ${s.members.length} articles from ${s.providers.length} sources so far.`, pageUrl: pageUrl.story(s.id), paths: (ext) => feedPath.story(s.id, ext), cards: s.members.map((m) => card(m.id)) }));
  const lines = input.stories.storylines.map((line) => {
    const last = line.steps[line.steps.length - 1]!;
    const page = last.storyId ? pageUrl.story(last.storyId) : pageUrl.article(last.articles[0]!.id);
    const cards = line.steps.flatMap((step) => step.articles.map((a) => card(a.id)));
    return buildFeed({ title: storylineFeedTitle(line), description: `Follow this storyline: every story about ${line.subject}.`, pageUrl: page, paths: (ext) => feedPath.storyline(line.id, ext), cards });
  });
  return [site, ...topics, ...stories, ...lines];
}

function linksOf(feed: FeedView): FeedLink[] {
  return [
    { title: `${feed.title} (Atom)`, type: "application/atom+xml", path: feed.atomPath },
    { title: `${feed.title} (JSON Feed)`, type: "application/feed+json", path: feed.jsonPath },
  ];
}

function buildAlternates(input: OutputsInput, groups: Groups, feeds: FeedView[]): Record<string, FeedLink[]> {
  const byAtom = new Map(feeds.map((f) => [f.atomPath, f]));
  // One list per feed, shared by every page that follows it.
  const shared = new Map<string, FeedLink[]>();
  const links = (path: string) => shared.get(path) ?? shared.set(path, linksOf(byAtom.get(path)!)).get(path)!;
  const out: Record<string, FeedLink[]> = {};
  for (const t of groups.topics) out[pageUrl.topic(t.slug)] = links(feedPath.topic(t.slug, "xml"));
  const followLinks = (story: Story | undefined, line: Storyline | undefined) => [
    ...(story ? links(feedPath.story(story.id, "xml")) : []),
    ...(line ? links(feedPath.storyline(line.id, "xml")) : []),
  ];
  for (const s of input.stories.stories) out[pageUrl.story(s.id)] = followLinks(s, input.stories.storylineOf.get(s.id));
  for (const a of input.seeds) {
    const list = followLinks(input.stories.storyOf.get(a.id), input.stories.storylineOf.get(a.id));
    if (list.length > 0) out[pageUrl.article(a.id)] = list;
  }
  return out;
}
