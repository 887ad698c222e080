/**
 * The page cache plugin: pages whose key (see page-plan.ts) is in the build cache are not given
 * to the templates again; their kept HTML is put into the output (linked, or copied under
 * `--serve`) before Eleventy renders the others. Every rendered page is kept in the cache under
 * its key once Eleventy wrote it.
 *
 * Under `--serve` the output folder stays between rebuilds, so a page already written there with
 * the same key is not even copied: a rebuild renders and writes only the pages that changed.
 *
 * The data files written after the pages (JSON API, feeds) are kept the same way, in a store of
 * their own (`dataCache`): each is keyed by what it is made of, and made only when not kept.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { codeVersion, lostFile, openPageStore, type PageStore } from "./build-cache.ts";
import { PlacementError, startFilePlacer, type FilePlacer } from "./file-placer.ts";
import { hashOf } from "./hash.ts";
import { partsOf, type Digest } from "./digest.ts";
import { siteTarget } from "./load.ts";
import { dataKey, narrowDigest, pageKeys, unitPrinter, type DataSource } from "./page-plan.ts";
import { pageFile } from "./routes.ts";
import type { BuildOptions } from "./types.ts";

/** How the plugin meets the build: `plan` narrows each new digest, `restore` keeps what was rendered. */
export interface PageCacheHooks {
  /**
   * The digest the templates should render: pages the cache holds are left out (and put in the
   * output at once). It makes the views of the article and story pages left in (a digest made
   * "on demand" has none).
   */
  plan?: (digest: Digest) => Digest;
  /**
   * Keeps the pages Eleventy rendered in the cache (then lets go of pages no build uses), and
   * returns the URLs of the pages put in place from it. Called once the render is done, before
   * anything else: under `--serve`, the next rebuild may write over a rendered page, and the page
   * must be kept as it was rendered.
   */
  restore?: () => string[];
  /**
   * The data files' cache of a digest this plugin planned, for its output folder; undefined for
   * any other digest. Opened when the data files are written (under `--serve`, in the background,
   * one rebuild after the other).
   */
  dataCache?: (digest: Digest, output: string) => DataCache | undefined;
  /**
   * Resolves once every page and data file this build took from the cache is in place (a build
   * links them on a thread of their own, file-placer.ts); rejects when the cache lost one meanwhile.
   * Awaited before the build ends.
   */
  placed?: () => Promise<void>;
  /**
   * Under `--serve`: pages at these URLs of the output folder were written by something other than
   * a planned build (`npm start`'s quick pass, quick-pass.ts), so the next build must not take them
   * for what it wrote there.
   */
  overwritten?: (urls: readonly string[]) => void;
}

/** The data files (JSON API, feeds) of one build that the cache holds, and those it keeps. */
export interface DataCache {
  /** Puts the kept files of the sources it holds at their places; returns the sources left to write. */
  place(sources: readonly DataSource[]): DataSource[];
  /** Keeps the files of these sources, written at their places; lets go of files no build uses. */
  keep(written: readonly DataSource[]): void;
}

/** One build's plan: every page's key, and the pages taken from the cache. */
interface Plan {
  keys: Map<string, string>;
  store: PageStore;
  reused: string[];
  /** Pages Eleventy rendered, to keep once written. */
  rendered: { key: string; source: string }[];
}

/** Registers the page cache; without a cache folder (`CACHE=off`) every page is rendered. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pageCachePlugin(eleventyConfig: any, { options, hooks }: { options: BuildOptions; hooks: PageCacheHooks }): void {
  const cacheDir = options.cacheDir;
  if (cacheDir === null) return;
  let plan: Plan | undefined;
  // Under --serve or --watch: output folder → page URL or data file path → key of what this
  // process last wrote there. (A build writes into a new folder, where nothing is yet.)
  const written = process.env.ELEVENTY_RUN_MODE === "build" ? null : new Map<string, Map<string, string>>();
  // A build writes into a new folder, so its files can be the cache's own; --serve writes over
  // the files in its output folder, so it gets copies.
  const sharing = written ? "copy" : "link";
  // The salt, variant and unit printer of each planned digest, for its data files' keys.
  const planned = new WeakMap<Digest, { salt: string; variant: string; print: (value: unknown) => string }>();
  // A build's placer thread, from its plan until its files are in place (`placed`).
  let placer: FilePlacer | undefined;
  hooks.plan = (digest) => {
    const output: string = eleventyConfig.directories.output;
    const salt = JSON.stringify([codeVersion(), eleventyConfig.pathPrefix ?? "/", renderOptions(options)]);
    const variant = hashOf(salt).slice(0, 16);
    const print = unitPrinter(partsOf(digest).units);
    planned.set(digest, { salt, variant, print });
    const keys = pageKeys(digest, salt, print);
    if (sharing === "link") {
      // A placer left by a build that failed before its files were in place is let go: its
      // failures (files for a folder since removed) are not this build's.
      placer?.done().catch(() => undefined);
      placer = startFilePlacer();
    }
    const store = openPageStore(cacheDir, variant, sharing, "pages", placer);
    // The kept pages are put in place now; Eleventy renders the others.
    const reused = putInPlace(output, written, store, [...keys].map(([url, key]) => ({ name: url, file: pageFile(url), key })));
    plan = { keys, store, reused: [...reused], rendered: [] };
    return narrowDigest(digest, (url) => !reused.has(url));
  };
  // Notes which pages Eleventy rendered where; they are kept in the cache once written.
  eleventyConfig.addTransform("page-cache", function (this: { page: { url: string | false; outputPath: string | false } }, content: unknown) {
    const { url, outputPath } = this.page;
    const key = url === false ? undefined : plan?.keys.get(url);
    if (key !== undefined && url !== false && typeof outputPath === "string") {
      if (written) writtenIn(written, outputDir(outputPath, url)).set(url, key);
      plan!.rendered.push({ key, source: outputPath });
    }
    return content;
  });
  hooks.dataCache = (digest, output) => {
    const made = planned.get(digest);
    if (!made) return undefined;
    const store = openPageStore(cacheDir, made.variant, sharing, "data", placer);
    const keys = new Map<DataSource, string>();
    return {
      place(sources) {
        for (const source of sources) keys.set(source, dataKey(source, made.salt, made.print));
        const kept = putInPlace(output, written, store, sources.map((source) => ({ name: source.path, file: source.path, key: keys.get(source)! })));
        return sources.filter((source) => !kept.has(source.path));
      },
      keep(sources) {
        store.keepAll(sources.map((source) => ({ key: keys.get(source)!, source: siteTarget(output, source.path) })));
        const here = written && writtenIn(written, output);
        for (const source of sources) here?.set(source.path, keys.get(source)!);
        store.prune(new Set(keys.values()));
      },
    };
  };
  hooks.overwritten = (urls) => {
    const here = written && writtenIn(written, eleventyConfig.directories.output);
    for (const url of urls) here?.delete(url);
  };
  hooks.placed = async () => {
    const placing = placer;
    placer = undefined;
    await placing?.done().catch((error: unknown) => {
      throw lostFile(error instanceof PlacementError ? error.source : "", cacheDir, error);
    });
  };
  hooks.restore = () => {
    if (!plan) return [];
    const { store, keys, reused, rendered } = plan;
    plan = undefined;
    store.keepAll(rendered);
    store.prune(new Set(keys.values()));
    return reused;
  };
}

/**
 * Puts the files the cache holds in place in `output` (`file`, a site path) and returns their
 * names. In a build (a new folder) each is linked or copied from the store. Under `--serve`, a
 * file the folder already holds under the same key, as this process wrote it (`written`, by page
 * URL or file path), is left as it is, and the store is not even asked; `written` is updated.
 */
function putInPlace(output: string, written: Map<string, Map<string, string>> | null, store: PageStore, files: readonly { name: string; file: string; key: string }[]): Set<string> {
  const here = written && writtenIn(written, output);
  const placed = new Set<string>();
  const copies: { key: string; target: string }[] = [];
  for (const { name, file, key } of files) {
    const target = siteTarget(output, file);
    if (here?.get(name) === key && existsSync(target)) placed.add(name);
    else if (store.has(key)) {
      placed.add(name);
      copies.push({ key, target });
      here?.set(name, key);
    }
  }
  store.copyAll(copies);
  return placed;
}

function writtenIn(written: Map<string, Map<string, string>>, output: string): Map<string, string> {
  const dir = resolve(output);
  return written.get(dir) ?? written.set(dir, new Map()).get(dir)!;
}

/** The output folder a page was written to, from its file and URL (`<out>/<url>index.html`). */
function outputDir(outputPath: string, url: string): string {
  return outputPath.slice(0, outputPath.length - pageFile(url).length);
}

/**
 * The options that can change a page beyond its view (the link rules read SITE_URL): every option
 * but those that only say where files go or what is printed. A new option counts until named here.
 */
export function renderOptions(options: BuildOptions): Partial<BuildOptions> {
  const { seedsDir: _seeds, reportPath: _report, timingsPath: _timings, cacheDir: _cache, quiet: _quiet, strict: _strict, ...rest } = options;
  return rest;
}
