/**
 * The site built from the fixture corpus, read as files: every page kind where a static host
 * expects it, cards as specified, pagination, page weight, nothing unpublished or secret.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import matter from "gray-matter";
import { beforeAll, describe, expect, it } from "vitest";
import { LATEST_ARTICLES, TOP_STORIES } from "../src/home.ts";
import { PAGE_SIZE } from "../src/paginate.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const FIXTURE = "tests/fixtures/site";
let site: BuiltSite;
let pages: string[];
const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, "g"))?.length ?? 0;

beforeAll(async () => {
  site = await buildSite(FIXTURE);
  pages = site.files.filter((f) => f.endsWith(".html"));
});

describe("page kinds and where they live", () => {
  it("writes every page as an index.html in its folder, and 404.html at the root", () => {
    expect(pages.filter((f) => !f.endsWith("/index.html") && f !== "index.html")).toEqual(["404.html"]);
  });

  it("has a home, story, article, topic, source, day, month, year, archive and about page", () => {
    for (const path of [
      "index.html",
      "stories/c993ba9e0c6a0f34/index.html",
      "articles/c993ba9e0c6a0f34/index.html",
      "topics/index.html",
      "topics/transit/index.html",
      "topics/transit/page/1/index.html",
      "topics/transit/page/2/index.html",
      "sources/index.html",
      "sources/harbourton-herald.example/index.html",
      "sources/harbourton-herald.example/page/2/index.html",
      "2024/03/04/index.html",
      "2024/03/index.html",
      "2024/index.html",
      "archive/index.html",
      "about/index.html",
    ]) {
      expect(site.files, path).toContain(path);
    }
  });

  it("makes a page for every published seed article and for every story", () => {
    expect(pages.filter((f) => f.startsWith("articles/"))).toHaveLength(34);
    expect(pages.filter((f) => f.startsWith("stories/")).length).toBeGreaterThanOrEqual(3);
  });

  it("gives the topic with a non-Latin name a page under its own name", () => {
    const index = site.read("topics/index.html");
    const href = /href="(\/topics\/[^"]+\/)">鉄道</.exec(index)?.[1];
    expect(href).toBeDefined();
    expect(site.read(`${href!.slice(1)}index.html`)).toContain("<h1>鉄道</h1>");
  });
});

describe("paginated templates", () => {
  it("have no body of their own (the page is its layout), which Eleventy is told not to render with Nunjucks", () => {
    const paginated = readdirSync("templates")
      .filter((name) => name.endsWith(".njk"))
      .map((name) => ({ name, ...matter(readFileSync(join("templates", name), "utf8")) }))
      .filter(({ data }) => "pagination" in data);
    expect(paginated.map(({ name }) => name).sort()).toEqual(["article.njk", "day.njk", "month.njk", "source.njk", "story.njk", "topic.njk", "year.njk"]);
    for (const { name, data, content } of paginated) {
      expect(content.trim(), name).toBe("");
      expect(data.templateEngineOverride, name).toBe("html");
      expect(data.layout, name).toMatch(/^layouts\//);
    }
  });
});

describe("pagination", () => {
  it("puts the oldest articles on page 1 and the newest on the topic's front page", () => {
    const front = site.read("topics/transit/index.html");
    const first = site.read("topics/transit/page/1/index.html");
    expect(front).toContain("Council approves harbour tram line extension to the airport");
    expect(front).not.toContain("Bus route 12 gets a new Sunday timetable");
    expect(first).toContain("Bus route 12 gets a new Sunday timetable");
    expect(first).toContain("Page 1 of 2");
  });

  it("lists no more cards on a page than its page size", () => {
    for (const file of pages) {
      const cards = count(site.read(file), /<article class="card[ "]/);
      const limit = file.startsWith("stories/") ? Infinity : PAGE_SIZE;
      expect(cards, file).toBeLessThanOrEqual(limit);
    }
    const home = site.read("index.html");
    expect(count(home, /<article class="story[ "]/)).toBeLessThanOrEqual(TOP_STORIES);
    expect(count(home, /<li[^>]*><p class="meta">/)).toBeLessThanOrEqual(LATEST_ARTICLES);
  });
});

describe("cards and pictures", () => {
  it("gives every picture its size, lazy loading, async decoding, no referrer and alt text", () => {
    for (const file of pages) {
      for (const img of site.read(file).match(/<img [^>]*>/g) ?? []) {
        expect(img, file).toMatch(/ alt="[^"]{10,}"/);
        expect(img, file).toMatch(/ width="\d+" height="\d+"/);
        expect(img, file).toContain('decoding="async"');
        expect(img, file).toContain('referrerpolicy="no-referrer"');
        if (img.includes('class="card__image"')) expect(img, file).toContain('loading="lazy"');
      }
    }
  });

  it("shows a placeholder naming the provider where there is no picture", () => {
    expect(site.read("topics/transit/index.html")).toMatch(/<div class="card__image placeholder tone-\d" aria-hidden="true"><span>Metro Wire<\/span><\/div>/);
  });

  it("opens outside links with rel=noopener noreferrer", () => {
    for (const file of pages) {
      for (const a of site.read(file).match(/<a [^>]*href="https?:[^>]*>/g) ?? []) expect(a, file).toContain('rel="noopener noreferrer"');
    }
  });

  it("labels opinion pieces and commentaries", () => {
    const topic = site.read("topics/transit/index.html");
    expect(count(topic, /<span class="badge badge--opinion">Opinion<\/span>/)).toBe(2);
  });

  it("lets a story borrow a member's picture when its lead has none", () => {
    const story = site.read("stories/c993ba9e0c6a0f34/index.html");
    expect(story).toMatch(/<img class="story-page__image" src="https:\/\/images\./);
  });
});

describe("story pages", () => {
  const story = () => site.read("stories/c993ba9e0c6a0f34/index.html");
  it("has a coverage panel, the articles by day and related coverage kept apart", () => {
    const html = story();
    expect(html).toContain("<dt>First reported by</dt><dd>Harbourton Herald, 4 March 2024</dd>");
    expect(html).toContain("4 articles from 4 sources");
    expect(count(html, /<h3 class="day-heading">/)).toBe(3);
    expect(html).toMatch(/Related coverage <span class="section-heading__note">not part of this story<\/span>/);
    expect(html).toContain("Ferry operators fear the tram will take their passengers");
  });

  it("shows the storyline with a gap marker and the current story highlighted", () => {
    const html = story();
    expect(html).toContain('<li class="storyline__gap">6 months later</li>');
    expect(html).toMatch(/storyline__entry--current"><span class="storyline__date">4–6 March 2024<\/span>\s*<strong aria-current="true">/);
  });

  it("draws the coverage chart as inline SVG with a text alternative", () => {
    const html = story();
    expect(html).toMatch(/<svg class="chart__svg"[^>]* role="img" aria-labelledby="coverage-caption"/);
    expect(html).toContain('<figcaption id="coverage-caption"><strong>Articles per day.</strong> 4 articles, 4–6 March 2024');
    expect(html).toContain("<th scope=\"col\">Day</th>");
  });
});

describe("what is never published", () => {
  it("runs no inline script (JSON-LD data blocks aside) and no inline event handlers", () => {
    for (const file of pages) {
      const html = site.read(file);
      expect(html.match(/<script(?![^>]*\s(src=|type="application\/ld\+json"))[^>]*>/g) ?? [], file).toEqual([]);
      expect(html, file).not.toMatch(/\son[a-z]+="/);
    }
  });

  it("leaves unpublished seeds and secured values out, and never links to localhost", () => {
    for (const file of site.files.filter((f) => /\.(html|css|xml|json|txt)$/.test(f))) {
      const text = site.read(file);
      expect(text, file).not.toContain("must not appear in production");
      expect(text, file).not.toContain("Zml4dHVyZS1zZWNyZXQtbmV2ZXItc2hvd24");
      expect(text, file).not.toMatch(/\/\/(localhost|127\.0\.0\.1)/);
    }
  });

  it("keeps the home page light: HTML and CSS under 60 KB", () => {
    const bytes = statSync(join(site.dir, "index.html")).size + statSync(join(site.dir, "style.css")).size;
    expect(bytes).toBeLessThan(60 * 1024);
  });
});

describe("a preview build", () => {
  it("shows unpublished articles with a badge, under a banner", async () => {
    const preview = await buildSite(FIXTURE, { UNPUBLISHED: "1" });
    const home = preview.read("index.html");
    expect(home).toContain('<p class="preview-banner">');
    const draft = preview.files.find((f) => f.startsWith("articles/") && readFileSync(join(preview.dir, f), "utf8").includes("Draft: tram fares could rise"))!;
    expect(preview.read(draft)).toContain('<span class="badge badge--unpublished">Unpublished</span>');
  });
});
