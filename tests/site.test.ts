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
  });
});
