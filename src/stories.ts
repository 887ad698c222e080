/**
 * Stories: the clustering's groups turned into stories (lead, headline, range, providers, reasons)
 * and storylines (stories of one subject over time).
 */
import { clusterArticles } from "./cluster.ts";
import { compareText } from "./topics.ts";
import { hashOfParts } from "./hash.ts";
import type { Article, ClusterDoc, ClusterResult, Provider } from "./types.ts";

/** The coverage of one event: two or more articles. */
export interface Story {
  /** The id of its oldest article: stable as coverage is added. */
  id: string;
  /** Oldest first. */
  members: Article[];
  lead: Article;
  headline: string;
  start: number;
  end: number;
  providers: Provider[];
  /** Why each member belongs, by article id. */
  reasons: Record<string, string>;
  storylineId?: string;
}

/** One step of a storyline: a story, or an article that is a story of one. */
export interface StorylineStep {
  storyId?: string;
  articles: Article[];
  time: number;
}

/** Stories of one subject over time, oldest first. */
export interface Storyline {
  id: string;
  subject: string;
  steps: StorylineStep[];
}

/** The stories and storylines of a set of seed articles. */
export interface StorySet {
  stories: Story[];
  storylines: Storyline[];
  /** Article id → its story (only for members of stories of two or more). */
  storyOf: Map<string, Story>;
  /** Article id → its storyline. */
  storylineOf: Map<string, Storyline>;
}

/** What the cluster step needs of an article. */
export function toClusterDoc(article: Article): ClusterDoc {
  const { id, title, excerpt, time, canonical, related } = article;
  return { id, title, excerpt, time, provider: article.provider.domain, canonical, related };
}

/** Where the last clustering's result is kept between builds, by the key of what it was given (build-cache.ts `openClusterMemo`). */
export interface StoryMemo {
  /** The result kept under `key`, if it is the one kept. */
  get(key: string): ClusterResult | undefined;
  /** Keeps `result` under `key`, in place of the one kept before. */
  put(key: string, result: ClusterResult): void;
}

/**
 * Clusters seed articles into stories and storylines; with `rebuilds` (`npm start`), the
 * clustering keeps each article's words for the next build (see `clusterArticles`). With a
 * `memo`, a clustering given the same articles as the last one (every field it reads, in the same
 * order) is not done again: its result is a pure function of them and of the code, which the
 * memo's key covers. At 10,000 seeds that spares a build after an edit of scores, images or
 * topics about 1 s (the clustering and its garbage); the key costs about 43 ms.
 */
export function buildStories(articles: readonly Article[], { rebuilds = false, memo }: { rebuilds?: boolean; memo?: StoryMemo } = {}): StorySet {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const docs = articles.map(toClusterDoc);
  // Each article's JSON hashed as it is printed: one 4.9 MB text of them all at 10,000 seeds took
  // 70–90 ms to print and hash, this 43 ms.
  const cluster = () => clusterArticles(docs, {}, { remember: rebuilds });
  const result = memo ? remembered(memo, hashOfParts(docs.map((doc) => JSON.stringify(doc))), cluster) : cluster();
  const storyOf = new Map<string, Story>();
  const stories = result.stories.map((group) => {
    const members = group.members.map((id) => byId.get(id)!).sort((a, b) => a.time - b.time || compareText(a.id, b.id));
    const lead = pickLead(members);
    const story: Story = {
      id: members[0]!.id,
      members,
      lead,
      headline: lead.title,
      start: members[0]!.time,
      end: members[members.length - 1]!.time,
      providers: distinctProviders(members),
      reasons: group.reasons,
    };
    for (const member of members) storyOf.set(member.id, story);
    return story;
  });
  const storylineOf = new Map<string, Storyline>();
  const storylines = result.storylines.map((line) => {
    const steps = line.stories.map((ids) => {
      const list = ids.map((id) => byId.get(id)!).sort((a, b) => a.time - b.time);
      return { storyId: storyOf.get(ids[0]!)?.id, articles: list, time: list[0]!.time };
    }).sort((a, b) => a.time - b.time);
    const storyline: Storyline = { id: steps[0]!.articles[0]!.id, subject: line.subject, steps };
    for (const step of steps) for (const a of step.articles) storylineOf.set(a.id, storyline);
    for (const step of steps) if (step.storyId) storyOf.get(step.articles[0]!.id)!.storylineId = storyline.id;
    return storyline;
  });
  return { stories, storylines, storyOf, storylineOf };
}

/** The result `memo` keeps under `key`, or `make`'s, then kept there. */
function remembered(memo: StoryMemo, key: string, make: () => ClusterResult): ClusterResult {
  const kept = memo.get(key);
  if (kept) return kept;
  const made = make();
  memo.put(key, made);
  return made;
}

/** The lead: best quality, then hottest, then first reported. */
export function pickLead(members: readonly Article[]): Article {
  return [...members].sort((a, b) => (b.quality ?? -1) - (a.quality ?? -1) || (b.heat ?? -1) - (a.heat ?? -1) || a.time - b.time || compareText(a.id, b.id))[0]!;
}

function distinctProviders(members: readonly Article[]): Provider[] {
  const seen = new Map<string, Provider>();
  for (const m of members) if (!seen.has(m.provider.domain)) seen.set(m.provider.domain, m.provider);
  return [...seen.values()];
}
