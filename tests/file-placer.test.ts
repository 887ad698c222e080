import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PlacementError, startFilePlacer } from "../src/file-placer.ts";
import { shutWriteGate } from "../src/write-gate.ts";

function keptFiles(count: number): { dir: string; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "broadsheet-placer-"));
  mkdirSync(join(dir, "kept"));
  const sources = Array.from({ length: count }, (_, i) => {
    const path = join(dir, "kept", `${i}.html`);
    writeFileSync(path, `page ${i}`);
    return path;
  });
  return { dir, sources };
}

describe("startFilePlacer", () => {
  it("links every file given, in batches, making the folders it needs, and is done once all are there", async () => {
    const { dir, sources } = keptFiles(300);
    const placer = startFilePlacer();
    const targets = sources.map((_, i) => join(dir, "site", "articles", String(i % 7), `${i}`, "index.html"));
    placer.place(sources.slice(0, 100).map((source, i) => ({ source, target: targets[i]! })));
    placer.place([]);
    placer.place(sources.slice(100).map((source, i) => ({ source, target: targets[100 + i]! })));
    await placer.done();
    for (const [i, target] of targets.entries()) {
      expect(readFileSync(target, "utf8")).toBe(`page ${i}`);
      // A hard link: one file under two names.
      expect(statSync(target).ino).toBe(statSync(sources[i]!).ino);
    }
  });

  it("fails with the file that was lost, once the others given before it are placed", async () => {
    const { dir, sources } = keptFiles(3);
    const placer = startFilePlacer();
    const lost = join(dir, "kept", "gone.html");
    placer.place([{ source: sources[0]!, target: join(dir, "site", "a.html") }]);
    placer.place([{ source: lost, target: join(dir, "site", "b.html") }]);
    const failure = await placer.done().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlacementError);
    expect((failure as PlacementError).source).toBe(lost);
    expect((failure as PlacementError).message).toMatch(/ENOENT/);
    expect(existsSync(join(dir, "site", "a.html"))).toBe(true);
  });

  it("writes bytes to their files, making the folders, handing over bytes that are their whole buffer and copying the others", async () => {
    const { dir } = keptFiles(0);
    const placer = startFilePlacer();
    const own = Array.from({ length: 70 }, (_, i) => {
      const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(`page ’${i}’`));
      bytes.write(`page ’${i}’`);
      return bytes;
    });
    own.forEach((bytes, i) => placer.write(join(dir, "site", String(i % 3), `${i}`, "index.html"), bytes));
    // A view of a larger buffer is copied: the rest of its buffer is not the placer's to take.
    const block = Buffer.from("one two");
    const view = block.subarray(4);
    placer.write(join(dir, "site", "view.html"), view);
    await placer.done();
    expect(own.every((bytes) => bytes.length === 0)).toBe(true);
    expect(block.toString()).toBe("one two");
    for (let i = 0; i < own.length; i++) expect(readFileSync(join(dir, "site", String(i % 3), `${i}`, "index.html"), "utf8")).toBe(`page ’${i}’`);
    expect(readFileSync(join(dir, "site", "view.html"), "utf8")).toBe("two");
  });

  it("gives files back, bytes untouched, once the thread has a backlog, and writes those it took", async () => {
    const { dir } = keptFiles(0);
    const placer = startFilePlacer();
    // The thread's first file is a named pipe: writing it waits for a reader, so the thread falls behind.
    const pipe = join(dir, "pipe");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    expect(placer.write(pipe, Buffer.from("through the pipe"))).toBe(true);
    const pages = Array.from({ length: 64 * 32 + 10 }, (_, i) => {
      const bytes = Buffer.allocUnsafeSlow(String(i).length);
      bytes.write(String(i));
      return { bytes, taken: placer.write(join(dir, "site", `${i}`, "index.html"), bytes) };
    });
    // 64 batches of 32, the pipe first: the 2,047 pages after it are taken, the rest given back.
    expect(pages.findIndex((page) => !page.taken)).toBe(64 * 32 - 1);
    expect(pages.slice(64 * 32 - 1).every((page) => !page.taken)).toBe(true);
    const last = pages.at(-1)!;
    expect(last.bytes.toString()).toBe(String(pages.length - 1));
    expect(readFileSync(pipe, "utf8")).toBe("through the pipe");
    await placer.done();
    // Those given back are the caller's, as they were.
    expect(pages.slice(64 * 32 - 1).every((page, k) => page.bytes.toString() === String(64 * 32 - 1 + k))).toBe(true);
    expect(pages.filter((page) => page.taken).every((page) => page.bytes.length === 0)).toBe(true);
    for (const i of [0, 1000, 64 * 32 - 2]) expect(readFileSync(join(dir, "site", `${i}`, "index.html"), "utf8")).toBe(String(i));
    expect(existsSync(join(dir, "site", `${64 * 32}`, "index.html"))).toBe(false);
  });

  it("fails with the file it could not write", async () => {
    const { dir, sources } = keptFiles(1);
    const placer = startFilePlacer();
    // A file stands where the folder should be.
    const target = join(sources[0]!, "index.html");
    placer.write(target, Buffer.from("x"));
    const failure = await placer.done().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlacementError);
    expect((failure as PlacementError).source).toBe(target);
    expect((failure as PlacementError).message).toMatch(/ENOTDIR|EEXIST/);
    expect(existsSync(join(dir, "kept"))).toBe(true);
  });

  it("places and writes nothing once the write gate is shut (a build that failed), and fails saying so", async () => {
    const { dir, sources } = keptFiles(3);
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const placer = startFilePlacer(gate);
    placer.place([{ source: sources[0]!, target: join(dir, "site", "a", "index.html") }]);
    await new Promise((done) => setTimeout(done, 200));
    shutWriteGate(gate);
    placer.place([{ source: sources[1]!, target: join(dir, "site", "b", "index.html") }]);
    placer.write(join(dir, "site", "c", "index.html"), Buffer.from("c"));
    const failure = await placer.done().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlacementError);
    expect((failure as PlacementError).source).toBe(sources[1]);
    expect((failure as PlacementError).message).toMatch(/the build stopped/);
    // The file placed before stays; none after.
    expect(readFileSync(join(dir, "site", "a", "index.html"), "utf8")).toBe("page 0");
    expect(existsSync(join(dir, "site", "b"))).toBe(false);
    expect(existsSync(join(dir, "site", "c"))).toBe(false);
  });

  it("is done at once when given nothing", async () => {
    await expect(startFilePlacer().done()).resolves.toBeUndefined();
  });

  it("lets a process end that never waits for it (a build that failed meanwhile)", () => {
    const script = `import { startFilePlacer } from ${JSON.stringify(new URL("../src/file-placer.ts", import.meta.url).href)};
startFilePlacer().place([{ source: "/nonexistent/kept.html", target: ${JSON.stringify(join(tmpdir(), "broadsheet-placer-never", "index.html"))} }]);`;
    const file = join(mkdtempSync(join(tmpdir(), "broadsheet-ends-")), "script.mts");
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { timeout: 30_000, encoding: "utf8" });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
  });
});
