/**
 * The writer of a build's data files (outputs-plugin.ts `dataWriter`): here, or on a thread of
 * its own for many files; the same files either way.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataWriter } from "../src/outputs-plugin.ts";

/** `count` data files as a build has them: site paths in nested folders, and UTF-8 text. */
const files = (count: number) => Array.from({ length: count }, (_, i) => ({ path: `/api/articles/${i % 37}/${i}.json`, text: `{"id":${i},"title":"Café ✓ ${"é".repeat(i % 5)}"}` }));

/** Every file under `dir`, by its site path, with its text. */
function tree(dir: string, prefix = ""): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(found, tree(dir, path));
    else found[path] = readFileSync(join(dir, path), "utf8");
  }
  return found;
}

describe("dataWriter", () => {
  it.each([true, false])("writes every file, folders made, the same bytes (on a thread: %s)", async (threaded) => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-data-"));
    const write = dataWriter(dir, threaded);
    const all = files(1500);
    for (const { path, text } of all) await write.file(path, text);
    await write.done();
    expect(tree(dir)).toEqual(Object.fromEntries(all.map(({ path, text }) => [path, text])));
  });

  it("fails, once done is awaited, naming the file a thread could not write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-data-"));
    // A file stands where a folder should be.
    writeFileSync(join(dir, "api"), "not a folder");
    const write = dataWriter(dir, true);
    await write.file("/api/index.json", "{}");
    const failure = await write.done().catch((error: unknown) => error);
    expect(String(failure)).toMatch(new RegExp(`${join(dir, "api", "index.json").replace(/[.\\/]/g, "\\$&")} could not be written: .*(ENOTDIR|EEXIST)`));
  });

  it("refuses a path outside the output folder before anything is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-data-"));
    const write = dataWriter(join(dir, "site"), true);
    await expect(write.file("/../escaped.json", "{}")).rejects.toThrow(/outside the output folder/);
    await write.done();
    expect(readdirSync(dir)).toEqual([]);
  });
});
