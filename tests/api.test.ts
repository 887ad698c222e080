import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { API_PAGE_SIZE, paginate, renderApiFile, summarizeArticle } from "../src/api.ts";
import { createDigest, partsOf } from "../src/digest.ts";
import { loadSeedFolder } from "../src/load.ts";
import { readOptions } from "../src/options.ts";
import { RELATED_SHOWN } from "../src/pages.ts";
import { siteLinks } from "../src/site-url.ts";
import { generateSeeds } from "../src/synthetic.ts";
import { card } from "./helpers/outputs.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

describe("paginate", () => {
  it("splits a list into pages of 50 with prev/next links and the list of pages", () => {
    const { files, pages } = paginate("/api/articles", Array.from({ length: 120 }, (_, i) => i), (i) => i);
    expect(pages).toEqual(["/api/articles/page/1.json", "/api/articles/page/2.json", "/api/articles/page/3.json"]);
    expect(files.map((f) => (f.data().items as number[]).length)).toEqual([50, 50, 20]);
    expect(files[1]!.data()).toMatchObject({ page: 2, pageCount: 3, count: 120, prev: "/api/articles/page/1.json", next: "/api/articles/page/3.json" });
    expect(files[0]!.data().prev).toBeNull();
  });

  it("writes one empty page for an empty list", () => {
    const { files } = paginate("/api/stories", [], (i) => i);
    expect(files).toHaveLength(1);
    expect(files[0]!.data()).toMatchObject({ page: 1, pageCount: 1, count: 0, items: [] });
  });
});

describe("summarizeArticle", () => {
  it("links the provider's file only when the provider has a page, as the card says", () => {
    expect(summarizeArticle(card(1)).provider.api).toBe("/api/sources/publisher.example.json");
    const related = card(2, { pageUrl: null, provider: { name: "Elsewhere", domain: "elsewhere.example", url: null } });
    expect(summarizeArticle(related)).toMatchObject({ page: null, api: null, provider: { name: "Elsewhere", domain: "elsewhere.example", api: null } });
  });
});

describe("summarizeArticle, asked again", () => {
  it("gives the same summary for the same card, and another for another card", () => {
    const one = card(1);
    expect(summarizeArticle(one)).toBe(summarizeArticle(one));
    expect(summarizeArticle(card(1))).not.toBe(summarizeArticle(one));
    expect(summarizeArticle(card(1))).toEqual(summarizeArticle(one));
  });
});

describe("renderApiFile", () => {
  it("prints site links absolute from SITE_URL and under the path prefix, and leaves original URLs alone", () => {
    const summary = summarizeArticle(card(1));
    const file = { path: "/api/articles/x.json", data: { ...summary, pages: ["/api/a/page/1.json"] } };
    const absolute = JSON.parse(renderApiFile(file, siteLinks("https://example.org", "/")));
    expect(absolute).toMatchObject({ url: "https://publisher.example/a/1?x=1&y=2", page: "https://example.org/articles/c000000000000001/", api: "https://example.org/api/articles/c000000000000001.json", pages: ["https://example.org/api/a/page/1.json"] });
    expect(absolute.provider.api).toBe("https://example.org/api/sources/publisher.example.json");
    expect(absolute.topics[0]).toEqual({ name: "AI", slug: "ai", api: "https://example.org/api/topics/ai.json" });
    const relative = JSON.parse(renderApiFile(file, siteLinks("", "/news/")));
    expect(relative.page).toBe("/news/articles/c000000000000001/");
  });

  it("prints every API file of a site without SITE_URL or a path prefix as plain JSON, the text the link replacer gives", () => {
    const options = readOptions({ SEEDS_DIR: "tests/fixtures/discover", QUIET: "1", UNPUBLISHED: "1" });
    const { digest } = createDigest(loadSeedFolder(options.seedsDir), options);
    const links = siteLinks("", "/");
    expect([links.asIs, siteLinks("", "/news/").asIs, siteLinks("https://example.org", "/").asIs]).toEqual([true, false, false]);
    const sources = [...partsOf(digest).apiSources()];
    expect(sources.length).toBeGreaterThan(30);
    for (const api of sources) {
      const file = { path: api.path, data: api.data() };
      expect(renderApiFile(file, links), api.path).toBe(renderApiFile(file, { ...links, asIs: false }));
    }
  });

  it("prints compact JSON: one line, then a newline", () => {
    const text = renderApiFile({ path: "/api/articles/x.json", data: { ...summarizeArticle(card(1)) } }, siteLinks("", "/"));
    // Printed again compactly, the file's own data gives back the same text.
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
    expect(text.indexOf("\n")).toBe(text.length - 1);
  });
});

describe("the JSON API of a built site", () => {
  let site: BuiltSite;
  const json = (path: string) => JSON.parse(site.read(path));
  beforeAll(async () => {
    site = await buildSite("tests/fixtures/discover", { SITE_URL: "https://example.org" });
  });

  it("has a root that links to every list and counts published content only", () => {
    const root = json("api/index.json");
    expect(root.counts).toEqual({ articles: 12, stories: 1, topics: 5, sources: 6 });
    expect(root.links.articles).toBe("https://example.org/api/articles/index.json");
  });

  it("lists articles newest first in pages, with an index of ids and one file per article", () => {
    const index = json("api/articles/index.json");
    expect(index).toMatchObject({ count: 12, pageSize: API_PAGE_SIZE, pages: ["https://example.org/api/articles/page/1.json"] });
    const page = json("api/articles/page/1.json");
    expect(page.items.map((i: { id: string }) => i.id)).toEqual(index.ids);
    const times = page.items.map((i: { published: string }) => Date.parse(i.published));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const id of index.ids) expect(json(`api/articles/${id}.json`).id).toBe(id);
  });

  it("gives each story its members with why they belong, and its storyline", () => {
    const stories = json("api/stories/index.json");
    expect(stories.ids).toHaveLength(1);
    const story = json(`api/stories/${stories.ids[0]}.json`);
    expect(story.members).toHaveLength(3);
    for (const m of story.members) {
      expect(m.reason).toMatch(/\w/);
      expect(m.url).toMatch(/^https:\/\/(harborherald|baytimes|coastwire)\.example\//);
    }
    expect(story.feed.atom).toBe(`https://example.org/feeds/stories/${story.id}.xml`);
    const member = json(`api/articles/${story.members[0].id}.json`);
    expect(member.story).toMatchObject({ id: story.id, reason: story.members[0].reason });
  });

  it("lists topics and sources with paginated article lists", () => {
    const topics = json("api/topics/index.json");
    const aviation = topics.items.find((t: { slug: string }) => t.slug === "aviation");
    expect(aviation).toMatchObject({ name: "Aviation", articleCount: 5, api: "https://example.org/api/topics/aviation.json" });
    const topic = json("api/topics/aviation.json");
    expect(topic.pages).toEqual(["https://example.org/api/topics/aviation/page/1.json"]);
    expect(json("api/topics/aviation/page/1.json").items).toHaveLength(5);
    const sources = json("api/sources/index.json");
    expect(sources.items.map((s: { domain: string }) => s.domain)).toContain("energy.example");
    expect(json("api/sources/energy.example/page/1.json").items[0].provider.name).toBe("Energy & Power");
  });

  it("leaves unpublished seeds out", () => {
    const all = site.files.filter((f) => f.startsWith("api/")).map((f) => site.read(f)).join("\n");
    expect(all).not.toContain("lighthouse");
    expect(all).not.toContain("drafts.example");
  });

  it("keeps every file small on a larger corpus: only the id indexes grow with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-api-"));
    for (const seed of generateSeeds(240, 7)) writeFileSync(join(dir, seed.name), seed.text);
    const big = await buildSite(dir, { SITE_URL: "https://example.org" });
    const apiFiles = big.files.filter((f) => f.startsWith("api/"));
    const index = JSON.parse(big.read("api/articles/index.json"));
    expect(index.ids.length).toBeGreaterThan(API_PAGE_SIZE * 2);
    expect(index.pages).toHaveLength(Math.ceil(index.ids.length / API_PAGE_SIZE));
    for (const f of apiFiles.filter((p) => p.includes("/page/"))) expect(JSON.parse(big.read(f)).items.length).toBeLessThanOrEqual(API_PAGE_SIZE);
    const sizes = apiFiles.filter((f) => !f.endsWith("index.json")).map((f) => statSync(join(big.dir, f)).size);
    expect(Math.max(...sizes)).toBeLessThan(150_000);
  });

  it("lists at most RELATED_SHOWN.story related articles in a story member's file, the first of its story's file, which lists them all", async () => {
    // The fixture's story of three, each member citing six more articles of its own.
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-api-related-"));
    cpSync("tests/fixtures/discover", dir, { recursive: true });
    for (const [n, name] of ["000_00d15c0000000000.txt", "001_00d15c0000000001.txt", "002_00d15c0000000002.txt"].entries()) {
      const cited = Array.from({ length: 6 }, (_, i) => `  - title: Elsewhere on zeppelins ${n}-${i}\n    webUrl: https://elsewhere.example/zeppelins/${n}-${i}\n    provider:\n      name: Elsewhere\n      domain: elsewhere.example\n`).join("");
      const text = readFileSync(join(dir, name), "utf8");
      writeFileSync(join(dir, name), text.replace("\nrelated:\n", `\nrelated:\n${cited}`));
    }
    const cited = await buildSite(dir, {});
    const read = (path: string) => JSON.parse(cited.read(path));
    const [storyId] = read("api/stories/index.json").ids;
    const story = read(`api/stories/${storyId}.json`);
    expect(story.related.length).toBeGreaterThan(RELATED_SHOWN.story);
    const ids = (list: { id: string }[]) => list.map((r) => r.id);
    for (const member of story.members) {
      const article = read(`api/articles/${member.id}.json`);
      expect(article.relatedCount).toBe(story.related.length);
      expect(ids(article.related)).toEqual(ids(story.related).slice(0, RELATED_SHOWN.story));
    }
    // An article in no story lists all of its related coverage.
    const alone = (read("api/articles/index.json").ids as string[]).map((id) => read(`api/articles/${id}.json`)).filter((a) => a.story === null);
    expect(alone.length).toBeGreaterThan(0);
    for (const article of alone) expect(article.related).toHaveLength(article.relatedCount);
  });
});
