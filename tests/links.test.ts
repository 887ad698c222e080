/**
 * Every internal link and asset of the built site resolves to a file, at the root and under a
 * path prefix, as a static host would serve it; fragment links point at an id on their page.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const FIXTURE = "tests/fixtures/site";

/** Every href, src and action of a page, and every url() of a stylesheet. */
export function linksOf(text: string): string[] {
  const attributes = [...text.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
  const css = [...text.matchAll(/url\(["']?([^"')]+)["']?\)/g)].map((m) => m[1]!);
  return [...attributes, ...css].map((l) => l.replaceAll("&amp;", "&"));
}

/** The file a site-relative link names, or null; `prefix` must start it. */
function target(site: BuiltSite, prefix: string, link: string): string | null {
  const path = decodeURI(link.split(/[?#]/)[0]!);
  if (!path.startsWith(prefix)) return null;
  const file = join(site.dir, path.slice(prefix.length));
  if (!existsSync(file)) return null;
  if (statSync(file).isDirectory()) return path.endsWith("/") && existsSync(join(file, "index.html")) ? join(file, "index.html") : null;
  return file;
}

function brokenLinks(site: BuiltSite, prefix: string): string[] {
  const broken: string[] = [];
  for (const file of site.files.filter((f) => /\.(html|css)$/.test(f))) {
    const text = site.read(file);
    const ids = new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const link of linksOf(text)) {
      if (/^(https?:|mailto:|data:)/.test(link)) continue;
      if (link.startsWith("#")) {
        if (!ids.has(link.slice(1))) broken.push(`${file}: ${link} (no such id)`);
        continue;
      }
      if (!link.startsWith("/")) {
        broken.push(`${file}: ${link} (relative links break on the 404 page)`);
        continue;
      }
      if (target(site, prefix, link) === null) broken.push(`${file}: ${link}`);
    }
  }
  return broken;
}

describe.each([
  ["at the root", "/"],
  ["under a path prefix", "/news/"],
])("links of the fixture site %s", (_, prefix) => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(FIXTURE, {}, prefix);
  });

  it("resolve every internal link and asset to a file", () => {
    expect(brokenLinks(site, prefix)).toEqual([]);
  });

  it("reach every page from some other page", () => {
    const linked = new Set<string>();
    for (const file of site.files.filter((f) => f.endsWith(".html"))) {
      for (const link of linksOf(site.read(file))) {
        const hit = link.startsWith("/") ? target(site, prefix, link) : null;
        if (hit) linked.add(hit);
      }
    }
    const orphans = site.files.filter((f) => f.endsWith("index.html") && !linked.has(join(site.dir, f)));
    expect(orphans).toEqual([]);
  });

  it("links the stylesheet under the prefix", () => {
    expect(site.read("index.html")).toContain(`<link rel="stylesheet" href="${prefix}style.css">`);
    expect(site.read("404.html")).toContain(`<a href="${prefix}">`);
  });
});

describe("links of the five real seeds in a preview build", () => {
  it("resolve too", async () => {
    const site = await buildSite("seeds", { UNPUBLISHED: "1" }, "/news/");
    expect(brokenLinks(site, "/news/")).toEqual([]);
  });
});
