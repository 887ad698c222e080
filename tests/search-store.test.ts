/**
 * The search store: an index written with the last index's files linked in is, file for file and
 * byte for byte, the index Pagefind writes into an empty folder; unchanged files are the store's
 * own; and when Pagefind's list disagrees with what was linked, the index is written again.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import * as pagefind from "pagefind";
import { afterAll, describe, expect, it } from "vitest";
import { decodeCbor, openSearchStore, readIndex } from "../src/search-store.ts";
import { startSearchIndex, type SearchRecord } from "../src/search.ts";

const scratch = () => mkdtempSync(join(tmpdir(), "broadsheet-search-store-"));

/** `n` distinct article records, as search.ts makes them. */
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

/** Writes the index of `list` into a new folder, with the store or without; returns the folder. */
async function indexOf(list: SearchRecord[], store?: { dir: string; salt: string }): Promise<string> {
  const out = scratch();
  await startSearchIndex(list, store).write(out);
  return join(out, "pagefind");
}

/** Files of an index that are the store's own files (linked), among its fragments and chunks. */
function fromStore(index: string, storeDir: string): string[] {
  return Object.keys(tree(index)).filter((file) => /^(fragment|index|filter)\//.test(file) && statSync(join(storeDir, file), { throwIfNoEntry: false })?.ino === statSync(join(index, file)).ino);
}

describe("an index written with the search store", () => {
  const store = { dir: join(scratch(), "search"), salt: "code" };
  const base = records(60);

  it("is the index Pagefind writes alone, through edits, removals and additions", async () => {
    const cases: [string, SearchRecord[]][] = [
      ["first build", base],
      ["nothing changed", base],
      ["one record edited", base.map((r, i) => (i === 17 ? { ...r, content: `${r.content} zeppelin`, meta: { ...r.meta, title: "Edited" } } : r))],
      ["one record removed", base.filter((_, i) => i !== 30)],
      ["records added", [...base, ...records(64).slice(60)]],
    ];
    for (const [label, list] of cases) {
      const withStore = await indexOf(list, store);
      const alone = await indexOf(list);
      expect(tree(withStore), label).toEqual(tree(alone));
    }
  }, 120_000);

  it("is made of the store's own files where nothing changed", async () => {
    await indexOf(base, store);
    const index = await indexOf(base, store);
    const fragments = Object.keys(tree(index)).filter((f) => f.startsWith("fragment/"));
    expect(fragments).toHaveLength(60);
    expect(fromStore(index, store.dir).filter((f) => f.startsWith("fragment/"))).toHaveLength(60);
    expect(fromStore(index, store.dir).some((f) => f.startsWith("index/"))).toBe(true);
    const edited = await indexOf(base.map((r, i) => (i === 5 ? { ...r, content: `${r.content} zeppelin` } : r)), store);
    // The edited record's fragment is written anew; the others are the last index's very files.
    const same = (file: string) => statSync(join(index, file), { throwIfNoEntry: false })?.ino === statSync(join(edited, file)).ino;
    const editedFragments = Object.keys(tree(edited)).filter((f) => f.startsWith("fragment/"));
    expect(editedFragments).toHaveLength(60);
    expect(editedFragments.filter(same)).toHaveLength(59);
  }, 60_000);

  it("keeps nothing from other code: a store kept with another salt links nothing in", async () => {
    await indexOf(base, store);
    const index = await indexOf(base, { ...store, salt: "other code" });
    expect(fromStore(index, store.dir)).toEqual([]);
  }, 60_000);
});

describe("the search store's check", () => {
  const list = records(40);
  afterAll(() => pagefind.close());

  /** Writes `list` with Pagefind's API through `store`: place, write, keep (and again if asked). */
  async function writeThrough(dir: string, salt: string, indexDir: string): Promise<boolean[]> {
    const { index } = await pagefind.createIndex({ forceLanguage: "en" });
    for (const record of list) await index!.addCustomRecord(record);
    const store = openSearchStore(dir, salt);
    store.place(list, indexDir);
    await index!.writeFiles({ outputPath: indexDir });
    const kept = [store.keep()];
    if (!kept[0]) {
      await index!.writeFiles({ outputPath: indexDir });
      kept.push(store.keep());
    }
    await index!.deleteIndex();
    return kept;
  }

  it("writes the index again when a linked fragment is not listed as its record's page", async () => {
    const dir = join(scratch(), "search");
    expect(await writeThrough(dir, "s", join(scratch(), "pagefind"))).toEqual([true]);
    // The manifest now says record 0's fragment is record 1's file.
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { fragments: Record<string, string> };
    const [first, second] = Object.keys(manifest.fragments);
    manifest.fragments[first!] = manifest.fragments[second!]!;
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    const out = join(scratch(), "pagefind");
    expect(await writeThrough(dir, "s", out)).toEqual([false, true]);
    expect(tree(out)).toEqual(tree(await indexOf(list)));
  }, 60_000);

  it("writes the index again when a linked word chunk is listed for other words", async () => {
    const dir = join(scratch(), "search");
    await writeThrough(dir, "s", join(scratch(), "pagefind"));
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { chunks: { from: string }[] };
    manifest.chunks[0]!.from = "zzz";
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    expect(await writeThrough(dir, "s", join(scratch(), "pagefind"))).toEqual([false, true]);
  }, 60_000);

  it("never removes an index written into an empty folder, even when its pages do not match the records", async () => {
    const dir = join(scratch(), "search");
    const { index } = await pagefind.createIndex({ forceLanguage: "en" });
    for (const record of list) await index!.addCustomRecord(record);
    const store = openSearchStore(dir, "s");
    const out = join(scratch(), "pagefind");
    store.place(list.slice(0, 39), out);
    await index!.writeFiles({ outputPath: out });
    expect(store.keep()).toBe(true);
    await index!.deleteIndex();
    expect(tree(out)).toEqual(tree(await indexOf(list)));
    // No fragment is kept for records it cannot match to pages; the chunks are.
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { fragments: object; chunks: unknown[] };
    expect(Object.keys(manifest.fragments)).toEqual([]);
    expect(manifest.chunks.length).toBeGreaterThan(0);
  }, 60_000);

  it("reads Pagefind's list of an index: its pages in the order the records came, chunks and filters", async () => {
    const index = await indexOf(list);
    const listed = readIndex(index)!;
    expect(listed.pages).toHaveLength(40);
    const urls = listed.pages.map((file) => (JSON.parse(gunzipSync(readFileSync(join(index, file))).subarray("pagefind_dcd".length).toString()) as { url: string }).url);
    expect(urls).toEqual(list.map((r) => r.url));
    expect(listed.chunks.length).toBeGreaterThan(0);
    expect(listed.filters.map((f) => f.filter).sort()).toEqual(["source", "topic", "year"]);
    for (const file of listed.listed) expect(statSync(join(index, file)).isFile()).toBe(true);
  }, 60_000);
});

describe("decodeCbor", () => {
  // Examples from RFC 8949, appendix A.
  const examples: [string, unknown][] = [
    ["00", 0],
    ["17", 23],
    ["1818", 24],
    ["1903e8", 1000],
    ["1a000f4240", 1000000],
    ["1b000000e8d4a51000", 1000000000000],
    ["20", -1],
    ["3903e7", -1000],
    ["f93e00", 1.5],
    ["fa47c35000", 100000],
    ["fb3ff199999999999a", 1.1],
    ["f4", false],
    ["f5", true],
    ["f6", null],
    ["6161", "a"],
    ["62c3bc", "\u00fc"],
    ["83010203", [1, 2, 3]],
    ["8301820203820405", [1, [2, 3], [4, 5]]],
  ];
  it.each(examples)("decodes %s", (hex, value) => {
    expect(decodeCbor(Buffer.from(hex, "hex"))).toEqual(value);
  });

  it("decodes maps and byte strings, and refuses data that ends early", () => {
    expect(decodeCbor(Buffer.from("a201020304", "hex"))).toEqual(new Map([[1, 2], [3, 4]]));
    expect([...(decodeCbor(Buffer.from("4401020304", "hex")) as Buffer)]).toEqual([1, 2, 3, 4]);
    expect(() => decodeCbor(Buffer.from("8301", "hex"))).toThrow(/ends early/);
  });
});
