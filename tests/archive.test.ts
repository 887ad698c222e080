import { describe, expect, it } from "vitest";
import { archivePages } from "../src/archive.ts";
import { buildCard, type CardContext } from "../src/cards.ts";
import { article } from "./helpers/article.ts";

/** The archive's pages as their views, as a digest with every view made holds them. */
function buildArchive(cards: Parameters<typeof archivePages>[0], zone: string) {
  const pages = archivePages(cards, zone);
  return { days: pages.days.map((p) => p.view()), months: pages.months.map((p) => p.view()), years: pages.years.map((p) => p.view()), index: pages.index };
}

const ctx: CardContext = { zone: "UTC", preview: false, topicUrl: () => null, hasSourcePage: () => true };
const card = (id: string, publishedAt: string) => buildCard(article({ id, publishedAt, title: `Title ${id}` }), ctx);
const cards = [
  card("a", "2023-12-31T10:00:00Z"),
  card("b", "2024-03-04T09:00:00Z"),
  card("c", "2024-03-04T18:00:00Z"),
  card("d", "2024-03-06T07:00:00Z"),
  card("e", "2024-04-01T12:00:00Z"),
];

describe("archivePages", () => {
  const archive = buildArchive([...cards].reverse(), "UTC");

  it("makes one page per day that has articles, newest first, with the days before and after", () => {
    expect(archive.days.map((d) => d.url)).toEqual(["/2023/12/31/", "/2024/03/04/", "/2024/03/06/", "/2024/04/01/"]);
    const march4 = archive.days[1]!;
    expect(march4).toMatchObject({
      title: "Monday 4 March 2024",
      subtitle: "2 articles",
      previous: { label: "Sunday 31 December 2023", url: "/2023/12/31/" },
      next: { label: "Wednesday 6 March 2024", url: "/2024/03/06/" },
      month: { label: "March 2024", url: "/2024/03/" },
      year: { label: "2024", url: "/2024/" },
      pager: null,
    });
    expect(march4.cards.map((c) => c.id)).toEqual(["c", "b"]);
    expect(archive.days[0]!.previous).toBeNull();
    expect(archive.days[3]!.next).toBeNull();
  });

  it("makes month pages that list their days with counts and headlines", () => {
    expect(archive.months.map((m) => m.url)).toEqual(["/2023/12/", "/2024/03/", "/2024/04/"]);
    expect(archive.months[1]).toMatchObject({
      title: "March 2024",
      subtitle: "3 articles",
      previous: { label: "December 2023", url: "/2023/12/" },
      next: { label: "April 2024", url: "/2024/04/" },
      year: { label: "2024", url: "/2024/" },
    });
    expect(archive.months[1]!.days[0]).toEqual({
      label: "Monday 4 March 2024",
      url: "/2024/03/04/",
      countLabel: "2 articles",
      headlines: [
        { label: "Title c", url: "/articles/c/" },
        { label: "Title b", url: "/articles/b/" },
      ],
    });
  });

  it("makes year pages with their months and a chart, and an index with the newest year first", () => {
    expect(archive.years.map((y) => [y.title, y.subtitle])).toEqual([["2023", "1 article"], ["2024", "4 articles"]]);
    expect(archive.years[1]!.months.map((m) => m.label)).toEqual(["March 2024", "April 2024"]);
    expect(archive.years[1]!.chart!.unit).toBe("Day");
    expect(archive.years[0]!.next).toEqual({ label: "2024", url: "/2024/" });
    expect(archive.index.years.map((y) => y.label)).toEqual(["2024", "2023"]);
    expect(archive.index.years[0]!.months).toEqual([
      { label: "March", url: "/2024/03/", countLabel: "3 articles" },
      { label: "April", url: "/2024/04/", countLabel: "1 article" },
    ]);
    expect(archive.index.latestDay).toEqual({ label: "Monday 1 April 2024", url: "/2024/04/01/" });
  });

  it("files an article under the day of the display time zone", () => {
    const tokyo = buildArchive([card("x", "2024-03-04T20:00:00Z")], "Asia/Tokyo");
    expect(tokyo.days[0]!.url).toBe("/2024/03/05/");
  });

  it("paginates a busy day with stable pages", () => {
    const busy = Array.from({ length: 23 }, (_, i) => card(`n${i}`, `2024-05-01T${String(i).padStart(2, "0")}:00:00Z`));
    const pages = buildArchive(busy, "UTC").days;
    expect(pages.map((p) => p.url)).toEqual(["/2024/05/01/", "/2024/05/01/page/1/", "/2024/05/01/page/2/"]);
    expect(pages[1]!.cards.at(-1)!.id).toBe("n0");
    expect(pages.every((p) => p.cards.length <= 20)).toBe(true);
  });
});
