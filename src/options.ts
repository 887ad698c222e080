/**
 * Options: environment variables → BuildOptions, with clear errors for bad values.
 */
import { isValidTimeZone, parseBuildTime } from "./dates.ts";
import { DEFAULT_RANK_WEIGHTS } from "./rank.ts";
import { SEARCH_SHARD_SIZE } from "./search-shards.ts";
import type { BuildOptions, RankWeights } from "./types.ts";

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** Where the build cache lives unless CACHE_DIR says otherwise (see build-cache.ts). */
export const DEFAULT_CACHE_DIR = ".cache/broadsheet";

/** Reads SEEDS_DIR, SITE_URL, UNPUBLISHED, STRICT, BUILD_REPORT, BUILD_TIME, TIME_ZONE, RANK_WEIGHTS, QUIET, CACHE_DIR, CACHE, SEARCH_SHARD_SIZE. */
export function readOptions(env: Record<string, string | undefined>, overrides: Partial<BuildOptions> = {}): BuildOptions {
  const timeZone = env.TIME_ZONE?.trim() || "UTC";
  if (!isValidTimeZone(timeZone)) throw new Error(`TIME_ZONE="${timeZone}" is not an IANA time zone such as UTC or Europe/Paris.`);
  const buildTime = env.BUILD_TIME?.trim() || undefined;
  if (buildTime !== undefined && parseBuildTime(buildTime) === null) {
    throw new Error(`BUILD_TIME="${buildTime}" is not an ISO 8601 date-time such as 2023-04-01T00:00:00Z.`);
  }
  return {
    seedsDir: env.SEEDS_DIR?.trim() || "seeds",
    siteUrl: readSiteUrl(env.SITE_URL),
    includeUnpublished: TRUE.test(env.UNPUBLISHED ?? ""),
    strict: TRUE.test(env.STRICT ?? ""),
    reportPath: env.BUILD_REPORT?.trim() || "build-report.json",
    buildTime,
    timeZone,
    rankWeights: readWeights(env.RANK_WEIGHTS),
    quiet: TRUE.test(env.QUIET ?? "") || TRUE.test(env.CI ?? ""),
    cacheDir: FALSE.test(env.CACHE?.trim() ?? "") ? null : env.CACHE_DIR?.trim() || DEFAULT_CACHE_DIR,
    searchShardSize: readCount("SEARCH_SHARD_SIZE", env.SEARCH_SHARD_SIZE, SEARCH_SHARD_SIZE),
    ...(env.BROADSHEET_TIMINGS ? { timingsPath: env.BROADSHEET_TIMINGS } : {}),
    ...overrides,
  };
}

/**
 * The options of a run of Eleventy's CLI with these flags: `readOptions`, and for a run in which
 * Eleventy writes no files (`--dryrun`, `--to=json`, `--to=ndjson`) a dry run without the cache.
 */
export function runOptions(env: Record<string, string | undefined>, argv: readonly string[]): BuildOptions {
  const to = argv.flatMap((arg, i) => (arg.startsWith("--to=") ? [arg.slice(5)] : arg === "--to" ? [argv[i + 1] ?? ""] : []));
  const dryRun = argv.includes("--dryrun") || to.some((mode) => mode === "json" || mode === "ndjson");
  return readOptions(env, dryRun ? { dryRun, cacheDir: null } : {});
}

function readCount(name: string, raw: string | undefined, fallback: number): number {
  const value = raw?.trim() ?? "";
  if (value === "") return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Error(`${name}="${value}" is not a whole number of at least 1, such as ${fallback}.`);
  return Number(value);
}

function readSiteUrl(raw: string | undefined): string {
  const value = raw?.trim() ?? "";
  if (value === "") return "";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SITE_URL="${value}" is not an absolute URL such as https://example.org/news/.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`SITE_URL="${value}" must be an http(s) URL.`);
  return url.href.replace(/\/+$/, "");
}

/** `quality=1,heat=1,size=2,recency=3,halfLifeDays=7` (any subset) → weights. */
export function readWeights(raw: string | undefined): RankWeights {
  const weights = { ...DEFAULT_RANK_WEIGHTS };
  for (const part of (raw ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const number = Number(value);
    if (!name || !(name in weights) || value === undefined || !Number.isFinite(number) || number < 0) {
      throw new Error(`RANK_WEIGHTS has "${part}"; expected name=number with names ${Object.keys(DEFAULT_RANK_WEIGHTS).join(", ")}.`);
    }
    weights[name as keyof RankWeights] = number;
  }
  return weights;
}
