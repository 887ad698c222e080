import { parseAtomFeed, parseJsonFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFeed, feedPath, renderAtom, renderJsonFeed, type FeedView } from "../src/feeds.ts";
import { siteLinks } from "../src/site-url.ts";
import { card, jsonFeedProblems, parseXml } from "./helpers/outputs.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const SOURCE = { title: "AI · Broadsheet", description: "The newest articles about AI.", pageUrl: "/topics/ai/", paths: (ext: "xml" | "json") => feedPath.topic("ai", ext) };
const withSite = siteLinks("https://example.org", "/news/");
const noSite = siteLinks("", "/news/");

describe("buildFeed", () => {
  it("keeps the latest 50 entries, newest first, and dates the feed by the newest", () => {
    const feed = buildFeed({ ...SOURCE, cards: Array.from({ length: 60 }, (_, i) => card(i)) });
    expect(feed.entries).toHaveLength(50);
    expect(feed.entries[0]!.id).toBe(card(59).id);
    expect(feed.entries[49]!.id).toBe(card(10).id);
    expect(feed.updated).toBe(new Date(card(59).time).toISOString());
    expect(feed.atomPath).toBe("/feeds/topics/ai.xml");
  });
});

describe("renderAtom", () => {
  const hostile = card(1, { title: "Q&A: <b>bold</b> ]]> \"quotes\"", excerpt: "x < y & z ]]>", provider: { name: "A & <B>", domain: "ab.example", url: null }, topics: [{ label: "R&D <lab>", url: "/topics/r-and-d/" }] });
  const feed: FeedView = buildFeed({ ...SOURCE, cards: [card(2), hostile] });

  it("writes well-formed Atom that a feed parser reads back, with absolute links from SITE_URL", () => {
    const xml = renderAtom(feed, withSite, "Broadsheet");
    parseXml(xml);
    const parsed = parseAtomFeed(xml);
    expect(parsed.id).toBe("https://example.org/news/feeds/topics/ai.xml");
    expect(parsed.links).toContainEqual(expect.objectContaining({ rel: "self", href: "https://example.org/news/feeds/topics/ai.xml" }));
    expect(parsed.entries).toHaveLength(2);
    const entry = parsed.entries![1]!;
    expect(entry.links![0]!.href).toBe("https://publisher.example/a/1?x=1&y=2");
    expect(entry.id).toBe("https://example.org/news/articles/c000000000000001/");
    expect(entry.authors![0]!.name).toBe("A & <B>");
    expect(entry.categories).toContainEqual(expect.objectContaining({ term: "r-and-d", label: "R&D <lab>", scheme: "https://example.org/news/topics/r-and-d/" }));
    expect(entry.authors![0]!.uri).toBe("https://ab.example/");
  });

  it("escapes seed text as HTML: titles and excerpts read back as the text, never as markup", () => {
    const xml = renderAtom(feed, withSite, "Broadsheet");
    const parsed = parseAtomFeed(xml);
    const entry = parsed.entries![1]!;
    expect(entry.title).toEqual({ type: "html", value: "Q&amp;A: &lt;b&gt;bold&lt;/b&gt; ]]&gt; &quot;quotes&quot;" });
    expect(entry.content!.value).toContain('<a href="https://example.org/news/articles/c000000000000001/">Coverage on Broadsheet</a>');
    expect(entry.content!.value).toContain('<a href="https://publisher.example/a/1?x=1&amp;y=2">Read at A &amp; &lt;B&gt;</a>');
    expect(xml).not.toContain("<b>bold");
  });

  it("stays valid without SITE_URL: a tag URI for the feed, original URLs for entries, no self link", () => {
    const xml = renderAtom(feed, noSite, "Broadsheet");
    const parsed = parseAtomFeed(xml);
    expect(parsed.id).toBe("tag:broadsheet,2023:/feeds/topics/ai.xml");
    expect(parsed.links ?? []).toEqual([]);
    expect(parsed.entries!.map((e) => e.id)).toEqual([card(2).href, hostile.href]);
    expect(parsed.entries![0]!.content!.value).toContain('href="/news/articles/c000000000000002/"');
  });
});

describe("renderJsonFeed", () => {
  it("writes JSON Feed 1.1: url is the page here, external_url the original, authors and tags", () => {
    const feed = buildFeed({ ...SOURCE, cards: [card(1, { image: { url: "https://img.example/1.jpg", width: 10, height: 10, alt: "" } })] });
    const doc = JSON.parse(renderJsonFeed(feed, withSite, "Broadsheet"));
    expect(jsonFeedProblems(doc)).toEqual([]);
    expect(parseJsonFeed(doc).items).toHaveLength(1);
    expect(doc.feed_url).toBe("https://example.org/news/feeds/topics/ai.json");
    expect(doc.items[0]).toMatchObject({
      url: "https://example.org/news/articles/c000000000000001/",
      external_url: "https://publisher.example/a/1?x=1&y=2",
      image: "https://img.example/1.jpg",
      authors: [{ name: "Publisher", url: "https://publisher.example/" }],
      tags: ["AI"],
    });
  });

  it("prints compact JSON, like the API: one line, then a newline", () => {
    const text = renderJsonFeed(buildFeed({ ...SOURCE, cards: [card(1), card(2)] }), withSite, "Broadsheet");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
    expect(text.indexOf("\n")).toBe(text.length - 1);
  });
});

describe("feeds of a built site", () => {
  let site: BuiltSite;
  let bare: BuiltSite;
  beforeAll(async () => {
    site = await buildSite("tests/fixtures/discover", { SITE_URL: "https://example.org/" });
    bare = await buildSite("tests/fixtures/discover", {}, "/news/");
  });

  it("has Atom and JSON feeds for the site, every topic, every story and every storyline", () => {
    const topics = site.files.filter((f) => /^topics\/[^/]+\/index\.html$/.test(f)).map((f) => f.split("/")[1]);
    const stories = site.files.filter((f) => /^stories\/[^/]+\/index\.html$/.test(f)).map((f) => f.split("/")[1]);
    expect(stories.length).toBeGreaterThan(0);
    for (const ext of ["xml", "json"] as const) {
      expect(site.files).toContain(`feeds/all.${ext}`);
      for (const t of topics) expect(site.files).toContain(`feeds/topics/${t}.${ext}`);
      for (const s of stories) expect(site.files).toContain(`feeds/stories/${s}.${ext}`);
    }
    expect(site.files.some((f) => f.startsWith("feeds/storylines/"))).toBe(true);
  });

  it("parses every feed with a real parser, newest first, each entry linking to the original and to its page", () => {
    const feeds = site.files.filter((f) => f.startsWith("feeds/"));
    for (const path of feeds.filter((f) => f.endsWith(".xml"))) {
      parseXml(site.read(path));
      const parsed = parseAtomFeed(site.read(path));
      const times = parsed.entries!.map((e) => Date.parse(e.updated!));
      expect(times, path).toEqual([...times].sort((a, b) => b - a));
      for (const entry of parsed.entries!) {
        expect(entry.links![0]!.href).toMatch(/^https:\/\/(?!example\.org)/);
        expect(entry.content!.value).toMatch(/href="https:\/\/example\.org\/articles\/[0-9a-f]{16}\/"/);
      }
    }
    for (const path of feeds.filter((f) => f.endsWith(".json"))) {
      const doc = JSON.parse(site.read(path));
      expect(jsonFeedProblems(doc), path).toEqual([]);
      expect(doc.items.every((i: { url: string }) => i.url.startsWith("https://example.org/articles/")), path).toBe(true);
    }
  });

  it("keeps unpublished seeds out of every feed", () => {
    const all = site.files.filter((f) => f.startsWith("feeds/")).map((f) => site.read(f)).join("\n");
    expect(all).not.toContain("lighthouse");
    expect(site.files.some((f) => f.includes("secret-topic"))).toBe(false);
  });

  it("announces feeds with autodiscovery links on the pages they follow", () => {
    const topic = site.read("topics/aviation/index.html");
    expect(topic).toContain('<link rel="alternate" type="application/atom+xml" title="Aviation · Broadsheet (Atom)" href="https://example.org/feeds/topics/aviation.xml">');
    expect(topic).toContain('type="application/feed+json" title="Broadsheet: latest articles (JSON Feed)" href="https://example.org/feeds/all.json"');
    const story = site.files.find((f) => /^stories\/[^/]+\/index\.html$/.test(f))!;
    const id = story.split("/")[1];
    expect(site.read(story)).toContain(`href="https://example.org/feeds/stories/${id}.xml"`);
  });

  it("builds valid feeds without SITE_URL, linking under the path prefix", () => {
    const xml = bare.read("feeds/all.xml");
    const parsed = parseAtomFeed(xml);
    expect(parsed.id).toMatch(/^tag:broadsheet,2023:/);
    expect(parsed.entries!.length).toBeGreaterThan(0);
    const doc = JSON.parse(bare.read("feeds/all.json"));
    expect(jsonFeedProblems(doc)).toEqual([]);
    expect(doc.feed_url).toBe("/news/feeds/all.json");
    expect(bare.read("index.html")).toContain('href="/news/feeds/all.xml"');
  });
});
