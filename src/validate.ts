/**
 * Validate: plain front-matter data → a typed seed record, with every problem positioned.
 *
 * zod does the checking; this module turns its issues into `file:line:col field: received …,
 * expected …` lines. A seed with any error is rejected (all of its errors at once); a bad
 * related item or image only drops that item, with a warning.
 */
import { z } from "zod";
import { DEFAULT_DATE_BOUNDS, parseDateTime, type DateBounds } from "./dates.ts";
import { SeedSchemaError } from "./errors.ts";
import type { ParsedSeed, Problem } from "./types.ts";

/** Limits on what one seed may hold; what exceeds them is truncated with a repair note. */
export const SEED_LIMITS = {
  /** Most related items kept per seed. */
  related: 200,
  /** Most images kept per seed, and per related item. */
  images: 20,
  /** Most topics kept per seed. */
  topics: 30,
  /** Most problems listed per seed file; the rest are counted in one last line. */
  problems: 100,
  /** Most unknown fields named per seed file; the rest are counted in one line. */
  unknownFields: 20,
} as const;

const dateTime = (bounds: DateBounds) =>
  z.string({ error: "expected an ISO 8601 date-time such as 2021-04-13T16:17:00Z" }).transform((raw, ctx) => {
    const parsed = parseDateTime(raw, bounds);
    if (parsed.ok) return parsed;
    ctx.addIssue({ code: "custom", message: parsed.reason, input: raw });
    return z.NEVER;
  });

const providerSchema = z.object(
  { name: z.string().optional(), domain: z.string({ error: "expected the provider's domain, e.g. govtech.com" }) },
  { error: "expected a provider with a name and a domain" },
);

const imageSchema = z.object({
  url: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  isCached: z.boolean().optional(),
});

const urlField = z.string({ error: "expected a URL string" }).optional();

const relatedSchema = (bounds: DateBounds) =>
  z.object({
    title: z.string({ error: "expected the related article's title" }),
    excerpt: z.string().optional(),
    publishedDateTime: dateTime(bounds).optional(),
    webUrl: z.string({ error: "expected the related article's webUrl" }),
    originalUrl: urlField,
    ampWebUrl: urlField,
    cdnAmpWebUrl: urlField,
    type: z.string().optional(),
    provider: providerSchema.optional(),
    quality: z.number().optional(),
    heat: z.number().optional(),
    images: z.array(z.unknown()).optional(),
  });

const seedSchema = (bounds: DateBounds) =>
  z.object({
    category: z.string().optional(),
    title: z.string({ error: "expected the article's title" }).refine((s) => s.trim() !== "", "expected a title that is not empty"),
    excerpt: z.string({ error: "expected the excerpt as text" }).optional(),
    publishedDateTime: dateTime(bounds),
    originalUrl: urlField,
    webUrl: urlField,
    ampWebUrl: urlField,
    cdnAmpWebUrl: urlField,
    type: z.string().optional(),
    quality: z.number({ error: "expected a number from 0 to 100" }).min(0, "expected a number from 0 to 100").optional(),
    heat: z.number({ error: "expected a whole number (-1 when unknown)" }).int("expected a whole number (-1 when unknown)").min(-1, "expected 0 or more (-1 when unknown)").optional(),
    published: z.boolean({ error: "expected true or false (unquoted)" }),
    provider: providerSchema,
    topics: z.array(z.string({ error: "expected a topic name" }), { error: "expected a list of topic names" }).optional(),
    images: z.array(z.unknown(), { error: "expected a list of images" }).optional(),
    related: z.array(z.unknown(), { error: "expected a list of related articles" }).optional(),
    secured: z.string().optional(),
  });

const KNOWN_FIELDS = new Set(Object.keys(seedSchema(DEFAULT_DATE_BOUNDS).shape));

// Building a zod schema is costly (it compiles a fast path on first use), so build one per bounds.
const schemaCache = new Map<string, { seed: ReturnType<typeof seedSchema>; related: ReturnType<typeof relatedSchema> }>();

function schemasFor(bounds: DateBounds) {
  const key = `${bounds.min}:${bounds.max}`;
  let schemas = schemaCache.get(key);
  if (schemas === undefined) {
    schemas = { seed: seedSchema(bounds), related: relatedSchema(bounds) };
    schemaCache.set(key, schemas);
  }
  return schemas;
}

/** A related item after validation. */
export type RelatedRecord = z.infer<ReturnType<typeof relatedSchema>>;
/** An image after validation. */
export type ImageRecord = z.infer<typeof imageSchema>;
/** A seed after validation: typed, with its related items and images checked one by one. */
export type SeedRecord = Omit<z.infer<ReturnType<typeof seedSchema>>, "related" | "images"> & {
  related: { record: RelatedRecord; index: number }[];
  images: ImageRecord[];
};

/** Checks a parsed seed against the seed format; throws SeedSchemaError with every error found. */
export function validateSeed(seed: ParsedSeed, bounds: DateBounds = DEFAULT_DATE_BOUNDS): { record: SeedRecord; problems: Problem[] } {
  const problems: Problem[] = [...seed.problems];
  const unknown = Object.keys(seed.data).filter((key) => !KNOWN_FIELDS.has(key));
  // Only listed problems are positioned: locating is not free, and a file may hold 100,000 of them.
  for (const key of unknown.slice(0, SEED_LIMITS.unknownFields)) problems.push(positioned(seed, [key], "warning", `is not a seed field; it was ignored`));
  if (unknown.length > SEED_LIMITS.unknownFields) problems.push({ severity: "warning", message: `${(unknown.length - SEED_LIMITS.unknownFields).toLocaleString("en-US")} more fields are not seed fields; they were ignored` });
  const schemas = schemasFor(bounds);
  const result = schemas.seed.safeParse(seed.data, { reportInput: true });
  if (!result.success) {
    const { issues } = result.error;
    const errors = dedupe(issues.slice(0, SEED_LIMITS.problems).map((issue) => issueProblem(seed, issue, "error")));
    if (issues.length > SEED_LIMITS.problems) errors.push({ severity: "error", message: `and ${(issues.length - SEED_LIMITS.problems).toLocaleString("en-US")} more problems like these` });
    throw new SeedSchemaError(seed.file.path, errors);
  }
  const data = result.data;
  if (data.publishedDateTime.repair) problems.push(positioned(seed, ["publishedDateTime"], "repair", data.publishedDateTime.repair));
  const related = checkItems(seed, "related", data.related ?? [], schemas.related, SEED_LIMITS.related, problems);
  const images = checkItems(seed, "images", data.images ?? [], imageSchema, SEED_LIMITS.images, problems);
  const topics = truncate(seed, "topics", data.topics ?? [], SEED_LIMITS.topics, problems);
  const record: SeedRecord = { ...data, topics, related, images: images.map((i) => i.record) };
  return { record, problems };
}

/** The first `limit` problems, then one line that counts the rest. */
export function limitProblems(problems: Problem[], limit: number = SEED_LIMITS.problems): Problem[] {
  if (problems.length <= limit) return problems;
  const rest = (problems.length - limit).toLocaleString("en-US");
  return [...problems.slice(0, limit), { severity: "warning", message: `and ${rest} more problems (only the first ${limit} are listed)` }];
}

/** Validates list items one by one: a bad item is dropped with a warning, the rest are kept. */
function checkItems<T>(seed: ParsedSeed, field: string, items: unknown[], schema: z.ZodType<T>, limit: number, problems: Problem[]) {
  const kept: { record: T; index: number }[] = [];
  truncate(seed, field, items, limit, problems).forEach((item, index) => {
    const result = schema.safeParse(item, { reportInput: true });
    if (result.success) {
      kept.push({ record: result.data, index });
      return;
    }
    for (const issue of result.error.issues) {
      const problem = issueProblem(seed, { ...issue, path: [field, index, ...issue.path] }, "warning");
      problems.push({ ...problem, message: `${problem.message}; this item was left out` });
    }
  });
  return kept;
}

function truncate<T>(seed: ParsedSeed, field: string, items: T[], limit: number, problems: Problem[]): T[] {
  if (items.length <= limit) return items;
  problems.push(positioned(seed, [field], "repair", `has ${items.length.toLocaleString("en-US")} items; only the first ${limit} are kept`));
  return items.slice(0, limit);
}

function issueProblem(seed: ParsedSeed, issue: z.core.$ZodIssue, severity: Problem["severity"]): Problem {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const input = (issue as { input?: unknown }).input;
  const message = input === undefined ? `is missing: ${issue.message}` : `received ${describeValue(input)}: ${issue.message}`;
  return positioned(seed, path, severity, message);
}

function positioned(seed: ParsedSeed, path: (string | number)[], severity: Problem["severity"], message: string): Problem {
  const { line, col } = seed.locate(path);
  return { severity, line, col, field: fieldPath(path), message };
}

/** `related[2].webUrl` from `["related", 2, "webUrl"]`. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A short, safe description of a received value: `"no" (a string)`, `a list of 3`, `42`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
    return `${JSON.stringify(shown)} (a string)`;
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "nothing (null)";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

/** Drops repeated problems and orders them by position in the file. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
