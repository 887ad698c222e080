/**
 * Module URLs for worker threads and dynamic imports name files that exist, under vitest (no
 * `import.meta.resolve`, so the path under node_modules is used) as under Node.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eleventyInternal, moduleUrl } from "../src/modules.ts";

describe("moduleUrl", () => {
  it.each([
    ["pagefind", "pagefind/lib/index.js"],
    ["tsx/esm/api", "tsx/dist/esm/api/index.mjs"],
    ["@11ty/eleventy", "@11ty/eleventy/src/Eleventy.js"],
  ])("finds %s's ES module", (specifier, path) => {
    const url = moduleUrl(specifier, path);
    expect(url.endsWith(`/node_modules/${path}`)).toBe(true);
    expect(existsSync(fileURLToPath(url))).toBe(true);
  });
});

describe("eleventyInternal", () => {
  it("imports a module of Eleventy's own that it does not export, and gives null for one it lacks", async () => {
    const manager = (await eleventyInternal("Util/FileSystemManager.js")) as { FileSystemManager?: unknown } | null;
    expect(typeof manager?.FileSystemManager).toBe("function");
    expect(await eleventyInternal("Util/NoSuchModule.js")).toBeNull();
  });
});
