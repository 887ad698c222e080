import { describe, expect, it } from "vitest";
import { pageFile, pageUrl, paginatedPermalink } from "../src/routes.ts";

describe("routes", () => {
  it("puts every paginated page in an index.html of its URL's folder", () => {
    expect(pageFile(pageUrl.article("9f3c2a1be0d4c7aa"))).toBe("/articles/9f3c2a1be0d4c7aa/index.html");
    expect(paginatedPermalink({ pagination: { items: [{ url: pageUrl.numbered(pageUrl.topic("ai"), 3) }] } })).toBe("/topics/ai/page/3/index.html");
  });

  it("refuses a pagination of more than one item a page, whose pages would share one file", () => {
    expect(() => paginatedPermalink({ pagination: { items: [{ url: "/a/" }, { url: "/b/" }] } })).toThrow(/pagination size 1/);
    expect(() => paginatedPermalink({ pagination: { items: [] } })).toThrow(/pagination size 1/);
  });
});
