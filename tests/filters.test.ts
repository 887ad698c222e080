import { describe, expect, it } from "vitest";
import { jsonScript, memoizeUrlFilter, plural } from "../src/filters.ts";

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

  it("calls Eleventy's url filter once per distinct path", () => {
    const calls: string[] = [];
    const url = memoizeUrlFilter((value) => {
      calls.push(value);
      return `/news${value}`;
    });
    expect([url("/a/"), url("/a/"), url("/b/")]).toEqual(["/news/a/", "/news/a/", "/news/b/"]);
    expect(calls).toEqual(["/a/", "/b/"]);
  });
});
