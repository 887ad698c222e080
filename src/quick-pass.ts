/**
 * `npm start`'s quick pass. When the rebuild's changes are a few edited seeds that the last whole
 * build showed, Eleventy first renders just their pages (each edited article's page, its
 * story's, and the home page if it shows the article) from the last build's digest with the edit
 * in it (`revise` in digest.ts): the browser
 * shows the edit in well under a second instead of after the whole pipeline (the clustering, every
 * page's key, the report: 2.5–3 s at 10,000 seeds on a slow machine). A whole rebuild follows at
 * once, started by a file this module touches and Eleventy watches, and puts every page as a
 * build from scratch would have it: the edit in the topic, source and archive pages, a story that
 * gained or lost the article, the ranking, the feeds, the JSON API and the search index.
 *
 * Until it is done (2–3 s later), the pages the quick pass wrote show the article's story, its
 * storyline and related coverage as they were before the edit. They are never kept in the build
 * cache, and the page cache forgets what it wrote at their places, so the whole rebuild writes
 * them again.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { partsOf, type ArticlePageView, type Digest, type StoryPageView } from "./digest.ts";
import { isRunning, isSeedName, readAtMost } from "./load.ts";
import { PARSE_LIMITS } from "./limits.ts";
import { readSeed } from "./seeds.ts";
import type { BuildOptions } from "./types.ts";

/** At most this many seeds edited at once get a quick pass; more (a branch checked out) go whole. */
export const QUICK_PASS_MAX_SEEDS = 4;

/** One rebuild's quick pass: the digest Eleventy renders, and the URLs of its pages. */
export interface QuickDigest {
  digest: Digest;
  urls: string[];
}

/**
 * The quick pass's digest for a rebuild of these changed files (Eleventy's watch queue) after the
 * whole digest `last`, or null when the rebuild must be whole: a file that is not a seed of the
 * seeds folder (a template, the config), too many, a seed added, removed or rejected, or an edit
 * that changes more than the article's own data (see `revise`).
 */
export function quickDigest(last: Digest, changed: readonly string[], options: Pick<BuildOptions, "seedsDir">): QuickDigest | null {
  const folder = resolve(options.seedsDir);
  const paths = [...new Set(changed.map((path) => resolve(path)))];
  if (paths.length === 0 || paths.length > QUICK_PASS_MAX_SEEDS) return null;
  // Two edited articles of one story (or on the home page): the page once, with the later edit.
  const articles = new Map<string, ArticlePageView>();
  const stories = new Map<string, StoryPageView>();
  let home: Digest["home"] | null = null;
  for (const path of paths) {
    const name = basename(path);
    if (dirname(path) !== folder || !isSeedName(name)) return null;
    let bytes: Uint8Array;
    try {
      bytes = readAtMost(path, PARSE_LIMITS.fileBytes + 1);
    } catch {
      return null; // gone, or unreadable, since it was saved: the whole rebuild tells
    }
    // The file as the whole build names it (`join(seedsDir, name)`), so its article's files match.
    const outcome = readSeed({ path: join(options.seedsDir, name), name, bytes });
    if (!outcome.ok) return null;
    const revised = partsOf(last).revise(outcome.seed.article);
    if (revised === null) return null;
    articles.set(revised.article.url, revised.article);
    if (revised.story) stories.set(revised.story.url, revised.story);
    home = revised.home ?? home;
  }
  const digest: Digest = {
    ...last,
    home: home ?? last.home,
    articles: [...articles.values()],
    stories: [...stories.values()],
    topicPages: [],
    sourcePages: [],
    archive: { ...last.archive, days: [], months: [], years: [] },
  };
  return { digest, urls: [...articles.keys(), ...stories.keys(), ...(home ? ["/"] : [])] };
}

/**
 * Sets up the quick pass under `--serve` (Eleventy's watch queue, the trigger file, the dev
 * server's middleware) and returns what each build asks: the quick pass's digest after the last
 * whole one, or null when this build must be whole. Once a quick pass's reload is done and the
 * browser has the page, the trigger starts the whole rebuild.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function quickPasses(eleventyConfig: any, options: Pick<BuildOptions, "seedsDir" | "quiet">): ((whole: Digest | undefined) => QuickDigest | null) | undefined {
  const trigger = wholeRebuildTrigger();
  if (!trigger) return undefined;
  const requests = servedRequests();
  eleventyConfig.setServerOptions({ middleware: [requests.middleware] });
  eleventyConfig.addWatchTarget(trigger.path);
  let changed: string[] = [];
  let done = false;
  eleventyConfig.on("eleventy.beforeWatch", (queue: string[]) => void (changed = queue));
  // Emitted once Eleventy has told the browser to reload (after a watch rebuild, error or not).
  eleventyConfig.on("eleventy.afterwatch", () => {
    if (done) (done = false), void requests.served(performance.now()).then(trigger.touch);
  });
  return (whole) => {
    const quick = whole ? quickDigest(whole, changed, options) : null;
    changed = [];
    if (quick) {
      done = true;
      if (!options.quiet) console.log(`[broadsheet] quick pass: ${quick.urls.join(", ")}; the whole site follows`);
    }
    return quick;
  };
}

/**
 * The file whose change starts the whole rebuild after a quick pass: Eleventy watches it
 * (`addWatchTarget`), and a rebuild is started by a change to a watched file. One per process, in
 * the system's temporary folder (never in the project or the seeds folder); those of processes
 * that are gone are removed. Undefined, with a warning, where it cannot be written: then there is
 * no quick pass, and every rebuild is whole.
 */
export function wholeRebuildTrigger(): { path: string; touch: () => void } | undefined {
  const dir = join(tmpdir(), "broadsheet-serve");
  const path = join(dir, String(process.pid));
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) rmSync(join(dir, name), { force: true });
    }
    writeFileSync(path, "0");
  } catch (error) {
    console.warn(`[broadsheet] no quick pass under npm start: ${path} could not be written (${error instanceof Error ? error.message : String(error)}); every rebuild is whole.`);
    return undefined;
  }
  let count = 0;
  process.once("exit", () => rmSync(path, { force: true }));
  const touch = () => {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, String(++count));
    } catch (error) {
      console.warn(`[broadsheet] ${path} could not be written (${error instanceof Error ? error.message : String(error)}): the site is brought up to date at the next change.`);
    }
  };
  return { path, touch };
}

/**
 * The dev server's requests, for the whole rebuild to start once the browser has loaded the
 * pages the quick pass reloaded: the rebuild keeps the server's thread busy for seconds, and a page
 * whose stylesheet is asked for meanwhile is not painted until it is done. `middleware` goes to
 * the dev server (`setServerOptions`); `served(since)` resolves once a request came after `since`
 * (a time of `performance.now()`), none is open, the last one was not a page's HTML (whose
 * stylesheet the browser asks for next) and 30 ms have passed since; or a second after `since`
 * (no browser has the site open, or it had the stylesheet already).
 */
export function servedRequests(): { middleware: (request: { url?: string }, response: { once: (event: "close", listener: () => void) => void }, next: () => void) => void; served: (since: number) => Promise<void> } {
  let open = 0;
  let last = -Infinity;
  let lastWasPage = false;
  return {
    middleware(request, response, next) {
      open++;
      last = performance.now();
      const page = /(\/|\.html)(\?.*)?$/.test(request.url ?? "/");
      response.once("close", () => {
        open--;
        last = performance.now();
        lastWasPage = page;
      });
      next();
    },
    served: (since) =>
      new Promise((done) => {
        const check = () => {
          const now = performance.now();
          const loaded = last > since && open === 0 && !lastWasPage && now - last >= SERVED_QUIET_MS;
          if (loaded || now - since >= SERVED_WAIT_MS) done();
          else setTimeout(check, 10);
        };
        check();
      }),
  };
}

/** How long the server must have had no open request before the whole rebuild starts. */
const SERVED_QUIET_MS = 30;

/** How long the whole rebuild waits at most for the browser to load the quick pass's pages. */
const SERVED_WAIT_MS = 1000;
