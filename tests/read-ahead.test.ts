/**
 * The read-ahead thread stamps and reads exactly what the load would, and the load takes the files
 * it read as they were then, reading the others itself.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileStamp, loadSeedFolder } from "../src/load.ts";
import { PARSE_LIMITS } from "../src/limits.ts";
import { startBuildReadAhead, startReadAhead, takeReadAhead } from "../src/read-ahead.ts";

/** A seeds folder with seeds, a link to one, a folder named like a seed, and files that are not seeds. */
function seedsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "broadsheet-ahead-"));
  const texts = new Map([["b.txt", "second"], ["a.txt", "first ✓"], ["Z.md", "capital"], ["c.txt", "x".repeat(70_000)]]);
  for (const [name, text] of texts) writeFileSync(join(dir, name), text);
  symlinkSync(join(dir, "a.txt"), join(dir, "d.txt"));
  mkdirSync(join(dir, "folder.txt"));
  writeFileSync(join(dir, "notes.json"), "{}");
  writeFileSync(join(dir, ".hidden.txt"), "hidden");
  return dir;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("startReadAhead", () => {
  it("reads every seed file the load reads, with the bytes and the stamp the load would give it", async () => {
    const dir = seedsFolder();
    const read = (await startReadAhead(dir).reading)!;
    const loaded = loadSeedFolder(dir).files;
    expect([...read.keys()].sort()).toEqual(loaded.map((f) => f.name));
    for (const file of loaded) {
      expect(text(read.get(file.name)!.bytes)).toBe(text(file.bytes));
      expect(read.get(file.name)!.stamp).toBe(fileStamp(file.path, { changed: true }));
    }
  });

  it("reads a file too large to be a seed only up to one byte over the limit, as the load does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-ahead-"));
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(PARSE_LIMITS.fileBytes + 100, 0x61));
    const read = (await startReadAhead(dir).reading)!;
    expect(read.get("huge.txt")!.bytes.length).toBe(PARSE_LIMITS.fileBytes + 1);
    expect(loadSeedFolder(dir).files[0]!.bytes.length).toBe(PARSE_LIMITS.fileBytes + 1);
  });

  it("gives null for a folder that is not there", async () => {
    expect(await startReadAhead(join(tmpdir(), "broadsheet-no-such-folder")).reading).toBeNull();
  });
});

describe("loadSeedFolder with files read ahead", () => {
  it("takes each file read ahead as it was then, and reads the others itself", () => {
    const dir = seedsFolder();
    const then = new Map([["a.txt", { stamp: "then", bytes: new TextEncoder().encode("as read ahead") }]]);
    const folder = loadSeedFolder(dir, { read: then });
    expect(folder.files.map((f) => text(f.bytes))).toEqual(["capital", "as read ahead", "second", "x".repeat(70_000), "first ✓"]);
    // With the build cache's memo, the stamp read ahead is the file's stamp.
    const stamped = loadSeedFolder(dir, { read: then, known: () => undefined });
    expect(stamped.files.find((f) => f.name === "a.txt")!.stamp).toBe("then");
    expect(stamped.files.find((f) => f.name === "b.txt")!.stamp).toBe(fileStamp(join(dir, "b.txt"), { changed: true }));
  });
});

describe("takeReadAhead", () => {
  it("gives the build's read-ahead to the config of the same seeds folder, once", async () => {
    const dir = seedsFolder();
    startBuildReadAhead(dir);
    expect(takeReadAhead(join(dir, "..", "other"))).toBeUndefined();
    startBuildReadAhead(join(dir, "."));
    const taken = takeReadAhead(dir);
    expect((await taken)?.size).toBe(5);
    expect(takeReadAhead(dir)).toBeUndefined();
  });
});
