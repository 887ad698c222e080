/**
 * Options: environment variables → BuildOptions, with clear errors for bad values.
 */
import { isValidTimeZone, parseBuildTime } from "./dates.ts";
import { DEFAULT_RANK_WEIGHTS } from "./rank.ts";
import type { BuildOptions, RankWeights } from "./types.ts";

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** A variable whose value Broadsheet cannot use: its message names the variable and what it takes. */
export class OptionError extends Error {
  override name = "OptionError";
}

/** Where the build cache lives unless CACHE_DIR says otherwise (see build-cache.ts). */
export const DEFAULT_CACHE_DIR = ".cache/broadsheet";

/** Reads SEEDS_DIR, SITE_URL, UNPUBLISHED, STRICT, BUILD_REPORT, BUILD_TIME, TIME_ZONE, RANK_WEIGHTS, QUIET, CACHE_DIR, CACHE, SEARCH_SHARD_SIZE. */
export function readOptions(env: Record<string, string | undefined>, overrides: Partial<BuildOptions> = {}): BuildOptions {
  const timeZone = env.TIME_ZONE?.trim() || "UTC";
  if (!isValidTimeZone(timeZone)) throw new OptionError(`TIME_ZONE="${timeZone}" is not an IANA time zone such as UTC or Europe/Paris.`);
  const buildTime = env.BUILD_TIME?.trim() || undefined;
  if (buildTime !== undefined && parseBuildTime(buildTime) === null) {
    throw new OptionError(`BUILD_TIME="${buildTime}" is not an ISO 8601 date-time such as 2023-04-01T00:00:00Z.`);
  }
  return {
    seedsDir: env.SEEDS_DIR?.trim() || "seeds",
    siteUrl: readSiteUrl(env.SITE_URL),
    includeUnpublished: readSwitch("UNPUBLISHED", env.UNPUBLISHED) ?? false,
    strict: readSwitch("STRICT", env.STRICT) ?? false,
    reportPath: env.BUILD_REPORT?.trim() || "build-report.json",
    buildTime,
    timeZone,
    rankWeights: readWeights(env.RANK_WEIGHTS),
    // CI is set by CI services, each its own way: it quiets a build when it says so, and is not checked.
    quiet: (readSwitch("QUIET", env.QUIET) ?? false) || TRUE.test(env.CI ?? ""),
    cacheDir: readSwitch("CACHE", env.CACHE) === false ? null : env.CACHE_DIR?.trim() || DEFAULT_CACHE_DIR,
    searchShardSize: readCount("SEARCH_SHARD_SIZE", env.SEARCH_SHARD_SIZE),
    ...(env.BROADSHEET_TIMINGS ? { timingsPath: env.BROADSHEET_TIMINGS } : {}),
    ...overrides,
  };
}

/**
 * The options of a run of Eleventy's CLI with these flags: `readOptions`; quiet with `--quiet`
 * (Eleventy's flag, which quiets its own lines) as with `QUIET`; and for a run in which Eleventy
 * writes no files (`--dryrun`, `--to=json`, `--to=ndjson`) a dry run without the cache.
 */
export function runOptions(env: Record<string, string | undefined>, argv: readonly string[]): BuildOptions {
  const to = argv.flatMap((arg, i) => (arg.startsWith("--to=") ? [arg.slice(5)] : arg === "--to" ? [argv[i + 1] ?? ""] : []));
  const dryRun = argv.includes("--dryrun") || to.some((mode) => mode === "json" || mode === "ndjson");
  return readOptions(env, { ...(argv.includes("--quiet") ? { quiet: true } : {}), ...(dryRun ? { dryRun, cacheDir: null } : {}) });
}

/**
 * An on/off variable: undefined when unset or empty. Anything else is refused, not guessed: a
 * preview build that `UNPUBLISHED=y` silently left out the unpublished seeds of would mislead.
 */
function readSwitch(name: string, raw: string | undefined): boolean | undefined {
  const value = raw?.trim() ?? "";
  if (value === "") return undefined;
  if (TRUE.test(value)) return true;
  if (FALSE.test(value)) return false;
  throw new OptionError(`${name}="${value}" is neither on (1, true, yes, on) nor off (0, false, no, off).`);
}

/** This run's options, or what is wrong with them (a message naming the variable). */
export function checkedOptions(env: Record<string, string | undefined>, argv: readonly string[]): BuildOptions | string {
  try {
    return runOptions(env, argv);
  } catch (error) {
    if (error instanceof OptionError) return error.message;
    throw error;
  }
}

/**
 * For a command's entry: a variable it cannot use is said in one line, and the process ends with
 * exit code 1 (not an error of Eleventy's config with its stack).
 */
export function exitOnOptionProblem(env: Record<string, string | undefined>, argv: readonly string[]): void {
  const checked = checkedOptions(env, argv);
  if (typeof checked !== "string") return;
  console.error(`[broadsheet] ${checked}`);
  process.exit(1);
}

function readCount(name: string, raw: string | undefined): number | null {
  const value = raw?.trim() ?? "";
  if (value === "") return null;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new OptionError(`${name}="${value}" is not a whole number of at least 1, such as 2500.`);
  return Number(value);
}

function readSiteUrl(raw: string | undefined): string {
  const value = raw?.trim() ?? "";
  if (value === "") return "";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OptionError(`SITE_URL="${value}" is not an absolute URL such as https://example.org/news/.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OptionError(`SITE_URL="${value}" must be an http(s) URL.`);
  return url.href.replace(/\/+$/, "");
}

/** `quality=1,heat=1,size=2,recency=3,halfLifeDays=7` (any subset) → weights. */
export function readWeights(raw: string | undefined): RankWeights {
  const weights = { ...DEFAULT_RANK_WEIGHTS };
  for (const part of (raw ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split("=").map((s) => s.trim());
    const number = Number(value);
    if (!name || !(name in weights) || value === undefined || !Number.isFinite(number) || number < 0) {
      throw new OptionError(`RANK_WEIGHTS has "${part}"; expected name=number with names ${Object.keys(DEFAULT_RANK_WEIGHTS).join(", ")}.`);
    }
    weights[name as keyof RankWeights] = number;
  }
  return weights;
}
