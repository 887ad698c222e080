import { describe, expect, it } from "vitest";
import { buildTimeline, groupByDay, groupByMonth } from "../src/timeline.ts";

const at = (iso: string) => ({ time: Date.parse(iso), name: iso });

describe("buildTimeline", () => {
  it("gives the five seeds a 2021 episode and a 2023 episode, with gaps of more than 30 days marked", () => {
    const entries = buildTimeline([at("2023-03-30T11:11:00Z"), at("2021-01-13T00:17:00Z"), at("2021-06-03T21:51:00Z"), at("2021-04-13T16:17:00Z"), at("2023-03-29T21:35:00Z")]);
    expect(entries.map((e) => [e.item.name.slice(0, 10), e.episode, e.gapBefore])).toEqual([
      ["2021-01-13", 1, undefined],
      ["2021-04-13", 1, "3 months later"],
      ["2021-06-03", 1, "2 months later"],
      ["2023-03-29", 2, "2 years later"],
      ["2023-03-30", 2, undefined],
    ]);
  });

  it("marks no gap for items 30 days apart, and starts an episode after half a year", () => {
    expect(buildTimeline([at("2021-01-01T00:00:00Z"), at("2021-01-31T00:00:00Z")]).map((e) => [e.episode, e.gapBefore])).toEqual([[1, undefined], [1, undefined]]);
    expect(buildTimeline([at("2021-01-01T00:00:00Z"), at("2021-08-01T00:00:00Z")]).map((e) => e.episode)).toEqual([1, 2]);
  });
});

describe("grouping by day and month", () => {
  it("groups by the display zone's day", () => {
    const items = [at("2021-01-13T00:17:00Z"), at("2021-01-12T20:00:00Z")];
    expect(groupByDay(items, "UTC").map((g) => [g.key, g.label, g.items.length])).toEqual([
      ["2021-01-13", "Wednesday 13 January 2021", 1],
      ["2021-01-12", "Tuesday 12 January 2021", 1],
    ]);
    expect(groupByDay(items, "America/Los_Angeles").map((g) => [g.key, g.items.length])).toEqual([["2021-01-12", 2]]);
  });

  it("groups by month", () => {
    expect(groupByMonth([at("2021-04-30T00:00:00Z"), at("2021-04-01T00:00:00Z"), at("2021-03-31T00:00:00Z")], "UTC").map((g) => [g.label, g.items.length])).toEqual([
      ["April 2021", 2],
      ["March 2021", 1],
    ]);
  });
});
