import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assignSlugs, slugify, topicKey } from "../src/slug.ts";

describe("slugify", () => {
  it.each([
    ["Facial Recognition", "facial-recognition"],
    ["Déjà Vu!", "deja-vu"],
    ["Zürich", "zuerich"],
    ["Ærø", "aero"],
    ["Привет мир", "privet-mir"],
    ["Ελλάδα", "ellada"],
    ["OpenAI", "openai"],
    ["5G", "5g"],
    ["COVID-19", "covid-19"],
    ["AT&T", "at-and-t"],
    ["  Privacy -- Rules  ", "privacy-rules"],
    ["a/b\\c", "a-b-c"],
    ["C++", "c"],
    ["مرحبا", "mrhba"],
  ])("slugs %j as %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it.each(["人工知能", "😀", "🎉🎉", "!!!", "../", ".", "..", "", "   ", "/", "\\"])(
    "falls back to t- and a hash for %j, which transliterates to nothing",
    (name) => {
      expect(slugify(name)).toMatch(/^t-[0-9a-f]{8}$/);
    },
  );

  it("hashes the NFC, lower-case, trimmed name for the fallback", () => {
    const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 8);
    expect(slugify("人工知能")).toBe(`t-${sha1("人工知能")}`);
    expect(slugify(" 人工知能 ")).toBe(slugify("人工知能"));
    expect(slugify("人工知能")).not.toBe(slugify("量子計算"));
  });

  it("cuts long names to 80 characters at a hyphen", () => {
    const slug = slugify("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^(word-)*word$/);
    expect(slugify("x".repeat(100))).toBe("x".repeat(80));
  });

  it.each(["", ".", "..", "../", "a/b", "a\\b", "-", "<script>", "%2e%2e"])(
    "never returns an empty, dot or path-like slug for %j",
    (name) => {
      const slug = slugify(name);
      expect(["", ".", ".."]).not.toContain(slug);
      expect(slug).not.toMatch(/[/\\.]/);
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    },
  );
});

describe("assignSlugs", () => {
  it("gives each distinct name its own slug", () => {
    const slugs = assignSlugs(["Privacy", "Facial Recognition", "Privacy"]);
    expect([...slugs.entries()]).toEqual([
      ["Facial Recognition", "facial-recognition"],
      ["Privacy", "privacy"],
    ]);
  });

  it("numbers colliding slugs -2, -3 in sorted order", () => {
    const slugs = assignSlugs(["C++", "C#", "c"]);
    expect(Object.fromEntries(slugs)).toEqual({ c: "c", "C#": "c-2", "C++": "c-3" });
  });

  it("skips a suffix that another name has as its own slug", () => {
    const slugs = assignSlugs(["c", "C#", "c 2"]);
    expect(Object.fromEntries(slugs)).toEqual({ c: "c", "c 2": "c-2", "C#": "c-3" });
  });

  it("assigns the same slugs whatever the input order", () => {
    const names = ["AI", "ai", "A.I.", "Ai!", "人工知能", "Privacy", "privacy?", "c-2", "C"];
    const expected = Object.fromEntries(assignSlugs(names));
    for (const order of [[...names].reverse(), [...names].sort(), rotate(names, 4)]) {
      expect(Object.fromEntries(assignSlugs(order))).toEqual(expected);
    }
    expect(new Set(Object.values(expected)).size).toBe(names.length);
  });
});

describe("topicKey", () => {
  it.each([
    ["AI", "ai"],
    [" ai ", "ai"],
    ["Ai", "ai"],
    ["ＡＩ", "ai"],
    ["Cafe\u0301", "café"],
    ["Café", "café"],
    ["Facial   Recognition\n", "facial recognition"],
    ["Facial\u00A0Recognition", "facial recognition"],
  ])("keys %j as %j", (name, key) => {
    expect(topicKey(name)).toBe(key);
  });

  it("keys a decomposed and a precomposed é the same", () => {
    expect(topicKey("Cafe\u0301")).toBe(topicKey("Café"));
  });
});

function rotate<T>(items: readonly T[], by: number): T[] {
  return [...items.slice(by), ...items.slice(0, by)];
}
