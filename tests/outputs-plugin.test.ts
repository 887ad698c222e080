import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createPageBytes, pagesAsBytes } from "../src/outputs-plugin.ts";

const nextTurn = () => new Promise((done) => setImmediate(done));

describe("createPageBytes", () => {
  let dir: string;
  let asBytes = true;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "broadsheet-bytes-"));
    asBytes = true;
  });

  const transform = createPageBytes(() => asBytes);
  const run = (content: string, outputPath: string) => transform.call({ page: { outputPath } }, content) as Buffer;

  it("hands a page over as UTF-8 bytes", () => {
    expect(run("<p>café ’</p>", join(dir, "a.html")).toString("utf8")).toBe("<p>café ’</p>");
  });

  it("lets go of a page's bytes once its file is written, and never before", async () => {
    const a = run("<p>page a</p>", join(dir, "a.html"));
    await nextTurn();
    expect(a.length).toBe(13); // not written yet: kept
    writeFileSync(join(dir, "a.html"), a);
    const b = run("<p>page b</p>", join(dir, "b.html"));
    await nextTurn();
    expect(a.length).toBe(0); // written: released
    expect(b.toString()).toBe("<p>page b</p>");
  });

  it("lets go of a written page's bytes when the next page comes, though the event loop has not turned", () => {
    const a = run("<p>page a</p>", join(dir, "e.html"));
    writeFileSync(join(dir, "e.html"), a);
    const b = run("<p>page b</p>", join(dir, "f.html"));
    expect(a.length).toBe(0);
    expect(b.toString()).toBe("<p>page b</p>");
  });

  it("does not take an older file of the same size for the page", async () => {
    writeFileSync(join(dir, "c.html"), "<p>OLD  c</p>");
    const c = run("<p>page c</p>", join(dir, "c.html"));
    await nextTurn();
    expect(c.toString()).toBe("<p>page c</p>");
  });

  it("lets go of a page's bytes once written without a stat before, in a folder that was empty at the start", async () => {
    const fresh = createPageBytes(() => true, () => true);
    const a = fresh.call({ page: { outputPath: join(dir, "g.html") } }, "<p>page g</p>") as Buffer;
    await nextTurn();
    expect(a.length).toBe(13); // not written yet: kept
    writeFileSync(join(dir, "g.html"), a);
    fresh.call({ page: { outputPath: join(dir, "h.html") } }, "<p>page h</p>");
    expect(a.length).toBe(0);
  });

  it("leaves text as text when pages are not to be bytes", () => {
    asBytes = false;
    expect(run("<p>x</p>", join(dir, "d.html"))).toBe("<p>x</p>");
  });
});

describe("pagesAsBytes", () => {
  it("hands pages over as bytes in builds, and in the first build of --serve or --watch only", () => {
    expect([pagesAsBytes("build", false), pagesAsBytes("build", true)]).toEqual([true, true]);
    expect([pagesAsBytes("serve", false), pagesAsBytes("serve", true)]).toEqual([true, false]);
    expect([pagesAsBytes("watch", false), pagesAsBytes("watch", true)]).toEqual([true, false]);
  });
});
