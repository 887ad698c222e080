/**
 * The search index in shards, with the search store: each shard's index is, file for file and
 * byte for byte, the index Pagefind writes for its records alone; an edit re-indexes one shard;
 * the other shards are the store's own files; and the bundle holds the listed shards only.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { openSearchStore } from "../src/search-store.ts";
import { searchShards } from "../src/search-shards.ts";
import { recordEntry, startSearchIndex, SHARD_LIST, type SearchIndexOptions, type SearchRecord } from "../src/search.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "broadsheet-search-store-"));

/** `n` distinct article records, as search.ts makes them, an hour apart. */
function records(n: number): SearchRecord[] {
  const words = ["harbour", "bridge", "council", "election", "vaccine", "orbit", "drought", "tariff", "museum", "strike", "glacier", "satellite"];
  return Array.from({ length: n }, (_, i) => ({
    url: `/articles/${String(i).padStart(16, "0")}/`,
    content: `${words[i % 12]} ${words[(i * 7) % 12]} report number ${i}\nAn excerpt about the ${words[(i * 5) % 12]} and the ${words[(i + 3) % 12]}.`,
    language: "en",
    meta: { title: `Report ${i}`, source: `Source ${i % 5}`, date: "1 June 2024" },
    filters: { topic: [words[i % 4]!], source: [`Source ${i % 5}`], year: [String(2020 + (i % 4))] },
    sort: { date: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString() },
  }));
}

/** Every file under a folder, relative, with its bytes as base64. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string) => {
    for (const name of readdirSync(path)) {
      const file = join(path, name);
      if (statSync(file).isDirectory()) visit(file);
      else out[relative(dir, file)] = readFileSync(file).toString("base64");
    }
  };
  visit(dir);
  return out;
}

/** Writes the index of `list` into `out` (a new folder by default); returns the bundle's folder. */
async function indexOf(list: SearchRecord[], options: SearchIndexOptions, out = scratch()): Promise<string> {
  await startSearchIndex(options).write(list.map(recordEntry), out);
  return join(out, "pagefind");
}

/** Waits (10 s at most) until no entry of `dir` matches: the store deletes folders in the background. */
async function gone(dir: string, matches: (name: string) => boolean): Promise<void> {
  for (let waited = 0; readdirSync(dir).some(matches) && waited < 10_000; waited += 50) await new Promise((done) => setTimeout(done, 50));
  expect(readdirSync(dir).filter(matches)).toEqual([]);
}

const listOf = (bundle: string): string[] => JSON.parse(readFileSync(join(bundle, SHARD_LIST), "utf8")) as string[];

/** The bundle's files that are the store's own (the same inode), by shard folder. */
function fromStore(bundle: string, storeDir: string): Set<string> {
  const shared = new Set<string>();
  for (const folder of listOf(bundle)) {
    const files = Object.keys(tree(join(bundle, folder)));
    if (files.every((file) => statSync(join(storeDir, folder, file), { throwIfNoEntry: false })?.ino === statSync(join(bundle, folder, file)).ino)) shared.add(folder);
  }
  return shared;
}

describe("a search index in shards, with the search store", () => {
  const options = (store?: string): SearchIndexOptions => ({ shardSize: 20, salt: "code", ...(store ? { store } : {}) });
  const base = records(90);

  it("leaves a shard the site already holds under its name as it is (npm start writes into its site again)", async () => {
    const store = join(scratch(), "search");
    const site = scratch();
    const bundle = await indexOf(base, options(store), site);
    // The shard folders themselves: a shard put in place again is a new folder (its files are the store's either way).
    const inodes = () => listOf(bundle).map((folder) => statSync(join(bundle, folder)).ino);
    const before = inodes();
    await indexOf(base, options(store), site);
    expect(inodes()).toEqual(before);
  }, 60_000);

  it("makes the records of the shards to index only: none when the store holds every shard, and says so when the store lost one", async () => {
    const store = join(scratch(), "search");
    const first = await indexOf(base, options(store));
    // The same entries again, each record made only when asked for, and counted.
    let made = 0;
    const counted = base.map((record) => ({ ...recordEntry(record), record: () => (made++, record) }));
    const again = scratch();
    expect(await startSearchIndex(options(store)).write(counted, again)).toBe(90);
    expect(made).toBe(0);
    expect(tree(join(again, "pagefind"))).toEqual(tree(first));
    // One record edited: its shard's records are made, and no other's.
    const edited = counted.map((entry, i) => (i === 17 ? { ...entry, key: `${entry.key} edited` } : entry));
    await startSearchIndex(options(store)).write(edited, scratch());
    const shardOf17 = searchShards(edited, "code", 20, (entry) => entry.key).find((shard) => shard.records.includes(edited[17]!))!;
    expect(made).toBe(shardOf17.records.length);
    // The store's copy of a shard gone (here a file where its folder was) once the build had counted on it.
    const [name] = listOf(first);
    rmSync(join(store, name!.replace(/\/$/, "")), { recursive: true, force: true });
    writeFileSync(join(store, name!.replace(/\/$/, "")), "not a shard");
    const error = await startSearchIndex(options(store)).write(counted, scratch()).then(() => null, (e: unknown) => e);
    expect(String(error)).toMatch(/The build cache lost the search index of shard [0-9a-f]{16} while this build ran .*Run the build again\./);
  }, 60_000);

  it("is, shard for shard, the index Pagefind writes alone, through edits, removals and additions", async () => {
    const store = join(scratch(), "search");
    const cases: [string, SearchRecord[]][] = [
      ["first build", base],
      ["nothing changed", base],
      ["one record edited", base.map((r, i) => (i === 17 ? { ...r, content: `${r.content} zeppelin`, meta: { ...r.meta, title: "Edited" } } : r))],
      ["one record removed", base.filter((_, i) => i !== 30)],
      ["records added", [...base, ...records(96).slice(90)]],
    ];
    for (const [label, list] of cases) {
      const withStore = await indexOf(list, options(store));
      const alone = await indexOf(list, options());
      expect(tree(withStore), label).toEqual(tree(alone));
      expect(listOf(withStore).length, label).toBeGreaterThanOrEqual(3);
      // Each shard is the index of its own records, written by Pagefind on its own.
      const [shard] = searchShards(list, "code", 20);
      const single = scratch();
      await startSearchIndex({ shardSize: 1_000, salt: "code" }).write(shard!.records.map(recordEntry), single);
      expect(tree(join(single, "pagefind", shard!.name)), label).toEqual(tree(join(withStore, shard!.name)));
    }
  }, 120_000);

  it("re-indexes only the shard of an edited record; the others are the store's files", async () => {
    const store = join(scratch(), "search");
    const first = await indexOf(base, options(store));
    expect(fromStore(first, store)).toEqual(new Set(listOf(first).map((folder) => folder)));
    const edited = base.map((r, i) => (i === 5 ? { ...r, content: `${r.content} zeppelin` } : r));
    const second = await indexOf(edited, options(store));
    const changed = listOf(second).filter((folder) => !listOf(first).includes(folder));
    expect(changed).toHaveLength(1);
    expect(readFileSync(join(second, changed[0]!, "pagefind-entry.json"), "utf8")).toContain("page_count");
    expect([...fromStore(second, store)].sort()).toEqual(listOf(second).sort());
  }, 60_000);

  it("keeps the shards of the last two builds in the store, and no other", async () => {
    const store = join(scratch(), "search");
    const lists = [base, base.slice(0, 60), records(30)];
    const bundles = [];
    for (const list of lists) bundles.push(await indexOf(list, options(store)));
    // Shards no longer kept are renamed out of the way at once, then deleted in the background.
    expect(readdirSync(store).filter((name) => /^[0-9a-f]{16}$/.test(name)).sort()).toEqual([...new Set([...listOf(bundles[1]!), ...listOf(bundles[2]!)].map((f) => f.slice(0, -1)))].sort());
    await gone(store, (name) => name.endsWith("-old"));
    const kept = readdirSync(store).filter((name) => name !== "manifest.json");
    expect(kept.sort()).toEqual([...new Set([...listOf(bundles[1]!), ...listOf(bundles[2]!)].map((f) => f.slice(0, -1)))].sort());
  }, 60_000);

  it("leaves in the bundle only the listed shards, written over an older bundle", async () => {
    const out = scratch();
    await indexOf(base, options(), out);
    const bundle = await indexOf(base.slice(45), options(), out);
    expect(readdirSync(bundle).sort()).toEqual([SHARD_LIST, ...listOf(bundle).map((f) => f.slice(0, -1))].sort());
    // Pagefind's own ready-made interfaces are not shipped: the search page has its own.
    expect(readdirSync(join(bundle, listOf(bundle)[0]!)).filter((name) => name.includes("-ui"))).toEqual([]);
  }, 60_000);

  it("lists no shard when there is nothing to index", async () => {
    const bundle = await indexOf([], options());
    expect(listOf(bundle)).toEqual([]);
    expect(readdirSync(bundle)).toEqual([SHARD_LIST]);
  }, 60_000);
});

describe("startSearchIndex", () => {
  it("lets a process end whose job was never given its records (a build that failed first)", () => {
    const script = `import { startSearchIndex } from ${JSON.stringify(new URL("../src/search.ts", import.meta.url).href)};
startSearchIndex({ shardSize: 10, salt: "code" });`;
    const file = join(mkdtempSync(join(tmpdir(), "broadsheet-ends-")), "script.mts");
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { timeout: 30_000, encoding: "utf8" });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
  });
});

describe("openSearchStore", () => {
  it("keeps and places shard indexes across file systems, as copies where files cannot be linked", async () => {
    // /dev/shm is a file system of its own on Linux: a store there cannot link into tmpdir().
    const store = existsSync("/dev/shm") ? mkdtempSync("/dev/shm/broadsheet-search-store-") : join(scratch(), "search");
    const options: SearchIndexOptions = { shardSize: 20, salt: "code", store };
    const first = await indexOf(records(50), options);
    const second = await indexOf(records(50), options);
    expect(tree(second)).toEqual(tree(first));
    const folder = listOf(second)[0]!;
    const entry = (root: string) => statSync(join(root, folder, "pagefind-entry.json"));
    if (statSync(store).dev !== statSync(second).dev) expect(entry(store).ino).not.toBe(entry(second).ino);
    else expect(entry(store).ino).toBe(entry(second).ino);
    rmSync(store, { recursive: true, force: true });
  }, 60_000);


  it("removes folders left half-kept or half-removed by a process that is gone, not one a running process keeps", async () => {
    const dir = join(scratch(), "search");
    const left = join(dir, ".0123456789abcdef-999999999");
    const running = join(dir, `.0123456789abcdef-${process.pid}`);
    for (const folder of [left, running]) mkdirSync(folder, { recursive: true });
    const removing = join(dir, ".fedcba9876543210-999999999-old");
    mkdirSync(removing, { recursive: true });
    openSearchStore(dir).close([]);
    await gone(dir, (name) => name.endsWith("999999999") || name.endsWith("-old"));
    expect(readdirSync(dir).sort()).toEqual([`.0123456789abcdef-${process.pid}`, "manifest.json"]);
  });

  it("places nothing it does not keep, and leaves no folder behind", () => {
    const dir = join(scratch(), "search");
    const target = join(scratch(), "shard");
    expect(openSearchStore(dir).place("0123456789abcdef", target)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});
