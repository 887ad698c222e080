import { describe, expect, it } from "vitest";
import { readSeed } from "../src/seeds.ts";
import { generateSeeds } from "../src/synthetic.ts";

describe("generateSeeds", () => {
  it("is deterministic for a count and a seed, and differs across seeds", () => {
    expect(generateSeeds(40, 3)).toEqual(generateSeeds(40, 3));
    expect(generateSeeds(40, 3)).not.toEqual(generateSeeds(40, 4));
  });

  it("writes valid seed files with unique names, some unpublished, some in stories", () => {
    const seeds = generateSeeds(300, 1);
    expect(new Set(seeds.map((s) => s.name)).size).toBe(300);
    const outcomes = seeds.map((s) => readSeed({ path: s.name, name: s.name, bytes: new TextEncoder().encode(s.text) }));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const articles = outcomes.flatMap((o) => (o.ok ? [o.seed.article] : []));
    const unpublished = articles.filter((a) => !a.published).length;
    expect(unpublished).toBeGreaterThan(30);
    expect(unpublished).toBeLessThan(150);
    const urls = new Set(articles.map((a) => a.canonical));
    expect(articles.some((a) => a.related.some((r) => urls.has(r)))).toBe(true);
  });
});
