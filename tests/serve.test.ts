import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveFile, serveStatic, type StaticServer } from "../src/serve.ts";

const dir = mkdtempSync(join(tmpdir(), "broadsheet-serve-"));
mkdirSync(join(dir, "topics", "ai"), { recursive: true });
writeFileSync(join(dir, "index.html"), "<p>home</p>");
writeFileSync(join(dir, "topics", "ai", "index.html"), "<p>ai</p>");
writeFileSync(join(dir, "404.html"), "<p>not here</p>");
writeFileSync(join(dir, "style.css"), "body{}");

describe("resolveFile", () => {
  it("answers a folder with its index.html, and refuses paths outside the site", () => {
    expect(resolveFile(dir, "/topics/ai/")).toBe(join(dir, "topics", "ai", "index.html"));
    expect(resolveFile(dir, "/topics/ai")).toBeNull();
    expect(resolveFile(dir, "/../etc/passwd")).toBeNull();
    expect(resolveFile(dir, "/nothing/")).toBeNull();
  });
});

describe("serveStatic under a path prefix", () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(dir, "/news/");
  });
  afterAll(() => server.close());

  it("serves pages and assets with their types under the prefix", async () => {
    const page = await fetch(new URL("topics/ai/", server.url));
    expect([page.status, await page.text()]).toEqual([200, "<p>ai</p>"]);
    const css = await fetch(new URL("style.css", server.url));
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers anything missing, or outside the prefix, with the site's 404 page", async () => {
    for (const path of ["/news/missing/", "/topics/ai/"]) {
      const response = await fetch(server.origin + path);
      expect([response.status, await response.text()]).toEqual([404, "<p>not here</p>"]);
    }
  });
});
