import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pageBytes, pagesAsBytes, releaseOnWrite } from "../src/page-bytes.ts";

describe("pageBytes", () => {
  it("hands a page over as UTF-8 bytes of a buffer of its own", () => {
    const bytes = pageBytes(() => true)("<p>café ’</p>") as Buffer;
    expect(bytes.toString("utf8")).toBe("<p>café ’</p>");
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  it("leaves text as text when pages are not to be bytes, and anything but text as it is", () => {
    expect(pageBytes(() => false)("<p>x</p>")).toBe("<p>x</p>");
    const other = Buffer.from("already bytes");
    expect(pageBytes(() => true)(other)).toBe(other);
  });
});

// Eleventy's own file system manager, as Eleventy's templates use it (its package exports neither).
const eleventy = (path: string) => import(new URL(`../node_modules/@11ty/eleventy/src/${path}`, import.meta.url).href);
const { FileSystemManager } = await eleventy("Util/FileSystemManager.js");
const { default: TemplateConfig } = await eleventy("TemplateConfig.js");

describe("releaseOnWrite", () => {
  const manager = () => new FileSystemManager(new TemplateConfig());
  const dir = () => mkdtempSync(join(tmpdir(), "broadsheet-bytes-"));

  it("lets go of a page's bytes once Eleventy's file system manager has written them, and of no other bytes", async () => {
    expect(await releaseOnWrite()).toBe(true);
    const folder = dir();
    const page = pageBytes(() => true)("<p>page ’a’</p>") as Buffer;
    const length = page.length;
    const other = Buffer.allocUnsafeSlow(5).fill("b");
    manager().writeFileSync(join(folder, "a.html"), page);
    manager().writeFileSync(join(folder, "b.html"), other);
    expect(readFileSync(join(folder, "a.html"), "utf8")).toBe("<p>page ’a’</p>");
    expect(length).toBeGreaterThan(0);
    expect(page.length).toBe(0); // released: its buffer is detached
    expect(other.toString()).toBe("bbbbb");
  });

  it("lets go of them after an asynchronous write too, once it is done", async () => {
    await releaseOnWrite();
    const folder = dir();
    const page = pageBytes(() => true)("<p>page c</p>") as Buffer;
    await manager().writeFile(join(folder, "c.html"), page);
    expect(readFileSync(join(folder, "c.html"), "utf8")).toBe("<p>page c</p>");
    expect(page.length).toBe(0);
  });

  it("keeps the bytes of a write that failed", async () => {
    await releaseOnWrite();
    const page = pageBytes(() => true)("<p>page d</p>") as Buffer;
    const missing = join(dir(), "no such folder", "d.html");
    expect(() => manager().writeFileSync(missing, page)).toThrow(/ENOENT/);
    expect(existsSync(missing)).toBe(false);
    expect(page.toString()).toBe("<p>page d</p>");
  });
});

describe("pagesAsBytes", () => {
  it("hands pages over as bytes in builds, and in the first build of --serve or --watch only", () => {
    expect([pagesAsBytes("build", false), pagesAsBytes("build", true)]).toEqual([true, true]);
    expect([pagesAsBytes("serve", false), pagesAsBytes("serve", true)]).toEqual([true, false]);
    expect([pagesAsBytes("watch", false), pagesAsBytes("watch", true)]).toEqual([true, false]);
  });
});
