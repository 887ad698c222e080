import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSeedFolder } from "../src/load.ts";
import { PARSE_LIMITS } from "../src/parse.ts";

describe("loadSeedFolder", () => {
  it("reads every seed whole, in code-point order; counts a link to a seed as the seed; ignores folders and other files", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-load-"));
    const texts = new Map([["b.txt", "second"], ["a.txt", "first ✓"], ["Z.md", "capital first"], ["c.txt", "x".repeat(70_000)]]);
    for (const [name, text] of texts) writeFileSync(join(dir, name), text);
    symlinkSync(join(dir, "a.txt"), join(dir, "d.txt"));
    mkdirSync(join(dir, "folder.txt"));
    writeFileSync(join(dir, "notes.json"), "{}");
    const folder = loadSeedFolder(dir);
    expect(folder.files.map((f) => f.name)).toEqual(["Z.md", "a.txt", "b.txt", "c.txt", "d.txt"]);
    const text = (name: string) => new TextDecoder().decode(folder.files.find((f) => f.name === name)!.bytes);
    for (const [name, content] of texts) expect(text(name)).toBe(content);
    expect(text("d.txt")).toBe("first ✓");
    expect(folder.ignored).toEqual(["folder.txt/", "notes.json"]);
  });

  it("when rebuilding, gives back the files not written since, and reads every other file anew", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-load-"));
    for (const name of ["a.txt", "b.txt", "c.txt"]) writeFileSync(join(dir, name), `seed ${name}`);
    const text = (file: { bytes: Uint8Array }) => new TextDecoder().decode(file.bytes);
    const first = loadSeedFolder(dir, { rebuilds: true }).files;
    // b.txt: same size, its modification time set back to what it was; c.txt removed, d.txt added.
    const { atime, mtime } = statSync(join(dir, "b.txt"));
    writeFileSync(join(dir, "b.txt"), "SEED b.txt");
    utimesSync(join(dir, "b.txt"), atime, mtime);
    rmSync(join(dir, "c.txt"));
    writeFileSync(join(dir, "d.txt"), "seed d.txt");
    const second = loadSeedFolder(dir, { rebuilds: true }).files;
    expect(second.map((f) => f.name)).toEqual(["a.txt", "b.txt", "d.txt"]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second.map(text)).toEqual(["seed a.txt", "SEED b.txt", "seed d.txt"]);
    // Without `rebuilds`, every file is read.
    expect(loadSeedFolder(dir).files[0]).not.toBe(second[0]);
    expect(loadSeedFolder(dir, { rebuilds: true }).files[0]).toBe(first[0]);
  });

  it("when rebuilding after many files changed, reads them all anew", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-load-"));
    const names = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, "0")}.txt`);
    for (const name of names) writeFileSync(join(dir, name), `first ${name}`);
    loadSeedFolder(dir, { rebuilds: true });
    for (const name of names) writeFileSync(join(dir, name), `second ${name} ${"x".repeat(name.length)}`);
    const text = (file: { bytes: Uint8Array }) => new TextDecoder().decode(file.bytes);
    expect(loadSeedFolder(dir, { rebuilds: true }).files.map(text)).toEqual(names.map((name) => `second ${name} ${"x".repeat(name.length)}`));
  });

  it("reads a file over the size limit only to one byte past it, and the files after it whole", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-load-"));
    writeFileSync(join(dir, "a.txt"), "before");
    writeFileSync(join(dir, "b.txt"), Buffer.alloc(PARSE_LIMITS.fileBytes + 1000, 0x61));
    writeFileSync(join(dir, "c.txt"), "after");
    const [a, b, c] = loadSeedFolder(dir).files;
    expect(new TextDecoder().decode(a!.bytes)).toBe("before");
    expect(b!.bytes.length).toBe(PARSE_LIMITS.fileBytes + 1);
    expect(new TextDecoder().decode(c!.bytes)).toBe("after");
  });
});
