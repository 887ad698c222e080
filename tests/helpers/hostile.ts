/**
 * Test helper: the hostile corpus (tests/fixtures/hostile/) copied into a temporary folder, its
 * big cases grown to full size there (megabytes are generated, not committed), and a whole-site
 * build into a folder of the test's choosing, so a test can check what was written around it.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { configure } from "../../.eleventy.ts";
import { readOptions } from "../../src/options.ts";
import type { BuildOptions } from "../../src/types.ts";

/** Where the committed hostile seeds are. */
export const HOSTILE_FIXTURES = "tests/fixtures/hostile";

const repeat = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join("");

/** How each big case grows from its small committed form. */
const GROWN: Record<string, (text: string) => string> = {
  // 3 MB of excerpt with markup and entities in it: cleaned, then cut to 1,200 characters.
  "multi-megabyte-excerpt.txt": (text) => text.replace('excerpt: "word "', `excerpt: "${"word <b>x</b> &amp; ".repeat(150_000)}"`),
  "ten-thousand-related.txt": (text) =>
    text.replace(/related:\n[\s\S]*(?=---\n$)/, `related:\n${repeat(10_000, (i) => `  - title: "Related item ${i}"\n    webUrl: "https://example.org/related/${i}"\n    provider:\n      domain: example.org\n`)}`),
  // 4.4 MB: over the 4 MiB limit, with nothing wrong in it but its size.
  "oversized-file.txt": (text) => text.replace("---\n", `---\n${`# padding ${"x".repeat(100)}\n`.repeat(40_000)}`),
  "thousands-of-problems.txt": (text) => text.replace("  - 1\n", repeat(100_000, (i) => `  - ${i}\n`)),
  "many-unknown-fields.txt": (text) => text.replace("---\n", `---\n${repeat(100_000, (i) => `unknown${i}: ${i}\n`)}`),
  "related-images-flood.txt": (text) => text.replace(/      - url: "javascript:alert\(0\)"\n/, repeat(50_000, (i) => `      - url: "javascript:alert(${i})"\n`)),
};

/** Copies the hostile corpus into `dir` (created) and grows its big cases; returns `dir`. */
export function prepareHostileCorpus(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(HOSTILE_FIXTURES, dir, { recursive: true });
  for (const [name, grow] of Object.entries(GROWN)) {
    const path = join(dir, name);
    writeFileSync(path, grow(readFileSync(path, "utf8")));
  }
  return dir;
}

/** Builds `seedsDir` into `outputDir` through Eleventy's programmatic API with Broadsheet's `configure`. */
export async function buildSiteInto(seedsDir: string, outputDir: string, env: Record<string, string> = {}, pathPrefix = "/"): Promise<BuildOptions> {
  const options = readOptions({ QUIET: "1", CACHE: "off", ...env, SEEDS_DIR: seedsDir });
  const eleventy = new Eleventy("templates", outputDir, {
    quietMode: true,
    pathPrefix,
    config: (eleventyConfig: unknown) => configure(eleventyConfig, options),
  });
  await eleventy.write();
  return options;
}
