/**
 * Atomic builds (src/build.ts): `npm run build` renders into a temporary folder next to the output
 * and swaps it in only on success. A failed build (STRICT=1 with a bad seed, a missing seeds
 * folder, a crash) or an interrupted one (SIGTERM, SIGINT) leaves the previous site byte for byte
 * and no temporary folder behind.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { outputHazard, prepareOutputParent, readBuildArgs, removeStaleWorkFolders, swapInto, workFolders } from "../src/build.ts";
import { listFiles } from "./helpers/site.ts";

/** Every file of a folder with the SHA-256 of its bytes. */
function treeHashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, createHash("sha256").update(readFileSync(join(dir, path))).digest("hex")]));
}

/** Names in `dir` that are work folders of a build of `<dir>/site`. */
const workFoldersIn = (dir: string) => readdirSync(dir).filter((name) => /^\.site\.(building|old)-\d+$/.test(name));

/** Runs `npm run build -- …args` to completion. */
function npmBuild(args: string[], env: Record<string, string>) {
  // A build that hangs fails its test instead of stalling the run.
  return spawnSync("npm", ["run", "--silent", "build", "--", ...args], { env: { ...process.env, QUIET: "1", CACHE: "off", ...env }, encoding: "utf8", timeout: 300_000 });
}

/** Starts `npm run build -- …args` in its own process group, so the whole group can be signalled. */
function startBuild(args: string[], env: Record<string, string>): ChildProcess {
  return spawn("npm", ["run", "--silent", "build", "--", ...args], { env: { ...process.env, QUIET: "1", CACHE: "off", ...env }, detached: true, stdio: "ignore" });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("build flags", () => {
  it("reads Eleventy's --output, --pathprefix and --quiet as Eleventy documents them", () => {
    expect(readBuildArgs(["--config=.eleventy.ts", "--output=dist", "--pathprefix=/news/", "--quiet"])).toEqual({ config: ".eleventy.ts", output: "dist", pathprefix: "/news/", quiet: true });
    expect(readBuildArgs(["--output", "dist"])).toEqual({ config: ".eleventy.ts", output: "dist" });
  });

  it("hands --serve, --watch and anything it does not know to Eleventy's own CLI", () => {
    for (const flag of ["--serve", "--watch", "--dryrun", "--to=json", "--help", "--port=8081"]) expect(readBuildArgs([flag])).toBeNull();
  });

  it("works next to the output folder, one folder per process", () => {
    expect(workFolders("/srv/www/_site", 42)).toEqual({ building: "/srv/www/._site.building-42", old: "/srv/www/._site.old-42" });
  });

  it("removes work folders of builds whose process is gone, and only those, in the background", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-stale-"));
    for (const name of [".site.building-999999999", ".site.old-999999999", `.site.building-${process.pid}`, ".other.building-999999999", "site"]) mkdirSync(join(dir, name));
    writeFileSync(join(dir, ".site.old-999999999", "index.html"), "a replaced site");
    expect(removeStaleWorkFolders(join(dir, "site")).sort()).toEqual([".site.building-999999999", ".site.old-999999999"]);
    const left = [".other.building-999999999", `.site.building-${process.pid}`, "site"];
    for (let waited = 0; readdirSync(dir).length > left.length && waited < 10_000; waited += 50) await new Promise((done) => setTimeout(done, 50));
    expect(readdirSync(dir).sort()).toEqual(left);
  });
});

describe("the output's folder", () => {
  it("is made when missing, one level at a time", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-parent-"));
    expect(prepareOutputParent(join(dir, "a", "b", "site"))).toBeNull();
    expect(existsSync(join(dir, "a", "b"))).toBe(true);
    expect(existsSync(join(dir, "a", "b", "site"))).toBe(false);
  });

  it("says what is wrong when the site cannot go there", () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-parent-"));
    writeFileSync(join(dir, "file"), "");
    expect(prepareOutputParent(join(dir, "file", "site"))).toBe(`${join(dir, "file")} is not a folder`);
    expect(prepareOutputParent(join(dir, "file", "a", "site"))).toBe(`${join(dir, "file")} is not a folder`);
    // Node's recursive mkdir never returns under /proc; one level at a time fails at once.
    expect(prepareOutputParent("/proc/broadsheet-no-such-folder/site")).toMatch(/^ENOENT: .*mkdir '\/proc\/broadsheet-no-such-folder'$/);
    // A file where the site would go is not replaced by it.
    writeFileSync(join(dir, "notes.txt"), "keep me");
    expect(prepareOutputParent(join(dir, "notes.txt"))).toBe(`${join(dir, "notes.txt")} is a file, not a folder`);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("keep me");
  });
});

describe("a folder the site must not replace", () => {
  /** A project folder with seeds and a cache, and what a build must not replace. */
  function project() {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-hazard-"));
    mkdirSync(join(dir, "seeds"));
    writeFileSync(join(dir, "seeds", "001_0123456789abcdef.txt"), "---\n");
    mkdirSync(join(dir, ".cache", "broadsheet"), { recursive: true });
    const precious = [
      { what: "the project", path: dir },
      { what: "the seeds", path: join(dir, "seeds") },
      { what: "the build cache", path: join(dir, ".cache", "broadsheet") },
    ];
    return { dir, precious };
  }

  it("is one that is or holds the project, the seeds or the cache, however it is named", () => {
    const { dir, precious } = project();
    symlinkSync(join(dir, "seeds"), join(dir, "seeds-link"));
    expect(outputHazard(join(dir, "seeds"), precious)).toBe(`it is the seeds (${join(dir, "seeds")}), and a build replaces its output folder whole`);
    expect(outputHazard(join(dir, "seeds-link"), precious)).toMatch(/^it is the seeds /);
    expect(outputHazard(join(dir, "seeds", "..", "seeds"), precious)).toMatch(/^it is the seeds /);
    expect(outputHazard(dir, precious)).toMatch(/^it is the project /);
    expect(outputHazard(join(dir, ".."), precious)).toMatch(/^it holds the project /);
    expect(outputHazard(join(dir, ".cache"), precious)).toMatch(/^it holds the build cache /);
  });

  it("is one that holds files but no index.html; an empty, new or earlier site's folder is not", () => {
    const { dir, precious } = project();
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "README.md"), "my notes");
    expect(outputHazard(join(dir, "docs"), precious)).toMatch(/^it holds files but no index\.html/);
    mkdirSync(join(dir, "empty"));
    expect(outputHazard(join(dir, "empty"), precious)).toBeNull();
    expect(outputHazard(join(dir, "new", "site"), precious)).toBeNull();
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "site", "index.html"), "<!doctype html>");
    expect(outputHazard(join(dir, "site"), precious)).toBeNull();
    // A checkout of a publishing branch holds only its `.git` at first.
    mkdirSync(join(dir, "pages", ".git"), { recursive: true });
    expect(outputHazard(join(dir, "pages"), precious)).toBeNull();
  });
});

describe("swapping the new site in", () => {
  /** A folder holding `site/` (the old site) and `.site.building-1/` (the new one). */
  function folders() {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-swap-"));
    const [output, building, old] = [join(dir, "site"), join(dir, ".site.building-1"), join(dir, ".site.old-1")];
    mkdirSync(output);
    writeFileSync(join(output, "index.html"), "old");
    mkdirSync(building);
    writeFileSync(join(building, "index.html"), "new");
    return { output, building, old };
  }

  it("puts the new site under the output's name", () => {
    const { output, building, old } = folders();
    swapInto(building, output, old);
    expect(readFileSync(join(output, "index.html"), "utf8")).toBe("new");
    expect(existsSync(building)).toBe(false);
  });

  it("leaves the old site in place when it cannot be moved aside", () => {
    const { output, building, old } = folders();
    // A non-empty folder where the old site would go: the rename fails (ENOTEMPTY).
    mkdirSync(old);
    writeFileSync(join(old, "other"), "");
    expect(() => swapInto(building, output, old)).toThrow(/ENOTEMPTY|EEXIST/);
    expect(readFileSync(join(output, "index.html"), "utf8")).toBe("old");
  });

  it("keeps the replaced folder's .git (a checkout of the branch a host publishes)", () => {
    const { output, building, old } = folders();
    mkdirSync(join(output, ".git"));
    writeFileSync(join(output, ".git", "HEAD"), "ref: refs/heads/gh-pages\n");
    swapInto(building, output, old);
    expect(readFileSync(join(output, "index.html"), "utf8")).toBe("new");
    expect(readFileSync(join(output, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/gh-pages\n");
  });

  it("puts the .git back too when the swap fails", () => {
    const { output, building, old } = folders();
    mkdirSync(join(output, ".git"));
    mkdirSync(old);
    writeFileSync(join(old, "other"), "");
    expect(() => swapInto(building, output, old)).toThrow(/ENOTEMPTY|EEXIST/);
    expect(existsSync(join(output, ".git"))).toBe(true);
    expect(existsSync(join(building, ".git"))).toBe(false);
  });

  it("moves the old site back when the new one cannot take its name", () => {
    const { output, building, old } = folders();
    rmSync(building, { recursive: true });
    expect(() => swapInto(building, output, old)).toThrow(/ENOENT/);
    expect(readFileSync(join(output, "index.html"), "utf8")).toBe("old");
    expect(existsSync(old)).toBe(false);
  });
});

describe("npm run build", () => {
  let dir: string;
  let site: string;
  let published: Record<string, string>;
  let bigCorpus: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "broadsheet-atomic-"));
    site = join(dir, "site");
    // A stale folder from a build killed with SIGKILL: the next build removes it.
    mkdirSync(join(dir, ".site.building-999999999"));
    const result = npmBuild([`--output=${site}`, "--pathprefix=/news/"], { SEEDS_DIR: "seeds", BUILD_REPORT: join(dir, "report.json") });
    expect(result.status, result.stderr).toBe(0);
    published = treeHashes(site);
    bigCorpus = join(dir, "big-corpus");
    const generated = spawnSync("node", ["/work/shared/bench/gen-corpus.mjs", "3000", bigCorpus], { encoding: "utf8" });
    expect(generated.status, generated.stderr).toBe(0);
  });

  it("writes no site, search index or cache in a dry run, and keeps stdout for Eleventy's JSON", () => {
    const cache = join(dir, "dry-cache");
    const dry = npmBuild(["--dryrun", `--output=${join(dir, "dry-site")}`], { SEEDS_DIR: "seeds", BUILD_REPORT: join(dir, "dry-report.json"), CACHE: "on", CACHE_DIR: cache });
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/\[broadsheet\] \d+ seeds: /);
    const json = npmBuild(["--to=json", `--output=${join(dir, "json-site")}`], { SEEDS_DIR: "seeds", BUILD_REPORT: join(dir, "json-report.json"), CACHE: "on", CACHE_DIR: cache });
    expect(json.status, json.stderr).toBe(0);
    const pages = JSON.parse(json.stdout) as { url: string; content: unknown }[];
    expect(pages.map((p) => p.url)).toContain("/");
    // Each page's HTML, as text.
    expect(pages.find((p) => p.url === "/")?.content).toMatch(/^<!doctype html>/i);
    for (const name of ["dry-site", "json-site", "dry-cache"]) expect(existsSync(join(dir, name)), name).toBe(false);
  });

  it("puts a finished site in place, honours --pathprefix, and leaves no work folder", () => {
    expect(published["index.html"]).toBeDefined();
    expect(readFileSync(join(site, "index.html"), "utf8")).toContain('href="/news/style.css"');
    expect(workFoldersIn(dir)).toEqual([]);
  });

  it("replaces the previous site on success, files that no longer exist included, and deletes the old one in the background", async () => {
    writeFileSync(join(site, "left-over.html"), "from an older build");
    const result = npmBuild([`--output=${site}`, "--pathprefix=/news/"], { SEEDS_DIR: "seeds", BUILD_REPORT: join(dir, "report.json") });
    expect(result.status, result.stderr).toBe(0);
    expect(treeHashes(site)).toEqual(published);
    // The replaced site is deleted by a detached process: it goes, shortly after the build.
    for (let waited = 0; workFoldersIn(dir).length > 0 && waited < 10_000; waited += 50) await new Promise((done) => setTimeout(done, 50));
    expect(workFoldersIn(dir)).toEqual([]);
  });

  it("keeps the previous site when STRICT=1 and a seed is bad", () => {
    const seeds = join(dir, "strict-seeds");
    cpSync("seeds", seeds, { recursive: true });
    copyFileSync("tests/fixtures/hostile/js-front-matter.txt", join(seeds, "js-front-matter.txt"));
    const result = npmBuild([`--output=${site}`, "--pathprefix=/news/"], { SEEDS_DIR: seeds, STRICT: "1", BUILD_REPORT: join(dir, "strict-report.json") });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("STRICT=1: 1 seed file is invalid");
    expect(result.stderr).toContain(`the build failed; ${site} was left as it was.`);
    expect(treeHashes(site)).toEqual(published);
    expect(workFoldersIn(dir)).toEqual([]);
  });

  it("keeps the previous site when the seeds folder does not exist or is a file, and says why in one line", () => {
    for (const [seeds, what] of [[join(dir, "no-such-folder"), "does not exist"], [join(dir, "a-seed-file.txt"), "is a file, not a folder"]] as const) {
      if (what !== "does not exist") writeFileSync(seeds, "---\ntitle: x\n---\n");
      const result = npmBuild([`--output=${site}`], { SEEDS_DIR: seeds, BUILD_REPORT: join(dir, "missing-report.json") });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`[broadsheet] The seeds folder ${seeds} ${what}. Set SEEDS_DIR to a folder of seed files (*.txt, *.md).\n`);
      expect(treeHashes(site)).toEqual(published);
      expect(workFoldersIn(dir)).toEqual([]);
      expect(existsSync(join(dir, "missing-report.json"))).toBe(false);
    }
    // A run for Eleventy's own CLI says so too, but not one that asks for its help.
    const dry = npmBuild(["--dryrun"], { SEEDS_DIR: join(dir, "no-such-folder"), BUILD_REPORT: join(dir, "missing-report.json") });
    expect(dry.status).toBe(1);
    expect(dry.stderr).toBe(`[broadsheet] The seeds folder ${join(dir, "no-such-folder")} does not exist. Set SEEDS_DIR to a folder of seed files (*.txt, *.md).\n`);
    const help = npmBuild(["--help"], { SEEDS_DIR: join(dir, "no-such-folder") });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: eleventy");
  });

  it("refuses to replace the seeds folder with the site, in one line, and leaves the seeds as they were", () => {
    // A copy of the seeds: were the refusal to fail, only the copy would be lost.
    const seeds = join(dir, "seeds-copy");
    cpSync("seeds", seeds, { recursive: true });
    const before = treeHashes(seeds);
    const result = npmBuild([`--output=${seeds}`], { SEEDS_DIR: seeds, BUILD_REPORT: join(dir, "seeds-copy-report.json") });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`[broadsheet] cannot write the site to ${seeds}: it is the seeds (${seeds}), and a build replaces its output folder whole.\n`);
    expect(treeHashes(seeds)).toEqual(before);
  });

  it("says in one line which variable it cannot use, and writes nothing", () => {
    const result = npmBuild([`--output=${join(dir, "bad-option-site")}`], { SEEDS_DIR: "seeds", BUILD_REPORT: join(dir, "bad-option-report.json"), BUILD_TIME: "soon", QUIET: "" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('[broadsheet] BUILD_TIME="soon" is not an ISO 8601 date-time such as 2023-04-01T00:00:00Z.\n');
    for (const name of ["bad-option-site", "bad-option-report.json"]) expect(existsSync(join(dir, name)), name).toBe(false);
  });

  it("says in one line why it cannot write the site where --output says, and writes nothing", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    const result = npmBuild([`--output=${join(file, "site")}`], { BUILD_REPORT: join(dir, "file-report.json") });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`[broadsheet] cannot write the site to ${join(file, "site")}: ${file} is not a folder.`);
  });

  it("keeps the previous site when Eleventy cannot start (a config that throws), and says why", () => {
    const config = join(dir, "broken-config.mjs");
    writeFileSync(config, `export default function () { throw new Error("config broken on purpose"); }\nexport const config = { dir: { input: "templates", includes: "_includes" } };\n`);
    const result = npmBuild([`--output=${site}`, `--config=${config}`], { BUILD_REPORT: join(dir, "config-report.json") });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("config broken on purpose");
    expect(result.stderr).toContain(`the build failed; ${site} was left as it was.`);
    expect(treeHashes(site)).toEqual(published);
    expect(workFoldersIn(dir)).toEqual([]);
  });

  it("keeps the previous site when the build crashes mid-way", () => {
    // An uncaught exception thrown in the build process once its temporary folder exists.
    const crash = join(dir, "crash.cjs");
    writeFileSync(crash, `if ((process.argv[1] || "").endsWith("launch.mjs")) { const fs = require("node:fs"); const t = setInterval(() => { if (fs.readdirSync(${JSON.stringify(dir)}).some((n) => n.startsWith(".site.building-"))) { clearInterval(t); throw new Error("crash on purpose"); } }, 20); t.unref(); }`);
    const result = npmBuild([`--output=${site}`], { SEEDS_DIR: bigCorpus, BUILD_REPORT: join(dir, "crash-report.json"), NODE_OPTIONS: `--require ${crash}` });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("crash on purpose");
    expect(treeHashes(site)).toEqual(published);
    expect(workFoldersIn(dir)).toEqual([]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("keeps the previous site when killed with %s mid-way", async (signal) => {
    const child = startBuild([`--output=${site}`], { SEEDS_DIR: bigCorpus, BUILD_REPORT: join(dir, `${signal}-report.json`) });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Mid-way: the temporary folder exists and Eleventy is writing pages into it.
    await waitFor(() => workFoldersIn(dir).some((name) => name.startsWith(".site.building-")), 120_000);
    process.kill(-child.pid!, signal);
    await exited;
    await waitFor(() => !groupAlive(child.pid!), 60_000);
    expect(treeHashes(site)).toEqual(published);
    expect(workFoldersIn(dir)).toEqual([]);
  });
});
