import { describe, expect, it } from "vitest";
import { buildCard, type CardContext } from "../src/cards.ts";
import { buildIndex, groupByMonthAndDay, listingPages, type ListingInput } from "../src/listing.ts";

/** Every page of one topic or source, its view made. */
const buildListingPages = (input: ListingInput, zone: string) => listingPages(input, zone).map((page) => page.view());
import { article } from "./helpers/article.ts";

const ctx: CardContext = { zone: "UTC", preview: false, topicUrl: () => null, hasSourcePage: () => true };
/** n cards one day apart from 1 January 2024, newest first. */
const cards = (n: number) =>
  Array.from({ length: n }, (_, i) => buildCard(article({ id: `a${String(i).padStart(3, "0")}`, publishedAt: new Date(Date.UTC(2024, 0, 1 + i, 9)).toISOString() }), ctx)).reverse();

describe("groupByMonthAndDay", () => {
  it("groups newest-first cards by month, then by day, each day linking to its archive page", () => {
    const months = groupByMonthAndDay(cards(35), "UTC");
    expect(months.map((m) => m.label)).toEqual(["February 2024", "January 2024"]);
    expect(months[0]!.days[0]).toMatchObject({ key: "2024-02-04", label: "Sunday 4 February 2024", url: "/2024/02/04/" });
    expect(months[1]!.days.at(-1)!.label).toBe("Monday 1 January 2024");
  });

  it("uses the display time zone for the day", () => {
    const late = buildCard(article({ id: "z", publishedAt: "2024-01-31T23:30:00Z" }), ctx);
    expect(groupByMonthAndDay([late], "Asia/Tokyo")[0]!.days[0]!.key).toBe("2024-02-01");
    expect(groupByMonthAndDay([late], "UTC")[0]!.days[0]!.key).toBe("2024-01-31");
  });
});

describe("listingPages", () => {
  it("gives a short list one front page with a chart and no pager", () => {
    const [page, ...rest] = buildListingPages({ kind: "topic", url: "/topics/transit/", title: "Transit", cards: cards(3) }, "UTC");
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ url: "/topics/transit/", title: "Transit", subtitle: "3 articles", pageLabel: "", cardCount: 3, pager: null, index: { label: "All topics", url: "/topics/" } });
    expect(page!.chart!.title).toBe("Articles per day");
  });

  it("splits a long list into stable pages that say which page and which dates they hold", () => {
    const pages = buildListingPages({ kind: "source", url: "/sources/herald.example/", title: "The Herald", note: "herald.example", cards: cards(45) }, "UTC");
    expect(pages.map((p) => p.url)).toEqual(["/sources/herald.example/", "/sources/herald.example/page/1/", "/sources/herald.example/page/2/", "/sources/herald.example/page/3/"]);
    expect(pages[0]!.subtitle).toBe("45 articles · herald.example");
    expect(pages[1]).toMatchObject({ subtitle: "Page 1 of 3 · 20 articles, 1–20 January 2024", pageLabel: ", page 1", cardCount: 20, chart: null });
    expect(pages[3]!.subtitle).toBe("Page 3 of 3 · 5 articles, 10–14 February 2024");
    expect(pages.every((p) => p.cardCount <= 20)).toBe(true);
    expect(pages[0]!.index).toEqual({ label: "All sources", url: "/sources/" });
  });
});

describe("buildIndex", () => {
  it("lists each topic or source with its count and note, in the order given", () => {
    const index = buildIndex([
      { kind: "source", url: "/sources/a.example/", title: "A", note: "a.example", cards: cards(2) },
      { kind: "source", url: "/sources/b.example/", title: "B", cards: cards(1) },
    ]);
    expect(index).toEqual([
      { label: "A", url: "/sources/a.example/", count: 2, countLabel: "2 articles", note: "a.example" },
      { label: "B", url: "/sources/b.example/", count: 1, countLabel: "1 article", note: "" },
    ]);
  });
});
