/**
 * Test helper: articles, stories and storylines built in memory for the view-model tests.
 * `article({ id: "a", publishedAt: "2024-03-04T09:00:00Z" })` fills every other field plausibly.
 */
import type { Story, Storyline } from "../../src/stories.ts";
import type { Article } from "../../src/types.ts";

/** An article with overrides; `time` follows `publishedAt` unless given. */
export function article(overrides: Partial<Article> & { id: string }): Article {
  const publishedAt = overrides.publishedAt ?? "2024-03-04T09:00:00Z";
  const domain = overrides.provider?.domain ?? "herald.example";
  return {
    url: `https://${domain}/${overrides.id}`,
    canonical: `${domain}/${overrides.id}`,
    title: `Title ${overrides.id}`,
    excerpt: `Excerpt of ${overrides.id}.`,
    publishedAt,
    time: Date.parse(publishedAt),
    provider: { name: "The Herald", domain },
    topics: ["Transit"],
    images: [],
    quality: 50,
    heat: null,
    published: true,
    isSeed: true,
    files: [`seeds/${overrides.id}.txt`],
    related: [],
    opinion: false,
    ...overrides,
  };
}

/** A story of the given members (sorted oldest first), led by the first unless `lead` is given. */
export function story(members: Article[], lead: Article = members[0]!): Story {
  const sorted = [...members].sort((a, b) => a.time - b.time);
  const providers = [...new Map(sorted.map((m) => [m.provider.domain, m.provider])).values()];
  return {
    id: sorted[0]!.id,
    members: sorted,
    lead,
    headline: lead.title,
    start: sorted[0]!.time,
    end: sorted[sorted.length - 1]!.time,
    providers,
    reasons: Object.fromEntries(sorted.map((m) => [m.id, `reason for ${m.id}`])),
  };
}

/** A storyline whose steps are the given stories or single articles, oldest first. */
export function storyline(subject: string, steps: (Story | Article)[]): Storyline {
  const built = steps.map((s) => ("members" in s ? { storyId: s.id, articles: s.members, time: s.start } : { articles: [s], time: s.time }));
  built.sort((a, b) => a.time - b.time);
  return { id: built[0]!.articles[0]!.id, subject, steps: built };
}
