import { describe, expect, it } from "vitest";
import { PLACEHOLDER_TONES, buildCard, countLabel, placeholderOf, shortenText, storyImage, type CardContext } from "../src/cards.ts";
import { article } from "./helpers/article.ts";

const ctx: CardContext = {
  zone: "UTC",
  preview: false,
  topicUrl: (name) => (name === "Transit" ? "/topics/transit/" : null),
  hasSourcePage: (domain) => domain === "herald.example",
  storyOf: (id) => (id === "a" ? { id: "s", size: 4 } : null),
};

describe("buildCard", () => {
  it("shows title, provider, date, excerpt, topics and the seed's picture with its size", () => {
    const card = buildCard(article({ id: "a", title: "Trams return", topics: ["Transit", "Unknown"], images: [{ url: "https://img.example/a.jpg", width: 1200, height: 675 }] }), ctx);
    expect(card).toMatchObject({
      title: "Trams return",
      pageUrl: "/articles/a/",
      href: "https://herald.example/a",
      provider: { name: "The Herald", domain: "herald.example", url: "/sources/herald.example/" },
      dateIso: "2024-03-04T09:00:00Z",
      dateLabel: "4 March 2024",
      topics: [{ label: "Transit", url: "/topics/transit/" }],
      image: { url: "https://img.example/a.jpg", width: 1200, height: 675, alt: "Picture for “Trams return” (The Herald)" },
      story: { label: "Part of a story: 4 articles", url: "/stories/s/" },
    });
  });

  it("leaves out the size when the seed does not give it, and links related-only articles to nothing here", () => {
    const card = buildCard(article({ id: "b", isSeed: false, images: [{ url: "https://img.example/b.jpg" }], provider: { name: "Elsewhere", domain: "elsewhere.example" } }), ctx);
    expect(card.image).toMatchObject({ width: null, height: null });
    expect(card.pageUrl).toBeNull();
    expect(card.provider.url).toBeNull();
    expect(card.story).toBeNull();
  });

  it("marks unpublished seeds only in a preview build", () => {
    const draft = article({ id: "c", published: false });
    expect(buildCard(draft, ctx).unpublished).toBe(false);
    expect(buildCard(draft, { ...ctx, preview: true }).unpublished).toBe(true);
  });

  it("keeps the opinion flag of the title", () => {
    expect(buildCard(article({ id: "d", title: "Opinion: trams", opinion: true }), ctx).opinion).toBe(true);
  });
});

describe("placeholderOf", () => {
  it("names the provider on a tint that is the same on every build", () => {
    const a = placeholderOf("The Herald", "herald.example");
    expect(a).toEqual(placeholderOf("The Herald", "herald.example"));
    expect(a.label).toBe("The Herald");
    expect(a.tone).toBeGreaterThanOrEqual(0);
    expect(a.tone).toBeLessThan(PLACEHOLDER_TONES);
  });
});

describe("storyImage", () => {
  const pic = (url: string, width = 800, height = 450) => [{ url, width, height }];
  it("uses the lead's own picture when it has one", () => {
    const lead = article({ id: "l", images: pic("https://img.example/lead.jpg") });
    expect(storyImage(lead, [lead, article({ id: "m", quality: 99, images: pic("https://img.example/m.jpg") })])!.url).toBe("https://img.example/lead.jpg");
  });

  it("borrows the best member picture (highest quality, then largest) when the lead has none", () => {
    const lead = article({ id: "l" });
    const small = article({ id: "s", quality: 70, images: pic("https://img.example/s.jpg", 400, 300) });
    const large = article({ id: "g", quality: 70, images: pic("https://img.example/g.jpg", 1600, 900), title: "Big picture" });
    const worse = article({ id: "w", quality: 20, images: pic("https://img.example/w.jpg", 4000, 3000) });
    const image = storyImage(lead, [lead, small, large, worse])!;
    expect(image.url).toBe("https://img.example/g.jpg");
    expect(image.alt).toBe("Picture for “Big picture” (The Herald)");
  });

  it("gives none when no member has a picture", () => {
    const lead = article({ id: "l" });
    expect(storyImage(lead, [lead, article({ id: "x" })])).toBeNull();
  });
});

describe("countLabel", () => {
  it("says 1 article, 2 articles, 1,204 stories", () => {
    expect([countLabel(1, "article"), countLabel(2, "article"), countLabel(1204, "story", "stories")]).toEqual(["1 article", "2 articles", "1,204 stories"]);
  });
});

describe("shortenText", () => {
  it("keeps short text and cuts long text at a word, with an ellipsis", () => {
    expect(shortenText("Trams return.", 40)).toBe("Trams return.");
    expect(shortenText("The harbour tram line opened to passengers on Monday morning", 30)).toBe("The harbour tram line opened…");
    expect(shortenText("Supercalifragilisticexpialidocious words", 12)).toBe("Supercalifr…");
    expect(shortenText("Trams, buses, ferries and more", 14)).toBe("Trams, buses…");
  });

  it("never cuts an emoji in half", () => {
    // "🔥" is two UTF-16 units, the 9th and 10th: a cut at 9 units would keep half of it.
    for (let max = 8; max <= 12; max++) {
      const short = shortenText("abcdefgh🔥ijklmnop", max);
      expect(short.length).toBeLessThanOrEqual(max);
      expect(short, `max ${max}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(shortenText("abcdefgh🔥ijklmnop", 10)).toBe("abcdefgh…");
    expect(shortenText("abcdefgh🔥ijklmnop", 11)).toBe("abcdefgh🔥…");
  });
});
