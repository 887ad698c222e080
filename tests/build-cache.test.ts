/**
 * The build cache: parsed seeds and rendered pages are reused by content hash, a build with the
 * cache gives the same site as one without it, and the cache folder is safe to delete.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { beforeAll, describe, expect, it } from "vitest";
import { codeVersion, openClusterMemo, openPageStore, openSeedCache, packSeed, unpackSeed } from "../src/build-cache.ts";
import { hashOf, hashOfParts } from "../src/hash.ts";
import { loadSeedFolder } from "../src/load.ts";
import { readSeeds } from "../src/read-seeds.ts";
import { readSeed } from "../src/seeds.ts";
import { buildStories } from "../src/stories.ts";
import type { StageTiming } from "../src/timings.ts";
import type { ClusterResult, SeedFile } from "../src/types.ts";
import { seedFile, seedText } from "./helpers/seed.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "broadsheet-cache-"));

describe("hashOf", () => {
  it("is the hash of an iterable's parts too (hashOfParts), taken one at a time", () => {
    function* parts() {
      yield "ab";
      yield new TextEncoder().encode("c");
    }
    expect(hashOfParts(parts())).toBe(hashOf("ab", "c"));
    expect(hashOfParts(["a", "bc"])).not.toBe(hashOf("ab", "c"));
  });

  it("separates its parts, so moving a boundary changes the hash", () => {
    expect(hashOf("ab", "c")).not.toBe(hashOf("a", "bc"));
    expect(hashOf("a", new TextEncoder().encode("b"))).toBe(hashOf("a", "b"));
  });
});

describe("codeVersion", () => {
  it("changes when any file of src, templates or the lock file changes, and only then", () => {
    const root = scratch();
    mkdirSync(join(root, "src"));
    mkdirSync(join(root, "templates"));
    writeFileSync(join(root, "src", "a.ts"), "export const a = 1;");
    writeFileSync(join(root, "templates", "page.njk"), "<p>{{ x }}</p>");
    const before = codeVersion(root);
    expect(codeVersion(root)).toBe(before);
    writeFileSync(join(root, "templates", "page.njk"), "<p>{{ y }}</p>");
    const afterTemplate = codeVersion(root);
    expect(afterTemplate).not.toBe(before);
    writeFileSync(join(root, "package-lock.json"), "{}");
    expect(codeVersion(root)).not.toBe(afterTemplate);
    writeFileSync(join(root, "notes.txt"), "not code");
    expect(codeVersion(root)).toBe(codeVersion(root));
  });
});

/** The seed cache's shard files (`<xx>.v8`) in a cache folder. */
const shardFiles = (dir: string) => readdirSync(join(dir, "seeds")).filter((name) => /^[0-9a-f]{2}\.v8$/.test(name));

describe("the seed cache", () => {
  /** One build's reading of `files` through the cache of `dir`: what it saved. */
  const readThrough = async (dir: string, salt: string, files: SeedFile[]) => {
    const cache = openSeedCache(dir, salt);
    await readSeeds(files, cache);
    return cache.save();
  };

  it("parses a file once, and again only when its bytes change", async () => {
    const dir = scratch();
    const a = seedFile(seedText({ title: "First headline" }), "a.txt");
    const b = seedFile(seedText({ title: "Second headline", webUrl: "https://example.org/b", originalUrl: "https://example.org/b" }), "b.txt");
    const cold = openSeedCache(dir, "code-1");
    const outcomes = await readSeeds([a, b], cold);
    expect(cold.save()).toEqual({ reused: 0, parsed: 2 });

    const warm = openSeedCache(dir, "code-1");
    const edited = seedFile(seedText({ title: "First headline, edited" }), "a.txt");
    expect(warm.reuse(edited)).toBeNull();
    const again = await readSeeds([edited, b], warm);
    expect(warm.save()).toEqual({ reused: 1, parsed: 1 });
    expect(again[1]).toEqual(outcomes[1]);
    expect(again[1]).toEqual(readSeed(b));
    expect(again[0]!.ok && again[0]!.seed.article.title).toBe("First headline, edited");
  });

  it("held in memory between builds (npm start), gives the same outcomes, and reads a shard again once another build rewrote it", async () => {
    const dir = scratch();
    const a = seedFile(seedText({ title: "First headline" }), "a.txt");
    const first = openSeedCache(dir, "code-1", { inMemory: true });
    const outcomes = await readSeeds([a], first);
    first.save();
    const held = openSeedCache(dir, "code-1", { inMemory: true });
    expect(held.reuse(a)).toEqual(outcomes[0]);
    // Another process rewrites the cache: its shard files are emptied (as a new cache would be).
    for (const name of shardFiles(dir)) writeFileSync(join(dir, "seeds", name), serialize([]));
    expect(openSeedCache(dir, "code-1", { inMemory: true }).reuse(a)).toBeNull();
  });

  it("keeps each outcome's articles as tuples of their fields, and gives back the same outcome: keys, key order and JSON", async () => {
    const dir = scratch();
    const real = "../shared/corpus/real";
    const files = [...readdirSync("seeds").map((name) => join("seeds", name)), ...readdirSync(real).sort().slice(0, 400).map((name) => join(real, name))]
      .filter((path) => /\.(txt|md)$/.test(path))
      .map((path) => ({ path, name: path.slice(path.lastIndexOf("/") + 1), bytes: new Uint8Array(readFileSync(path)) }));
    const parsed = await readThrough(dir, "code-1", files);
    expect(parsed.parsed).toBeGreaterThan(300);
    // The files hold tuples, not objects with keys.
    const stored = shardFiles(dir).flatMap((name) => deserialize(readFileSync(join(dir, "seeds", name))) as [string, unknown][]);
    expect(stored.length).toBe(parsed.parsed);
    for (const [, value] of stored) expect(Array.isArray(value) && Array.isArray(value[0])).toBe(true);
    const warm = openSeedCache(dir, "code-1");
    let compared = 0;
    for (const file of files) {
      const fresh = readSeed(file);
      if (!fresh.ok) continue;
      const reused = warm.reuse(file);
      expect(reused, file.path).not.toBeNull();
      expect(reused).toEqual(fresh);
      expect(JSON.stringify(reused!.ok && reused!.seed)).toBe(JSON.stringify(fresh.seed));
      const kept = { ok: true as const, seed: fresh.seed, problems: fresh.problems };
      expect(JSON.stringify(unpackSeed(packSeed(kept)))).toBe(JSON.stringify(kept));
      compared++;
    }
    expect(compared).toBe(parsed.parsed);
  });

  it("held in memory, gives each later build the same outcome objects (made back from the file once)", async () => {
    const dir = scratch();
    const a = seedFile(seedText({ title: "First headline" }), "a.txt");
    await readThrough(dir, "code-2", [a]);
    const second = openSeedCache(dir, "code-2", { inMemory: true }).reuse(a);
    const third = openSeedCache(dir, "code-2", { inMemory: true }).reuse(a);
    expect(second).not.toBeNull();
    expect(third!.ok && third!.seed).toBe(second!.ok && second!.seed);
  });

  it("never reuses a result made by other code", async () => {
    const dir = scratch();
    const file = seedFile(seedText(), "a.txt");
    await readThrough(dir, "code-1", [file]);
    expect(openSeedCache(dir, "code-1").reuse(file)).not.toBeNull();
    expect(openSeedCache(dir, "code-2").reuse(file)).toBeNull();
  });

  it("keeps no rejected seed, so its error is told on every build", async () => {
    const dir = scratch();
    const bad = seedFile("---\ntitle: [unclosed\n---\n", "bad.txt");
    const cache = openSeedCache(dir, "code");
    expect((await readSeeds([bad], cache))[0]!.ok).toBe(false);
    expect(cache.save()).toEqual({ reused: 0, parsed: 0 });
    expect(openSeedCache(dir, "code").reuse(bad)).toBeNull();
  });

  it("treats a damaged cache file as an empty one", async () => {
    const dir = scratch();
    const file = seedFile(seedText(), "a.txt");
    await readThrough(dir, "code", [file]);
    const [shard] = shardFiles(dir);
    writeFileSync(join(dir, "seeds", shard!), "not a cache");
    const cache = openSeedCache(dir, "code");
    expect(cache.reuse(file)).toBeNull();
    expect((await readSeeds([file], cache))[0]!.ok).toBe(true);
    expect(cache.save()).toEqual({ reused: 0, parsed: 1 });
    expect(openSeedCache(dir, "code").reuse(file)).not.toBeNull();
  });

  it("rewrites only the files of the cache whose seeds changed", async () => {
    const dir = scratch();
    const files = Array.from({ length: 40 }, (_, i) => seedFile(seedText({ title: `Headline ${i}`, webUrl: `https://example.org/${i}`, originalUrl: `https://example.org/${i}` }), `${i}.txt`));
    await readThrough(dir, "code", files);
    const shards = shardFiles(dir);
    expect(shards.length).toBeGreaterThan(10);
    const stamps = () => Object.fromEntries(shardFiles(dir).map((name) => [name, statSync(join(dir, "seeds", name)).ino]));
    const before = stamps();
    const edited = [...files];
    edited[7] = seedFile(seedText({ title: "Headline 7, edited", webUrl: "https://example.org/7", originalUrl: "https://example.org/7" }), "7.txt");
    expect(await readThrough(dir, "code", edited)).toEqual({ reused: 39, parsed: 1 });
    const after = stamps();
    // Each write makes a new file (written whole, then renamed): a new inode.
    const rewritten = Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
    expect(rewritten.length).toBeGreaterThanOrEqual(1);
    expect(rewritten.length).toBeLessThanOrEqual(2);
    const third = openSeedCache(dir, "code");
    expect(edited.every((file) => third.reuse(file) !== null)).toBe(true);
  });
});

describe("the stamp memo", () => {
  /** A folder of `count` seed files written now. */
  const seedsFolder = (count: number) => {
    const dir = scratch();
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `${i}.txt`), seedText({ title: `Headline ${i}`, webUrl: `https://example.org/${i}`, originalUrl: `https://example.org/${i}` }));
    return dir;
  };
  /** One build's load and reading of `seeds` through the cache of `cacheDir`, its clock at `now`. */
  const build = async (cacheDir: string, seeds: string, now: number | undefined) => {
    const cache = openSeedCache(cacheDir, "code", { now });
    const folder = loadSeedFolder(seeds, { known: cache.known });
    const outcomes = await readSeeds(folder.files, cache);
    cache.save();
    return { files: folder.files, outcomes };
  };
  /** Whether a loaded file's bytes are yet to be read (the memo knew its content). */
  const unread = (file: SeedFile) => typeof Object.getOwnPropertyDescriptor(file, "bytes")?.get === "function";
  const later = () => Date.now() + 60_000;

  it("spares the next build reading an unchanged file, whose outcome then comes from the cache by the remembered hash", async () => {
    const cacheDir = scratch();
    const seeds = seedsFolder(3);
    const first = await build(cacheDir, seeds, later());
    expect(first.files.some(unread)).toBe(false);
    // The cache's key is still the hash of the file's content.
    expect(first.files.map((file) => file.contentHash)).toEqual(first.files.map((file) => hashOf(readFileSync(file.path))));
    const second = await build(cacheDir, seeds, later());
    expect(second.files.every(unread)).toBe(true);
    expect(second.outcomes).toEqual(first.outcomes);
  });

  it("reads a file again once its stamp changed, though its size did not", async () => {
    const cacheDir = scratch();
    const seeds = seedsFolder(2);
    await build(cacheDir, seeds, later());
    const text = readFileSync(join(seeds, "1.txt"), "utf8");
    writeFileSync(join(seeds, "1.txt"), text.replace("Headline 1", "Headline 9"));
    const second = await build(cacheDir, seeds, later());
    expect(second.files.map(unread)).toEqual([true, false]);
    expect(second.outcomes[1]!.ok && second.outcomes[1]!.seed.article.title).toBe("Headline 9");
  });

  it("trusts no stamp of a file changed shortly before the build began (a coarse clock could give its next write the same stamp)", async () => {
    const cacheDir = scratch();
    const seeds = seedsFolder(2);
    // The files were written just now: by the file system's clock (the cache's own, without
    // `now`), neither has settled.
    await build(cacheDir, seeds, undefined);
    const second = await build(cacheDir, seeds, later());
    expect(second.files.some(unread)).toBe(false);
    // Settled by the second build, they are remembered from then on.
    expect((await build(cacheDir, seeds, later())).files.every(unread)).toBe(true);
  });

  it("reads the bytes when the cache lacks the outcome, and goes by them when they are not what the memo said", async () => {
    const seeds = seedsFolder(1);
    const [file] = loadSeedFolder(seeds, { known: () => "0".repeat(64) }).files;
    expect(unread(file!)).toBe(true);
    expect(file!.stamp).toBeDefined();
    const outcome = readSeed(file!);
    expect(outcome.ok && outcome.seed.article.title).toBe("Headline 0");
    expect(file!.contentHash).toBe(hashOf(readFileSync(join(seeds, "0.txt"))));
    // No longer trusted, its stamp is not remembered.
    expect(file!.stamp).toBeUndefined();
  });

  it("treats a damaged memo as an empty one", async () => {
    const cacheDir = scratch();
    const seeds = seedsFolder(2);
    const first = await build(cacheDir, seeds, later());
    writeFileSync(join(cacheDir, "seeds", "stamps.v8"), "not a memo");
    const second = await build(cacheDir, seeds, later());
    expect(second.files.some(unread)).toBe(false);
    expect(second.outcomes).toEqual(first.outcomes);
  });
});

describe("the page store", () => {
  it("shares kept pages with a site as one file when linking, and gives each its own when copying", async () => {
    const dir = scratch();
    const site = scratch();
    writeFileSync(join(site, "one.html"), "<p>one</p>");
    const linked = openPageStore(dir, "build", "link");
    linked.keepAll([{ key: "k1", source: join(site, "one.html") }]);
    linked.copyAll([{ key: "k1", target: join(site, "again", "index.html") }]);
    expect(statSync(join(site, "again", "index.html")).ino).toBe(statSync(join(site, "one.html")).ino);
    const copied = openPageStore(dir, "serve", "copy");
    copied.keepAll([{ key: "k1", source: join(site, "one.html") }]);
    copied.copyAll([{ key: "k1", target: join(site, "copy.html") }]);
    expect(statSync(join(site, "copy.html")).ino).not.toBe(statSync(join(site, "one.html")).ino);
    expect(readFileSync(join(site, "copy.html"), "utf8")).toBe("<p>one</p>");
  });

  it("no longer holds a page whose file changed after it was kept", async () => {
    const dir = scratch();
    const site = scratch();
    writeFileSync(join(site, "one.html"), "<p>one</p>");
    openPageStore(dir, "v1", "link").keepAll([{ key: "k1", source: join(site, "one.html") }]);
    expect(openPageStore(dir, "v1").has("k1")).toBe(true);
    writeFileSync(join(site, "one.html"), "<p>edited</p>");
    expect(openPageStore(dir, "v1").has("k1")).toBe(false);
  });

  it("keeps written pages, copies them out, and prunes pages no build uses once they outnumber the rest", async () => {
    const dir = scratch();
    const site = scratch();
    writeFileSync(join(site, "one.html"), "<p>one</p>");
    writeFileSync(join(site, "two.html"), "<p>two</p>");
    const store = openPageStore(dir, "v1");
    store.keepAll([{ key: "k1", source: join(site, "one.html") }, { key: "k2", source: join(site, "two.html") }]);
    const reopened = openPageStore(dir, "v1");
    expect(reopened.has("k1") && reopened.has("k2")).toBe(true);
    reopened.copyAll([{ key: "k2", target: join(site, "copy", "deep", "index.html") }]);
    expect(readFileSync(join(site, "copy", "deep", "index.html"), "utf8")).toBe("<p>two</p>");
    expect(reopened.prune(new Set(["k1"]))).toBe(0); // one unused page does not outnumber one in use
    expect(reopened.prune(new Set())).toBe(2);
    expect(readdirSync(join(dir, "pages", "v1")).filter((name) => name.endsWith(".html"))).toEqual([]);
  });

  it("keeps other variants' pages (npm start beside npm run build), the four most recently used", async () => {
    const dir = scratch();
    const site = scratch();
    writeFileSync(join(site, "page.html"), "<p>page</p>");
    for (const variant of ["v1", "v2", "v3", "v4", "v5"]) {
      const store = openPageStore(dir, variant);
      store.keepAll([{ key: `${variant}-page`, source: join(site, "page.html") }]);
      // Each variant used a second after the last (folder times say which was used when).
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, ["v1", "v2", "v3", "v4", "v5"].indexOf(variant)));
      utimesSync(join(dir, "pages", variant), at, at);
    }
    const v2 = openPageStore(dir, "v2"); // v2 is used again: now the most recent
    expect(v2.prune(new Set(["v2-page"]))).toBe(1);
    expect(readdirSync(join(dir, "pages")).sort()).toEqual(["v2", "v3", "v4", "v5"]);
    expect(openPageStore(dir, "v5").has("v5-page")).toBe(true);
  });

  it.each(["copy", "link"] as const)("says what to do when a page it promised has gone (%s)", async (sharing) => {
    const dir = scratch();
    const site = scratch();
    writeFileSync(join(site, "one.html"), "x");
    openPageStore(dir, "v1").keepAll([{ key: "k1", source: join(site, "one.html") }]);
    const store = openPageStore(dir, "v1", sharing);
    rmSync(join(dir, "pages", "v1"), { recursive: true });
    expect(() => store.copyAll([{ key: "k1", target: join(site, "out.html") }])).toThrow(/The build cache lost a file while this build ran .*Run the build again\./);
  });
});

/** Every file of a built site with the SHA-256 of its bytes. */
function treeHashes(site: BuiltSite): Record<string, string> {
  return Object.fromEntries(site.files.map((path) => [path, createHash("sha256").update(readFileSync(join(site.dir, path))).digest("hex")]));
}

describe("a build with the cache", () => {
  let seeds: string;
  let cacheDir: string;
  let timings: string;
  let first: BuiltSite;
  let second: BuiltSite;
  let clean: BuiltSite;
  let edited: string;
  let secondStages: Record<string, StageTiming>;
  let third: BuiltSite;
  let thirdClean: BuiltSite;
  let thirdStages: Record<string, StageTiming>;
  const stagesOf = (): Record<string, StageTiming> => Object.fromEntries((JSON.parse(readFileSync(timings, "utf8")) as StageTiming[]).map((s) => [s.stage, s]));

  beforeAll(async () => {
    const dir = scratch();
    seeds = join(dir, "seeds");
    cacheDir = join(dir, "cache");
    timings = join(dir, "timings.json");
    cpSync("tests/fixtures/site", seeds, { recursive: true });
    const env = { CACHE: "on", CACHE_DIR: cacheDir, BROADSHEET_TIMINGS: timings, SITE_URL: "https://news.example.org/" };
    first = await buildSite(seeds, env, "/news/");
    const firstStages = stagesOf();
    expect(firstStages.reuse!.count).toBe(0);
    // A writer edits the title of one published seed.
    edited = readdirSync(seeds).sort().find((name) => /^published: true$/m.test(readFileSync(join(seeds, name), "utf8")))!;
    const text = readFileSync(join(seeds, edited), "utf8");
    writeFileSync(join(seeds, edited), text.replace(/^title: .*$/m, 'title: "A headline edited after the first build"'));
    second = await buildSite(seeds, env, "/news/");
    secondStages = stagesOf();
    clean = await buildSite(seeds, { ...env, CACHE: "off" }, "/news/");
    // Then a newer article is added: the counts and the build time (its date) change.
    const added = { title: "A new article added after the second build", publishedDateTime: "2025-06-01T12:00:00Z", webUrl: "https://added.example/new", originalUrl: "https://added.example/new", related: [] };
    writeFileSync(join(seeds, "999_0123456789abcdef.txt"), seedText(added));
    third = await buildSite(seeds, env, "/news/");
    thirdStages = stagesOf();
    thirdClean = await buildSite(seeds, { ...env, CACHE: "off" }, "/news/");
    // The tests below build the second state again.
    rmSync(join(seeds, "999_0123456789abcdef.txt"));
  }, 180_000);

  it("renders only the pages that changed and copies the rest from the cache", () => {
    expect(readdirSync(join(cacheDir, "seeds")).length).toBeGreaterThan(0);
    expect(secondStages.reuse!.count).toBeGreaterThan(20);
    expect(secondStages.render!.count).toBeLessThan(first.files.filter((f) => f.endsWith(".html")).length - 20);
  });

  it("puts unchanged API files and feeds in place from the cache, and writes the changed ones", () => {
    const data = second.files.filter((f) => f.startsWith("api/") || f.startsWith("feeds/"));
    // A kept file is the cache's own, linked into each build: the first build's file itself.
    const fromCache = (f: string) => statSync(join(second.dir, f)).ino === statSync(join(first.dir, f)).ino;
    const reused = data.filter(fromCache);
    expect(readdirSync(join(cacheDir, "data")).length).toBe(1);
    expect(reused.length).toBeGreaterThan(data.length / 2);
    expect(reused.length).toBeLessThan(data.length);
    const article = second.files.find((f) => f.startsWith("api/articles/") && second.read(f).includes("A headline edited after the first build"))!;
    expect(fromCache(article)).toBe(false);
    expect(statSync(join(second.dir, article)).nlink).toBe(2); // written by this build, then kept
  });

  it("gives the same site, byte for byte, as a build without the cache", () => {
    expect(second.files).toEqual(clean.files);
    const a = treeHashes(second);
    const b = treeHashes(clean);
    expect(Object.keys(a).filter((path) => a[path] !== b[path])).toEqual([]);
    expect(second.files.some((f) => f.startsWith("articles/") && second.read(f).includes("A headline edited after the first build"))).toBe(true);
  });

  it("renders only the pages that show an added article, and gives the same site as a build without the cache", () => {
    const pages = third.files.filter((f) => f.endsWith(".html")).length;
    expect(thirdStages.render!.count).toBeLessThan(pages / 3);
    expect(third.files).toEqual(thirdClean.files);
    const a = treeHashes(third);
    const b = treeHashes(thirdClean);
    expect(Object.keys(a).filter((path) => a[path] !== b[path])).toEqual([]);
    // The edition (counts, as of when) is on the home page, not on the pages the cache keeps.
    expect(third.read("index.html")).toContain("as of <time datetime=\"2025-06-01T12:00:00Z\">");
    const article = third.files.find((f) => f.startsWith("articles/") && f.endsWith(".html"))!;
    expect(third.read(article)).not.toContain("as of <time");
  });

  it("writes the same build report as a build without the cache", () => {
    const report = (site: BuiltSite) => readFileSync(site.options.reportPath, "utf8");
    expect(report(second)).toBe(report(clean));
    expect(report(second)).toContain('"repairs"');
    expect((JSON.parse(report(clean)) as { totals: { pages: number } }).totals.pages).toBe(clean.files.filter((f) => f.endsWith(".html")).length);
  });

  it("is safe to delete: the next build is a full one with the same result", async () => {
    rmSync(cacheDir, { recursive: true });
    const rebuilt = await buildSite(seeds, { CACHE: "on", CACHE_DIR: cacheDir, BROADSHEET_TIMINGS: timings, SITE_URL: "https://news.example.org/" }, "/news/");
    expect(stagesOf().reuse!.count).toBe(0);
    expect(treeHashes(rebuilt)).toEqual(treeHashes(clean));
  }, 60_000);

  it("renders a page again when a built site's file was edited in place, though the cache shares the file", async () => {
    const env = { CACHE: "on", CACHE_DIR: cacheDir, BROADSHEET_TIMINGS: timings, SITE_URL: "https://news.example.org/" };
    const built = await buildSite(seeds, env, "/news/");
    const page = built.files.find((f) => f.startsWith("articles/") && f.endsWith(".html"))!;
    // A post-processing step (a minifier, say) rewrites the page where it is: same file, new bytes.
    writeFileSync(join(built.dir, page), "<p>rewritten in place</p>");
    const variants = readdirSync(join(cacheDir, "pages"));
    const shared = variants.flatMap((v) => readdirSync(join(cacheDir, "pages", v)).map((n) => join(cacheDir, "pages", v, n))).filter((f) => f.endsWith(".html") && readFileSync(f, "utf8") === "<p>rewritten in place</p>");
    expect(shared).toHaveLength(1); // the kept page was that very file
    const next = await buildSite(seeds, env, "/news/");
    expect(stagesOf().render!.count).toBeGreaterThanOrEqual(1);
    expect(treeHashes(next)).toEqual(treeHashes(clean));
  }, 60_000);

  it("renders everything again for another path prefix", async () => {
    const moved = await buildSite(seeds, { CACHE: "on", CACHE_DIR: cacheDir, BROADSHEET_TIMINGS: timings, SITE_URL: "https://news.example.org/" }, "/elsewhere/");
    expect(stagesOf().reuse!.count).toBe(0);
    expect(moved.read("index.html")).toContain('href="/elsewhere/');
  }, 60_000);
});

describe("the clustering memo", () => {
  const result = { stories: [{ members: ["a", "b"], reasons: { a: "first", b: "same event" } }], storylines: [{ subject: "S", stories: [["a", "b"], ["c"]] }] };

  it("gives back the last result under its key, and none under another key or other code", () => {
    const dir = scratch();
    const memo = openClusterMemo(dir, "code");
    expect(memo.get("docs")).toBeUndefined();
    memo.put("docs", result);
    expect(openClusterMemo(dir, "code").get("docs")).toEqual(result);
    expect(openClusterMemo(dir, "code").get("other docs")).toBeUndefined();
    expect(openClusterMemo(dir, "other code").get("docs")).toBeUndefined();
    // One result is kept: the last.
    memo.put("other docs", { stories: [], storylines: [] });
    expect(openClusterMemo(dir, "code").get("docs")).toBeUndefined();
    expect(openClusterMemo(dir, "code").get("other docs")).toEqual({ stories: [], storylines: [] });
  });

  it("treats a damaged or foreign file as no result, and a folder it cannot write as costing only speed", () => {
    const dir = scratch();
    writeFileSync(join(dir, "stories.v8"), "not a V8 serialization");
    expect(openClusterMemo(dir, "code").get("docs")).toBeUndefined();
    writeFileSync(join(dir, "stories.v8"), serialize([[hashOf("code", "docs"), { stories: "no" }]]));
    expect(openClusterMemo(dir, "code").get("docs")).toBeUndefined();
    const file = join(dir, "a file");
    writeFileSync(file, "");
    expect(() => openClusterMemo(join(file, "cache"), "code").put("docs", result)).not.toThrow();
  });

  it("is used by buildStories for the same articles, and not for an article the clustering reads differently", () => {
    const articles = readdirSync("tests/fixtures/site").sort().map((name) => readSeed(seedFile(readFileSync(join("tests/fixtures/site", name)), name))).flatMap((o) => (o.ok && o.seed.article.published ? [o.seed.article] : []));
    const kept = new Map<string, ClusterResult>();
    const memo = { get: (key: string) => kept.get(key), put: (key: string, value: ClusterResult) => void kept.set(key, value) };
    const clustered = buildStories(articles, { memo });
    expect(clustered.stories.length).toBeGreaterThan(0);
    expect(kept.size).toBe(1);
    // A result kept under the same articles' key is taken as it is: here, a stand-in with no story.
    const [key] = kept.keys();
    kept.set(key!, { stories: [], storylines: [] });
    expect(buildStories(articles, { memo }).stories).toEqual([]);
    // What the clustering does not read (scores, topics, images) keeps the key.
    const rescored = articles.map((a, i) => (i === 0 ? { ...a, heat: 999, quality: 1, topics: ["Elsewhere"], images: [] } : a));
    expect(buildStories(rescored, { memo }).stories).toEqual([]);
    // A title it reads changes the key: clustered again, and kept beside.
    const retitled = articles.map((a, i) => (i === 0 ? { ...a, title: `${a.title} (updated)` } : a));
    expect(buildStories(retitled, { memo }).stories.length).toBeGreaterThan(0);
    expect(kept.size).toBe(2);
  });

  it("spares a build after a score edit the clustering, with the same site as a build without the cache", async () => {
    const dir = scratch();
    const seeds = join(dir, "seeds");
    const cacheDir = join(dir, "cache");
    cpSync("tests/fixtures/site", seeds, { recursive: true });
    const env = { CACHE: "on", CACHE_DIR: cacheDir, SITE_URL: "https://news.example.org/" };
    await buildSite(seeds, env);
    const memoFile = join(cacheDir, "stories.v8");
    const before = statSync(memoFile);
    const name = readdirSync(seeds).sort().find((n) => /^published: true$/m.test(readFileSync(join(seeds, n), "utf8")) && /^heat: \d+$/m.test(readFileSync(join(seeds, n), "utf8")))!;
    const edit = (change: (text: string) => string) => writeFileSync(join(seeds, name), change(readFileSync(join(seeds, name), "utf8")));
    edit((text) => text.replace(/^heat: \d+$/m, "heat: 977"));
    const rescored = await buildSite(seeds, env);
    // Not written again: the result kept was the one wanted (a write renames a new file into place).
    expect(statSync(memoFile).ino).toBe(before.ino);
    expect(treeHashes(rescored)).toEqual(treeHashes(await buildSite(seeds, { ...env, CACHE: "off" })));
    edit((text) => text.replace(/^title: .*$/m, 'title: "A headline the clustering reads"'));
    const retitled = await buildSite(seeds, env);
    expect(statSync(memoFile).ino).not.toBe(before.ino);
    expect(treeHashes(retitled)).toEqual(treeHashes(await buildSite(seeds, { ...env, CACHE: "off" })));
  }, 120_000);
});
