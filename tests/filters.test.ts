import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { fastEscape, fastFrameSet, jsonScript, plural, siteHref } from "../src/filters.ts";

describe("filters", () => {
  it("makes JSON safe inside a script element", () => {
    expect(jsonScript({ a: "</script><b>&" })).toBe('{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}');
    expect(JSON.parse(jsonScript({ a: "</script>" }))).toEqual({ a: "</script>" });
    expect(jsonScript({ a: "plain", n: 1 })).toBe('{"a":"plain","n":1}');
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

  it("sets Nunjucks frame variables as Nunjucks' own Frame.set does", () => {
    // The Nunjucks Eleventy renders with (it ships no types).
    const { Frame } = createRequire(import.meta.url)("nunjucks").runtime;
    const original = Frame.prototype.set;
    const run = (set: unknown) => {
      const saved = Frame.prototype.set;
      Frame.prototype.set = set;
      try {
        const root = new Frame();
        root.set("topic", "ai");
        const isolated = new Frame(root, true);
        const inner = root.push().push();
        for (let i = 0; i < 3; i++) {
          inner.set("card", { i });
          inner.set("loop.index", i + 1);
          inner.set("loop.first", i === 0);
          inner.set("a.b.c", i);
        }
        inner.set("topic", "climate", true);
        inner.set("fresh", 1, true);
        isolated.set("topic", "kept apart", true);
        return [root.variables, root.push().variables, inner.variables, isolated.variables];
      } finally {
        Frame.prototype.set = saved;
      }
    };
    expect(run(fastFrameSet())).toEqual(run(original));
    expect(run(fastFrameSet())[2]).toEqual({ card: { i: 2 }, loop: { index: 3, first: false }, a: { b: { c: 2 } }, fresh: 1 });
  });

  it("escapes HTML exactly as Nunjucks does, and gives a value with nothing to escape back as it is", () => {
    const require = createRequire(import.meta.url);
    const lib = require("nunjucks/src/lib.js") as { escape: ((value: string) => string) & { fast?: true } };
    // Nunjucks' own rule, written out (the module's may be this very patch already).
    const entities: Record<string, string> = { "&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;", "\\": "&#92;" };
    const reference = (value: string) => value.replace(/[&"'<>\\]/g, (c) => entities[c]!);
    const fast = fastEscape(lib.escape);
    const alphabet = ["a", "Z", "0", " ", "&", '"', "'", "<", ">", "\\", "é", "😀", "\u2028", "&amp;", "\n", "/"];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 20_000; i++) {
      let value = "";
      for (let n = random(24); n > 0; n--) value += alphabet[random(alphabet.length)];
      expect(fast(value)).toBe(reference(value));
      expect(lib.escape(value)).toBe(reference(value));
    }
    const plain = "Thousands ride the harbour tram line on its first day";
    expect(fast(plain)).toBe(plain);
    expect(fast(`<script>alert("x")</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});

