import { describe, expect, it } from "vitest";
import { checkedOptions, OptionError, readOptions, readWeights, runOptions } from "../src/options.ts";
import { DEFAULT_RANK_WEIGHTS } from "../src/rank.ts";

describe("readOptions", () => {
  it("has documented defaults", () => {
    expect(readOptions({})).toEqual({
      seedsDir: "seeds",
      siteUrl: "",
      includeUnpublished: false,
      strict: false,
      reportPath: "build-report.json",
      buildTime: undefined,
      timeZone: "UTC",
      rankWeights: DEFAULT_RANK_WEIGHTS,
      quiet: false,
      cacheDir: ".cache/broadsheet",
      searchShardSize: null,
    });
  });

  it.each([
    [{ CACHE_DIR: "/tmp/c" }, "/tmp/c"],
    [{ CACHE: "off" }, null],
    [{ CACHE: "0", CACHE_DIR: "/tmp/c" }, null],
    [{ CACHE: "on" }, ".cache/broadsheet"],
  ])("reads the cache settings: %j", (env, cacheDir) => {
    expect(readOptions(env).cacheDir).toBe(cacheDir);
  });

  it("reads every variable", () => {
    const options = readOptions({ SEEDS_DIR: "x", SITE_URL: "https://example.org/news/", UNPUBLISHED: "1", STRICT: "true", BUILD_REPORT: "r.json", BUILD_TIME: "2023-04-01T00:00:00Z", TIME_ZONE: "Europe/Paris", QUIET: "yes", SEARCH_SHARD_SIZE: "300" });
    expect(options).toMatchObject({ searchShardSize: 300,  seedsDir: "x", siteUrl: "https://example.org/news", includeUnpublished: true, strict: true, reportPath: "r.json", buildTime: "2023-04-01T00:00:00Z", timeZone: "Europe/Paris", quiet: true });
  });

  it.each([
    [{ TIME_ZONE: "Mars/Olympus" }, 'TIME_ZONE="Mars/Olympus" is not an IANA time zone such as UTC or Europe/Paris.'],
    [{ BUILD_TIME: "soon" }, 'BUILD_TIME="soon" is not an ISO 8601 date-time such as 2023-04-01T00:00:00Z.'],
    [{ SITE_URL: "example.org" }, 'SITE_URL="example.org" is not an absolute URL such as https://example.org/news/.'],
    [{ SITE_URL: "javascript:alert(1)" }, 'SITE_URL="javascript:alert(1)" must be an http(s) URL.'],
    [{ SEARCH_SHARD_SIZE: "0" }, 'SEARCH_SHARD_SIZE="0" is not a whole number of at least 1, such as 2500.'],
    [{ SEARCH_SHARD_SIZE: "2.5" }, 'SEARCH_SHARD_SIZE="2.5" is not a whole number of at least 1, such as 2500.'],
    [{ UNPUBLISHED: "y" }, 'UNPUBLISHED="y" is neither on (1, true, yes, on) nor off (0, false, no, off).'],
    [{ STRICT: "strict" }, 'STRICT="strict" is neither on (1, true, yes, on) nor off (0, false, no, off).'],
    [{ QUIET: "2" }, 'QUIET="2" is neither on (1, true, yes, on) nor off (0, false, no, off).'],
    [{ CACHE: "maybe" }, 'CACHE="maybe" is neither on (1, true, yes, on) nor off (0, false, no, off).'],
    [{ RANK_WEIGHTS: "fame=2" }, 'RANK_WEIGHTS has "fame=2"'],
  ])("explains a bad value: %j", (env, message) => {
    expect(() => readOptions(env)).toThrow(message);
    expect(() => readOptions(env)).toThrow(OptionError);
    expect(checkedOptions(env, [])).toContain(message);
  });

  it.each([
    ["1", true], ["TRUE", true], [" yes ", true], ["on", true],
    ["0", false], ["False", false], ["no", false], ["off", false], ["", false],
  ])("reads the on/off value %j as %s", (value, on) => {
    expect(readOptions({ UNPUBLISHED: value, STRICT: value, QUIET: value })).toMatchObject({ includeUnpublished: on, strict: on, quiet: on });
    expect(readOptions({ CACHE: value }).cacheDir).toBe(on || value === "" ? ".cache/broadsheet" : null);
  });

  it("is quiet under CI whatever CI says beside true, and does not check CI", () => {
    expect(readOptions({ CI: "true", QUIET: "0" }).quiet).toBe(true);
    expect(readOptions({ CI: "woodpecker" }).quiet).toBe(false);
    expect(checkedOptions({ CI: "woodpecker" }, [])).toMatchObject({ quiet: false });
  });
});

describe("readWeights", () => {
  it("overrides any subset of the weights", () => {
    expect(readWeights("recency=1, halfLifeDays=30")).toEqual({ ...DEFAULT_RANK_WEIGHTS, recency: 1, halfLifeDays: 30 });
  });

  it("refuses unknown names and negative numbers", () => {
    expect(() => readWeights("fame=2")).toThrow('RANK_WEIGHTS has "fame=2"');
    expect(() => readWeights("size=-1")).toThrow('RANK_WEIGHTS has "size=-1"');
  });
});

describe("runOptions", () => {
  it("makes a run in which Eleventy writes no files a dry run without the build cache", () => {
    for (const argv of [["--dryrun"], ["--to=json"], ["--to", "ndjson"], ["--serve", "--dryrun"]]) {
      expect(runOptions({ CACHE_DIR: "here" }, ["node", "eleventy", ...argv]), argv.join(" ")).toMatchObject({ dryRun: true, cacheDir: null });
    }
  });

  it("is quiet with Eleventy's --quiet, as with QUIET=1, whatever else the run is", () => {
    for (const argv of [["--quiet"], ["--output=dist", "--quiet"], ["--quiet", "--dryrun"]]) {
      expect(runOptions({}, ["node", "build", ...argv]).quiet, argv.join(" ")).toBe(true);
    }
    expect(runOptions({}, ["node", "build", "--output=quiet"]).quiet).toBe(false);
    expect(runOptions({ CACHE_DIR: "here" }, ["node", "build", "--quiet"])).toEqual(readOptions({ CACHE_DIR: "here", QUIET: "1" }));
  });

  it("leaves any other run as the environment says", () => {
    for (const argv of [[], ["--serve"], ["--to=fs"], ["--output=dryrun"]]) {
      expect(runOptions({ CACHE_DIR: "here" }, ["node", "eleventy", ...argv]), argv.join(" ")).toEqual(readOptions({ CACHE_DIR: "here" }));
    }
  });
});
