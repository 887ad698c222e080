import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../src/chromium.ts";
import { isRunning } from "../src/load.ts";
import { buildCard, type CardContext } from "../src/cards.ts";
import { searchablePage } from "../src/digest.ts";
import { hasEnded, recordEntry, searchEntry, searchFacets, searchRecord, startSearchIndex, stopSearchProcesses } from "../src/search.ts";
import type { Article } from "../src/types.ts";
import { shutWriteGate } from "../src/write-gate.ts";
import { article } from "./helpers/article.ts";
import { card } from "./helpers/outputs.ts";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm" };

/** Serves a built site's folder under `prefix` on 127.0.0.1, as a static host would. */
function serve(dir: string, prefix: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, "http://x").pathname);
    if (!path.startsWith(prefix)) return void res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe("searchFacets", () => {
  it("gives topic, source and year filters, a sortable date and labels", () => {
    const facets = searchFacets(card(1, { time: Date.UTC(2023, 11, 31, 23, 30), dateLabel: "31 December 2023" }), "Asia/Tokyo");
    expect(facets).toEqual({ topics: ["AI"], source: "Publisher", year: "2024", sortDate: "2023-12-31T23:30:00Z", dateLabel: "31 December 2023" });
  });
});

describe("searchRecord", () => {
  it("gives Pagefind the text, what a result shows and no more, the filters and the sort key", () => {
    const shown = card(2, { image: { url: "https://publisher.example/i.jpg", width: 800, height: 450, alt: "" } });
    const record = searchRecord({ url: "/articles/c000000000000002/", card: shown }, "UTC");
    expect(record.content).toBe("Article number 2\nExcerpt 2.\nPublisher\nAI");
    // public/search.js shows a result's title, source and date: an image would only cost Pagefind time.
    expect(record.meta).toEqual({ title: "Article number 2", source: "Publisher", date: "1 January 2024" });
    expect(record.filters).toEqual({ topic: ["AI"], source: ["Publisher"], year: ["2024"] });
    expect(record.sort).toEqual({ date: "2024-01-01T02:00:00Z" });
  });
});

// The search index in one shard (the fixture's size), and in shards of about 3 articles: the page
// searches them all and finds the same, in the same order.
describe("searchEntry", () => {
  const ctx: CardContext = { zone: "UTC", preview: false, topicUrl: (name) => (name === "Unlisted" ? null : `/topics/${name.toLowerCase()}/`), hasSourcePage: () => true };
  const base = article({ id: "c000000000000001", topics: ["Transit", "Unlisted"], images: [{ url: "https://herald.example/a.jpg", width: 800, height: 450 }], quality: 60, heat: 12 });
  const entry = (a: Article, zone = "UTC") => searchEntry(searchablePage(a, ctx), zone);
  const recordOf = (a: Article, zone = "UTC") => JSON.stringify(entry(a, zone).record());

  it("has a key that changes whenever the record does, so a shard named by its keys is never stale", () => {
    const variants: Partial<Article>[] = [
      { title: "Another title" },
      { excerpt: "Another excerpt." },
      { excerpt: "" },
      { time: base.time + 60_000 },
      { time: base.time + 86_400_000 * 400 },
      { provider: { ...base.provider, name: "The Courier" } },
      { provider: { ...base.provider, domain: "courier.example" } },
      { topics: ["Transit", "Energy", "Unlisted"] },
      { topics: ["Transit"] },
      { topics: [] },
      { id: "c000000000000002" },
      { images: [] },
      { quality: 10, heat: 500 },
      { url: "https://herald.example/elsewhere" },
      { opinion: true },
      { published: false },
    ];
    let recordsChanged = 0;
    for (const variant of variants) {
      const changed = { ...base, ...variant };
      if (recordOf(changed) === recordOf(base)) continue;
      recordsChanged++;
      expect(entry(changed).key, JSON.stringify(variant)).not.toBe(entry(base).key);
    }
    expect(recordsChanged).toBeGreaterThanOrEqual(9);
    // The zone makes the date label and the year filter.
    expect(entry(base, "Pacific/Auckland").key).not.toBe(entry(base).key);
  });

  it("makes the card and the record only when the record is asked for, and they are the page's", () => {
    const page = searchablePage(base, ctx);
    const made = searchEntry(page, "UTC");
    expect(made.sort.date).toBe("2024-03-04T09:00:00Z");
    expect(made.record()).toEqual(searchRecord({ url: page.url, card: buildCard(base, ctx) }, "UTC"));
    expect(made.record().sort).toEqual(made.sort);
    expect(made.url).toBe(made.record().url);
  });
});

describe("a search index whose Pagefind process ends early", () => {
  const records = [searchRecord({ url: "/articles/a/", card: card(1) }, "UTC")];

  /**
   * Runs `run` with Pagefind's binary replaced by a shell script (Pagefind's own variable), given
   * a folder of its own; the variable is put back after.
   */
  async function withPagefind<T>(script: (dir: string) => string, run: (dir: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-pagefind-"));
    const binary = join(dir, "pagefind");
    writeFileSync(binary, `#!/bin/sh\n${script(dir)}\n`);
    chmodSync(binary, 0o755);
    const before = process.env.PAGEFIND_EXTENDED_BINARY_PATH;
    process.env.PAGEFIND_EXTENDED_BINARY_PATH = binary;
    try {
      return await run(dir);
    } finally {
      if (before === undefined) delete process.env.PAGEFIND_EXTENDED_BINARY_PATH;
      else process.env.PAGEFIND_EXTENDED_BINARY_PATH = before;
    }
  }

  /** The error a job's write fails with (null when it succeeds). */
  const writeError = (job: ReturnType<typeof startSearchIndex>, outputDir: string) => job.write(records.map(recordEntry), outputDir).then(() => null, (e: unknown) => e);

  /** Indexes `records` with Pagefind's binary replaced by a shell script. */
  function indexWith(script: string): Promise<{ error: unknown; outputDir: string }> {
    return withPagefind(
      () => script,
      async (dir) => {
        const outputDir = join(dir, "site");
        // Until the fix, the job never settled: the test's own timeout would fail it.
        return { error: await writeError(startSearchIndex({ shardSize: 100, salt: "test" }), outputDir), outputDir };
      },
    );
  }

  it("fails the job, naming the signal, when the process is killed", async () => {
    // Read one request, then die as the out-of-memory killer would end it.
    const { error, outputDir } = await indexWith("head -c 1 >/dev/null; kill -9 $$");
    expect(String(error)).toMatch(/Pagefind's process stopped \(killed by SIGKILL\) before the search index was written/);
    expect(existsSync(join(outputDir, "pagefind", "shards.json"))).toBe(false);
  }, 30_000);

  it("stops a job's process when the build ends first (stopSearchProcesses), and the job fails naming the signal", async () => {
    // A Pagefind that never answers, and says which process it is.
    await withPagefind(
      (dir) => `echo $$ > ${join(dir, "pid")}\nexec sleep 60`,
      async (dir) => {
        const pidFile = join(dir, "pid");
        const written = writeError(startSearchIndex({ shardSize: 100, salt: "test" }), join(dir, "site"));
        for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((done) => setTimeout(done, 50));
        const pid = Number(readFileSync(pidFile, "utf8"));
        await new Promise((done) => setTimeout(done, 200));
        expect(isRunning(pid)).toBe(true);
        stopSearchProcesses();
        // Ended (a zombie until this process reaps it) by the time it returns: no system call of its is under way.
        expect(hasEnded(pid)).toBe(true);
        expect(String(await written)).toMatch(/Pagefind's process stopped \(killed by SIGKILL\) before the search index was written/);
        expect(isRunning(pid)).toBe(false);
      },
    );
  }, 30_000);

  it("kills a job's process that starts after the build was stopped", async () => {
    await withPagefind(
      () => "exec sleep 60",
      async (dir) => {
        const job = startSearchIndex({ shardSize: 100, salt: "test" });
        stopSearchProcesses();
        expect(String(await writeError(job, join(dir, "site")))).toMatch(/Pagefind's process stopped \(killed by SIGKILL\) before the search index was written/);
      },
    );
  }, 30_000);

  it("changes nothing in the site once the write gate is shut (a build that failed), and the job fails saying so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "broadsheet-gate-"));
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const job = startSearchIndex({ shardSize: 100, salt: "test", gate });
    shutWriteGate(gate);
    expect(String(await writeError(job, join(dir, "site")))).toMatch(/the build stopped: its new site is being removed/);
    expect(existsSync(join(dir, "site"))).toBe(false);
  }, 30_000);

  it("tells a process that has ended, a zombie included, from one that runs", async () => {
    const child = spawn("sleep", ["60"]);
    await new Promise((done) => child.once("spawn", done));
    expect(hasEnded(child.pid!)).toBe(false);
    child.kill("SIGKILL");
    // Not reaped yet: this thread has not let the event loop turn.
    for (let i = 0; i < 100 && !hasEnded(child.pid!); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    expect(hasEnded(child.pid!)).toBe(true);
    expect(readFileSync(`/proc/${child.pid}/stat`, "utf8")).toMatch(/\) Z /);
    await new Promise((done) => child.once("exit", done));
    expect(hasEnded(child.pid!)).toBe(true);
  });

  it("fails the job when the process exits at once", async () => {
    const { error, outputDir } = await indexWith("exit 3");
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/Pagefind's process stopped \(exit code 3\) before the search index was written/);
    expect(existsSync(join(outputDir, "pagefind", "shards.json"))).toBe(false);
  }, 30_000);
});

describe.each<{ shards: string; env: Record<string, string> }>([
  { shards: "one shard", env: {} },
  { shards: "shards of about 3 articles", env: { SEARCH_SHARD_SIZE: "3" } },
])("search in Chromium, under a path prefix, the index in $shards", ({ env }) => {
  let site: BuiltSite;
  let browser: Browser;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    site = await buildSite("tests/fixtures/discover", { SITE_URL: "https://example.org/news", ...env }, "/news/");
    const served = await serve(site.dir, "/news/");
    server = served.server;
    base = `${served.origin}/news/`;
    // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir).
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function results(query: string): Promise<{ titles: string[]; hrefs: string[]; status: string }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${base}search/${query}`);
    await page.waitForFunction(() => /found|No articles/.test(document.getElementById("search-status")!.textContent ?? ""));
    const titles = await page.locator("#search-results h2 a").allTextContents();
    const hrefs = await page.locator("#search-results h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    const status = (await page.locator("#search-status").textContent()) ?? "";
    await page.close();
    expect(errors).toEqual([]);
    return { titles, hrefs, status };
  }

  it("indexes only article pages, each in one shard", () => {
    const shards = JSON.parse(site.read("pagefind/shards.json")) as string[];
    const indexed = shards.map((folder) => JSON.parse(site.read(`pagefind/${folder}pagefind-entry.json`)).languages.en.page_count as number);
    if (env.SEARCH_SHARD_SIZE) expect(indexed.length).toBeGreaterThanOrEqual(3);
    else expect(indexed).toHaveLength(1);
    expect(indexed.reduce((a, b) => a + b)).toBe(site.files.filter((f) => /^articles\/[0-9a-f]{16}\/index\.html$/.test(f)).length);
    // Nothing else in the bundle: no folder or file the list does not name.
    expect(new Set(site.files.filter((f) => f.startsWith("pagefind/")).map((f) => f.split("/")[1]))).toEqual(new Set(["shards.json", ...shards.map((folder) => folder.slice(0, -1))]));
  });

  it("finds an article by a word of its title, linking to its page under the prefix", async () => {
    const { titles, hrefs } = await results("?q=quarterly");
    expect(titles).toEqual(["Quarterly report: solar farms outpace coal & gas ]]> again"]);
    expect(hrefs).toEqual(["/news/articles/00d15c0000000003/"]);
  });

  it("filters by topic, source and year", async () => {
    const all = await results("?q=pottery");
    expect(all.titles).toHaveLength(6);
    const culture2023 = await results("?q=pottery&topic=Culture&year=2023&source=Culture+Post");
    expect(culture2023.titles.sort()).toEqual(["Museum opens exhibit number 1 on ancient pottery", "Museum opens exhibit number 3 on ancient pottery", "Museum opens exhibit number 5 on ancient pottery"]);
    const none = await results("?q=pottery&topic=Aviation");
    expect(none.status).toBe("No articles found.");
  });

  /** Opens the search page at `query` and waits until its form shows and the status says `settled`. */
  async function settledPage(query: string, settled: RegExp): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}search/${query}`);
    await page.waitForFunction((pattern) => !document.querySelector<HTMLFieldSetElement>("#search-form fieldset")!.hidden && new RegExp(pattern).test(document.getElementById("search-status")!.textContent ?? ""), settled.source);
    return page;
  }

  it("shows the address's filters in the form, the results filtered by them", async () => {
    const page = await settledPage("?q=pottery&topic=Culture&year=2023", /^3 articles found/);
    expect(await page.locator("#search-results li").count()).toBe(3);
    expect(await page.inputValue("select[name=topic]")).toBe("Culture");
    expect(await page.inputValue("select[name=year]")).toBe("2023");
    await page.close();
  });

  it("drops a filter value no select has (a topic gone since the link was made), as the form shows", async () => {
    const page = await settledPage("?q=pottery&topic=Nowhere", /^6 articles found/);
    expect(await page.locator("#search-results li").count()).toBe(6);
    expect(await page.inputValue("select[name=topic]")).toBe("");
    expect(new URL(page.url()).searchParams.get("topic")).toBeNull();
    await page.close();
  });

  it("sorts by date, newest first", async () => {
    const { titles } = await results("?q=pottery&sort=date");
    expect(titles.map((t) => t.replace(/\D/g, ""))).toEqual(["6", "4", "2", "5", "3", "1"]); // 2024-06, 2024-04, 2024-02, 2023-05, 2023-03, 2023-01
  });

  it("sends the header search box to the search page without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}topics/`);
    await page.fill("#site-search-q", "zeppelin");
    await page.press("#site-search-q", "Enter");
    await page.waitForURL(/\/news\/search\/\?q=zeppelin$/);
    expect(await page.locator("#search-status").textContent()).toContain("needs JavaScript");
    await context.close();
  });

  it("searches from the header box with JavaScript", async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.fill("#site-search-q", "zeppelin");
    await page.press("#site-search-q", "Enter");
    await page.waitForSelector("#search-results li");
    expect(await page.locator("#search-results h2 a").count()).toBe(5);
    expect(await page.inputValue("#search-q")).toBe("zeppelin");
    await page.close();
  });
});

/**
 * Serves a built site under `prefix`, opens `path` in Chromium, waits until the search status
 * matches `settled`, runs `check` on the page, and asserts the page logged no error.
 */
async function searchPage(site: BuiltSite, prefix: string, path: string, settled: RegExp, check: (page: Page) => Promise<void>): Promise<void> {
  const { server, origin } = await serve(site.dir, prefix);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${origin}${path}`);
    await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("search-status")!.textContent ?? ""), settled.source);
    await check(page);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    server.close();
  }
}

describe("search in Chromium on a site with no published article yet", () => {
  it("says there is nothing to search, and lists no shard", async () => {
    const seeds = mkdtempSync(join(tmpdir(), "broadsheet-unpublished-"));
    copyFileSync("seeds/000_27ff6c00ab5f802f.txt", join(seeds, "000_27ff6c00ab5f802f.txt")); // published: false
    const site = await buildSite(seeds);
    expect(JSON.parse(site.read("pagefind/shards.json"))).toEqual([]);
    await searchPage(site, "/", "/search/?q=anything", /no articles to search/, async (page) => {
      expect(await page.locator("#search-results li").count()).toBe(0);
    });
  }, 60_000);
});

describe("search in Chromium under a path prefix with a space", () => {
  it("loads the index and links results under the prefix, percent-encoded", async () => {
    const site = await buildSite("tests/fixtures/discover", {}, "/a b/");
    expect(site.read("search/index.html")).toContain('data-bundle="/a%20b/pagefind/"');
    await searchPage(site, "/a b/", "/a%20b/search/?q=quarterly", /found|No articles/, async (page) => {
      const hrefs = await page.locator("#search-results h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      expect(hrefs).toEqual(["/a%20b/articles/00d15c0000000003/"]);
    });
  }, 60_000);
});
