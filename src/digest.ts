/**
 * Digest: the whole pipeline. Seed files in, one plain-JSON Digest (and a build report) out.
 *
 * `createDigest` is pure (files and options in); `buildDigest` adds the disk and the console.
 */
import { buildAbout, type AboutView } from "./about.ts";
import { archivePages, type ArchiveView, type DayPageView, type MonthPageView, type YearPageView } from "./archive.ts";
import { buildCard, buildNotedCard, cardFacts, countLabel, type CardContext, type CardMemo, type CardView } from "./cards.ts";
import { dateTimeLabel, isoUtc, parseBuildTime } from "./dates.ts";
import { buildHome, rankHomeItems, type HomeView } from "./home.ts";
import { buildIndex, listingPages, type IndexEntryView, type ListingInput, type ListingPageView } from "./listing.ts";
import type { StageClock } from "./timings.ts";
import { loadSeedFolder, writeFileAtomically, type SeedFolder } from "./load.ts";
import { findDuplicates, mergeArticles } from "./merge.ts";
import type { ApiSource } from "./api.ts";
import { buildApiFilesOf, buildOutputs, type Outputs } from "./outputs.ts";
import { RELATED_SHOWN, buildArticlePage, buildStoryPage, type ArticlePageView, type StoryPageView } from "./pages.ts";
import { groupProviders, type ProviderGroup } from "./providers.ts";
import { countTotals, reportProblems, summaryLine, type BuildReport, type ReportEntry } from "./report.ts";
import { pageEntries, type Units } from "./page-plan.ts";
import { pageSource, type PageSource } from "./page-source.ts";
import { pageUrl } from "./routes.ts";
import { readSeeds } from "./read-seeds.ts";
import { readSeed, type SeedOutcome } from "./seeds.ts";
import { topicKey } from "./slug.ts";
import { buildStories, type Story, type StoryMemo, type StorySet } from "./stories.ts";
import { groupTopics, type TopicGroup } from "./topics.ts";
import type { Article, BuildOptions, SeedFile } from "./types.ts";
import { codeVersion, openClusterMemo, openSeedCache, type SeedReader } from "./build-cache.ts";

export type { ArticlePageView, StoryPageView } from "./pages.ts";
export type { StoryCardView } from "./home.ts";

/** The one global the templates receive. Plain JSON: no functions, no Dates, no Maps. */
export interface Digest {
  /** What every page may show about the site. */
  site: { title: string; url: string; preview: boolean; timeZone: string };
  /**
   * What this build holds, and as of when: shown only on pages made on every build (home, about,
   * archive index), never on a page the build cache keeps, so that an added article, or a new
   * story, does not change every page of the site.
   */
  edition: { buildTime: string; buildTimeLabel: string; articleCount: number; storyCount: number; summary: string };
  home: HomeView;
  articles: ArticlePageView[];
  stories: StoryPageView[];
  /** Every topic with all its cards, newest first (for feeds and the like). */
  topics: ListPageView[];
  /** Every provider with all its cards, newest first. */
  sources: ListPageView[];
  /** Every page of every topic: front pages and stable numbered pages. */
  topicPages: ListingPageView[];
  /** Every page of every source. */
  sourcePages: ListingPageView[];
  /** Every topic with its article count, most covered first. */
  topicIndex: CountLink[];
  /** Every provider with its article count, most articles first. */
  sourceIndex: CountLink[];
  /** The topics and sources indexes as their pages show them (count labels, notes). */
  indexes: { topics: IndexEntryView[]; sources: IndexEntryView[] };
  archive: ArchiveView;
  about: AboutView;
  ranking: { weights: BuildOptions["rankWeights"] };
  /** Feeds and feed autodiscovery links (issue 6; see outputs.ts); the JSON API is `partsOf(digest).apiSources`. */
  outputs: Outputs;
}

/**
 * What is kept beside each digest, which stays plain JSON: how its JSON API files are built, and
 * its paginated pages as sources (see page-source.ts).
 */
const beside = new WeakMap<Digest, DigestParts>();

/** The parts of a digest that are not template data. */
export interface DigestParts {
  /** The JSON API's files as their sources (see `ApiSource`), made as they are read. */
  apiSources: () => Iterable<ApiSource>;
  /** Every paginated page, whether or not its view is in the digest yet. */
  pages: {
    articles: PageSource<ArticlePageView>[];
    stories: PageSource<StoryPageView>[];
    topics: PageSource<ListingPageView>[];
    sources: PageSource<ListingPageView>[];
    days: PageSource<DayPageView>[];
    months: PageSource<MonthPageView>[];
    years: PageSource<YearPageView>[];
  };
  /** Every seed article's page with its card, for the search index (made once, when first asked for). */
  searchable: () => SearchablePage[];
  /** The objects views are made of that are worth hashing once (see page-plan.ts). */
  units: Units;
  /**
   * `npm start`'s quick pass (quick-pass.ts): the views of a seed article edited since this
   * digest was made (its own page, its story's), and the home page's when it shows the article,
   * as they would be were the edit all that changed: its story, storyline, related coverage, rank
   * and the site's topic and source pages stay as they are here. Null when the edit changes more
   * than its own data (another id or address, a duplicate merged into it, an article this digest
   * does not show).
   */
  revise: (edited: Article) => { article: ArticlePageView; story: StoryPageView | null; home: HomeView | null } | null;
}

/** The parts of a digest made by createDigest. */
export function partsOf(digest: Digest): DigestParts {
  const parts = beside.get(digest);
  if (!parts) throw new Error("This digest was not made by createDigest (or narrowDigest), so it has no API files or page sources.");
  return parts;
}

/** Keeps a digest's parts with another digest made from it (a narrowed one). */
export function shareParts(from: Digest, to: Digest): Digest {
  beside.set(to, partsOf(from));
  return to;
}

/** A link with a count, for indexes. */
export interface CountLink {
  label: string;
  url: string;
  count: number;
}

/** A topic or source with all its cards. */
export interface ListPageView {
  url: string;
  title: string;
  subtitle: string;
  cards: CardView[];
}

/** How a digest is made (every part optional). */
export interface DigestRun {
  clock?: StageClock;
  /**
   * The files' parsed seeds when they were parsed already (`readSeeds`: the build cache, threads);
   * without them each file is parsed here.
   */
  outcomes?: readonly SeedOutcome[];
  /**
   * This process builds again and again (`--serve`, `--watch`): the seed cache stays in memory
   * between builds (see build-cache.ts).
   */
  rebuilds?: boolean;
  /** Which page views the digest holds; "all" unless said. */
  views?: ViewsMade;
  /**
   * Told how to make the search index's pages as soon as they can be made, before the clustering:
   * they do not depend on it, and the index (Pagefind's own process) can then be built beside it.
   * They are made when first asked for (`npm start` asks only once the browser has reloaded).
   */
  searchable?: (pages: () => SearchablePage[]) => void;
  /** Where the last clustering's result is kept between builds (build-cache.ts `openClusterMemo`). */
  storyMemo?: StoryMemo;
}

/**
 * An article page as the search index sees it: where it is, its article's time, and its card
 * (without its story), made when first read; `key`, what its search record is made of (search.ts
 * `searchRecord`: the article's id, title, excerpt, source and time, and the topics its card
 * shows), so that the search index names its shards without making every record, and makes the
 * cards and records of the shards it does not hold already only (search.ts).
 */
export interface SearchablePage {
  url: string;
  time: number;
  key: string;
  readonly card: CardView;
}

/** A seed article's page for the search index; its card is made when first read. */
export function searchablePage(article: Article, ctx: CardContext): SearchablePage {
  const { topicUrls } = cardFacts(article, ctx);
  let card: CardView | undefined;
  return {
    url: pageUrl.article(article.id),
    time: article.time,
    key: JSON.stringify([article.id, article.title, article.excerpt, article.provider.name, article.time, article.topics.filter((_, k) => topicUrls[k] !== null)]),
    get card() {
      return (card ??= buildCard(article, ctx));
    },
  };
}

/** Runs the pipeline on files already read. Pure: same files and options, same digest and report. */
export function createDigest(folder: SeedFolder, options: BuildOptions, run: DigestRun = {}): { digest: Digest; report: BuildReport } {
  const { clock } = run;
  let outcomes = run.outcomes;
  if (!outcomes) {
    outcomes = folder.files.map((file) => readSeed(file));
    clock?.mark("parse", outcomes.length);
  }
  const valid = outcomes.flatMap((o) => (o.ok ? [o.seed] : []));
  const inBuild = valid.filter((s) => s.article.published || options.includeUnpublished);
  const merged = mergeArticles(inBuild);
  const all = [...merged.articles.values()];
  const seeds = all.filter((a) => a.isSeed);
  const buildTime = options.buildTime ? parseBuildTime(options.buildTime)! : Math.max(0, ...seeds.map((a) => a.time));
  const groups = { topics: groupTopics(seeds), sources: groupProviders(seeds) };
  // Cards without their story (the search index does not show it), before the clustering.
  const withoutStories = cardContext(seeds, groups, options, () => null);
  let searchPages: SearchablePage[] | undefined;
  const searchable = () => (searchPages ??= seeds.map((a) => searchablePage(a, withoutStories)));
  run.searchable?.(searchable);
  const stories = buildStories(seeds, { rebuilds: run.rebuilds ?? false, ...(run.storyMemo ? { memo: run.storyMemo } : {}) });
  clock?.mark("link", stories.stories.length);
  const memo = run.rebuilds ? { last: lastCards, next: new Map<string, CardView>() } : undefined;
  const digest = assembleDigest({ seeds, all, byCanonical: merged.articles, stories, groups, searchable, buildTime, options, memo }, run.views ?? "all");
  if (memo) lastCards = memo.next;
  clock?.mark("index", digest.articles.length);
  const pages = SINGLE_PAGES + pageEntries(digest).length;
  const report = buildReport(folder, outcomes, { merged, stories, options, buildTime, pages, articleCount: all.length });
  return { digest, report };
}

/** The cards of the last build of this process that kept them (`rebuilds`), by origin. */
let lastCards = new Map<string, CardView>();

/**
 * Which page views a digest holds: "all", or "on demand", where `digest.articles` and
 * `digest.stories` are empty and their views are made from `partsOf(digest).pages` when needed
 * (the page cache makes only the views of pages it does not hold).
 */
export type ViewsMade = "all" | "on demand";

/** HTML pages that are not paginated: home, about, search, topics, sources, archive and 404. */
const SINGLE_PAGES = 7;

/** What the view assembly needs from the pipeline. */
interface DigestInput {
  seeds: readonly Article[];
  all: readonly Article[];
  byCanonical: Map<string, Article>;
  stories: StorySet;
  /** Topics and sources, grouped once per build for pages, cards, feeds and the API. */
  groups: { topics: TopicGroup[]; sources: ProviderGroup[] };
  searchable: () => SearchablePage[];
  buildTime: number;
  options: BuildOptions;
  /** The last build's cards, to give back those of the same origin (`rebuilds`). */
  memo?: CardMemo;
}

/** Turns the linked, clustered articles into every page's view model. */
function assembleDigest(input: DigestInput, views: ViewsMade): Digest {
  const { seeds, stories, buildTime, options } = input;
  const zone = options.timeZone;
  const ctx = cardContext(seeds, input.groups, options, (id) => {
    const story = stories.storyOf.get(id);
    return story ? { id: story.id, size: story.members.length } : null;
  });
  const cards = new Map(input.all.map((a) => [a.id, buildNotedCard(a, ctx, input.memo)]));
  const cardOf = (id: string) => cards.get(id)!;
  // A story's related coverage is asked for by its page, each member's page and the API: made once.
  const related = new WeakMap<readonly Article[], CardView[]>();
  const relatedCards = (members: readonly Article[]) => {
    let list = related.get(members);
    if (!list) related.set(members, (list = relatedCoverage(members, input.byCanonical, cards)));
    return list;
  };
  const storySources = stories.stories.map((s) => {
    const storyline = s.storylineId ? stories.storylineOf.get(s.id) ?? null : null;
    return pageSource(pageUrl.story(s.id), buildStoryPage, s, s.members.map((m) => cardOf(m.id)), relatedCards(s.members).slice(0, RELATED_SHOWN.story), storyline, zone);
  });
  const articleSources = seeds.map((a) => {
    const story = stories.storyOf.get(a.id) ?? null;
    return pageSource(pageUrl.article(a.id), buildArticlePage, a, cardOf(a.id), story, stories.storylineOf.get(a.id) ?? null, relatedCards(story ? story.members : [a]).slice(0, RELATED_SHOWN.article), zone);
  });
  const made = <V extends { url: string }>(sources: PageSource<V>[]) => (views === "all" ? sources.map((source) => source.view()) : []);
  const topicLists: ListingInput[] = input.groups.topics.map((t) => ({ kind: "topic", url: pageUrl.topic(t.slug), title: t.name, cards: t.articleIds.map(cardOf) }));
  const sourceLists: ListingInput[] = input.groups.sources.map((s) => ({ kind: "source", url: pageUrl.source(s.domain), title: s.name, note: s.domain, cards: s.articleIds.map(cardOf) }));
  const topicSources = topicLists.flatMap((list) => listingPages(list, zone));
  const sourceSources = sourceLists.flatMap((list) => listingPages(list, zone));
  const topicIndex = buildIndex(topicLists);
  const sourceIndex = buildIndex(sourceLists);
  const archive = archivePages(seeds.map((a) => cardOf(a.id)), zone);
  const weights = options.rankWeights;
  // One ranking for the home page's top stories and the about page's worked examples.
  const ranked = rankHomeItems(seeds, stories, buildTime, weights);
  const home = buildHome({ seeds, ranked, cards, zone }, topicIndex, sourceIndex, archive.index.latestDay);
  const summary = `${countLabel(seeds.length, "article")} in ${countLabel(stories.stories.length, "story", "stories")}`;
  const outputsInput = { seeds, cards, stories, groups: input.groups, relatedCards, buildTime };
  const digest: Digest = {
    site: { title: "Broadsheet", url: options.siteUrl, preview: options.includeUnpublished, timeZone: zone },
    edition: { buildTime: isoUtc(buildTime), buildTimeLabel: dateTimeLabel(buildTime, zone), articleCount: seeds.length, storyCount: stories.stories.length, summary },
    home,
    articles: made(articleSources),
    stories: made(storySources),
    topics: topicLists.map(toListPage),
    sources: sourceLists.map(toListPage),
    topicPages: made(topicSources),
    sourcePages: made(sourceSources),
    topicIndex: topicIndex.map(toCountLink),
    sourceIndex: sourceIndex.map(toCountLink),
    indexes: { topics: topicIndex, sources: sourceIndex },
    archive: { days: made(archive.days), months: made(archive.months), years: made(archive.years), index: archive.index },
    about: buildAbout(weights, ranked),
    ranking: { weights },
    outputs: buildOutputs(outputsInput),
  };
  beside.set(digest, {
    apiSources: () => buildApiFilesOf(outputsInput),
    pages: { articles: articleSources, stories: storySources, topics: topicSources, sources: sourceSources, days: archive.days, months: archive.months, years: archive.years },
    searchable: input.searchable,
    // Pages are made of seed articles (a related item that is not a seed is shown as its card).
    units: { leaves: [...cards.values(), ...seeds], composites: [...stories.stories, ...stories.storylines] },
    revise: (edited) => {
      const before = input.byCanonical.get(edited.canonical);
      const same = before !== undefined && before.isSeed && edited.isSeed && before.id === edited.id && before.files.length === 1 && edited.files.length === 1 && before.files[0] === edited.files[0];
      if (!same || !(edited.published || options.includeUnpublished)) return null;
      const article: Article = { ...edited, files: [...edited.files], related: [...edited.related] };
      const card = buildCard(article, ctx);
      const story = stories.storyOf.get(article.id) ?? null;
      const storyline = stories.storylineOf.get(article.id) ?? null;
      const related = relatedCards(story ? story.members : [before]);
      const swap = (members: readonly Article[]) => members.map((m) => (m.id === article.id ? article : m));
      const lead = story?.lead.id === article.id;
      const revised: Story | null = story && { ...story, members: swap(story.members), lead: lead ? article : story.lead, headline: lead ? article.title : story.headline };
      const views = {
        article: buildArticlePage(article, card, revised, storyline, related.slice(0, RELATED_SHOWN.article), zone),
        story: revised && buildStoryPage(revised, revised.members.map((m) => (m === article ? card : cardOf(m.id))), related.slice(0, RELATED_SHOWN.story), storyline, zone),
      };
      // The home page, made again only when it shows the article (as a top story, in one, or among the latest).
      const shown = (c: CardView) => c.id === article.id;
      if (!home.latest.some(shown) && !home.stories.some((s) => shown(s.lead) || s.more.some(shown))) return { ...views, home: null };
      const reranked = ranked.map((item) => (item.members.some((m) => m.id === article.id) ? { ...item, members: swap(item.members), story: item.story && revised } : item));
      return { ...views, home: buildHome({ seeds: swap(seeds), ranked: reranked, cards: new Map(cards).set(article.id, card), zone }, topicIndex, sourceIndex, archive.index.latestDay) };
    },
  });
  return digest;
}

/** What cards need to know about the site: its topic and source pages, and each article's story. */
function cardContext(seeds: readonly Article[], groups: DigestInput["groups"], options: BuildOptions, storyOf: CardContext["storyOf"]): CardContext {
  const topicSlugs = new Map(groups.topics.map((t) => [t.key, t.slug]));
  const domains = new Set(seeds.map((a) => a.provider.domain));
  return {
    zone: options.timeZone,
    preview: options.includeUnpublished,
    topicUrl: (name) => (topicSlugs.has(topicKey(name)) ? pageUrl.topic(topicSlugs.get(topicKey(name))!) : null),
    hasSourcePage: (domain) => domains.has(domain),
    storyOf,
  };
}

function toCountLink({ label, url, count }: IndexEntryView): CountLink {
  return { label, url, count };
}

function toListPage(list: ListingInput): ListPageView {
  return { url: list.url, title: list.title, subtitle: `${list.note ? `${list.note} · ` : ""}${countLabel(list.cards.length, "article")}`, cards: [...list.cards] };
}

/** Related items of the given articles that are not themselves members, as cards, newest first. */
function relatedCoverage(members: readonly Article[], byCanonical: Map<string, Article>, cards: Map<string, CardView>): CardView[] {
  const inside = new Set(members.map((m) => m.canonical));
  const seen = new Set<string>();
  const out: CardView[] = [];
  for (const member of members) {
    for (const key of member.related) {
      if (inside.has(key) || seen.has(key)) continue;
      seen.add(key);
      const article = byCanonical.get(key);
      if (article) out.push(cards.get(article.id)!);
    }
  }
  return out.sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1));
}

interface ReportInput {
  merged: ReturnType<typeof mergeArticles>;
  stories: StorySet;
  options: BuildOptions;
  buildTime: number;
  pages: number;
  articleCount: number;
}

function buildReport(folder: SeedFolder, outcomes: readonly SeedOutcome[], input: ReportInput): BuildReport {
  const { merged, stories, options } = input;
  const duplicates = findDuplicates(outcomes.flatMap((o) => (o.ok ? [o.seed] : [])));
  const seeds: ReportEntry[] = outcomes.map((outcome) => {
    const base = { file: outcome.file.path, ...reportProblems(outcome.file.path, outcome.problems), notes: [] as string[] };
    if (!outcome.ok) return { ...base, status: "rejected" as const };
    const article = outcome.seed.article;
    const duplicateOf = duplicates.get(outcome.file.path);
    const inBuild = merged.articles.get(article.canonical);
    const entry: ReportEntry = { ...base, status: duplicateOf ? "duplicate" : article.published ? "published" : "unpublished" };
    if (duplicateOf) entry.duplicateOf = duplicateOf;
    if (inBuild?.isSeed) {
      const story = stories.storyOf.get(inBuild.id);
      const line = stories.storylineOf.get(inBuild.id);
      if (story) entry.story = story.id;
      if (line) entry.storyline = line.id;
      if (!duplicateOf) entry.url = pageUrl.article(inBuild.id);
    } else if (inBuild && !article.published) {
      entry.notes.push("cited by a published seed; the site shows that citation as the published seed gives it, not this seed's own data");
    }
    return entry;
  });
  const totals = countTotals(seeds, { ignored: folder.ignored.length, articles: input.articleCount, stories: stories.stories.length, storylines: stories.storylines.length, pages: input.pages });
  return { seedsDir: options.seedsDir, buildTime: isoUtc(input.buildTime), preview: options.includeUnpublished, totals, ignored: folder.ignored, seeds };
}

/** Loads the seeds folder, builds the digest, writes the report and tells the console. */
export async function buildDigest(options: BuildOptions, run: Omit<DigestRun, "outcomes"> = {}): Promise<Digest> {
  const { clock } = run;
  // Opened first: its stamp memo spares the load reading files whose outcomes it holds.
  const salt = options.cacheDir === null ? "" : codeVersion();
  const cache = options.cacheDir === null ? null : openSeedCache(options.cacheDir, salt, { inMemory: run.rebuilds ?? false });
  const folder = loadSeedFolder(options.seedsDir, { rebuilds: run.rebuilds ?? false, ...(cache ? { known: cache.known } : {}) });
  clock?.mark("load", folder.files.length);
  const outcomes = await readSeeds(folder.files, cache);
  // Saved at once, before any later stage touches the outcomes it keeps; and what saving
  // serializes (194 MB at 50,000 seeds) can go before the clustering and the views need memory.
  saveSeedCache(cache, options);
  clock?.mark("parse", outcomes.length);
  // A STRICT=1 build with a rejected seed fails once the report is written: no search index for it.
  const failing = options.strict && outcomes.some((o) => !o.ok);
  const storyMemo = options.cacheDir === null ? undefined : openClusterMemo(options.cacheDir, salt);
  const { digest, report } = createDigest(folder, options, { ...run, outcomes, ...(storyMemo ? { storyMemo } : {}), ...(failing ? { searchable: undefined } : {}) });
  writeFileAtomically(options.reportPath, `${JSON.stringify(report, null, 2)}\n`);
  logReport(report, folder, options);
  const rejected = report.seeds.filter((s) => s.status === "rejected");
  if (options.strict && rejected.length > 0) {
    throw new Error(`STRICT=1: ${rejected.length} seed file${rejected.length === 1 ? " is" : "s are"} invalid (see above and ${options.reportPath}); the site was not built.`);
  }
  return digest;
}

/** Writes the parsed-seed cache back; a cache that cannot be written costs speed, not the build. */
function saveSeedCache(cache: SeedReader | null, options: BuildOptions): void {
  try {
    cache?.save();
  } catch (error) {
    console.warn(`[broadsheet] the build cache in ${options.cacheDir} could not be written (${error instanceof Error ? error.message : String(error)}); the next build parses every seed again. Set CACHE_DIR to a writable folder, or CACHE=off.`);
  }
}

/** What the console says of the entries of the seeds folder that are not seeds (folders end in `/`). */
export function ignoredLine(ignored: readonly string[], seedsDir: string): string {
  const folders = ignored.filter((name) => name.endsWith("/")).length;
  const files = ignored.length - folders;
  const what = [...(files > 0 ? [`${files} file(s)`] : []), ...(folders > 0 ? [`${folders} folder(s)`] : [])].join(" and ");
  const inFolders = folders > 0 ? "; files in folders are not read" : "";
  return `ignored ${what} in ${seedsDir} that are not seeds (*.txt, *.md)${inFolders}: ${ignored.slice(0, 5).join(", ")}${ignored.length > 5 ? ", …" : ""}`;
}

function logReport(report: BuildReport, folder: SeedFolder, options: BuildOptions): void {
  if (folder.ignored.length > 0 && !options.quiet) {
    console.warn(`[broadsheet] ${ignoredLine(folder.ignored, options.seedsDir)}`);
  }
  for (const entry of report.seeds) {
    if (entry.status !== "rejected") continue;
    console.warn(`[broadsheet] left out ${entry.file}:\n${entry.errors.map((e) => `  ${e.at} ${e.field ? `${e.field}: ` : ""}${e.message}`).join("\n")}`);
  }
  const t = report.totals;
  if (!options.quiet && (t.repairs > 0 || t.warnings > 0)) console.warn(`[broadsheet] ${t.repairs} repair(s) and ${t.warnings} warning(s); every one is listed in ${options.reportPath}`);
  if (!options.siteUrl && !options.quiet) console.warn("[broadsheet] SITE_URL is not set: canonical links, feeds and the JSON API use site-relative URLs, and no sitemap.xml is written. Set SITE_URL=https://… to the address the site is served from.");
  // A dry run's stdout is Eleventy's (`--to=json` prints the site there as JSON).
  (options.dryRun ? console.error : console.log)(`[broadsheet] ${summaryLine(report)}`);
}
