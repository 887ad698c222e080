import { describe, expect, it } from "vitest";
import { buildCard, type CardContext } from "../src/cards.ts";
import { createDigest } from "../src/digest.ts";
import { buildArticlePage, buildStoryPage, buildTimelineView } from "../src/pages.ts";
import { readOptions } from "../src/options.ts";
import { article, story, storyline } from "./helpers/article.ts";
import { seedFile, seedText } from "./helpers/seed.ts";

const ctx: CardContext = { zone: "UTC", preview: false, topicUrl: () => null, hasSourcePage: () => true, storyOf: () => ({ id: "a1", size: 3 }) };
const herald = { name: "The Herald", domain: "herald.example" };
const wire = { name: "Metro Wire", domain: "wire.example" };
const a1 = article({ id: "a1", publishedAt: "2024-03-04T09:00:00Z", provider: herald });
const a2 = article({ id: "a2", publishedAt: "2024-03-04T21:00:00Z", provider: wire, images: [{ url: "https://img.example/a2.jpg", width: 640, height: 480 }] });
const a3 = article({ id: "a3", publishedAt: "2024-03-06T08:00:00Z", provider: herald });
const later = article({ id: "b1", publishedAt: "2024-09-10T11:00:00Z" });
const tram = story([a1, a2, a3]);
const line = storyline("harbour tram line", [tram, later]);
const cards = new Map([a1, a2, a3, later].map((a) => [a.id, buildCard(a, ctx)]));
const related = [buildCard(article({ id: "r1", isSeed: false, publishedAt: "2024-03-03T10:00:00Z" }), ctx)];

describe("buildStoryPage", () => {
  const page = buildStoryPage(tram, tram.members.map((m) => cards.get(m.id)!), related, line, "UTC");

  it("fills the coverage panel: how many, by whom, first and latest, the range", () => {
    expect(page.coverage).toEqual({
      articles: 3,
      providers: 2,
      summary: "3 articles from 2 sources",
      providerNames: "The Herald, Metro Wire",
      firstBy: "The Herald",
      firstLabel: "4 March 2024",
      latestBy: "The Herald",
      latestLabel: "6 March 2024",
      rangeLabel: "4–6 March 2024",
    });
  });

  it("groups its articles by day, oldest first, each with its reason and no link back to itself", () => {
    expect(page.days.map((d) => [d.label, d.items.map((c) => c.id)])).toEqual([
      ["Monday 4 March 2024", ["a1", "a2"]],
      ["Wednesday 6 March 2024", ["a3"]],
    ]);
    expect(page.days[0]!.items[0]).toMatchObject({ reason: "reason for a1", story: null });
  });

  it("keeps related coverage apart, borrows a member picture and charts articles per day", () => {
    expect(page.related.map((c) => c.id)).toEqual(["r1"]);
    expect(page.image!.url).toBe("https://img.example/a2.jpg");
    expect(page.chart!.rows).toEqual([
      { label: "4 March 2024", count: "2 articles" },
      { label: "6 March 2024", count: "1 article" },
    ]);
  });

  it("shows the storyline with a gap marker and the current story marked", () => {
    expect(page.timeline).toEqual({
      subject: "harbour tram line",
      entries: [
        { headline: "Title a1", url: "/stories/a1/", dateLabel: "4–6 March 2024", count: 3, countLabel: "3 articles", current: true, gapBefore: null },
        { headline: "Title b1", url: "/articles/b1/", dateLabel: "10 September 2024", count: 1, countLabel: "1 article", current: false, gapBefore: "6 months later" },
      ],
    });
  });
});

describe("buildTimelineView", () => {
  it("marks the step that holds an article when the article stands alone", () => {
    expect(buildTimelineView(line, "b1", "UTC").entries.map((e) => e.current)).toEqual([false, true]);
  });
});

describe("buildArticlePage", () => {
  const page = buildArticlePage(a2, cards.get("a2")!, tram, line, [...related, cards.get("a2")!], "UTC");

  it("lists its story in brief, oldest first, with itself marked", () => {
    expect(page.story).toMatchObject({ url: "/stories/a1/", headline: "Title a1", summary: "3 articles from 2 sources, 4–6 March 2024", reason: "reason for a2" });
    expect(page.story!.entries.map((e) => [e.title, e.provider, e.dateLabel, e.current])).toEqual([
      ["Title a1", "The Herald", "4 March 2024", false],
      ["Title a2", "Metro Wire", "4 March 2024", true],
      ["Title a3", "The Herald", "6 March 2024", false],
    ]);
  });

  it("links to its day, shows the storyline, and never lists itself as related coverage", () => {
    expect(page.day).toEqual({ label: "More from 4 March 2024", url: "/2024/03/04/" });
    expect(page.timeline!.entries[0]!.current).toBe(true);
    expect(page.related.map((c) => c.id)).toEqual(["r1"]);
    expect(page.card.story).toBeNull();
  });
});

describe("createDigest views", () => {
  const files = Array.from({ length: 23 }, (_, i) =>
    seedFile(
      seedText({
        title: `Harbour notice number ${i}`,
        webUrl: `https://herald.example/notice-${i}`,
        originalUrl: `https://herald.example/notice-${i}`,
        publishedDateTime: `2024-01-${String(i + 1).padStart(2, "0")}T10:00:00Z`,
        topics: ["Harbour"],
        provider: { name: "The Herald", domain: "herald.example" },
        related: undefined,
        published: i !== 22,
      }),
      `${String(i).padStart(3, "0")}_${(i + 1).toString(16).padStart(16, "0")}.txt`,
    ),
  );
  const { digest } = createDigest({ files, ignored: [] }, readOptions({ QUIET: "1" }));

  it("paginates topics and sources with stable numbered pages, page 1 the oldest", () => {
    expect(digest.topicPages.map((p) => p.url)).toEqual(["/topics/harbour/", "/topics/harbour/page/1/", "/topics/harbour/page/2/"]);
    expect(digest.topicPages[1]!.months.at(-1)!.days.at(-1)!.items[0]!.title).toBe("Harbour notice number 0");
    expect(digest.sourcePages[0]).toMatchObject({ url: "/sources/herald.example/", subtitle: "22 articles · herald.example" });
  });

  it("builds a day page per day, month and year indexes, and leaves unpublished seeds out", () => {
    expect(digest.archive.days).toHaveLength(22);
    expect(digest.archive.months.map((m) => m.url)).toEqual(["/2024/01/"]);
    expect(digest.archive.years.map((y) => y.url)).toEqual(["/2024/"]);
    expect(digest.articles.map((a) => a.card.title)).not.toContain("Harbour notice number 22");
  });

  it("counts the site and indexes topics and sources with labels", () => {
    expect(digest.edition.summary).toMatch(/^22 articles in \d+ stor(y|ies)$/);
    expect(digest.indexes.topics).toEqual([{ label: "Harbour", url: "/topics/harbour/", count: 22, countLabel: "22 articles", note: "" }]);
    expect(digest.topicIndex).toEqual([{ label: "Harbour", url: "/topics/harbour/", count: 22 }]);
    expect(digest.home.stories.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
  });
});
