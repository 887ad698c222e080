/**
 * No leaks: a production build holds no text of unpublished seeds (nor of the related items only
 * they bring in), no `secured` value and no local file-system path, anywhere in its output
 * (pages, feeds, API files, sitemaps, the search index decompressed). A preview build of the
 * same seeds shows the same strings, which proves the scan would find them.
 */
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeHTML } from "entities";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSeedFolder } from "../src/load.ts";
import { readSeed } from "../src/seeds.ts";
import type { Article } from "../src/types.ts";
import { buildSiteInto } from "./helpers/hostile.ts";
import { readSiteTexts } from "./helpers/output-scan.ts";
import { seedText } from "./helpers/seed.ts";

/** A published seed citing an unpublished seed's article, under a title of its own. */
const CITING = seedText({
  title: "Published seed that cites an unpublished one",
  webUrl: "https://citing.example/news/citing",
  originalUrl: undefined,
  provider: { name: "Citing News", domain: "citing.example" },
  related: [{ title: "CITED-AS-THE-PUBLISHED-SEED-GIVES-IT", webUrl: "https://cited.example/news/cited", provider: { name: "Cited", domain: "cited.example" } }],
});
/** The unpublished seed it cites: none of its own data may appear. */
const CITED = seedText({
  title: "CITED-UNPUBLISHED-OWN-TITLE",
  excerpt: "CITED-UNPUBLISHED-OWN-EXCERPT",
  webUrl: "https://cited.example/news/cited",
  originalUrl: undefined,
  published: false,
  provider: { name: "Cited", domain: "cited.example" },
  topics: ["CITED-UNPUBLISHED-OWN-TOPIC"],
  images: [{ url: "https://cited.example/CITED-UNPUBLISHED-OWN-IMAGE.jpg" }],
  related: [{ title: "ONLY-BROUGHT-IN-BY-AN-UNPUBLISHED-SEED", webUrl: "https://elsewhere.example/x", provider: { name: "Elsewhere", domain: "elsewhere.example" } }],
  secured: "SECURED-OF-THE-CITED-SEED",
});

/** Distinctive strings of an article: its title, the start of its excerpt, its pictures. */
const stringsOf = (a: Article) => [a.title.slice(0, 60), a.excerpt.slice(0, 60), ...a.images.map((i) => i.url)].filter((s) => s.length >= 12);

let seeds: string;
let forbidden: { text: string; why: string }[];
let citedTitle: string;

beforeAll(() => {
  seeds = join(mkdtempSync(join(tmpdir(), "broadsheet-leaks-")), "seeds");
  cpSync("seeds", seeds, { recursive: true });
  cpSync("tests/fixtures/hostile/unpublished-secret.txt", join(seeds, "unpublished-secret.txt"));
  writeFileSync(join(seeds, "citing.txt"), CITING);
  writeFileSync(join(seeds, "cited.txt"), CITED);
  const outcomes = loadSeedFolder(seeds).files.map((file) => readSeed(file));
  const valid = outcomes.flatMap((o) => (o.ok ? [o.seed] : []));
  const published = valid.filter((s) => s.article.published);
  // What published seeds say themselves may appear, even when an unpublished seed says it too.
  const allowed = new Set(published.flatMap((s) => [s.article, ...s.related].flatMap(stringsOf)));
  citedTitle = "CITED-AS-THE-PUBLISHED-SEED-GIVES-IT";
  forbidden = [
    ...valid.filter((s) => !s.article.published).flatMap((s) => [s.article, ...s.related].flatMap(stringsOf).map((text) => ({ text, why: `unpublished ${s.article.files[0]}` }))),
    ...outcomes.flatMap((o) => {
      const secured = /^secured: "?([^"\n]+)/m.exec(Buffer.from(o.file.bytes).toString("utf8"))?.[1];
      return secured ? [{ text: secured, why: `secured of ${o.file.name}` }, { text: secured.slice(0, 24), why: `secured of ${o.file.name} (start)` }] : [];
    }),
    ...["CITED-UNPUBLISHED-OWN-TOPIC"].map((text) => ({ text, why: "topic of an unpublished seed" })),
  ].filter(({ text }) => !allowed.has(text));
});

/** Output files and the forbidden strings found in them (raw, or once HTML entities are decoded). */
function findLeaks(dir: string, strings: { text: string; why: string }[]): string[] {
  const found: string[] = [];
  for (const [path, text] of readSiteTexts(dir)) {
    const decoded = decodeHTML(text);
    for (const { text: needle, why } of strings) if (text.includes(needle) || decoded.includes(needle)) found.push(`${path}: ${why}: ${needle}`);
  }
  return found;
}

describe("a production build", () => {
  let site: string;

  beforeAll(async () => {
    site = join(seeds, "..", "site");
    await buildSiteInto(seeds, site, { SITE_URL: "https://news.example.org", BUILD_REPORT: join(seeds, "..", "report.json") });
  });

  it("has distinctive strings to look for: every unpublished seed's title, excerpt and secured value", () => {
    expect(forbidden.length).toBeGreaterThanOrEqual(5 * 2 + 5 * 2);
    expect(forbidden.map((f) => f.text)).toEqual(expect.arrayContaining(["California Hears Bid to Re-Ban Police Facial Recognition Tec", "UNPUBLISHED-SECRET-TITLE never on the site", "SECURED-VALUE-NEVER-SHOWN", "ONLY-BROUGHT-IN-BY-AN-UNPUBLISHED-SEED"]));
  });

  it("contains none of them, in any file", () => {
    expect(findLeaks(site, forbidden)).toEqual([]);
  });

  it("shows a published seed's citation of an unpublished article as the published seed gives it", () => {
    const texts = [...readSiteTexts(site).values()].join("\n");
    expect(texts).toContain(citedTitle);
    expect(texts).not.toContain("CITED-UNPUBLISHED-OWN");
  });

  it("contains no local file-system path", () => {
    const paths = [...new Set(["/work/", "/tmp/", "/root/", process.cwd(), resolve(seeds), resolve(site), homedir(), tmpdir(), "file://"])];
    expect(findLeaks(site, paths.map((text) => ({ text, why: "local path" })))).toEqual([]);
  });
});

describe("a preview build of the same seeds (UNPUBLISHED=1)", () => {
  it("does show the unpublished seeds, so the scan above would have found them", async () => {
    const site = join(seeds, "..", "preview");
    await buildSiteInto(seeds, site, { UNPUBLISHED: "1", BUILD_REPORT: join(seeds, "..", "preview-report.json") });
    const found = findLeaks(site, forbidden).join("\n");
    expect(found).toContain("California Hears Bid to Re-Ban Police Facial Recognition Tec");
    expect(found).toContain("UNPUBLISHED-SECRET-TITLE");
    // `secured` is never output, not even in a preview.
    expect(found).not.toContain("secured of");
  });
});
