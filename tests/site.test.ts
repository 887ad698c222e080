import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSite } from "./helpers/site.ts";

describe("whole site from the five seeds", () => {
  it("builds a page for the home, each topic, each source and the one published article", async () => {
    const site = await buildSite("seeds");
    expect(site.files).toContain("index.html");
    expect(site.files).toContain("articles/9f6d763043ec1454/index.html");
    expect(site.files).toContain("topics/computer-vision/index.html");
    expect(site.files).toContain("sources/govtech.com/index.html");
    expect(site.files).toContain("404.html");
    expect(site.files.filter((f) => f.startsWith("articles/"))).toHaveLength(1);
    // The report counts the HTML pages the build wrote (it once left out three of them).
    const report = JSON.parse(readFileSync(site.options.reportPath, "utf8")) as { totals: { pages: number } };
    expect(report.totals.pages).toBe(site.files.filter((f) => f.endsWith(".html")).length);
  });
});
