/**
 * Test helper: builds a site from a seeds folder through Eleventy's programmatic API, with
 * Broadsheet's own `configure`, into a fresh temporary folder.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import Eleventy from "@11ty/eleventy";
import { configure } from "../../.eleventy.ts";
import { readOptions } from "../../src/options.ts";
import type { BuildOptions } from "../../src/types.ts";

/** A built site: its folder, the options used and the report path. */
export interface BuiltSite {
  dir: string;
  options: BuildOptions;
  /** Every file of the output, as paths relative to `dir`, sorted. */
  files: string[];
  read: (path: string) => string;
}

/** Builds `seedsDir` into a new temporary folder; `env` are the environment options to use. */
export async function buildSite(seedsDir: string, env: Record<string, string> = {}, pathPrefix = "/"): Promise<BuiltSite> {
  const dir = mkdtempSync(join(tmpdir(), "broadsheet-site-"));
  const options = readOptions({ QUIET: "1", CACHE: "off", BUILD_REPORT: join(dir, "..", `${relative(tmpdir(), dir)}-report.json`), ...env, SEEDS_DIR: seedsDir });
  const eleventy = new Eleventy("templates", dir, {
    quietMode: true,
    pathPrefix,
    config: (eleventyConfig: unknown) => configure(eleventyConfig, options),
  });
  await eleventy.write();
  const files = listFiles(dir);
  return { dir, options, files, read: (path) => readFileSync(join(dir, path), "utf8") };
}

/** Every file under a folder, relative and sorted. */
export function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)];
    })
    .sort();
}
