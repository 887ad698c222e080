import { describe, expect, it } from "vitest";
import { PAGE_SIZE, paginate, pagerLinks } from "../src/paginate.ts";

/** Items 1…n, newest first (the highest number is the newest). */
const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe("paginate", () => {
  it("shows a list that fits on one page on its front page alone, without a pager", () => {
    const pages = paginate(newestFirst(PAGE_SIZE), "/topics/ai/");
    expect(pages).toEqual([{ url: "/topics/ai/", number: null, items: newestFirst(PAGE_SIZE), pager: null }]);
  });

  it("puts the oldest items on page 1 and the newest on the front page", () => {
    const pages = paginate(newestFirst(45), "/topics/ai/");
    expect(pages.map((p) => p.url)).toEqual(["/topics/ai/", "/topics/ai/page/1/", "/topics/ai/page/2/", "/topics/ai/page/3/"]);
    expect(pages[0]!.items).toEqual(newestFirst(45).slice(0, 20));
    expect(pages[1]!.items).toEqual(newestFirst(20));
    expect(pages[2]!.items[0]).toBe(40);
    expect(pages[3]!.items).toEqual([45, 44, 43, 42, 41]);
  });

  it("never changes a full page when news arrives", () => {
    const before = paginate(newestFirst(40), "/t/");
    const after = paginate(newestFirst(47), "/t/");
    expect(after[1]).toMatchObject({ url: before[1]!.url, items: before[1]!.items });
    expect(after[2]).toMatchObject({ url: before[2]!.url, items: before[2]!.items });
  });

  it("never puts more than the page size on a page", () => {
    for (const n of [1, 19, 20, 21, 39, 40, 41, 731]) {
      for (const page of paginate(newestFirst(n), "/t/")) expect(page.items.length).toBeLessThanOrEqual(PAGE_SIZE);
    }
  });

  it("links the front page to the page before the last as Older, and the last page back to the front as Newer", () => {
    const [front, , second, third] = paginate(newestFirst(45), "/t/");
    expect(front!.pager).toMatchObject({ newer: null, older: { label: "Older", url: "/t/page/2/" }, label: "Newest" });
    expect(third!.pager).toMatchObject({ newer: { label: "Newer", url: "/t/" }, older: { url: "/t/page/2/" }, label: "Page 3 of 3" });
    expect(second!.pager).toMatchObject({ newer: { url: "/t/page/3/" }, older: { url: "/t/page/1/" } });
  });

  it("gives page 1 no Older link", () => {
    expect(paginate(newestFirst(45), "/t/")[1]!.pager!.older).toBeNull();
  });
});

describe("pagerLinks", () => {
  it("lists Newest, then page numbers from the highest down, with gaps as an ellipsis", () => {
    const labels = pagerLinks("/t/", 5, 12).map((l) => (l.current ? `[${l.label}]` : l.label));
    expect(labels).toEqual(["Newest", "12", "…", "6", "[5]", "4", "…", "1"]);
  });

  it("marks Newest as current on the front page and shows the pages near the end", () => {
    const links = pagerLinks("/t/", null, 3);
    expect(links.map((l) => l.label)).toEqual(["Newest", "3", "2", "1"]);
    expect(links[0]).toEqual({ label: "Newest", url: "/t/", current: true });
    expect(links.find((l) => l.label === "…")).toBeUndefined();
  });

  it("gives an ellipsis no link", () => {
    expect(pagerLinks("/t/", 1, 9).filter((l) => l.label === "…").every((l) => l.url === null)).toBe(true);
  });
});
