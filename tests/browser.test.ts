/**
 * The fixture site as readers meet it: served under a path prefix, opened in Debian's Chromium.
 * Every page kind renders without console errors or failed requests, navigation works with
 * clicks and the keyboard, nothing overflows a 320 px screen, and axe-core finds no violations
 * in the light or the dark colour scheme.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, openSite, type OpenSite } from "./helpers/browser.ts";
import { buildSite } from "./helpers/site.ts";

const PREFIX = "/news/";
const PAGE_KINDS: [string, string][] = [
  ["home", "/"],
  ["story", "/stories/c993ba9e0c6a0f34/"],
  ["article", "/articles/c993ba9e0c6a0f34/"],
  ["topic front page", "/topics/transit/"],
  ["numbered topic page", "/topics/transit/page/1/"],
  ["topics index", "/topics/"],
  ["source page", "/sources/harbourton-herald.example/"],
  ["sources index", "/sources/"],
  ["day", "/2024/03/04/"],
  ["month", "/2024/03/"],
  ["year", "/2024/"],
  ["archive", "/archive/"],
  ["about", "/about/"],
  ["404", "/no-such-page/"],
];

let site: OpenSite;

beforeAll(async () => {
  const built = await buildSite("tests/fixtures/site", {}, PREFIX);
  site = await openSite(built.dir, PREFIX);
});
afterAll(async () => {
  await site?.close();
});

describe.each(PAGE_KINDS)("the %s page", (kind, path) => {
  it("renders with a heading, no console errors and no failed requests", async () => {
    const status = await site.visit(path, { notFound: kind === "404" });
    expect(status).toBe(kind === "404" ? 404 : 200);
    expect(await site.page.locator("h1").first().isVisible()).toBe(true);
    expect(await site.page.locator("link[rel=stylesheet]").evaluate((l: HTMLLinkElement) => l.sheet !== null)).toBe(true);
    expect(site.problems).toEqual([]);
  });

  it.each([
    ["light", 1280],
    ["dark", 375],
  ] as const)("has no axe-core violations in the %s scheme (%i px wide)", async (colorScheme, width) => {
    await site.page.emulateMedia({ colorScheme });
    await site.page.setViewportSize({ width, height: 800 });
    await site.visit(path, { notFound: kind === "404" });
    const violations = await axeViolations(site.page);
    await site.page.emulateMedia({ colorScheme: "light" });
    await site.page.setViewportSize({ width: 1280, height: 800 });
    expect(violations).toEqual([]);
  });

  it("fits a 320 px screen without sideways scrolling", async () => {
    await site.page.setViewportSize({ width: 320, height: 640 });
    await site.visit(path, { notFound: kind === "404" });
    const overflow = await site.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await site.page.setViewportSize({ width: 1280, height: 800 });
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe("navigation", () => {
  const here = () => new URL(site.page.url()).pathname;

  it("leads from a top story to its story page and on to the next episode of its storyline", async () => {
    await site.visit("/");
    const first = site.page.locator(".story__title a").first();
    const headline = (await first.textContent())!.trim();
    await first.click();
    expect((await site.page.locator("h1").textContent())!.trim()).toBe(headline);
    await expect.poll(here).toMatch(/^\/news\/(stories|articles)\/[0-9a-f]{16}\/$/);
    await site.visit("/stories/c993ba9e0c6a0f34/");
    await site.page.locator(".storyline__entry a").first().click();
    await expect.poll(here).toMatch(/^\/news\/stories\/[0-9a-f]{16}\/$/);
    await expect.poll(here).not.toBe("/news/stories/c993ba9e0c6a0f34/");
    expect(site.problems).toEqual([]);
  });

  it("goes through the menu to a topic and back through its pages", async () => {
    await site.visit("/");
    await site.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Topics" }).click();
    await expect.poll(here).toBe("/news/topics/");
    await site.page.getByRole("link", { name: "Transit" }).click();
    await expect.poll(here).toBe("/news/topics/transit/");
    await site.page.getByRole("link", { name: "Older →" }).click();
    await expect.poll(here).toBe("/news/topics/transit/page/1/");
    expect(await site.page.locator(".pager [aria-current=page]").textContent()).toBe("1");
    await site.page.getByRole("link", { name: "Newest" }).click();
    await expect.poll(here).toBe("/news/topics/transit/");
  });

  it("steps from day to day in the archive, and up to the month", async () => {
    await site.visit("/2024/03/04/");
    await site.page.locator(".steps__next").click();
    await expect.poll(here).toBe("/news/2024/03/05/");
    await site.page.locator(".steps__prev").click();
    await expect.poll(here).toBe("/news/2024/03/04/");
    await site.page.locator(".kicker a").last().click();
    await expect.poll(here).toBe("/news/2024/03/");
  });

  it("takes a reader from an article to the original with rel=noopener noreferrer", async () => {
    await site.visit("/articles/c993ba9e0c6a0f34/");
    const button = site.page.locator("a.button");
    expect(await button.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await button.getAttribute("href")).toMatch(/^https:\/\/harbourton-herald\.example\//);
  });

  it("sends a lost reader home from the 404 page", async () => {
    await site.visit("/deep/missing/page/", { notFound: true });
    await site.page.getByRole("link", { name: "Today’s top stories" }).click();
    await expect.poll(here).toBe("/news/");
  });

  it("starts keyboard focus on a visible skip link with a visible outline", async () => {
    await site.visit("/");
    await site.page.keyboard.press("Tab");
    const focused = site.page.locator(":focus");
    expect(await focused.textContent()).toBe("Skip to content");
    const box = (await focused.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
    await site.page.keyboard.press("Enter");
    // Following the link is a navigation of its own: wait for it rather than read the URL at once.
    await expect.poll(() => new URL(site.page.url()).hash, { timeout: 5000 }).toBe("#main");
  });

  it("needs no JavaScript to read: no page but search loads a script", async () => {
    for (const [kind, path] of PAGE_KINDS) {
      await site.visit(path, { notFound: kind === "404" });
      expect(await site.page.locator("script[src]").count(), path).toBe(0);
    }
  });
});
