import { beforeAll, describe, expect, it } from "vitest";
import { siteLinks } from "../src/site-url.ts";
import { bestImage, cardsIn } from "../src/metadata.ts";
import { renderRobots, renderSitemap, sitemapEntries, splitSitemaps, SITEMAP_LIMIT } from "../src/sitemap.ts";
import { card, parseXml } from "./helpers/outputs.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const links = siteLinks("https://example.org", "/");

/** Every JSON-LD block of a page, parsed. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
}

function metaContent(html: string, attr: "property" | "name", key: string): string | undefined {
  return new RegExp(`<meta ${attr}="${key.replace(/[:.]/g, "\\$&")}" content="([^"]*)">`).exec(html)?.[1];
}

describe("sitemaps", () => {
  it("keeps one sitemap up to 50,000 URLs and splits past that behind a sitemap index", () => {
    const entries = Array.from({ length: SITEMAP_LIMIT + 1 }, (_, i) => ({ path: `/articles/${i}/`, lastmod: i * 1000 }));
    expect(splitSitemaps(entries.slice(0, SITEMAP_LIMIT))).toHaveLength(1);
    const files = splitSitemaps(entries);
    expect(files.map((f) => [f.path, f.kind, f.entries.length])).toEqual([
      ["/sitemap.xml", "index", 2],
      ["/sitemaps/1.xml", "urlset", SITEMAP_LIMIT],
      ["/sitemaps/2.xml", "urlset", 1],
    ]);
    const index = parseXml(renderSitemap(files[0]!, links)) as { sitemapindex: { sitemap: { loc: string; lastmod: string }[] } };
    expect(index.sitemapindex.sitemap[1]).toEqual({ loc: "https://example.org/sitemaps/2.xml", lastmod: new Date(SITEMAP_LIMIT * 1000).toISOString().replace(".000", "") });
  });

  it("dates a page by the newest article it shows, and other pages by the newest page under them", () => {
    const entries = sitemapEntries([
      { url: "/", data: {} },
      { url: "/about/", data: {} },
      { url: "/404.html", data: {} },
      { url: "/topics/ai/", data: { pagination: { items: [{ url: "/topics/ai/", months: [{ days: [{ items: [card(3), card(1)] }] }] }] } } },
      { url: "/articles/x/", data: { pagination: { items: [{ card: card(2), related: [card(5)] }] } } },
    ]);
    expect(entries).toEqual([
      { path: "/", lastmod: card(5).time },
      { path: "/about/", lastmod: null },
      { path: "/articles/x/", lastmod: card(5).time },
      { path: "/topics/ai/", lastmod: card(3).time },
    ]);
  });

  it("writes robots.txt that points at the sitemap, and keeps crawlers out of preview builds", () => {
    expect(renderRobots(links, false, true)).toBe("User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n");
    expect(renderRobots(siteLinks("", "/"), true, false)).toBe("User-agent: *\nDisallow: /\n");
  });
});

describe("view helpers", () => {
  it("finds every card of a view model once, in page order", () => {
    expect(cardsIn({ lead: card(1), days: [{ items: [card(1), card(2)] }], related: [card(3)] }).map((c) => c.id)).toEqual([card(1).id, card(2).id, card(3).id]);
  });

  it("picks the first card's picture, else the largest", () => {
    const img = (w: number) => ({ url: `https://img.example/${w}.jpg`, width: w, height: w, alt: "" });
    expect(bestImage([card(1), card(2, { image: img(10) }), card(3, { image: img(50) })])?.width).toBe(50);
    expect(bestImage([card(1, { image: img(5) }), card(3, { image: img(50) })])?.width).toBe(5);
    expect(bestImage([card(1)])).toBeNull();
  });
});

describe("metadata of a built site", () => {
  let site: BuiltSite;
  let bare: BuiltSite;
  beforeAll(async () => {
    site = await buildSite("tests/fixtures/discover", { SITE_URL: "https://example.org/news" }, "/news/");
    bare = await buildSite("tests/fixtures/discover", {});
  });
  const pages = () => site.files.filter((f) => f.endsWith(".html") && !f.startsWith("pagefind/"));
  const originals = /^https:\/\/(harborherald|baytimes|coastwire|energy|artsdaily|culturepost)\.example\//;

  it("gives every page one absolute canonical link and JSON-LD that parses", () => {
    for (const file of pages()) {
      const html = site.read(file);
      const canonical = [...html.matchAll(/<link rel="canonical" href="([^"]+)">/g)].map((m) => m[1]);
      expect(canonical, file).toHaveLength(1);
      const path = file === "404.html" ? "404.html" : file.replace(/index\.html$/, "");
      expect(canonical[0], file).toBe(`https://example.org/news/${path}`);
      expect(() => jsonLd(html), file).not.toThrow();
    }
  });

  it("marks list, topic, story and day pages as a CollectionPage whose ItemList points at the original articles", () => {
    const story = pages().find((f) => f.startsWith("stories/"))!;
    const listPages = ["index.html", "topics/aviation/index.html", "sources/energy.example/index.html", "2024/03/04/index.html", story];
    for (const file of listPages) {
      const [ld] = jsonLd(site.read(file));
      expect(ld, file).toMatchObject({ "@context": "https://schema.org", "@type": "CollectionPage" });
      const list = ld!.mainEntity as { "@type": string; numberOfItems: number; itemListElement: { position: number; url: string; item: { "@type": string } }[] };
      expect(list["@type"], file).toBe("ItemList");
      expect(list.numberOfItems, file).toBe(list.itemListElement.length);
      expect(list.itemListElement.length, file).toBeGreaterThan(0);
      list.itemListElement.forEach((e, i) => {
        expect(e.position).toBe(i + 1);
        expect(e.url, file).toMatch(originals);
        expect(e.item["@type"]).toBe("NewsArticle");
        // The excerpt and image are in the card beside it: repeated here, they were a third of the JSON-LD.
        expect(Object.keys(e.item).sort(), file).toEqual(["@type", "datePublished", "headline", "publisher", "url"]);
      });
    }
    const storyLd = jsonLd(site.read(story))[0]!.mainEntity as { itemListElement: unknown[] };
    expect(storyLd.itemListElement).toHaveLength(3);
  });

  it("marks article pages as a NewsArticle about the original, seen from its page here", () => {
    const file = pages().find((f) => f.startsWith("articles/00d15c0000000003"))!;
    const [ld] = jsonLd(site.read(file));
    expect(ld).toMatchObject({
      "@type": "NewsArticle",
      headline: "Quarterly report: solar farms outpace coal & gas ]]> again",
      url: "https://energy.example/solar-outpaces-coal",
      datePublished: "2024-02-10T08:00:00Z",
      publisher: { "@type": "Organization", name: "Energy & Power" },
      mainEntityOfPage: { "@id": "https://example.org/news/articles/00d15c0000000003/" },
    });
    // Its own excerpt, unlike an item of a list.
    expect(ld!.description).toEqual(expect.stringMatching(/\w/));
  });

  it("has OpenGraph and Twitter card tags, with the story's best image", () => {
    const story = site.read(pages().find((f) => f.startsWith("stories/"))!);
    expect(metaContent(story, "property", "og:title")).toBe("Harbor city council votes to ban zeppelin tours over the bay");
    expect(metaContent(story, "property", "og:image")).toBe("https://img.example/zeppelin-1.jpg");
    expect(metaContent(story, "property", "og:url")).toMatch(/^https:\/\/example\.org\/news\/stories\//);
    expect(metaContent(story, "name", "twitter:card")).toBe("summary_large_image");
    expect(metaContent(story, "name", "twitter:image:alt")).toBe(metaContent(story, "property", "og:image:alt"));
    // Title, description and image come from OpenGraph's tags (X falls back to them): not twice on every page.
    for (const key of ["twitter:title", "twitter:description", "twitter:image"]) expect(metaContent(story, "name", key), key).toBeUndefined();
    const article = site.read("articles/00d15c0000000003/index.html");
    expect(metaContent(article, "property", "og:type")).toBe("article");
    expect(metaContent(article, "property", "og:image")).toBe("https://ktla.com/image.jpeg");
    expect(metaContent(site.read("about/index.html"), "name", "twitter:card")).toBe("summary");
    expect(metaContent(article, "property", "og:title")).toBe("Quarterly report: solar farms outpace coal &amp; gas ]]&gt; again");
  });

  it("lists every page in a well-formed sitemap.xml with lastmod, and robots.txt points at it", () => {
    const xml = parseXml(site.read("sitemap.xml")) as { urlset: { url: { loc: string; lastmod?: string }[] } };
    const locs = xml.urlset.url.map((u) => u.loc);
    const expected = pages().filter((f) => f !== "404.html" && f !== "search/index.html").map((f) => `https://example.org/news/${f.replace(/index\.html$/, "")}`);
    expect([...locs].sort()).toEqual([...expected].sort());
    const byLoc = new Map(xml.urlset.url.map((u) => [u.loc, u.lastmod]));
    expect(byLoc.get("https://example.org/news/topics/aviation/")).toBe("2025-03-10T09:30:00Z");
    expect(byLoc.get("https://example.org/news/articles/00d15c0000000003/")).toBe("2024-02-10T08:00:00Z");
    expect(byLoc.get("https://example.org/news/")).toBe("2025-03-10T09:30:00Z");
    expect(site.read("robots.txt")).toContain("Sitemap: https://example.org/news/sitemap.xml");
  });

  it("without SITE_URL: site-relative canonical links, no og:url and no sitemap", () => {
    const html = bare.read("topics/aviation/index.html");
    expect(html).toContain('<link rel="canonical" href="/topics/aviation/">');
    expect(metaContent(html, "property", "og:url")).toBeUndefined();
    expect(bare.files).not.toContain("sitemap.xml");
    expect(bare.read("robots.txt")).toBe("User-agent: *\nAllow: /\n");
  });
});
