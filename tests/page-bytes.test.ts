import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startFilePlacer } from "../src/file-placer.ts";
import { pageBytes, pagesAsBytes, releaseOnWrite, writePagesOn } from "../src/page-bytes.ts";

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

describe("writePagesOn", () => {
  const manager = () => new FileSystemManager(new TemplateConfig());

  it("has a page's bytes written on the thread, in a folder made there, and lets go of them here", async () => {
    await releaseOnWrite();
    const folder = mkdtempSync(join(tmpdir(), "broadsheet-writer-"));
    const placer = startFilePlacer();
    writePagesOn(placer);
    try {
      const target = join(folder, "articles", "a", "index.html");
      const page = pageBytes(() => true)("<p>page ’e’</p>") as Buffer;
      // Eleventy makes the folder first, then writes: with a writer, the thread does both.
      manager().createDirectoryForFileSync(target);
      expect(existsSync(join(folder, "articles"))).toBe(false);
      manager().writeFileSync(target, page);
      // Bytes it did not give out, and text, are written here, in a folder made here.
      const other = Buffer.from("other");
      manager().writeFileSync(join(folder, "b", "index.html"), other);
      manager().writeFileSync(join(folder, "c", "index.html"), "<p>text</p>");
      expect(readFileSync(join(folder, "b", "index.html"), "utf8")).toBe("other");
      expect(readFileSync(join(folder, "c", "index.html"), "utf8")).toBe("<p>text</p>");
      expect(other.toString()).toBe("other");
      await placer.done();
      expect(readFileSync(target, "utf8")).toBe("<p>page ’e’</p>");
      expect(page.length).toBe(0);
    } finally {
      writePagesOn(undefined);
    }
  });

  it("writes a page here, at once, in its folder, when the writer has a backlog, and lets go of its bytes too", async () => {
    await releaseOnWrite();
    const folder = mkdtempSync(join(tmpdir(), "broadsheet-writer-"));
    const placer = startFilePlacer();
    // The thread's first file is a named pipe: writing it waits for a reader, so the thread falls behind.
    const pipe = join(folder, "pipe");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    placer.write(pipe, Buffer.from("through the pipe"));
    for (let i = 0; i < 64 * 32; i++) placer.write(join(folder, "site", `${i}`, "index.html"), Buffer.from(String(i)));
    writePagesOn(placer);
    try {
      const target = join(folder, "backlog", "index.html");
      const page = pageBytes(() => true)("<p>page g</p>") as Buffer;
      manager().createDirectoryForFileSync(target);
      manager().writeFileSync(target, page);
      expect(readFileSync(target, "utf8")).toBe("<p>page g</p>");
      expect(page.length).toBe(0);
      expect(readFileSync(pipe, "utf8")).toBe("through the pipe");
      await placer.done();
    } finally {
      writePagesOn(undefined);
    }
  });

  it("writes here again, folders included, once the writer is taken away", async () => {
    await releaseOnWrite();
    const folder = mkdtempSync(join(tmpdir(), "broadsheet-writer-"));
    writePagesOn(startFilePlacer());
    writePagesOn(undefined);
    const target = join(folder, "d", "index.html");
    const page = pageBytes(() => true)("<p>page f</p>") as Buffer;
    manager().createDirectoryForFileSync(target);
    manager().writeFileSync(target, page);
    expect(readFileSync(target, "utf8")).toBe("<p>page f</p>");
  });
});

describe("pagesAsBytes", () => {
  it("hands pages over as bytes in builds, and in the first build of --serve or --watch only", () => {
    expect([pagesAsBytes("build", false), pagesAsBytes("build", true)]).toEqual([true, true]);
    expect([pagesAsBytes("serve", false), pagesAsBytes("serve", true)]).toEqual([true, false]);
    expect([pagesAsBytes("watch", false), pagesAsBytes("watch", true)]).toEqual([true, false]);
  });

  it("keeps pages as text in a dry run, which Eleventy may print (--to=json)", () => {
    expect([pagesAsBytes("build", false, true), pagesAsBytes("serve", false, true)]).toEqual([false, false]);
  });
});
