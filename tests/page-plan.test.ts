import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSeedCache } from "../src/build-cache.ts";
import { hashOf, originOf } from "../src/hash.ts";
import { readSeed } from "../src/seeds.ts";
import { createDigest, partsOf } from "../src/digest.ts";
import { cardsIn } from "../src/metadata.ts";
import { dataKey, narrowDigest, pageEntries, pageKeys, unitPrinter } from "../src/page-plan.ts";
import type { PageSource } from "../src/page-source.ts";
import { dataSources } from "../src/outputs-plugin.ts";
import { siteLinks } from "../src/site-url.ts";
import { readOptions } from "../src/options.ts";
import { searchRecord } from "../src/search.ts";
import { generateSeeds } from "../src/synthetic.ts";
import { seedFile } from "./helpers/seed.ts";

// Time is an input: a fixed build time keeps `digest.site` (in every key) out of the comparison.
const options = readOptions({ QUIET: "1", UNPUBLISHED: "1", BUILD_TIME: "2024-06-01T00:00:00Z" });
const seeds = generateSeeds(400, 7);
const folderOf = (texts: readonly string[]) => ({ files: texts.map((text, i) => seedFile(text, seeds[i]!.name)), ignored: [] });
const digestOf = (texts: readonly string[], views: "all" | "on demand" = "on demand") => createDigest(folderOf(texts), options, { views }).digest;
// Through a seed cache, as builds parse: its seeds' articles and their cards have origins
// (hash.ts), which the keys use instead of their JSON. Unchanged files come from the cache.
const cacheDir = mkdtempSync(join(tmpdir(), "broadsheet-plan-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const cachedDigestOf = (texts: readonly string[]) => {
  const folder = folderOf(texts);
  const cache = openSeedCache(cacheDir, "code");
  const outcomes = folder.files.map((file) => {
    const outcome = cache.reuse(file) ?? readSeed(file);
    if (outcome.ok) cache.keep(file, outcome);
    return outcome;
  });
  cache.save();
  return createDigest(folder, options, { views: "on demand", outcomes }).digest;
};
/** How a test's digests are made: parsed in the digest (units hashed from JSON) or through a seed cache. */
const MADE: [string, (texts: readonly string[]) => ReturnType<typeof digestOf>][] = [
  ["parsed", (texts) => digestOf(texts)],
  ["through a seed cache", cachedDigestOf],
];
const base = seeds.map((s) => s.text);
const viewOf = (entry: PageSource) => JSON.stringify(entry.view());

/** The seed at `index` with `edit` applied to its text (the edit must change it). */
function edited(index: number, edit: (text: string) => string): string[] {
  const texts = [...base];
  const after = edit(texts[index]!);
  if (after === texts[index]) throw new Error("the edit changed nothing");
  texts[index] = after;
  return texts;
}

/** A seed in a story of several articles, so that an edit reaches other pages. */
const inStory = (() => {
  const digest = digestOf(base);
  const { stories } = partsOf(digest).pages;
  const story = stories.find((s) => (s.inputs[2] as unknown[]).length >= 4)!;
  const id = story.url.split("/")[2]!;
  return seeds.findIndex((s) => s.name.includes(id));
})();

// Each edit is made to the seed in a story; the related items' titles to every seed that cites
// them (an item cited by several seeds shows one seed's version of it).
const EDITS: [string, (text: string) => string, boolean?][] = [
  ["a seed's title", (t) => t.replace(/^title: "/m, 'title: "Edited ')],
  ["a seed's excerpt", (t) => t.replace(/^excerpt: "/m, 'excerpt: "New words. ')],
  ["a seed's date", (t) => t.replace(/^publishedDateTime: (\d{4})/m, (_, y: string) => `publishedDateTime: ${Number(y) - 1}`)],
  ["a seed's topics", (t) => t.replace(/^topics:\n {2}- [^\n]+/m, "topics:\n  - Space")],
  ["a seed's quality score", (t) => t.replace(/^quality: \d+/m, "quality: 100")],
  ["related items' titles", (t) => t.replace(/^ {2}- title: "/gm, '  - title: "Renamed '), true],
  ["a seed's image", (t) => (t.includes("images:") ? t.replace(/width: 1200/, "width: 800") : t.replace(/^topics:/m, 'images:\n  - url: "https://img.example.com/new.jpg"\n    width: 10\n    height: 10\n\ntopics:'))],
];

describe.each(MADE)("page keys (%s)", (_, digestOf) => {
  const before = digestOf(base);
  const keysBefore = pageKeys(before, "salt");
  const entriesBefore = new Map(pageEntries(before).map((e) => [e.url, e]));

  it.each(EDITS)("change for exactly the pages whose view changes when %s is edited", (_, edit, everywhere) => {
    const after = digestOf(everywhere ? base.map(edit) : edited(inStory, edit));
    const keysAfter = pageKeys(after, "salt");
    let changed = 0;
    let kept = 0;
    for (const entry of pageEntries(after)) {
      const old = entriesBefore.get(entry.url);
      if (!old) continue;
      const sameView = viewOf(old) === viewOf(entry);
      const sameKey = keysBefore.get(entry.url) === keysAfter.get(entry.url);
      // Equal keys must mean equal views; a changed view must have a new key.
      if (sameKey) expect(sameView, entry.url).toBe(true);
      if (!sameView) changed++;
      if (sameKey) kept++;
    }
    expect(changed).toBeGreaterThan(0);
    if (!everywhere) expect(kept).toBeGreaterThan(pageEntries(after).length / 2);
  });

  it("are the same for the same seeds, and change with the salt", () => {
    expect(pageKeys(digestOf(base), "salt")).toEqual(keysBefore);
    const other = pageKeys(before, "other salt");
    expect([...other].filter(([url, key]) => keysBefore.get(url) === key)).toEqual([]);
  });
});

describe.each(MADE)("data file keys (JSON API, feeds; %s)", (_, digestOf) => {
  const links = siteLinks("https://news.example.org", "/news/");
  /** Path → key and text of every data file of a digest. */
  const dataFiles = (digest: ReturnType<typeof digestOf>) => {
    const print = unitPrinter(partsOf(digest).units);
    return new Map(dataSources(digest, links).map((source) => [source.path, { key: dataKey(source, "salt", print), text: source.text() }]));
  };
  const before = dataFiles(digestOf(base));

  it.each(EDITS)("change for exactly the files whose text changes when %s is edited", (_, edit, everywhere) => {
    const after = dataFiles(digestOf(everywhere ? base.map(edit) : edited(inStory, edit)));
    let changed = 0;
    let kept = 0;
    for (const [path, file] of after) {
      const old = before.get(path);
      if (!old) continue;
      const sameText = old.text === file.text;
      // Equal keys must mean equal files; a changed file must have a new key.
      if (old.key === file.key) expect(sameText, path).toBe(true);
      if (!sameText) changed++;
      if (old.key === file.key) kept++;
    }
    expect(changed).toBeGreaterThan(0);
    if (!everywhere) expect(kept).toBeGreaterThan(after.size / 2);
  });

  it("cover every API file and feed, and change with the salt", () => {
    const digest = digestOf(base);
    const sources = dataSources(digest, links);
    expect(sources.filter((s) => s.path.startsWith("/api/")).length).toBeGreaterThan(400);
    expect(sources.filter((s) => s.path.startsWith("/feeds/")).length).toBe(2 * digest.outputs.feeds.length);
    const print = unitPrinter(partsOf(digest).units);
    expect(sources.filter((s) => dataKey(s, "other salt", print) === before.get(s.path)!.key)).toEqual([]);
  });
});

describe("a digest made on demand", () => {
  const eager = digestOf(base, "all");
  const lazy = digestOf(base, "on demand");

  it("holds no article or story views until narrowed, then the same views as a digest made whole", () => {
    expect(lazy.articles).toEqual([]);
    expect(lazy.stories).toEqual([]);
    const all = narrowDigest(lazy, () => true);
    expect(JSON.stringify(all)).toBe(JSON.stringify(eager));
    const some = narrowDigest(lazy, (url) => url.startsWith("/articles/") && url < "/articles/8");
    expect(some.articles.map((a) => a.url)).toEqual(eager.articles.map((a) => a.url).filter((url) => url < "/articles/8"));
    expect(some.stories).toEqual([]);
  });

  it("gives each page source's URL to the view it makes", () => {
    for (const entry of pageEntries(lazy)) expect(entry.view().url).toBe(entry.url);
  });

  it("dates a page by the same newest card whether from its view or what it is made of", () => {
    const newest = (value: unknown) => Math.max(...cardsIn(value).map((c) => c.time));
    // Month and year pages show no cards (counts, headlines): the sitemap dates them by the newest
    // page under them, their days, whose cards are the cards they are made of.
    const underIt = (url: string) => Math.max(...pageEntries(lazy).filter((e) => e.url.startsWith(url) && /^\/\d{4}\/\d{2}\/\d{2}\/$/.test(e.url)).map((e) => newest(e.view())));
    for (const entry of pageEntries(lazy)) {
      const shown = cardsIn(entry.view()).length > 0 ? newest(entry.view()) : underIt(entry.url);
      expect(newest(entry.inputs), entry.url).toBe(shown);
    }
  });

  it("gives the search index the same records as the article views", () => {
    const zone = options.timeZone;
    expect(partsOf(lazy).searchable().map((page) => searchRecord(page, zone))).toEqual(eager.articles.map((page) => searchRecord(page, zone)));
  });

  it("counts its pages in the report like a digest made whole", () => {
    const report = (views: "all" | "on demand") => createDigest(folderOf(base), options, { views }).report;
    expect(report("on demand").totals.pages).toBe(report("all").totals.pages);
  });
});

describe("origins (hash.ts)", () => {
  const unitsOf = (digest: ReturnType<typeof digestOf>) => [...partsOf(digest).units.leaves] as { id: string; pageUrl?: string | null }[];
  const kindOf = (unit: object) => ("dateLabel" in unit ? "card" : "article");

  it("are noted for every seed article and card of a digest made through a seed cache, and for none otherwise", () => {
    expect(unitsOf(digestOf(base)).filter((unit) => originOf(unit) !== undefined)).toEqual([]);
    const units = unitsOf(cachedDigestOf(base));
    const seedUnits = units.filter((unit) => kindOf(unit) === "article" || unit.pageUrl !== null);
    expect(seedUnits.length).toBeGreaterThan(700);
    expect(seedUnits.filter((unit) => originOf(unit) === undefined)).toEqual([]);
    // A card of an article that is only a related item is hashed from its JSON.
    expect(units.filter((unit) => kindOf(unit) === "card" && unit.pageUrl === null && originOf(unit) !== undefined)).toEqual([]);
  });

  it.each(EDITS)("are equal only for equal cards and articles when %s is edited", (_, edit, everywhere) => {
    const byOrigin = new Map<string, string>();
    for (const unit of unitsOf(cachedDigestOf(base))) if (originOf(unit)) byOrigin.set(originOf(unit)!, JSON.stringify(unit));
    let same = 0;
    for (const unit of unitsOf(cachedDigestOf(everywhere ? base.map(edit) : edited(inStory, edit)))) {
      const before = originOf(unit) === undefined ? undefined : byOrigin.get(originOf(unit)!);
      if (before === undefined) continue;
      expect(JSON.stringify(unit), `${kindOf(unit)} ${unit.id}`).toBe(before);
      same++;
    }
    expect(same).toBeGreaterThan(everywhere ? 0 : 700);
  });
});

describe("cards from one build to the next (npm start)", () => {
  // As `npm start` builds: through the seed cache, again and again in one process (`rebuilds`).
  const rebuiltDigestOf = (texts: readonly string[]) => {
    const folder = folderOf(texts);
    const cache = openSeedCache(cacheDir, "code", { inMemory: true });
    const outcomes = folder.files.map((file) => {
      const outcome = cache.reuse(file) ?? readSeed(file);
      if (outcome.ok) cache.keep(file, outcome);
      return outcome;
    });
    return createDigest(folder, options, { views: "on demand", outcomes, rebuilds: true }).digest;
  };
  const cardsOf = (digest: ReturnType<typeof digestOf>) => ([...partsOf(digest).units.leaves] as { id: string }[]).filter((unit) => "dateLabel" in unit);

  it.each(EDITS)("are the last build's cards where nothing they show changed, and the site is the same, when %s is edited", (_, edit, everywhere) => {
    const before = new Set(cardsOf(rebuiltDigestOf(base)));
    const texts = everywhere ? base.map(edit) : edited(inStory, edit);
    const again = rebuiltDigestOf(texts);
    const kept = cardsOf(again).filter((card) => before.has(card)).length;
    if (!everywhere) expect(kept).toBeGreaterThan(300);
    const fresh = digestOf(texts, "all");
    const freshCards = new Map(cardsOf(fresh).map((card) => [card.id, JSON.stringify(card)]));
    for (const card of cardsOf(again)) expect(JSON.stringify(card), `card ${card.id}`).toBe(freshCards.get(card.id));
    // The whole site, as hashes (a difference is found above, card by card).
    expect(hashOf(JSON.stringify(narrowDigest(again, () => true)))).toBe(hashOf(JSON.stringify(fresh)));
  });
});

describe("unitPrinter", () => {
  const card = { id: "c1", title: "A card" };
  const story = { id: "s1", members: [card] };

  it("prints each unit as its hash, and a composite unit by its parts' hashes", () => {
    const print = unitPrinter({ leaves: [card], composites: [story] });
    const printed = print({ story, also: card });
    expect(printed).not.toContain("A card");
    expect(printed).toMatch(/^\{"story":\{"\\u0000unit":"[0-9a-f]{64}"\},"also":\{"\\u0000unit":"[0-9a-f]{64}"\}\}$/);
    const changed = unitPrinter({ leaves: [{ ...card, title: "Another" }], composites: [] });
    expect(changed([{ ...card, title: "Another" }])).not.toBe(print([card]));
  });

  it("prints anything else as JSON", () => {
    expect(unitPrinter({ leaves: [], composites: [] })({ a: [1, "x", null], b: { c: true } })).toBe('{"a":[1,"x",null],"b":{"c":true}}');
  });

  it("refuses what JSON would print as nothing: a Map, a Set, a function", () => {
    const print = unitPrinter({ leaves: [], composites: [] });
    expect(() => print([new Map([["a", 1]])])).toThrow(/Map/);
    expect(() => print({ s: new Set([1]) })).toThrow(/Set/);
    expect(() => print({ f: () => 1 })).toThrow(/function/);
  });
});
