import { describe, expect, it } from "vitest";
import { MOST_SEARCH_SHARDS, SEARCH_SHARD_SIZE, searchShards, shardSize, type ShardedRecord } from "../src/search-shards.ts";

/** `n` records an hour apart from `from`, with a text that an edit changes. */
function records(n: number, from = 0): (ShardedRecord & { text: string })[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `/articles/${String(from + i).padStart(16, "0")}/`,
    sort: { date: new Date(Date.UTC(2024, 0, 1) + (from + i) * 3_600_000).toISOString() },
    text: `report ${from + i}`,
  }));
}

const names = (shards: { name: string }[]) => shards.map((s) => s.name);

describe("searchShards", () => {
  const all = records(5_000);
  const shards = searchShards(all, "code", 200);

  it("puts every record in one shard, shards between half and twice the size but the newest", () => {
    expect(shards.flatMap((s) => s.records.map((r) => r.url)).sort()).toEqual(all.map((r) => r.url).sort());
    for (const shard of shards.slice(1)) expect(shard.records.length).toBeGreaterThanOrEqual(100);
    for (const shard of shards) expect(shard.records.length).toBeLessThanOrEqual(400);
    expect(shards.length).toBeGreaterThan(12);
    expect(shards.length).toBeLessThan(50);
  });

  it("gives each shard a run of dates, newest shard first, oldest record first within", () => {
    const dates = shards.flatMap((s) => s.records.map((r) => r.sort.date!));
    // Newest shard first: the shards reversed are in date order, and so is each shard's records.
    const ascending = [...shards].reverse().flatMap((s) => s.records.map((r) => r.sort.date!));
    expect(ascending).toEqual([...ascending].sort());
    expect(dates).not.toEqual([...dates].sort());
  });

  it("is the same whatever order the records come in", () => {
    expect(names(searchShards([...all].reverse(), "code", 200))).toEqual(names(shards));
  });

  it("changes one shard when a record is edited", () => {
    const edited = all.map((r, i) => (i === 2_345 ? { ...r, text: "edited" } : r));
    const after = names(searchShards(edited, "code", 200));
    expect(after.filter((name) => !names(shards).includes(name))).toHaveLength(1);
    expect(after).toHaveLength(shards.length);
  });

  it("changes at most two shards when an old record is added or removed", () => {
    const added = [...all, { url: "/articles/old/", sort: { date: "2024-01-02T00:30:00.000Z" }, text: "old" }];
    expect(names(searchShards(added, "code", 200)).filter((name) => !names(shards).includes(name)).length).toBeLessThanOrEqual(2);
    const removed = all.filter((_, i) => i !== 1_000);
    expect(names(searchShards(removed, "code", 200)).filter((name) => !names(shards).includes(name)).length).toBeLessThanOrEqual(2);
  });

  it("changes only the newest shard, or adds one, when newer records come", () => {
    const after = names(searchShards([...all, ...records(10, 5_000)], "code", 200));
    expect(after.slice(-(shards.length - 1))).toEqual(names(shards).slice(1));
  });

  it("names shards by their records and the salt", () => {
    expect(names(searchShards(all, "other code", 200)).some((name) => names(shards).includes(name))).toBe(false);
    for (const name of names(shards)) expect(name).toMatch(/^[0-9a-f]{16}$/);
  });

  it("makes one shard of a small index, and none of an empty one", () => {
    expect(searchShards(records(30), "code")).toHaveLength(1);
    expect(searchShards([], "code")).toEqual([]);
    expect(searchShards(records(5), "code", 1).map((s) => s.records.length).reduce((a, b) => a + b)).toBe(5);
  });
});

describe("shardSize", () => {
  it("is SEARCH_SHARD_SIZE up to 8 shards' worth of articles, then doubles, so a site never has many more than 8", () => {
    expect([0, 1, 6_982, 20_000].map(shardSize)).toEqual([2_500, 2_500, 2_500, 2_500]);
    expect([20_001, 35_014, 40_000].map(shardSize)).toEqual([5_000, 5_000, 5_000]);
    expect([40_001, 80_000, 80_001].map(shardSize)).toEqual([10_000, 10_000, 20_000]);
    for (const count of [1, 19_999, 20_001, 35_014, 123_456, 1e7]) {
      const size = shardSize(count);
      expect(count / size).toBeLessThanOrEqual(MOST_SEARCH_SHARDS);
      // The smallest such size: half of it would make too many shards.
      if (size > SEARCH_SHARD_SIZE) expect(count / (size / 2)).toBeGreaterThan(MOST_SEARCH_SHARDS);
    }
  });

  it("sizes the shards of an index when no size is given", () => {
    const many = records(45_000);
    // 45,000 records: shards of about 10,000 (between half and twice that, but the newest).
    const shards = searchShards(many, "code");
    expect(shards.length).toBeGreaterThanOrEqual(3);
    expect(shards.length).toBeLessThanOrEqual(MOST_SEARCH_SHARDS + 1);
    for (const shard of shards.slice(1)) expect(shard.records.length).toBeGreaterThanOrEqual(5_000);
    expect(names(searchShards(many, "code", 10_000))).toEqual(names(shards));
  });
});
