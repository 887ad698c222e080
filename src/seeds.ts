/**
 * Seeds: runs every seed file through parse → validate → normalize and keeps the outcome of each,
 * so one bad file never stops the others and every file can be accounted for.
 */
import { DEFAULT_DATE_BOUNDS, type DateBounds } from "./dates.ts";
import { SeedError } from "./errors.ts";
import { normalizeSeed, type NormalizedSeed } from "./normalize.ts";
import { parseSeed } from "./parse.ts";
import { ownCopy } from "./text.ts";
import { limitProblems, validateSeed } from "./validate.ts";
import type { Article, Problem, SeedFile } from "./types.ts";

/** What became of one seed file: its articles, or the error that rejected it. */
export type SeedOutcome =
  | { file: SeedFile; ok: true; seed: NormalizedSeed; problems: Problem[] }
  | { file: SeedFile; ok: false; error: SeedError; problems: Problem[] };

/** Reads one seed file into articles; never throws for bad input (the error is the outcome). */
export function readSeed(file: SeedFile, bounds: DateBounds = DEFAULT_DATE_BOUNDS): SeedOutcome {
  try {
    const parsed = parseSeed(file);
    const { record, problems } = validateSeed(parsed, bounds);
    const normalized = normalizeSeed(parsed, record, problems);
    const seed = { ...normalized, problems: limitProblems(normalized.problems) };
    for (const article of [seed.article, ...seed.related]) detachFromFile(article);
    return { file, ok: true, seed, problems: seed.problems };
  } catch (error) {
    const seedError = error instanceof SeedError ? error : unexpected(file, error);
    return { file, ok: false, error: seedError, problems: seedError.problems };
  }
}

/**
 * Gives an article its own copies of the fields js-yaml returns as slices of the front matter
 * (plain scalars: dates, domains), so it does not keep its seed's text alive (see `ownCopy`).
 * Cleaned text fields are copies already.
 */
function detachFromFile(article: Article): void {
  article.publishedAt = ownCopy(article.publishedAt);
  article.provider.domain = ownCopy(article.provider.domain);
}

/** Anything that is not a SeedError is still reported against the file, never lost. */
function unexpected(file: SeedFile, error: unknown): SeedError {
  const reason = error instanceof Error ? error.message : String(error);
  const message = `${file.path} cannot be read: an unexpected error occurred (${reason}).`;
  return new SeedError(file.path, message, [{ severity: "error", message: `an unexpected error occurred (${reason})` }], { cause: error });
}
