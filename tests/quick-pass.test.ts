/**
 * `npm start`'s quick pass (quick-pass.ts): the pages of a few edited seeds, made from the last
 * whole build's digest, before the whole rebuild. They must show the edit, be what the whole build
 * makes when the edit changes nothing else, and the quick pass must refuse any rebuild it cannot
 * stand in for.
 */
import { EventEmitter } from "node:events";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDigest } from "../src/digest.ts";
import { loadSeedFolder } from "../src/load.ts";
import { readOptions } from "../src/options.ts";
import { QUICK_PASS_MAX_SEEDS, quickDigest, servedRequests } from "../src/quick-pass.ts";

const dir = mkdtempSync(join(tmpdir(), "broadsheet-quick-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let copies = 0;

/** A copy of the fixture site's seeds, its whole digest, and seeds on its home page (one in a story, one alone) and off it. */
function site(env: Record<string, string> = {}) {
  const seedsDir = join(dir, String(copies++));
  cpSync("tests/fixtures/site", seedsDir, { recursive: true });
  const options = readOptions({ QUIET: "1", SEEDS_DIR: seedsDir, ...env });
  const whole = () => createDigest(loadSeedFolder(seedsDir), options, { views: "all" });
  const { digest, report } = whole();
  // Seeds with an image of their own (the image test edits it), in a story and alone.
  const entries = report.seeds.filter((s) => s.url && s.status !== "duplicate" && /^ {2}- url: /m.test(readFileSync(s.file, "utf8")));
  const home = new Set([...digest.home.latest.map((c) => c.id), ...digest.home.stories.flatMap((s) => [s.lead.id, ...s.more.map((c) => c.id)])]);
  const onHome = (entry: (typeof entries)[number]) => home.has(entry.url!.split("/")[2]!);
  return {
    seedsDir,
    options,
    whole,
    last: digest,
    inStory: entries.find((s) => s.story && onHome(s))!,
    alone: entries.find((s) => !s.story && onHome(s))!,
    offHome: entries.find((s) => !onHome(s))!,
  };
}

function edit(path: string, from: RegExp, to: string): void {
  const text = readFileSync(path, "utf8");
  expect(text).toMatch(from);
  writeFileSync(path, text.replace(from, to));
}

describe("quickDigest", () => {
  it("shows an edited title on the article's page, its story's page and the home page, and renders nothing else", () => {
    const { options, last, inStory } = site();
    const before = JSON.stringify(last);
    edit(inStory.file, /^title: .*$/m, 'title: "A title edited under npm start"');
    const quick = quickDigest(last, [inStory.file], options)!;
    expect(quick.urls).toEqual([inStory.url, `/stories/${inStory.story}/`, "/"]);
    expect(JSON.stringify(quick.digest.home)).toContain("A title edited under npm start");
    const [page] = quick.digest.articles;
    expect(page!.url).toBe(inStory.url);
    expect(page!.card.title).toBe("A title edited under npm start");
    expect(page!.story!.entries.find((e) => e.current)!.title).toBe("A title edited under npm start");
    const [story] = quick.digest.stories;
    expect(story!.url).toBe(`/stories/${inStory.story}/`);
    expect(JSON.stringify(story!.days)).toContain("A title edited under npm start");
    expect([quick.digest.topicPages, quick.digest.sourcePages, quick.digest.archive.days, quick.digest.archive.months, quick.digest.archive.years]).toEqual([[], [], [], [], []]);
    // The other pages made on every build are the last build's; the last digest is not changed.
    expect(quick.digest.about).toBe(last.about);
    expect(JSON.stringify(last)).toBe(before);
  });

  it("leaves the home page as it was when it does not show the edited article", () => {
    const { options, last, offHome } = site();
    edit(offHome.file, /^title: .*$/m, 'title: "Edited off the home page"');
    const quick = quickDigest(last, [offHome.file], options)!;
    expect(quick.urls).not.toContain("/");
    expect(quick.digest.home).toBe(last.home);
    expect(quick.digest.articles[0]!.card.title).toBe("Edited off the home page");
  });

  it("makes the very views of the whole build when the edit changes nothing but the article's own data", () => {
    for (const pick of ["inStory", "alone"] as const) {
      const s = site();
      const entry = s[pick];
      // A new image address changes the card, not the clustering, the lists or the story's lead.
      edit(entry.file, /^ {2}- url: "https:\/\/images\.([^"]*)"/m, '  - url: "https://images.$1?v=2"');
      const quick = quickDigest(s.last, [entry.file], s.options)!;
      const { digest } = s.whole();
      expect(quick.digest.articles[0]!.card.image).not.toEqual(s.last.articles.find((a) => a.url === entry.url)!.card.image);
      for (const view of [...quick.digest.articles, ...quick.digest.stories]) {
        expect(view).toEqual([...digest.articles, ...digest.stories].find((v) => v.url === view.url));
      }
      // Both are on the home page, which the quick pass makes again, as the whole build does.
      expect(quick.urls).toContain("/");
      expect(quick.digest.home).toEqual(digest.home);
      expect(quick.digest.home).not.toEqual(s.last.home);
      expect(quick.digest.articles.length + quick.digest.stories.length).toBe(pick === "inStory" ? 2 : 1);
    }
  });

  it("takes the changed files as Eleventy names them, relative to the working folder", () => {
    const { options, last, alone } = site();
    edit(alone.file, /^title: .*$/m, 'title: "Named relative to the working folder"');
    const named = `./${relative(process.cwd(), alone.file)}`;
    expect(quickDigest(last, [named], options)!.digest.articles[0]!.card.title).toBe("Named relative to the working folder");
  });

  it("refuses rebuilds it cannot stand in for", () => {
    const { seedsDir, options, last, inStory, alone } = site();
    expect(quickDigest(last, [], options)).toBeNull();
    // A template, or any file outside the seeds folder.
    expect(quickDigest(last, ["templates/article.njk"], options)).toBeNull();
    expect(quickDigest(last, [alone.file, "templates/article.njk"], options)).toBeNull();
    // More seeds than a quick pass is for (a branch checked out).
    const many = loadSeedFolder(seedsDir).files.slice(0, QUICK_PASS_MAX_SEEDS + 1).map((f) => f.path);
    expect(quickDigest(last, many, options)).toBeNull();
    expect(quickDigest(last, many.slice(0, QUICK_PASS_MAX_SEEDS), options)).not.toBeNull();
    // A seed that is now rejected, a new seed, a removed one, a seed with another address.
    const copy = (name: string, text: string) => (writeFileSync(join(seedsDir, name), text), join(seedsDir, name));
    const original = readFileSync(alone.file, "utf8");
    expect(quickDigest(last, [copy("zz_broken.txt", original.replace(/^title: .*$/m, "title: [unclosed"))], options)).toBeNull();
    expect(quickDigest(last, [copy("zz_new.txt", original.replace(/(webUrl|originalUrl): "([^"]*)"/g, '$1: "$2-new"'))], options)).toBeNull();
    expect(quickDigest(last, [join(seedsDir, "zz_gone.txt")], options)).toBeNull();
    edit(inStory.file, /^webUrl: "([^"]*)"/m, 'webUrl: "$1-moved"');
    edit(inStory.file, /^originalUrl: "([^"]*)"/m, 'originalUrl: "$1-moved"');
    expect(quickDigest(last, [inStory.file], options)).toBeNull();
    // A seed no longer published, unless unpublished seeds are shown.
    edit(alone.file, /^published: true$/m, "published: false");
    expect(quickDigest(last, [alone.file], options)).toBeNull();
    const preview = site({ UNPUBLISHED: "1" });
    edit(preview.alone.file, /^published: true$/m, "published: false");
    expect(quickDigest(preview.last, [preview.alone.file], preview.options)).not.toBeNull();
  });
});

describe("servedRequests (the whole rebuild waits for the browser to load the quick pass's page)", () => {
  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

  it("waits for the page's stylesheet, not only its HTML", async () => {
    const { middleware, served } = servedRequests();
    const since = performance.now();
    let resolved = false;
    const done = served(since).then(() => void (resolved = true));
    const request = (url: string) => {
      const response = new EventEmitter();
      let passed = false;
      middleware({ url }, response, () => void (passed = true));
      expect(passed).toBe(true);
      return () => response.emit("close");
    };
    const page = request("/articles/0123456789abcdef/");
    await sleep(60);
    expect(resolved).toBe(false);
    page();
    // The HTML is served; the browser has yet to ask for its stylesheet.
    await sleep(100);
    expect(resolved).toBe(false);
    const stylesheet = request("/style.css");
    await sleep(60);
    expect(resolved).toBe(false);
    stylesheet();
    await done;
    // Resolved by the stylesheet, well before the one-second limit.
    expect(performance.now() - since).toBeLessThan(900);
  });

  it("goes ahead after a second when no browser asks for anything", async () => {
    const since = performance.now();
    await servedRequests().served(since);
    expect(performance.now() - since).toBeGreaterThanOrEqual(1000);
  });
});

