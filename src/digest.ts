/**
 * Digest: the whole pipeline. Seed files in, one plain-JSON Digest (and a build report) out.
 *
 * `createDigest` is pure (files and options in); `buildDigest` adds the disk and the console.
 */
import { dateLabel, dateTimeLabel, isoUtc, parseBuildTime } from "./dates.ts";
import { loadSeedFolder, writeTextFile, type SeedFolder } from "./load.ts";
import { findDuplicates, mergeArticles } from "./merge.ts";
import { buildCard, buildStoryPage, buildTimelineView, pageUrl, type CardContext, type CardView, type StoryPageView, type TimelineView } from "./pages.ts";
import { groupProviders } from "./providers.ts";
import { neutralHeat, rankStories, type RankScore } from "./rank.ts";
import { countTotals, reportProblems, summaryLine, type BuildReport, type ReportEntry } from "./report.ts";
import { readSeed, type SeedOutcome } from "./seeds.ts";
import { topicKey } from "./slug.ts";
import { buildStories, type Story, type StorySet } from "./stories.ts";
import { groupTopics } from "./topics.ts";
import type { Article, BuildOptions } from "./types.ts";

/** The one global the templates receive. Plain JSON: no functions, no Dates, no Maps. */
export interface Digest {
  site: { title: string; url: string; preview: boolean; timeZone: string; buildTime: string; buildTimeLabel: string; articleCount: number; storyCount: number };
  home: { stories: StoryCardView[]; latest: CardView[]; topics: CountLink[]; sources: CountLink[] };
  articles: ArticlePageView[];
  stories: StoryPageView[];
  topics: ListPageView[];
  sources: ListPageView[];
  topicIndex: CountLink[];
  sourceIndex: CountLink[];
  ranking: { weights: BuildOptions["rankWeights"] };
}

/** A link with a count, for indexes. */
export interface CountLink {
  label: string;
  url: string;
  count: number;
}

/** A ranked story (or single article) on the home page. */
export interface StoryCardView {
  url: string;
  headline: string;
  lead: CardView;
  more: CardView[];
  count: number;
  providerCount: number;
  rangeLabel: string;
  score: RankScore;
}

/** An article's own page. */
export interface ArticlePageView {
  url: string;
  card: CardView;
  story: { url: string; headline: string; count: number; reason: string } | null;
  timeline: TimelineView | null;
  related: CardView[];
}

/** A topic or source page: a list of cards. */
export interface ListPageView {
  url: string;
  title: string;
  subtitle: string;
  cards: CardView[];
}

/** Runs the pipeline on files already read. Pure: same files and options, same digest and report. */
export function createDigest(folder: SeedFolder, options: BuildOptions): { digest: Digest; report: BuildReport } {
  const outcomes = folder.files.map((file) => readSeed(file));
  const valid = outcomes.flatMap((o) => (o.ok ? [o.seed] : []));
  const inBuild = valid.filter((s) => s.article.published || options.includeUnpublished);
  const merged = mergeArticles(inBuild);
  const all = [...merged.articles.values()];
  const seeds = all.filter((a) => a.isSeed);
  const buildTime = options.buildTime ? parseBuildTime(options.buildTime)! : Math.max(0, ...seeds.map((a) => a.time));
  const stories = buildStories(seeds);
  const topics = groupTopics(seeds);
  const sources = groupProviders(seeds);
  const topicSlugs = new Map(topics.map((t) => [t.key, t.slug]));
  const ctx: CardContext = {
    zone: options.timeZone,
    preview: options.includeUnpublished,
    topicUrl: (name) => (topicSlugs.has(topicKey(name)) ? pageUrl.topic(topicSlugs.get(topicKey(name))!) : null),
    hasSourcePage: (domain) => sources.some((s) => s.domain === domain),
  };
  const cards = new Map(all.map((a) => [a.id, buildCard(a, ctx)]));
  const byCanonical = merged.articles;
  const relatedCards = (members: readonly Article[]) => relatedCoverage(members, byCanonical, cards);
  const storyPages = stories.stories.map((s) => buildStoryPage(s, cards, relatedCards(s.members), s.storylineId ? stories.storylineOf.get(s.id) ?? null : null, options.timeZone));
  const articles = seeds.map((a) => articlePage(a, stories, cards, relatedCards, options.timeZone));
  const cardOf = (id: string) => cards.get(id)!;
  const topicPages = topics.map((t) => ({ url: pageUrl.topic(t.slug), title: t.name, subtitle: countLabel(t.articleIds.length), cards: t.articleIds.map(cardOf) }));
  const sourcePages = sources.map((s) => ({ url: pageUrl.source(s.domain), title: s.name, subtitle: `${s.domain} · ${countLabel(s.articleIds.length)}`, cards: s.articleIds.map(cardOf) }));
  const topicIndex = topicPages.map((p) => ({ label: p.title, url: p.url, count: p.cards.length }));
  const sourceIndex = sourcePages.map((p) => ({ label: p.title, url: p.url, count: p.cards.length }));
  const digest: Digest = {
    site: { title: "Broadsheet", url: options.siteUrl, preview: options.includeUnpublished, timeZone: options.timeZone, buildTime: isoUtc(buildTime), buildTimeLabel: dateTimeLabel(buildTime, options.timeZone), articleCount: seeds.length, storyCount: stories.stories.length },
    home: { stories: homeStories(seeds, stories, cards, buildTime, options), latest: [...seeds].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1)).slice(0, 20).map((a) => cardOf(a.id)), topics: topicIndex.slice(0, 30), sources: sourceIndex.slice(0, 30) },
    articles,
    stories: storyPages,
    topics: topicPages,
    sources: sourcePages,
    topicIndex,
    sourceIndex,
    ranking: { weights: options.rankWeights },
  };
  const pages = 4 + articles.length + storyPages.length + topicPages.length + sourcePages.length;
  const report = buildReport(folder, outcomes, { merged, stories, options, buildTime, pages, articleCount: all.length });
  return { digest, report };
}

function countLabel(n: number): string {
  return n === 1 ? "1 article" : `${n.toLocaleString("en-US")} articles`;
}

/** Related items of the given articles that are not themselves members, as cards. */
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

function articlePage(article: Article, stories: StorySet, cards: Map<string, CardView>, relatedCards: (m: readonly Article[]) => CardView[], zone: string): ArticlePageView {
  const story = stories.storyOf.get(article.id);
  const storyline = stories.storylineOf.get(article.id);
  return {
    url: pageUrl.article(article.id),
    card: cards.get(article.id)!,
    story: story ? { url: pageUrl.story(story.id), headline: story.headline, count: story.members.length, reason: story.reasons[article.id] ?? "" } : null,
    timeline: storyline ? buildTimelineView(storyline, story?.id ?? article.id, zone) : null,
    related: relatedCards(story ? story.members : [article]).filter((c) => c.id !== article.id),
  };
}

function homeStories(seeds: readonly Article[], set: StorySet, cards: Map<string, CardView>, buildTime: number, options: BuildOptions): StoryCardView[] {
  const singles = seeds.filter((a) => !set.storyOf.has(a.id)).map((a) => ({ id: a.id, members: [a], story: null as Story | null }));
  const groups = set.stories.map((s) => ({ id: s.id, members: s.members, story: s as Story | null }));
  const ranked = rankStories([...groups, ...singles], buildTime, options.rankWeights, neutralHeat(seeds)).slice(0, 12);
  return ranked.map(({ story, members, rank }) => {
    const lead = story?.lead ?? members[0]!;
    const others = members.filter((m) => m.id !== lead.id && m.provider.domain !== lead.provider.domain);
    return {
      url: story ? pageUrl.story(story.id) : pageUrl.article(lead.id),
      headline: lead.title,
      lead: cards.get(lead.id)!,
      more: others.slice(0, 4).map((m) => cards.get(m.id)!),
      count: members.length,
      providerCount: story?.providers.length ?? 1,
      rangeLabel: story ? rangeLabelOf(story, options.timeZone) : dateLabel(lead.time, options.timeZone),
      score: rank,
    };
  });
}

function rangeLabelOf(story: Story, zone: string): string {
  return story.start === story.end ? dateLabel(story.start, zone) : `${dateLabel(story.start, zone)} – ${dateLabel(story.end, zone)}`;
}

interface ReportInput {
  merged: ReturnType<typeof mergeArticles>;
  stories: StorySet;
  options: BuildOptions;
  buildTime: number;
  pages: number;
  articleCount: number;
}

function buildReport(folder: SeedFolder, outcomes: SeedOutcome[], input: ReportInput): BuildReport {
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
export function buildDigest(options: BuildOptions): Digest {
  const folder = loadSeedFolder(options.seedsDir);
  const { digest, report } = createDigest(folder, options);
  writeTextFile(options.reportPath, `${JSON.stringify(report, null, 2)}\n`);
  logReport(report, folder, options);
  const rejected = report.seeds.filter((s) => s.status === "rejected");
  if (options.strict && rejected.length > 0) {
    throw new Error(`STRICT=1: ${rejected.length} seed file${rejected.length === 1 ? " is" : "s are"} invalid (see above and ${options.reportPath}); the site was not built.`);
  }
  return digest;
}

function logReport(report: BuildReport, folder: SeedFolder, options: BuildOptions): void {
  if (folder.ignored.length > 0 && !options.quiet) {
    console.warn(`[broadsheet] ignored ${folder.ignored.length} file(s) in ${options.seedsDir} that are not seeds (*.txt, *.md): ${folder.ignored.slice(0, 5).join(", ")}${folder.ignored.length > 5 ? ", …" : ""}`);
  }
  for (const entry of report.seeds) {
    if (entry.status !== "rejected") continue;
    console.warn(`[broadsheet] left out ${entry.file}:\n${entry.errors.map((e) => `  ${e.at} ${e.field ? `${e.field}: ` : ""}${e.message}`).join("\n")}`);
  }
  const t = report.totals;
  if (!options.quiet && (t.repairs > 0 || t.warnings > 0)) console.warn(`[broadsheet] ${t.repairs} repair(s) and ${t.warnings} warning(s); every one is listed in ${options.reportPath}`);
  if (!options.siteUrl && !options.quiet) console.warn("[broadsheet] SITE_URL is not set: canonical links and feeds use site-relative URLs.");
  console.log(`[broadsheet] ${summaryLine(report)}`);
}
