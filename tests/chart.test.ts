import { describe, expect, it } from "vitest";
import { CHART_SIZE, buildCoverageChart, chooseUnit, enumerateKeys } from "../src/chart.ts";

const t = (iso: string) => Date.parse(iso);

describe("buildCoverageChart", () => {
  it("draws nothing for no articles or for articles of one day", () => {
    expect(buildCoverageChart([], "UTC")).toBeNull();
    expect(buildCoverageChart([t("2024-03-04T08:00:00Z"), t("2024-03-04T20:00:00Z")], "UTC")).toBeNull();
  });

  it("counts articles per day and keeps quiet days as gaps", () => {
    const chart = buildCoverageChart([t("2024-03-04T08:00:00Z"), t("2024-03-04T20:00:00Z"), t("2024-03-06T10:00:00Z")], "UTC")!;
    expect(chart.title).toBe("Articles per day");
    expect(chart.unit).toBe("Day");
    expect(chart.bars.map((b) => b.label)).toEqual(["4 March 2024: 2 articles", "6 March 2024: 1 article"]);
    expect(chart.rows).toEqual([
      { label: "4 March 2024", count: "2 articles" },
      { label: "6 March 2024", count: "1 article" },
    ]);
    expect([chart.startLabel, chart.endLabel]).toEqual(["4 March 2024", "6 March 2024"]);
    expect(chart.summary).toBe("3 articles, 4–6 March 2024; the most, 2, on 4 March 2024.");
    expect(chart.bars[1]!.x).toBeGreaterThan(CHART_SIZE.width / 2);
  });

  it("counts by month over longer spans and by year over a decade", () => {
    const months = buildCoverageChart([t("2023-11-02T08:00:00Z"), t("2024-03-04T08:00:00Z"), t("2024-03-09T08:00:00Z")], "UTC")!;
    expect(months.unit).toBe("Month");
    expect(months.rows).toEqual([
      { label: "November 2023", count: "1 article" },
      { label: "March 2024", count: "2 articles" },
    ]);
    expect(months.summary).toContain("the most, 2, in March 2024");
    const years = buildCoverageChart([t("2009-05-01T00:00:00Z"), t("2024-01-01T12:00:00Z")], "UTC")!;
    expect(years.unit).toBe("Year");
    expect(years.startLabel).toBe("2009");
  });

  it("puts an article on the day of the display time zone", () => {
    const chart = buildCoverageChart([t("2024-03-04T23:30:00Z"), t("2024-03-06T01:00:00Z")], "Asia/Tokyo")!;
    expect(chart.rows.map((r) => r.label)).toEqual(["5 March 2024", "6 March 2024"]);
  });

  it("keeps every bar inside the viewBox, the tallest at full height", () => {
    const chart = buildCoverageChart([1, 2, 3, 4, 5].map((d) => t(`2024-03-0${d}T08:00:00Z`)).concat(t("2024-03-03T09:00:00Z")), "UTC")!;
    expect(chart.viewBox).toBe(`0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`);
    for (const bar of chart.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(0);
      expect(bar.x + bar.width).toBeLessThanOrEqual(CHART_SIZE.width);
      expect(bar.y + bar.height).toBeCloseTo(CHART_SIZE.height, 5);
    }
    expect(Math.min(...chart.bars.map((b) => b.y))).toBe(4);
  });
});

describe("enumerateKeys and chooseUnit", () => {
  it("walks days, months and years across their boundaries", () => {
    expect(enumerateKeys("2023-12-30", "2024-01-02", "day")).toEqual(["2023-12-30", "2023-12-31", "2024-01-01", "2024-01-02"]);
    expect(enumerateKeys("2024-02-28", "2024-03-01", "day")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(enumerateKeys("2023-11", "2024-02", "month")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(enumerateKeys("2019", "2021", "year")).toEqual(["2019", "2020", "2021"]);
  });

  it("chooses days up to two months, months up to ten years, years beyond", () => {
    expect(chooseUnit("2024-03-01", "2024-05-02")).toBe("day");
    expect(chooseUnit("2024-03-01", "2024-05-03")).toBe("month");
    expect(chooseUnit("2014-01-01", "2023-12-31")).toBe("month");
    expect(chooseUnit("2014-01-01", "2024-01-01")).toBe("year");
  });
});
