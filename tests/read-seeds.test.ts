/**
 * Reading seeds on worker threads gives exactly what parsing them here gives, in file order,
 * and a rejected seed keeps its error class and position.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSeedCache } from "../src/build-cache.ts";
import { SeedSyntaxError } from "../src/errors.ts";
import { loadSeedFolder } from "../src/load.ts";
import { batchMessage, parseOnThreads, parseThreads, readSeeds } from "../src/read-seeds.ts";
import { readSeed } from "../src/seeds.ts";
import { seedFile } from "./helpers/seed.ts";

const corpus = loadSeedFolder(join(import.meta.dirname, "..", "..", "shared", "corpus", "real")).files.slice(0, 600);
const bad = seedFile("---\ntitle: [unclosed\n---\n", "zz-bad.txt");
const files = [...corpus.slice(0, 300), bad, ...corpus.slice(300)];
const onThreads = { threads: 2, from: 1 };

describe("readSeeds on threads", () => {
  it("gives every file the outcome parsing it here gives, in file order", async () => {
    const here = files.map((file) => readSeed(file));
    const threaded = await readSeeds(files, null, onThreads);
    expect(threaded.map((o) => o.file.path)).toEqual(files.map((f) => f.path));
    expect(threaded).toEqual(here);
    expect(threaded.filter((o) => o.ok).length).toBeGreaterThan(500);
  });

  it("keeps a rejected seed's error class, position and code frame", async () => {
    const outcome = (await readSeeds(files, null, onThreads))[300]!;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(SeedSyntaxError);
    expect(outcome.error.message).toBe((readSeed(bad) as { error: Error }).error.message);
    expect(outcome.error.message).toMatch(/^seeds\/zz-bad\.txt:3:1 cannot be read: its front matter is not valid YAML/);
  });

  it("hands a thread's outcomes to the cache, which reuses them on the next build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-threads-"));
    const first = openSeedCache(dir, "code");
    await readSeeds(files, first, onThreads);
    const accepted = files.length - 1;
    expect(first.save()).toEqual({ reused: 0, parsed: accepted });
    const second = openSeedCache(dir, "code");
    const again = await readSeeds(files, second, onThreads);
    expect(second.save()).toEqual({ reused: accepted, parsed: 0 });
    expect(again).toEqual(files.map((file) => readSeed(file)));
  });

  it("returns null for rejected files and the outcome without its file for the rest, one per file", async () => {
    const results = await parseOnThreads([corpus[0]!, bad, corpus[1]!], 2);
    expect(results.map((r) => (r === null ? null : r.ok))).toEqual([true, null, true]);
    expect({ file: corpus[1], ...results[2] }).toEqual(readSeed(corpus[1]!));
  });

  it("posts each file with its own bytes, not the block the load read it into", () => {
    // The load reads files into shared blocks: each file's bytes are a view of one.
    expect(corpus[0]!.bytes.buffer.byteLength).toBeGreaterThan(1_000_000);
    const batch = batchMessage(corpus.slice(0, 3));
    batch.forEach((file, i) => {
      expect(file.bytes.buffer.byteLength).toBe(corpus[i]!.bytes.length);
      expect(Buffer.from(file.bytes).equals(Buffer.from(corpus[i]!.bytes))).toBe(true);
      expect(file.path).toBe(corpus[i]!.path);
    });
  });
});

describe("parseThreads", () => {
  it("parses on threads from 2,000 files with cores to spare, on 2 cores from 20,000 on two threads, on 1 core never", () => {
    expect(parseThreads(8)).toEqual({ threads: 4, from: 2000 });
    expect(parseThreads(3)).toEqual({ threads: 2, from: 2000 });
    expect(parseThreads(2)).toEqual({ threads: 2, from: 20_000 });
    expect(parseThreads(1).threads).toBe(1);
  });
});
