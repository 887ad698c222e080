/**
 * `npm start`: Eleventy's dev server on the seeds, rebuilding when a seed changes. The changed
 * page is served as soon as the pages are written; feeds, the JSON API and the search index
 * follow in the background.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: ChildProcess;
let origin: string;
let seeds: string;
let site: string;
let dir: string;
let log = "";

/** A free TCP port on this machine. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value, or fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`gave up after ${ms} ms; the server said:\n${log}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const text = async (path: string) => {
  const response = await fetch(origin + path);
  return response.ok ? response.text() : undefined;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "broadsheet-start-"));
  seeds = join(dir, "seeds");
  site = join(dir, "site");
  cpSync("tests/fixtures/site", seeds, { recursive: true });
  const port = await freePort();
  origin = `http://localhost:${port}`;
  server = spawn("npm", ["start", "--", `--port=${port}`, `--output=${join(dir, "site")}`], {
    env: { ...process.env, SEEDS_DIR: seeds, CACHE_DIR: join(dir, "cache"), BUILD_REPORT: join(dir, "report.json"), QUIET: "1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk) => (log += chunk));
  server.stderr!.on("data", (chunk) => (log += chunk));
  await eventually(() => text("/"));
}, 120_000);

afterAll(() => {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
});

describe("npm start", () => {
  it("shows an edited seed's new title on its page, then in the JSON API", async () => {
    const report = JSON.parse(readFileSync(join(seeds, "..", "report.json"), "utf8")) as { seeds: { file: string; url?: string; status: string }[] };
    const entry = report.seeds.find((s) => s.url && s.status === "published")!;
    const id = entry.url!.split("/").filter(Boolean).pop()!;
    expect(await text(entry.url!)).not.toContain("A title edited while the server runs");
    const file = join(seeds, readdirSync(seeds).find((name) => entry.file.endsWith(name))!);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "A title edited while the server runs"'));
    const page = await eventually(async () => ((await text(entry.url!))?.includes("A title edited while the server runs") ? "seen" : undefined));
    expect(page).toBe("seen");
    const api = await eventually(async () => {
      const body = await text(`/api/articles/${id}.json`);
      return body && (JSON.parse(body) as { title: string }).title === "A title edited while the server runs" ? body : undefined;
    });
    expect(JSON.parse(api)).toMatchObject({ id });
  }, 120_000);

  it("then writes a search index with the edit, and no shard the index does not list", async () => {
    const bundle = join(site, "pagefind");
    const shards = (): string[] => JSON.parse(readFileSync(join(bundle, "shards.json"), "utf8")) as string[];
    const fragments = (): string[] => shards().flatMap((folder) => readdirSync(join(bundle, folder, "fragment")).map((name) => join(bundle, folder, "fragment", name)));
    const hasEdit = () => fragments().some((file) => gunzipSync(readFileSync(file)).toString().includes("A title edited while the server runs"));
    const listed = () => ["shards.json", ...shards().map((folder) => folder.slice(0, -1))].sort();
    // A shard the new list drops goes just after the list is written (a browser may be searching
    // it until then), so the folder is waited for too; a shard never removed fails the wait.
    await eventually(async () => (hasEdit() && readdirSync(bundle).sort().join() === listed().join() ? true : undefined));
    // Every shard listed is there whole (each is renamed into place once written), and nothing else is.
    for (const folder of shards()) expect(readFileSync(join(bundle, folder, "pagefind-entry.json"), "utf8")).toContain("page_count");
    expect(readdirSync(bundle).sort()).toEqual(listed());
  }, 120_000);

  it("shows an edit by a quick pass, then rebuilds the whole site as a build from scratch makes it", async () => {
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { seeds: { file: string; url?: string; status: string; story?: string }[] };
    const entry = report.seeds.find((s) => s.url && s.status === "published" && s.story)!;
    const file = join(seeds, readdirSync(seeds).find((name) => entry.file.endsWith(name))!);
    const from = log.length;
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Edited twice: quick, then whole"'));
    await eventually(async () => ((await text(entry.url!))?.includes("Edited twice: quick, then whole") ? true : undefined));
    // The whole rebuild is done once its feeds and API are written (in the background, last).
    const id = entry.url!.split("/").filter(Boolean).pop()!;
    await eventually(async () => ((await text(`/api/articles/${id}.json`))?.includes("Edited twice: quick, then whole") ? true : undefined));
    const since = log.slice(from);
    // Two rebuilds: the quick pass for the seed, then the whole one, started by the process's own file.
    expect(since.match(/Wrote \d+ files/g)).toHaveLength(2);
    expect(since).toMatch(/File changed: .*broadsheet-serve/);
    // Every page, feed and API file is what a build from scratch makes of the same seeds.
    const fresh = join(dir, "fresh");
    execFileSync("npm", ["run", "-s", "build", "--", `--output=${fresh}`, "--quiet"], { env: { ...process.env, SEEDS_DIR: seeds, UNPUBLISHED: "1", CACHE: "off", BUILD_REPORT: join(dir, "fresh.json") }, stdio: "ignore" });
    const files = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes("pagefind")).map((e) => join(e.parentPath, e.name).slice(root.length));
    expect(files(site).sort()).toEqual(files(fresh).sort());
    const differ = files(fresh).filter((path) => !readFileSync(join(site, path)).equals(readFileSync(join(fresh, path))));
    expect(differ).toEqual([]);
  }, 180_000);
});

describe("npm start with a variable it cannot use", () => {
  it("says which, in one line, and stops", () => {
    const result = spawnSync("npm", ["start", "--silent", "--", "--port=0"], { env: { ...process.env, BUILD_TIME: "soon" }, encoding: "utf8", timeout: 120_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('[broadsheet] BUILD_TIME="soon" is not an ISO 8601 date-time such as 2023-04-01T00:00:00Z.\n');
  });
});
