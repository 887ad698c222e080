import { describe, expect, it } from "vitest";
import { groupProviders } from "../src/providers.ts";
import { groupTopics, mostCommon } from "../src/topics.ts";
import type { Article } from "../src/types.ts";

const article = (id: string, time: number, topics: string[], provider = { name: "E", domain: "example.com" }): Article => ({
  id, url: "", canonical: id, title: id, excerpt: "", publishedAt: "", time, provider, topics, images: [], quality: null, heat: null,
  published: true, isSeed: true, files: [], related: [], opinion: false,
});

describe("groupTopics", () => {
  it("merges case, space and Unicode forms into one topic with a slug, newest articles first", () => {
    const groups = groupTopics([article("a", 1, ["Café"]), article("b", 3, ["cafe\u0301 "]), article("c", 2, ["CAFÉ", "AI"])]);
    expect(groups).toEqual([
      { key: "café", name: "CAFÉ", slug: "cafe", articleIds: ["b", "c", "a"] },
      { key: "ai", name: "AI", slug: "ai", articleIds: ["c"] },
    ]);
  });

  it("gives a topic with a non-Latin name a URL-safe slug", () => {
    const [group] = groupTopics([article("a", 1, ["人工知能"])]);
    expect(group!.slug).toMatch(/^[a-z0-9-]+$/);
  });

  it("counts an article once even when it lists a topic twice", () => {
    expect(groupTopics([article("a", 1, ["AI", "ai"])])[0]!.articleIds).toEqual(["a"]);
  });
});

describe("mostCommon", () => {
  it("picks the spelling used most, ties to the first in code-point order", () => {
    expect(mostCommon(new Map([["Ai", 1], ["AI", 2]]))).toBe("AI");
    expect(mostCommon(new Map([["ai", 1], ["AI", 1]]))).toBe("AI");
  });
});

describe("groupProviders", () => {
  it("keys providers by domain and names them by their most used name", () => {
    const groups = groupProviders([
      article("a", 1, [], { name: "KTLA", domain: "ktla.com" }),
      article("b", 2, [], { name: "KTLA 5", domain: "ktla.com" }),
      article("c", 3, [], { name: "KTLA", domain: "ktla.com" }),
      article("d", 4, [], { name: "Gizmodo", domain: "gizmodo.com" }),
    ]);
    expect(groups).toEqual([
      { domain: "ktla.com", name: "KTLA", articleIds: ["c", "b", "a"] },
      { domain: "gizmodo.com", name: "Gizmodo", articleIds: ["d"] },
    ]);
  });
});
