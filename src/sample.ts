/**
 * Sample: a built site to look at, and one page of each main kind in it, for the audit and
 * screenshot scripts. Without a site folder, the fixture corpus is built into a temporary folder
 * through the project's own build command.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The seeds the scripts build when no site is given: every page kind, pictures and none. */
export const FIXTURE_SEEDS = "tests/fixtures/site";

/** Site-relative paths of a home, a story, a topic and an article page. */
export interface SamplePages {
  home: string;
  story: string | null;
  topic: string | null;
  article: string | null;
}

/** A new, empty temporary folder for a sample site. */
export function sampleFolder(): string {
  return mkdtempSync(join(tmpdir(), "broadsheet-sample-"));
}

/** Builds `seedsDir` with `npm run build` into `dir` (default: a new temporary folder) and returns the folder. */
export function buildSample(seedsDir = FIXTURE_SEEDS, dir = sampleFolder(), env: Record<string, string> = {}): string {
  const result = spawnSync("npm", ["run", "--silent", "build", "--", `--output=${dir}`, "--quiet"], {
    env: { ...process.env, SEEDS_DIR: seedsDir, BUILD_REPORT: join(dir, "..", `${dir.split("/").pop()}-report.json`), QUIET: "1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`The sample site could not be built from ${seedsDir} (npm run build exited with ${result.status}); see above.`);
  return dir;
}

/** Finds the first story, topic and article linked from the home and index pages of a built site. */
export function samplePages(dir: string): SamplePages {
  const firstLink = (file: string, pattern: RegExp) => {
    const path = join(dir, file);
    if (!existsSync(path)) return null;
    return pattern.exec(readFileSync(path, "utf8"))?.[1] ?? null;
  };
  const prefixFree = (href: string | null, kind: string) => (href === null ? null : href.slice(href.indexOf(`/${kind}/`)));
  return {
    home: "/",
    story: prefixFree(firstLink("index.html", /href="([^"]*\/stories\/[^"/]+\/)"/), "stories"),
    topic: prefixFree(firstLink("topics/index.html", /href="([^"]*\/topics\/[^"/]+\/)"/), "topics"),
    article: prefixFree(firstLink("index.html", /href="([^"]*\/articles\/[^"/]+\/)"/), "articles"),
  };
}

/** Reads `--name=value` from the command line. */
export function argument(argv: readonly string[], name: string): string | undefined {
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
