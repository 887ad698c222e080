/**
 * Eleventy wiring only: directories, passthrough of public/, the one `digest` global, filters,
 * Nunjucks options. Everything with a branch lives in src/, where it is tested.
 */
import { buildDigest, type Digest } from "./src/digest.ts";
import { pageCachePlugin, type PageCacheHooks } from "./src/cache-plugin.ts";
import { filtersPlugin } from "./src/filters.ts";
import { exitOnOptionProblem, runOptions } from "./src/options.ts";
import { outputsPlugin, type OutputsPluginOptions } from "./src/outputs-plugin.ts";
import { releaseGarbage } from "./src/memory.ts";
import { showsProgress, startClock } from "./src/timings.ts";
import { paginatedPermalink } from "./src/routes.ts";
import { quickPasses } from "./src/quick-pass.ts";
import type { BuildOptions } from "./src/types.ts";

// Eleventy ships no TypeScript types for its config object.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EleventyConfig = any;

/** Configures Eleventy for Broadsheet; tests call it with their own options. */
export function configure(eleventyConfig: EleventyConfig, options: BuildOptions = runOptions(process.env, process.argv)): void {
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.addPassthroughCopy({ public: "/" });
  // This build's digest (none in a quick pass), and the last whole build's.
  let digest: Digest | undefined;
  let whole: Digest | undefined;
  const hooks: OutputsPluginOptions["hooks"] & PageCacheHooks = {};
  // npm start: a rebuild for a few edited seeds first renders just their pages (quick-pass.ts).
  const quickPass = process.env.ELEVENTY_RUN_MODE === "serve" ? quickPasses(eleventyConfig, options) : undefined;
  // The templates get the digest narrowed to the pages the build cache does not already hold.
  eleventyConfig.addGlobalData("digest", async () => {
    const quick = quickPass?.(whole);
    if (quick) {
      digest = undefined;
      hooks.overwritten?.(quick.urls);
      return Object.freeze(quick.digest);
    }
    const clock = startClock(options);
    // With a page cache, article and story views are made only for the pages it lacks; under
    // --serve or --watch the seed cache stays in memory; the search index starts when it can.
    const rebuilds = process.env.ELEVENTY_RUN_MODE === "serve" || process.env.ELEVENTY_RUN_MODE === "watch";
    const views = hooks.plan ? "on demand" : "all";
    digest = await buildDigest(options, { clock, views, rebuilds, searchable: (pages) => hooks.searchable?.(pages) });
    releaseGarbage();
    whole = digest;
    hooks.digestBuilt?.(digest, clock);
    const pages = hooks.plan?.(digest) ?? digest;
    releaseGarbage();
    clock.mark("plan", pages.articles.length);
    // Frozen, Eleventy hands the digest to each page as it is instead of through a proxy per
    // page (its pagination wraps unfrozen global data), which costs every lookup in a template.
    return Object.freeze(pages);
  });
  // Paginated templates name no permalink of their own: theirs is a function of the page's view.
  eleventyConfig.addGlobalData("permalink", () => paginatedPermalink);
  eleventyConfig.addWatchTarget(options.seedsDir);
  // npm start: the config's modules load once per process (ES modules are not loaded again), so
  // Eleventy need not trace them on every rebuild (a change in src/ takes a restart); a saved
  // seed is read once it has been still for 50 ms (Eleventy waits 150 ms).
  eleventyConfig.setWatchJavaScriptDependencies(false);
  eleventyConfig.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
  eleventyConfig.addPlugin(filtersPlugin);
  eleventyConfig.addPlugin(outputsPlugin, { options, digest: () => digest, hooks });
  eleventyConfig.addPlugin(pageCachePlugin, { options, hooks });
  eleventyConfig.setNunjucksEnvironmentOptions({ throwOnUndefined: true, autoescape: true, trimBlocks: true, lstripBlocks: true });
  // A build on a terminal shows its own progress (each stage, and the pages as they render) in
  // place of Eleventy's line per written file, 10,000 lines at 10,000 seeds; `npm start` keeps them.
  eleventyConfig.setQuietMode(options.quiet || (process.env.ELEVENTY_RUN_MODE === "build" && showsProgress(options)));
}

export default function (eleventyConfig: EleventyConfig): void {
  // `npm start` comes here without `npm run build`'s checks.
  exitOnOptionProblem(process.env, process.argv);
  configure(eleventyConfig);
}

export const config = {
  dir: { input: "templates", includes: "_includes", output: "_site" },
  // The paginated templates have no body (the page is their layout) and name "html" as their
  // engine, so Eleventy renders nothing for it page by page; by default "html" means Liquid first.
  htmlTemplateEngine: false,
};
