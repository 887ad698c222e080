import { describe, expect, it } from "vitest";
import { DEFAULT_RANK_WEIGHTS, neutralHeat, rankStories, scoreStory } from "../src/rank.ts";
import type { Article } from "../src/types.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2023, 0, 31);
const article = (id: string, fields: Partial<Article> = {}): Article => ({
  id, url: `https://example.com/${id}`, canonical: `example.com/${id}`, title: id, excerpt: "", publishedAt: "", time: NOW, provider: { name: "E", domain: "example.com" },
  topics: [], images: [], quality: 50, heat: null, published: true, isSeed: true, files: [], related: [], opinion: false, ...fields,
});
const story = (id: string, ...members: Article[]) => ({ id, members });

describe("scoreStory", () => {
  it("counts unknown heat as the neutral value, never as negative", () => {
    const unknown = scoreStory(story("a", article("a", { heat: null })), NOW, DEFAULT_RANK_WEIGHTS, 0.3);
    expect(unknown.parts.heat).toBe(0.3);
    const cold = scoreStory(story("b", article("b", { heat: 0 })), NOW, DEFAULT_RANK_WEIGHTS, 0.3);
    expect(unknown.score).toBeGreaterThan(cold.score);
  });

  it("halves recency every half-life", () => {
    const old = scoreStory(story("a", article("a", { time: NOW - 7 * DAY })), NOW, DEFAULT_RANK_WEIGHTS, 0.5);
    expect(old.parts.recency).toBeCloseTo(0.5);
  });

  it("gives a single article no size bonus and a bigger story more", () => {
    expect(scoreStory(story("a", article("a")), NOW, DEFAULT_RANK_WEIGHTS, 0.5).parts.size).toBe(0);
    expect(scoreStory(story("a", article("a"), article("b")), NOW, DEFAULT_RANK_WEIGHTS, 0.5).parts.size).toBe(0.5);
  });

  it("follows the configured weights", () => {
    const weights = { ...DEFAULT_RANK_WEIGHTS, quality: 10, heat: 0, size: 0, recency: 0 };
    expect(scoreStory(story("a", article("a", { quality: 80 })), NOW, weights, 0.5).score).toBe(8);
  });
});

describe("rankStories", () => {
  it("breaks ties by newest, then by id, whatever the input order", () => {
    const items = [story("b", article("b")), story("a", article("a")), story("c", article("c", { time: NOW + 1 }))];
    const weights = { ...DEFAULT_RANK_WEIGHTS, recency: 0 };
    expect(rankStories(items, NOW, weights, 0.5).map((s) => s.id)).toEqual(["c", "a", "b"]);
    expect(rankStories([...items].reverse(), NOW, weights, 0.5).map((s) => s.id)).toEqual(["c", "a", "b"]);
  });

  it("ranks a fresh, widely covered story above an old single article", () => {
    const ranked = rankStories([story("old", article("old", { time: NOW - 60 * DAY, quality: 100 })), story("new", article("n1"), article("n2"), article("n3"))], NOW, DEFAULT_RANK_WEIGHTS, 0.5);
    expect(ranked[0]!.id).toBe("new");
  });
});

describe("neutralHeat", () => {
  it("is the mean known heat term, or 0.5 when no heat is known", () => {
    expect(neutralHeat([article("a", { heat: 100 }), article("b", { heat: null })])).toBe(0.5);
    expect(neutralHeat([article("a", { heat: 300 }), article("b", { heat: 0 })])).toBe(0.375);
    expect(neutralHeat([article("a")])).toBe(0.5);
  });
});
