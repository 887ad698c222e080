import { describe, expect, it } from "vitest";
import { noteOrigin, originOf } from "../src/hash.ts";
import { findDuplicates, mergeArticles } from "../src/merge.ts";
import type { NormalizedSeed } from "../src/normalize.ts";
import type { Article } from "../src/types.ts";

const article = (canonical: string, fields: Partial<Article> = {}): Article => ({
  id: canonical.replace(/\W/g, ""), url: `https://${canonical}`, canonical, title: canonical, excerpt: "", publishedAt: "", time: 0,
  provider: { name: "E", domain: "example.com" }, topics: [], images: [], quality: null, heat: null, published: true, isSeed: true,
  files: [`seeds/${canonical.replace(/\W/g, "")}.txt`], related: [], opinion: false, ...fields,
});
const seed = (a: Article, related: Article[] = []): NormalizedSeed => ({ article: { ...a, related: related.map((r) => r.canonical) }, related, problems: [] });

describe("mergeArticles", () => {
  it("keeps a seed article's origin only while the article is its seed's as it was", () => {
    const noted = (s: NormalizedSeed, key: string) => (noteOrigin(s.article, "seed", key.repeat(64)), s);
    const alone = noted(seed(article("e.com/a")), "a");
    const poor = noted(seed(article("e.com/b", { files: ["seeds/1.txt"] })), "b");
    const rich = noted(seed(article("e.com/b", { files: ["seeds/2.txt"], excerpt: "longer" })), "c");
    // Same id as e.com/a's, so it gets another.
    const clash = noted(seed(article("e.com/z", { id: "ecoma", files: ["seeds/z.txt"] })), "d");
    const { articles } = mergeArticles([alone, poor, rich, clash]);
    expect(originOf(articles.get("e.com/a")!)).toBe(originOf(alone.article));
    expect(originOf(articles.get("e.com/a")!)).toBeDefined();
    expect(originOf(articles.get("e.com/b")!)).toBeUndefined();
    expect(articles.get("e.com/z")!.id).not.toBe("ecoma");
    expect(originOf(articles.get("e.com/z")!)).toBeUndefined();
  });

  it("keeps one article per canonical URL, the richest copy, and every file", () => {
    const poor = seed(article("e.com/a", { files: ["seeds/1.txt"], excerpt: "" }));
    const rich = seed(article("e.com/a", { files: ["seeds/2.txt"], excerpt: "long excerpt", topics: ["AI"] }));
    const { articles, duplicates } = mergeArticles([poor, rich]);
    expect([...articles.values()]).toMatchObject([{ excerpt: "long excerpt", files: ["seeds/1.txt", "seeds/2.txt"], topics: ["AI"] }]);
    expect(duplicates).toEqual(new Map([["seeds/1.txt", "seeds/2.txt"]]));
  });

  it("prefers a published copy over an unpublished one and does not mix their data", () => {
    const hidden = seed(article("e.com/a", { files: ["seeds/1.txt"], published: false, excerpt: "draft text that is longer", topics: ["Secret"] }));
    const shown = seed(article("e.com/a", { files: ["seeds/2.txt"], excerpt: "public" }));
    const [kept] = mergeArticles([hidden, shown]).articles.values();
    expect(kept).toMatchObject({ excerpt: "public", topics: [], published: true, files: ["seeds/1.txt", "seeds/2.txt"] });
  });

  it("lets a seed's own data win over a related item's for the same URL", () => {
    const cited = article("e.com/b", { isSeed: false, title: "as cited", files: [] });
    const merged = mergeArticles([seed(article("e.com/a"), [cited]), seed(article("e.com/b", { title: "as published" }))]);
    expect(merged.articles.get("e.com/b")!.title).toBe("as published");
    expect(merged.articles.get("e.com/b")!.isSeed).toBe(true);
  });

  it("keeps the fullest excerpt of an outside article cited by several seeds", () => {
    const short = article("o.com/x", { isSeed: false, excerpt: "short", files: [] });
    const long = article("o.com/x", { isSeed: false, excerpt: "a longer excerpt", files: [] });
    const merged = mergeArticles([seed(article("e.com/a"), [short]), seed(article("e.com/b"), [long])]);
    expect(merged.articles.get("o.com/x")!.excerpt).toBe("a longer excerpt");
    expect([...merged.articles.keys()]).toEqual(["e.com/a", "e.com/b", "o.com/x"]);
  });
});

describe("findDuplicates", () => {
  it("finds duplicates among all valid seeds, published or not", () => {
    const a = seed(article("e.com/a", { files: ["seeds/1.txt"], published: false }));
    const b = seed(article("e.com/a", { files: ["seeds/2.txt"], published: false, excerpt: "more" }));
    expect(findDuplicates([a, b])).toEqual(new Map([["seeds/1.txt", "seeds/2.txt"]]));
  });
});
