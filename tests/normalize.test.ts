import { describe, expect, it } from "vitest";
import { SeedSchemaError } from "../src/errors.ts";
import { articleId, normalizeSeed, seedId } from "../src/normalize.ts";
import { parseSeed } from "../src/parse.ts";
import { validateSeed } from "../src/validate.ts";
import { seedFile, seedText } from "./helpers/seed.ts";

const normalize = (overrides: Record<string, unknown> = {}, name?: string) => {
  const parsed = parseSeed(seedFile(seedText(overrides), name));
  const { record, problems } = validateSeed(parsed);
  return normalizeSeed(parsed, record, problems);
};

describe("normalizeSeed", () => {
  it("gives the seed's article its file id, safe link, canonical key and offset-kept date", () => {
    const { article } = normalize({ webUrl: "https://www.KTLA.com/news/x/?utm_source=tw#top", publishedDateTime: "2021-01-13T05:47:00+05:30" });
    expect(article.id).toBe("0123456789abcdef");
    expect(article.url).toBe("https://www.ktla.com/news/x/?utm_source=tw#top");
    expect(article.canonical).toBe("ktla.com/news/x");
    expect(article.publishedAt).toBe("2021-01-13T05:47:00+05:30");
    expect(article.time).toBe(Date.UTC(2021, 0, 13, 0, 17));
  });

  it("reads heat -1 as unknown, not negative", () => {
    expect(normalize({ heat: -1 }).article.heat).toBeNull();
    expect(normalize({ heat: 0 }).article.heat).toBe(0);
  });

  it("reads a score of -0 (YAML's -0.0) as 0: the digest is plain JSON, which has no -0", () => {
    const text = seedText({ heat: 5, quality: 5 }).replace(/^heat: 5$/m, "heat: -0.0").replace(/^quality: 5$/m, "quality: -0.0");
    expect(text).toContain("heat: -0.0");
    const parsed = parseSeed(seedFile(text));
    const { record, problems } = validateSeed(parsed);
    const { article } = normalizeSeed(parsed, record, problems);
    expect(Object.is(article.heat, 0)).toBe(true);
    expect(Object.is(article.quality, 0)).toBe(true);
  });

  it("counts quality above 100 as 100 and names the repair", () => {
    const { article, problems } = normalize({ quality: 127 });
    expect(article.quality).toBe(100);
    expect(problems).toMatchObject([{ severity: "repair", field: "quality", message: "received 127: quality is 0–100; counted as 100" }]);
  });

  it("repairs mojibake in a related title and reports it with its position", () => {
    const related = [{ title: "Banning facial recognition technology: Baltimoreâ€™s bad idea | COMMENTARY", webUrl: "https://www.baltimoresun.com/opinion/x.html" }];
    const { related: items, problems } = normalize({ related });
    expect(items[0]?.title).toBe("Banning facial recognition technology: Baltimore’s bad idea | COMMENTARY");
    expect(items[0]?.opinion).toBe(true);
    expect(problems[0]).toMatchObject({ severity: "repair", field: "related[0].title" });
    expect(problems[0]?.line).toBeGreaterThan(1);
  });

  it("strips markup and decodes entities in text: text is text", () => {
    const { article } = normalize({ title: "<b>Big</b> news &amp; <script>alert(1)</script>more", excerpt: '"><svg onload=alert(1)> hello' });
    expect(article.title).toBe("Big news & more");
    expect(article.excerpt).toBe('"> hello');
  });

  it("rejects a seed whose only link is not http(s)", () => {
    expect(() => normalize({ webUrl: "javascript:alert(1)", originalUrl: undefined })).toThrow(SeedSchemaError);
    expect(() => normalize({ webUrl: "javascript:alert(1)", originalUrl: undefined })).toThrow(/webUrl: received "javascript:alert\(1\)" \(a string\): expected an http\(s\) URL of the article/);
  });

  it("falls back to originalUrl when webUrl is unsafe, and warns", () => {
    const { article, problems } = normalize({ webUrl: "data:text/html,x", originalUrl: "https://ktla.com/a" });
    expect(article.url).toBe("https://ktla.com/a");
    expect(problems).toMatchObject([{ severity: "warning", field: "webUrl" }]);
  });

  it.each(["javascript:alert(1)", "data:image/png;base64,AAAA", "vbscript:msgbox(1)"])("drops an image with a %s URL", (url) => {
    const { article, problems } = normalize({ images: [{ url, width: 10, height: 10 }] });
    expect(article.images).toEqual([]);
    expect(problems[0]).toMatchObject({ severity: "warning", field: "images[0].url" });
  });

  it("leaves out a related item with an unsafe link", () => {
    const related = [{ title: "Bad", webUrl: "vbscript:x" }, { title: "Good", webUrl: "https://example.com/g" }];
    const { related: items, article } = normalize({ related });
    expect(items.map((r) => r.title)).toEqual(["Good"]);
    expect(article.related).toEqual(["example.com/g"]);
  });

  it("ignores a related item that is the article itself", () => {
    const related = [{ title: "Me", webUrl: "http://ktla.com/news/local-news/oversight" }];
    const { article, problems } = normalize({ related });
    expect(article.related).toEqual([]);
    expect(problems.at(-1)?.message).toBe("lists the article itself; that link was ignored");
  });

  it("keys providers by domain", () => {
    expect(normalize({ provider: { name: "KTLA 5", domain: "WWW.KTLA.com" } }).article.provider).toEqual({ name: "KTLA 5", domain: "ktla.com" });
  });

  it("never copies the secured value into an article", () => {
    expect(JSON.stringify(normalize())).not.toContain("c2VjcmV0");
  });
});

describe("ids", () => {
  it.each([
    ["000_27ff6c00ab5f802f.txt", "27ff6c00ab5f802f"],
    ["001700_ABCDEF0123456789.md", "abcdef0123456789"],
    ["my-article.txt", null],
  ])("seedId(%s) = %s", (name, id) => {
    expect(seedId(name)).toBe(id);
  });

  it("gives an article known only by URL a stable 16-hex id", () => {
    expect(articleId("example.com/a")).toMatch(/^[0-9a-f]{16}$/);
    expect(articleId("example.com/a")).toBe(articleId("example.com/a"));
    expect(articleId("example.com/a")).not.toBe(articleId("example.com/b"));
  });
});
