import { describe, expect, it } from "vitest";
import { jsonScript, plural, siteHref } from "../src/filters.ts";

describe("filters", () => {
  it("makes JSON safe inside a script element", () => {
    expect(jsonScript({ a: "</script><b>&" })).toBe('{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}');
    expect(JSON.parse(jsonScript({ a: "</script>" }))).toEqual({ a: "</script>" });
  });

  it.each([
    [1, "article", undefined, "1 article"],
    [2, "article", undefined, "2 articles"],
    [1200, "story", "stories", "1,200 stories"],
  ])("plural(%s, %s)", (n, singular, pluralForm, expected) => {
    expect(plural(n, singular, pluralForm)).toBe(expected);
  });

  it.each([
    ["/", "/", "/"],
    ["/", "/articles/a1/", "/articles/a1/"],
    ["/news/", "/", "/news/"],
    ["/news/", "/articles/a1/", "/news/articles/a1/"],
    ["news", "/style.css", "/news/style.css"],
    ["/news/", "https://example.org/a", "https://example.org/a"],
    ["/news/", "//cdn.example.org/a", "//cdn.example.org/a"],
  ])("href under path prefix %s: %s → %s", (prefix, value, expected) => {
    expect(siteHref(prefix)(value)).toBe(expected);
  });
});
