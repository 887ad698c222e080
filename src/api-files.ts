/**
 * API files: every file of the static JSON API, built from the digest's stories, topics, sources
 * and cards (see api.ts for the shapes and README "JSON API" for the contract).
 */
import { API_PAGE_SIZE, apiPath, paginate, summarizeArticle, type ApiContext, type ApiFile } from "./api.ts";
import { feedPath } from "./feeds.ts";
import type { CardView } from "./cards.ts";
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
 * Builds every API file, one at a time: the files are only written, never kept, so a large build
 * never holds all of them at once (at 50,000 seeds their data is some 290 MB).
 */
export function* buildApiFiles(input: ApiInput): Generator<ApiFile> {
  const domains = new Set(input.sources.map((s) => s.domain));
  const ctx: ApiContext = { hasSource: (d) => domains.has(d) };
  const card = (id: string) => input.cards.get(id)!;
  const summary = (id: string) => summarizeArticle(card(id), ctx);
  const stories = [...input.stories.stories].sort((a, b) => b.end - a.end || (a.id < b.id ? -1 : 1));
  yield rootFile(input, stories.length);
  const articles = paginate("/api/articles", input.articleIds, summary);
  yield indexFile("articles", input.articleIds.length, articles.pages, input.articleIds);
  yield* articles.files;
  for (const id of input.articleIds) yield articleFile(id, input, ctx);
  const storyList = paginate("/api/stories", stories, (s) => storySummary(s, card));
  yield indexFile("stories", stories.length, storyList.pages, stories.map((s) => s.id));
  yield* storyList.files;
  for (const story of stories) yield storyFile(story, input, ctx);
  yield* topicFiles(input.topics, summary);
  yield* sourceFiles(input.sources, summary);
}

function rootFile(input: ApiInput, storyCount: number): ApiFile {
  const links = { articles: apiPath.index("articles"), stories: apiPath.index("stories"), topics: apiPath.index("topics"), sources: apiPath.index("sources") };
  const counts = { articles: input.articleIds.length, stories: storyCount, topics: input.topics.length, sources: input.sources.length };
  return { path: apiPath.root(), data: { version: 1, generated: input.buildTime, home: pageUrl.home(), counts, links, feeds: { atom: feedPath.site("xml"), json: feedPath.site("json") } } };
}

function indexFile(kind: string, count: number, pages: string[], ids: readonly string[]): ApiFile {
  return { path: apiPath.index(kind), data: { count, pageSize: API_PAGE_SIZE, pages, ids } };
}

/** A story as lists show it. */
function storySummary(story: Story, card: (id: string) => CardView) {
  const image = card(story.lead.id).image ?? story.members.map((m) => card(m.id).image).find((i) => i !== null) ?? null;
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

function storylineData(line: Storyline | undefined) {
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

function storyFile(story: Story, input: ApiInput, ctx: ApiContext): ApiFile {
  const card = (id: string) => input.cards.get(id)!;
  const line = story.storylineId ? input.stories.storylineOf.get(story.id) : undefined;
  const members = [...story.members].reverse().map((m) => ({ ...summarizeArticle(card(m.id), ctx), reason: story.reasons[m.id] ?? "" }));
  const related = input.relatedOf(story.lead.id).map((c) => summarizeArticle(c, ctx));
  return { path: apiPath.story(story.id), data: { ...storySummary(story, card), members, related, storyline: storylineData(line) } };
}

function articleFile(id: string, input: ApiInput, ctx: ApiContext): ApiFile {
  const story = input.stories.storyOf.get(id);
  const story_ = story ? { id: story.id, headline: story.headline, page: pageUrl.story(story.id), api: apiPath.story(story.id), reason: story.reasons[id] ?? "" } : null;
  const related = input.relatedOf(id).map((c) => summarizeArticle(c, ctx));
  return { path: apiPath.article(id), data: { ...summarizeArticle(input.cards.get(id)!, ctx), story: story_, storyline: storylineData(input.stories.storylineOf.get(id)), related } };
}

/** A named list (topic or source): its index file with pages, and the pages. */
function listFiles(path: string, head: Record<string, unknown>, ids: readonly string[], summary: (id: string) => unknown): ApiFile[] {
  const list = paginate(path.replace(/\.json$/, ""), ids, summary);
  return [{ path, data: { ...head, count: ids.length, pageSize: API_PAGE_SIZE, pages: list.pages } }, ...list.files];
}

function* topicFiles(topics: readonly TopicGroup[], summary: (id: string) => unknown): Generator<ApiFile> {
  const entry = (t: TopicGroup) => ({ slug: t.slug, name: t.name, articleCount: t.articleIds.length, page: pageUrl.topic(t.slug), api: apiPath.topic(t.slug) });
  const index: ApiFile = { path: apiPath.index("topics"), data: { count: topics.length, items: topics.map(entry) } };
  const feeds = (t: TopicGroup) => ({ atom: feedPath.topic(t.slug, "xml"), json: feedPath.topic(t.slug, "json") });
  yield index;
  for (const t of topics) yield* listFiles(apiPath.topic(t.slug), { ...entry(t), feed: feeds(t) }, t.articleIds, summary);
}

function* sourceFiles(sources: readonly ProviderGroup[], summary: (id: string) => unknown): Generator<ApiFile> {
  const entry = (s: ProviderGroup) => ({ domain: s.domain, name: s.name, articleCount: s.articleIds.length, page: pageUrl.source(s.domain), api: apiPath.source(s.domain) });
  const index: ApiFile = { path: apiPath.index("sources"), data: { count: sources.length, items: sources.map(entry) } };
  yield index;
  for (const s of sources) yield* listFiles(apiPath.source(s.domain), entry(s), s.articleIds, summary);
}
