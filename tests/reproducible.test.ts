/**
 * Reproducible builds: two runs of `npm run build` on the same seeds with the same options give
 * byte-identical output trees, even in different output folders, machine time zones and locales
 * (no wall-clock time, random id, local path or unordered iteration reaches the output).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareHostileCorpus } from "./helpers/hostile.ts";
import { listFiles } from "./helpers/site.ts";

/** Every file of a folder with the SHA-256 of its bytes. */
function treeHashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, createHash("sha256").update(readFileSync(join(dir, path))).digest("hex")]));
}

/** Builds `seeds` into `output` with `npm run build`, in the given machine time zone and locale. */
function build(seeds: string, output: string, env: Record<string, string>, machine: { TZ: string; LANG: string }): void {
  const result = spawnSync("npm", ["run", "--silent", "build", "--", `--output=${output}`], {
    env: { ...process.env, QUIET: "1", CACHE: "off", SEEDS_DIR: seeds, BUILD_REPORT: `${output}-report.json`, ...env, ...machine, LC_ALL: machine.LANG },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
}

let parent: string;
let seeds: string;

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), "broadsheet-reproducible-"));
  seeds = prepareHostileCorpus(join(parent, "seeds"));
  cpSync("seeds", seeds, { recursive: true });
});

describe.each([
  ["a production build with SITE_URL", { SITE_URL: "https://news.example.org/digest/" }],
  ["a preview build in another display time zone", { UNPUBLISHED: "1", TIME_ZONE: "Asia/Kolkata" }],
])("%s", (name, env) => {
  it("is byte for byte the same twice", () => {
    const slug = name.replace(/\W+/g, "-");
    const first = join(parent, `${slug}-first`);
    const second = join(parent, `${slug}-second-in-another-folder`);
    build(seeds, first, env, { TZ: "UTC", LANG: "C.UTF-8" });
    build(seeds, second, env, { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8" });
    const a = treeHashes(first);
    const b = treeHashes(second);
    expect(Object.keys(a).length).toBeGreaterThan(50);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    const differing = Object.keys(a).filter((path) => a[path] !== b[path]);
    expect(differing).toEqual([]);
  });
});
