import { describe, expect, it } from "vitest";
import { siteLinks } from "../src/site-url.ts";

describe("siteLinks", () => {
  it.each([
    ["", "/", "/", "/articles/x/"],
    ["", "/news/", "/news/", "/news/articles/x/"],
    ["https://example.org", "/", "https://example.org/", "https://example.org/articles/x/"],
    ["https://example.org", "/news/", "https://example.org/news/", "https://example.org/news/articles/x/"],
    ["https://example.org/news", "/news/", "https://example.org/news/", "https://example.org/news/articles/x/"],
    ["https://example.org/a", "news", "https://example.org/a/news/", "https://example.org/a/news/articles/x/"],
    // A prefix's space or non-ASCII letter is percent-encoded (an href cannot hold a space); its escapes stay.
    ["", "/a b/", "/a%20b/", "/a%20b/articles/x/"],
    ["", "/a%20b/", "/a%20b/", "/a%20b/articles/x/"],
    ["", "/nachrichten-ü/", "/nachrichten-%C3%BC/", "/nachrichten-%C3%BC/articles/x/"],
    ["https://example.org", "/a b/", "https://example.org/a%20b/", "https://example.org/a%20b/articles/x/"],
    ["https://example.org/a%20b", "/a b/", "https://example.org/a%20b/", "https://example.org/a%20b/articles/x/"],
  ])("SITE_URL=%j with prefix %j → home %s, article %s", (siteUrl, prefix, home, article) => {
    const links = siteLinks(siteUrl, prefix);
    expect(links.home).toBe(home);
    expect(links.to("/articles/x/")).toBe(article);
    expect(links.absolute).toBe(siteUrl !== "");
  });
});
