/**
 * API files: every file of the static JSON API, built from the digest's stories, topics, sources
 * and cards (see api.ts for the shapes and README "JSON API" for the contract).
 */
import { API_PAGE_SIZE, apiPath, apiSource, madeSource, paginate, summarizeArticle, type ApiSource } from "./api.ts";
import { imageOf, type CardView } from "./cards.ts";
import { feedPath } from "./feeds.ts";
import { RELATED_SHOWN } from "./pages.ts";
import { pageUrl } from "./routes.ts";
import type { Story, StorySet, Storyline } from "./stories.ts";
import type { ProviderGroup } from "./providers.ts";
import type { TopicGroup } from "./topics.ts";

/** What the API is built from. */
export interface ApiInput {
  /** Seed article ids, newest first. */
  articleIds: readonly string[];
  cards: ReadonlyMap<string, CardView>;
  stories: StorySet;
  topics: readonly TopicGroup[];
  sources: readonly ProviderGroup[];
  /** Related coverage of an article (its story's when it has one), as on its page. */
  relatedOf: (articleId: string) => CardView[];
  buildTime: string;
}

/**
 * Every API file as its source (see `ApiSource`), one at a time: a file's data is made only when
 * it is asked for (and only when the build cache lacks the file).
 */
export function* buildApiFiles(input: ApiInput): Generator<ApiSource> {
  const card = (id: string) => input.cards.get(id)!;
  const stories = [...input.stories.stories].sort((a, b) => b.end - a.end || (a.id < b.id ? -1 : 1));
  yield rootFile(input, stories.length);
  const articles = paginate("/api/articles", input.articleIds.map(card), summarizeArticle);
  yield indexFile("articles", input.articleIds.length, articles.pages, input.articleIds);
  yield* articles.files;
  for (const id of input.articleIds) {
    const story = input.stories.storyOf.get(id) ?? null;
    yield apiSource(apiPath.article(id), articleFile, card(id), story, input.stories.storylineOf.get(id) ?? null, input.relatedOf(id));
  }
  const storyList = paginate("/api/stories", stories, storySummary);
  yield indexFile("stories", stories.length, storyList.pages, stories.map((s) => s.id));
  yield* storyList.files;
  for (const story of stories) {
    const line = story.storylineId ? (input.stories.storylineOf.get(story.id) ?? null) : null;
    yield apiSource(apiPath.story(story.id), storyFile, story, story.members.map((m) => card(m.id)), input.relatedOf(story.lead.id), line);
  }
  yield* topicFiles(input.topics, card);
  yield* sourceFiles(input.sources, card);
}

function rootFile(input: ApiInput, storyCount: number): ApiSource {
  const links = { articles: apiPath.index("articles"), stories: apiPath.index("stories"), topics: apiPath.index("topics"), sources: apiPath.index("sources") };
  const counts = { articles: input.articleIds.length, stories: storyCount, topics: input.topics.length, sources: input.sources.length };
  return madeSource(apiPath.root(), { version: 1, generated: input.buildTime, home: pageUrl.home(), counts, links, feeds: { atom: feedPath.site("xml"), json: feedPath.site("json") } });
}

function indexFile(kind: string, count: number, pages: string[], ids: readonly string[]): ApiSource {
  return madeSource(apiPath.index(kind), { count, pageSize: API_PAGE_SIZE, pages, ids });
}

/** A story as lists show it: made of the story alone (its picture is a member's). */
function storySummary(story: Story) {
  const image = imageOf(story.lead) ?? story.members.map(imageOf).find((i) => i !== null) ?? null;
  return {
    id: story.id,
    headline: story.headline,
    page: pageUrl.story(story.id),
    api: apiPath.story(story.id),
    feed: { atom: feedPath.story(story.id, "xml"), json: feedPath.story(story.id, "json") },
    start: new Date(story.start).toISOString(),
    end: new Date(story.end).toISOString(),
    articleCount: story.members.length,
    providers: story.providers.map((p) => ({ name: p.name, domain: p.domain })),
    lead: story.lead.id,
    image: image ? { url: image.url, width: image.width, height: image.height } : null,
    storyline: story.storylineId ?? null,
  };
}

function storylineData(line: Storyline | null) {
  if (!line) return null;
  return {
    id: line.id,
    subject: line.subject,
    feed: { atom: feedPath.storyline(line.id, "xml"), json: feedPath.storyline(line.id, "json") },
    steps: line.steps.map((step) => ({
      story: step.storyId ?? null,
      page: step.storyId ? pageUrl.story(step.storyId) : pageUrl.article(step.articles[0]!.id),
      start: new Date(step.time).toISOString(),
      articleIds: step.articles.map((a) => a.id),
    })),
  };
}

/** A story's file: its summary, its members (newest first) with why each belongs, its related coverage and storyline. */
function storyFile(story: Story, memberCards: readonly CardView[], related: readonly CardView[], line: Storyline | null) {
  const members = [...memberCards].reverse().map((c) => ({ ...summarizeArticle(c), reason: story.reasons[c.id] ?? "" }));
  return { ...storySummary(story), members, related: related.map(summarizeArticle), storyline: storylineData(line) };
}

/**
 * An article's file: its summary, its story (and why it belongs), its storyline and related
 * coverage, with how many related articles there are in all. An article in a story lists as many
 * as the story's page shows: its related coverage is then its story's, which the story's file
 * lists in full, and every member repeating all of it made article files grow with the square of
 * a story's size (at 50,000 synthetic seeds, 521 of the 673 MB of article files were related
 * lists, 49 items at the 90th percentile against 26 at 10,000).
 */
function articleFile(card: CardView, story: Story | null, line: Storyline | null, related: readonly CardView[]) {
  const story_ = story ? { id: story.id, headline: story.headline, page: pageUrl.story(story.id), api: apiPath.story(story.id), reason: story.reasons[card.id] ?? "" } : null;
  const listed = story ? related.slice(0, RELATED_SHOWN.story) : related;
  return { ...summarizeArticle(card), story: story_, storyline: storylineData(line), related: listed.map(summarizeArticle), relatedCount: related.length };
}

/** A named list (topic or source): its index file with pages, and the pages. */
function listFiles(path: string, head: Record<string, unknown>, cards: readonly CardView[]): ApiSource[] {
  const list = paginate(path.replace(/\.json$/, ""), cards, summarizeArticle);
  return [madeSource(path, { ...head, count: cards.length, pageSize: API_PAGE_SIZE, pages: list.pages }), ...list.files];
}

function* topicFiles(topics: readonly TopicGroup[], card: (id: string) => CardView): Generator<ApiSource> {
  const entry = (t: TopicGroup) => ({ slug: t.slug, name: t.name, articleCount: t.articleIds.length, page: pageUrl.topic(t.slug), api: apiPath.topic(t.slug) });
  const feeds = (t: TopicGroup) => ({ atom: feedPath.topic(t.slug, "xml"), json: feedPath.topic(t.slug, "json") });
  yield madeSource(apiPath.index("topics"), { count: topics.length, items: topics.map(entry) });
  for (const t of topics) yield* listFiles(apiPath.topic(t.slug), { ...entry(t), feed: feeds(t) }, t.articleIds.map(card));
}

function* sourceFiles(sources: readonly ProviderGroup[], card: (id: string) => CardView): Generator<ApiSource> {
  const entry = (s: ProviderGroup) => ({ domain: s.domain, name: s.name, articleCount: s.articleIds.length, page: pageUrl.source(s.domain), api: apiPath.source(s.domain) });
  yield madeSource(apiPath.index("sources"), { count: sources.length, items: sources.map(entry) });
  for (const s of sources) yield* listFiles(apiPath.source(s.domain), entry(s), s.articleIds.map(card));
}
