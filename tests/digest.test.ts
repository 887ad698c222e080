import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildDigest, createDigest, ignoredLine, partsOf } from "../src/digest.ts";
import { RELATED_SHOWN } from "../src/pages.ts";
import { loadSeedFolder, type SeedFolder } from "../src/load.ts";
import { readOptions } from "../src/options.ts";
import { readSeed } from "../src/seeds.ts";
import { generateSeeds } from "../src/synthetic.ts";
import { seedFile, seedText } from "./helpers/seed.ts";

const realSeeds = loadSeedFolder("seeds");
const secureds = realSeeds.files.map((f) => /secured: "([^"]+)"/.exec(new TextDecoder().decode(f.bytes))![1]!);
const digestOf = (folder: SeedFolder, env: Record<string, string> = {}) => createDigest(folder, readOptions({ QUIET: "1", ...env }));
const folderOf = (...files: ReturnType<typeof seedFile>[]): SeedFolder => ({ files, ignored: [] });

describe("createDigest on the five real seeds", () => {
  it("publishes 004 only in a production build", () => {
    const { digest, report } = digestOf(realSeeds);
    expect(report.seeds.map((s) => [s.file.slice(-24, -21), s.status])).toEqual([
      ["000", "unpublished"],
      ["001", "unpublished"],
      ["002", "unpublished"],
      ["003", "unpublished"],
      ["004", "published"],
    ]);
    expect(digest.articles.map((a) => a.url)).toEqual(["/articles/9f6d763043ec1454/"]);
    expect(report.totals).toMatchObject({ files: 5, published: 1, unpublished: 4, rejected: 0, duplicate: 0 });
  });

  it("puts 000 and 001 (linked both ways, one day apart) in one story, with the same story id in the report", () => {
    const { digest, report } = digestOf(realSeeds, { UNPUBLISHED: "1" });
    const ids = report.seeds.map((s) => s.story);
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
    expect(ids.slice(2)).toEqual([undefined, undefined, undefined]);
    expect(digest.stories).toHaveLength(1);
    expect(digest.stories[0]!.coverage.articles).toBe(2);
    expect(digest.stories[0]!.days.flatMap((d) => d.items.map((c) => c.reason)).every((r) => r.length > 0)).toBe(true);
  });

  it("repairs the mojibake of 002's related Baltimore Sun title and reports it", () => {
    const { digest, report } = digestOf(realSeeds, { UNPUBLISHED: "1" });
    const json = JSON.stringify(digest);
    expect(json).toContain("Baltimore’s bad idea");
    expect(json).not.toContain("â€™");
    expect(report.seeds[2]!.repairs).toEqual([
      { at: expect.stringMatching(/002_b5ab22eff5a58556\.txt:24:12$/), field: "related[0].title", message: expect.stringContaining("repaired mojibake") },
    ]);
  });

  it("never puts a secured value in the digest or the report", () => {
    for (const env of [{}, { UNPUBLISHED: "1" }] as Record<string, string>[]) {
      const { digest, report } = digestOf(realSeeds, env);
      const out = JSON.stringify(digest) + JSON.stringify(report);
      for (const secured of secureds) expect(out).not.toContain(secured.slice(0, 40));
    }
  });

  it("measures recency against the newest article unless BUILD_TIME is given", () => {
    expect(digestOf(realSeeds).digest.edition.buildTime).toBe("2021-04-13T16:17:00Z");
    expect(digestOf(realSeeds, { BUILD_TIME: "2024-01-01T00:00:00Z" }).digest.edition.buildTime).toBe("2024-01-01T00:00:00Z");
  });

  it("gives the same digest and report for the same seeds", () => {
    expect(JSON.stringify(digestOf(realSeeds, { UNPUBLISHED: "1" }))).toBe(JSON.stringify(digestOf(realSeeds, { UNPUBLISHED: "1" })));
  });
});

describe("createDigest: linking and accounting", () => {
  it("shows an unpublished seed cited by a published one only as the published seed gives it", () => {
    const hidden = seedFile(seedText({ title: "Secret draft headline", excerpt: "Draft excerpt text", published: false, webUrl: "https://news.example/draft", originalUrl: undefined, topics: ["Hidden Topic"] }), "001_aaaaaaaaaaaaaaaa.txt");
    const citing = seedFile(seedText({ related: [{ title: "Public headline of the draft", webUrl: "https://news.example/draft", provider: { name: "News", domain: "news.example" } }] }), "002_bbbbbbbbbbbbbbbb.txt");
    const { digest, report } = digestOf(folderOf(hidden, citing));
    const json = JSON.stringify(digest);
    expect(json).toContain("Public headline of the draft");
    expect(json).not.toMatch(/Secret draft headline|Draft excerpt text|Hidden Topic|aaaaaaaaaaaaaaaa/);
    expect(report.seeds[0]).toMatchObject({ status: "unpublished", notes: [expect.stringContaining("cited by a published seed")] });
  });

  it("merges two seed files for the same article, reports the duplicate and keeps both files", () => {
    const a = seedFile(seedText({ webUrl: "https://www.example.com/story?utm_source=x", excerpt: "short" }), "001_aaaaaaaaaaaaaaaa.txt");
    const b = seedFile(seedText({ webUrl: "http://example.com/story/", excerpt: "a much longer excerpt that is richer", topics: ["Robots"] }), "002_bbbbbbbbbbbbbbbb.txt");
    const { digest, report } = digestOf(folderOf(a, b));
    expect(digest.articles).toHaveLength(1);
    expect(digest.articles[0]!.card.excerpt).toBe("a much longer excerpt that is richer");
    expect(report.seeds.map((s) => [s.status, s.duplicateOf])).toEqual([
      ["duplicate", "seeds/002_bbbbbbbbbbbbbbbb.txt"],
      ["published", undefined],
    ]);
    expect(report.totals.duplicate).toBe(1);
  });

  it("leaves a bad seed out, names it in the report with its position, and builds the rest", () => {
    const bad = seedFile("---\ntitle: Privacy rules: what changes\n---\n", "001_aaaaaaaaaaaaaaaa.txt");
    const good = seedFile(seedText(), "002_bbbbbbbbbbbbbbbb.txt");
    const { digest, report } = digestOf(folderOf(bad, good));
    expect(digest.articles).toHaveLength(1);
    expect(report.seeds[0]).toMatchObject({ status: "rejected", errors: [{ at: "seeds/001_aaaaaaaaaaaaaaaa.txt:2:21", message: expect.stringContaining("not valid YAML") }] });
    expect(report.totals).toMatchObject({ files: 2, rejected: 1, published: 1 });
  });

  it("says which files and folders of the seeds folder it ignored, and that files in folders are not read", () => {
    expect(ignoredLine(["README", "notes.json"], "seeds")).toBe("ignored 2 file(s) in seeds that are not seeds (*.txt, *.md): README, notes.json");
    expect(ignoredLine(["2024/", "README"], "seeds")).toBe("ignored 1 file(s) and 1 folder(s) in seeds that are not seeds (*.txt, *.md); files in folders are not read: 2024/, README");
    expect(ignoredLine(["a/", "b/", "c/", "d/", "e/", "f/"], "s")).toBe("ignored 6 folder(s) in s that are not seeds (*.txt, *.md); files in folders are not read: a/, b/, c/, d/, e/, …");
  });

  it("lists files that are not seeds as ignored", () => {
    const { report } = createDigest({ files: [seedFile(seedText())], ignored: ["README", "notes.json"] }, readOptions({}));
    expect(report.ignored).toEqual(["README", "notes.json"]);
    expect(report.totals.ignored).toBe(2);
  });

  it("treats AI, ' ai ' and Ai as one topic named by its most common spelling", () => {
    const files = [["AI"], [" ai "], ["AI"], ["Ai"]].map((topics, i) => seedFile(seedText({ topics, webUrl: `https://example.com/${i}` }), `00${i}_000000000000000${i}.txt`));
    const { digest } = digestOf(folderOf(...files));
    expect(digest.topicIndex).toEqual([{ label: "AI", url: "/topics/ai/", count: 4 }]);
  });
});

describe("related coverage on pages", () => {
  it("shows at most RELATED_SHOWN.article cards, newest first, however much a seed cites", () => {
    const related = Array.from({ length: 15 }, (_, i) => ({ title: `Cited ${i}`, webUrl: `https://cited.example/${i}`, publishedDateTime: `2021-01-${String(i + 1).padStart(2, "0")}T00:00:00Z` }));
    const { digest } = digestOf(folderOf(seedFile(seedText({ related }))));
    expect(digest.articles[0]!.related.map((c) => c.title)).toEqual(["Cited 14", "Cited 13", "Cited 12", "Cited 11", "Cited 10", "Cited 9"]);
    expect(RELATED_SHOWN.article).toBe(6);
  });
});

describe("buildDigest", () => {
  it("writes the report where BUILD_REPORT says and fails under STRICT=1 when a seed is invalid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-strict-"));
    writeFileSync(join(dir, "001_aaaaaaaaaaaaaaaa.txt"), "---\ntitle: [unclosed\n---\n");
    writeFileSync(join(dir, "002_bbbbbbbbbbbbbbbb.txt"), seedText());
    const reportPath = join(dir, "out", "report.json");
    const options = readOptions({ SEEDS_DIR: dir, BUILD_REPORT: reportPath, QUIET: "1", CACHE_DIR: join(dir, "cache") });
    expect((await buildDigest(options)).articles).toHaveLength(1);
    expect(JSON.parse(readFileSync(reportPath, "utf8")).totals.rejected).toBe(1);
    await expect(buildDigest({ ...options, strict: true })).rejects.toThrow(/^STRICT=1: 1 seed file is invalid/);
  });

  it("builds on, with a warning, when the build cache cannot be written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-cache-"));
    writeFileSync(join(dir, "002_bbbbbbbbbbbbbbbb.txt"), seedText());
    writeFileSync(join(dir, "not-a-folder"), "");
    const warnings: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    try {
      const options = readOptions({ SEEDS_DIR: dir, BUILD_REPORT: join(dir, "report.json"), QUIET: "1", CACHE_DIR: join(dir, "not-a-folder") });
      expect((await buildDigest(options)).articles).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
    expect(warnings.join("\n")).toMatch(/the build cache in .*not-a-folder could not be written .*Set CACHE_DIR to a writable folder, or CACHE=off\./);
  });
});

describe("createDigest and the outcomes it is given", () => {
  /** Freezes a value and everything in it (the seeds' bytes aside: typed arrays cannot be frozen). */
  const deepFreeze = <T>(value: T): T => {
    if (typeof value !== "object" || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
    for (const item of Object.values(value)) deepFreeze(item);
    return Object.freeze(value);
  };

  it("never changes them: npm start keeps parsed seeds in memory and shares them between builds", () => {
    const seeds = generateSeeds(300, 5);
    // A duplicate (the same article in a second file) makes the merge combine two seeds.
    const duplicate = { name: `zz_${seeds[0]!.name}`, text: seeds[0]!.text.replace(/^quality: \d+/m, "quality: 1") };
    const files = [...seeds, duplicate].map((s) => seedFile(s.text, s.name));
    const options = readOptions({ QUIET: "1", UNPUBLISHED: "1", BUILD_TIME: "2024-06-01T00:00:00Z" });
    const frozen = deepFreeze(files.map((file) => readSeed(file)));
    // In strict mode (ES modules), changing a frozen object throws.
    const { digest, report } = createDigest({ files, ignored: [] }, options, { outcomes: frozen, views: "all" });
    const files_ = [...partsOf(digest).apiSources()].map((source) => source.data());
    const fresh = createDigest({ files, ignored: [] }, options, { views: "all" });
    expect(JSON.stringify(digest)).toBe(JSON.stringify(fresh.digest));
    expect(report).toEqual(fresh.report);
    expect(files_.length).toBeGreaterThan(300);
  });
});
