import { describe, expect, it } from "vitest";
import { buildAbout } from "../src/about.ts";
import { buildCard, type CardContext } from "../src/cards.ts";
import { EXCERPT_LENGTH, LATEST_ARTICLES, buildHome, rankHomeItems } from "../src/home.ts";
import { DEFAULT_RANK_WEIGHTS } from "../src/rank.ts";
import type { StorySet } from "../src/stories.ts";
import { article, story } from "./helpers/article.ts";

const herald = { name: "The Herald", domain: "herald.example" };
const wire = { name: "Metro Wire", domain: "wire.example" };
const daily = { name: "Coast Daily", domain: "daily.example" };
const members = [
  article({ id: "s1", publishedAt: "2024-03-04T09:00:00Z", provider: herald, quality: 80 }),
  article({ id: "s2", publishedAt: "2024-03-04T12:00:00Z", provider: wire, quality: 60, images: [{ url: "https://img.example/s2.jpg", width: 800, height: 450 }] }),
  article({ id: "s3", publishedAt: "2024-03-05T09:00:00Z", provider: herald, quality: 50 }),
  article({ id: "s4", publishedAt: "2024-03-05T10:00:00Z", provider: daily, quality: 40 }),
];
const tram = story(members, members[0]);
const singles = Array.from({ length: 15 }, (_, i) => article({ id: `o${String(i).padStart(2, "0")}`, publishedAt: `2024-02-${String(i + 1).padStart(2, "0")}T09:00:00Z`, quality: 30 }));
const seeds = [...members, ...singles];
const set: StorySet = { stories: [tram], storylines: [], storyOf: new Map(members.map((m) => [m.id, tram])), storylineOf: new Map() };
const ctx: CardContext = { zone: "UTC", preview: false, topicUrl: () => null, hasSourcePage: () => true };
const cards = new Map(seeds.map((a) => [a.id, buildCard(a, ctx)]));
const buildTime = Date.parse("2024-03-06T00:00:00Z");
const ranked = rankHomeItems(seeds, set, buildTime, DEFAULT_RANK_WEIGHTS);
const home = buildHome({ seeds, ranked, cards, zone: "UTC" }, [], [], null);

describe("buildHome", () => {
  it("puts the best-ranked story first, its lead card linking to the story page", () => {
    const top = home.stories[0]!;
    expect(top).toMatchObject({ url: "/stories/s1/", headline: "Title s1", count: 4, coverageLabel: "4 articles from 3 sources", rangeLabel: "4–5 March 2024" });
    expect(top.lead.pageUrl).toBe("/stories/s1/");
    expect(top.lead.story).toBeNull();
  });

  it("lends the story the best member picture when its lead has none", () => {
    expect(home.stories[0]!.lead.image!.url).toBe("https://img.example/s2.jpg");
  });

  it("shows more coverage from other providers only, one article each", () => {
    expect(home.stories[0]!.more.map((c) => c.provider.name)).toEqual(["Metro Wire", "Coast Daily"]);
  });

  it("shows single articles as stories of one, linking to their article page, with no coverage line", () => {
    const single = home.stories.find((s) => s.count === 1)!;
    expect(single.url).toMatch(/^\/articles\/o\d\d\/$/);
    expect(single.coverageLabel).toBe("");
  });

  it("lists the latest articles newest first, leaving out the leads shown above", () => {
    const leads = new Set(home.stories.map((s) => s.lead.id));
    expect(home.latest).toHaveLength(Math.min(LATEST_ARTICLES, seeds.length - leads.size));
    expect(home.latest.some((c) => leads.has(c.id))).toBe(false);
    const times = home.latest.map((c) => c.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(home.latest[0]!.id).toBe("s4");
  });
});

describe("buildAbout", () => {
  it("explains the score from the configured weights", () => {
    const about = buildAbout({ quality: 1, heat: 0.5, size: 2, recency: 3, halfLifeDays: 7 }, []);
    expect(about.formula).toBe("score = 1 × quality + 0.5 × heat + 2 × size + 3 × recency");
    expect(about.parts.map((p) => [p.name, p.weight])).toEqual([["quality", "1"], ["heat", "0.5"], ["size", "2"], ["recency", "3"]]);
    expect(about.halfLifeLabel).toBe("every 7 days");
    expect(about.parts[3]!.explanation).toContain("÷ 7");
  });

  it("takes the top stories' scores apart into weighted parts that add up", () => {
    const about = buildAbout(DEFAULT_RANK_WEIGHTS, ranked);
    expect(about.examples).toHaveLength(5);
    const first = about.examples[0]!;
    expect(first).toMatchObject({ headline: "Title s1", url: "/stories/s1/" });
    const sum = [first.quality, first.heat, first.size, first.recency].map(Number).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(Number(first.score), 1);
  });
});

describe("rankHomeItems", () => {
  it("ranks every story and lone article once, and the home page shows the head of that ranking", () => {
    expect(ranked.map((item) => item.id)).toHaveLength(1 + singles.length);
    expect(new Set(ranked.map((item) => item.id)).size).toBe(ranked.length);
    const later = rankHomeItems(seeds, set, buildTime + 86_400_000, DEFAULT_RANK_WEIGHTS);
    expect(later).not.toBe(ranked);
    expect(later.map((item) => item.id)).toHaveLength(ranked.length);
    expect(home.stories.map((s) => s.url)).toEqual(ranked.slice(0, home.stories.length).map((item) => (item.story ? `/stories/${item.id}/` : cards.get(item.id)!.pageUrl)));
  });
});

describe("home excerpts", () => {
  it("shortens the excerpts of top stories so the page stays light", () => {
    const long = article({ id: "long", publishedAt: "2024-03-05T23:00:00Z", quality: 99, excerpt: "word ".repeat(100).trim() });
    const view = buildHome({ seeds: [long], ranked: rankHomeItems([long], { stories: [], storylines: [], storyOf: new Map(), storylineOf: new Map() }, buildTime, DEFAULT_RANK_WEIGHTS), cards: new Map([["long", buildCard(long, ctx)]]), zone: "UTC" }, [], [], null);
    expect(view.stories[0]!.lead.excerpt.length).toBeLessThanOrEqual(EXCERPT_LENGTH.lead);
    expect(view.stories[0]!.lead.excerpt.endsWith("…")).toBe(true);
  });
});
