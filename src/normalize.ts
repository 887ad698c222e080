/**
 * Normalize: a validated seed record → articles (the seed's own, and one per related item).
 *
 * Text is cleaned (entities, markup, mojibake), URLs are made safe and canonical, dates keep
 * their offsets, `heat: -1` becomes "unknown", and every repair is reported with its position.
 */
import { hash } from "node:crypto";
import { SeedSchemaError } from "./errors.ts";
import { cleanText, isOpinion } from "./text.ts";
import { topicKey } from "./slug.ts";
import { linkOf, normalizeDomain, parseSafeHttpUrl, safeHttpUrl, urlHost } from "./url.ts";
import { describeValue, fieldPath, SEED_LIMITS, type ImageRecord, type RelatedRecord, type SeedRecord } from "./validate.ts";
import type { Article, Image, ParsedSeed, Problem, Provider } from "./types.ts";

/** Longest text kept per field; longer text is cut with a repair note. */
export const TEXT_LIMITS = { title: 300, excerpt: 1200, name: 120, topic: 80 } as const;

/** A seed's own article and the articles of its related items. */
export interface NormalizedSeed {
  article: Article;
  related: Article[];
  problems: Problem[];
}

type Path = (string | number)[];

/** Context shared by the helpers: where to report problems. */
interface Reporter {
  seed: ParsedSeed;
  problems: Problem[];
  errors: Problem[];
}

/** Turns a validated seed into articles; throws SeedSchemaError when it has no usable title or link. */
export function normalizeSeed(seed: ParsedSeed, record: SeedRecord, problems: Problem[]): NormalizedSeed {
  const reporter: Reporter = { seed, problems: [...problems], errors: [] };
  const url = pickUrl(reporter, record, []);
  const title = text(reporter, ["title"], record.title, TEXT_LIMITS.title);
  if (title === "") reporter.errors.push(at(reporter, ["title"], "error", `received ${describeValue(record.title)}: expected a title with words once markup is removed`));
  const provider = pickProvider(reporter, record.provider, ["provider"], url);
  if (reporter.errors.length > 0 || url === null || provider === null) throw new SeedSchemaError(seed.file.path, reporter.errors);
  const article: Article = {
    id: seedId(seed.file.name) ?? articleId(url.canonical),
    url: url.href,
    canonical: url.canonical,
    title,
    excerpt: text(reporter, ["excerpt"], record.excerpt ?? "", TEXT_LIMITS.excerpt),
    publishedAt: record.publishedDateTime.iso,
    time: record.publishedDateTime.time,
    provider,
    topics: topics(reporter, record.topics ?? []),
    images: images(reporter, record.images, ["images"]),
    quality: quality(reporter, record.quality, ["quality"]),
    heat: record.heat === undefined || record.heat === -1 ? null : plain(record.heat),
    published: record.published,
    isSeed: true,
    files: [seed.file.path],
    related: [],
    opinion: isOpinion(title),
  };
  const related = record.related.flatMap(({ record: item, index }) => relatedArticle(reporter, item, ["related", index], article));
  article.related = related.map((r) => r.canonical).filter((c) => c !== article.canonical);
  if (related.some((r) => r.canonical === article.canonical)) reporter.problems.push(at(reporter, ["related"], "warning", "lists the article itself; that link was ignored"));
  return { article, related: related.filter((r) => r.canonical !== article.canonical), problems: reporter.problems };
}

function relatedArticle(reporter: Reporter, item: RelatedRecord, path: Path, seed: Article): Article[] {
  const url = pickUrl(reporter, item, path);
  const provider = pickProvider(reporter, item.provider, [...path, "provider"], url);
  const title = text(reporter, [...path, "title"], item.title, TEXT_LIMITS.title);
  if (url === null || provider === null || title === "") {
    if (title === "") reporter.problems.push(at(reporter, [...path, "title"], "warning", "has no words once markup is removed; this item was left out"));
    return [];
  }
  const date = item.publishedDateTime;
  return [{
    id: articleId(url.canonical),
    url: url.href,
    canonical: url.canonical,
    title,
    excerpt: text(reporter, [...path, "excerpt"], item.excerpt ?? "", TEXT_LIMITS.excerpt),
    publishedAt: date?.iso ?? seed.publishedAt,
    time: date?.time ?? seed.time,
    provider,
    topics: [],
    images: images(reporter, item.images as ImageRecord[] | undefined, [...path, "images"]),
    quality: quality(reporter, item.quality, [...path, "quality"]),
    heat: item.heat === undefined || item.heat < 0 ? null : plain(item.heat),
    published: seed.published,
    isSeed: false,
    files: [],
    related: [],
    opinion: isOpinion(title),
  }];
}

/** The 16 hex digits of a seed file name `NNN_<16 hex>.txt`, the article's stable id. */
export function seedId(name: string): string | null {
  return /_([0-9a-f]{16})\.(txt|md)$/i.exec(name)?.[1]?.toLowerCase() ?? null;
}

/** Stable id of an article known only by its URL: 16 hex digits of the canonical URL's SHA-1. */
export function articleId(canonical: string): string {
  return hash("sha1", canonical, "hex").slice(0, 16);
}

/** The visible link: webUrl, else originalUrl; unsafe URLs are dropped with a warning. */
function pickUrl(reporter: Reporter, item: { webUrl?: string; originalUrl?: string; ampWebUrl?: string; cdnAmpWebUrl?: string }, path: Path) {
  // Each distinct link text is parsed once: the chosen link's key is made from its parse.
  const safe = memoized(parseSafeHttpUrl);
  const raw = [item.webUrl, item.originalUrl].find((u) => given(u) && safe(u) !== null);
  const link = raw === undefined ? null : linkOf(safe(raw)!, raw);
  // An unsafe copy is worth a warning; an unusable article link is reported once, below.
  const copies = raw === undefined ? (["ampWebUrl", "cdnAmpWebUrl"] as const) : (["ampWebUrl", "cdnAmpWebUrl", "originalUrl", "webUrl"] as const);
  for (const field of copies) {
    const value = item[field];
    if (given(value) && safe(value) === null) {
      reporter.problems.push(at(reporter, [...path, field], "warning", `received ${describeValue(value)}: only http(s) URLs are linked; it was dropped`));
    }
  }
  if (link === null) {
    const message = `received ${describeValue(item.webUrl ?? item.originalUrl)}: expected an http(s) URL of the article`;
    if (path.length === 0) reporter.errors.push(at(reporter, ["webUrl"], "error", message));
    else reporter.problems.push(at(reporter, [...path, "webUrl"], "warning", `${message}; this item was left out`));
    return null;
  }
  return link;
}

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/** `f` answering each argument once: an article's links are often the same text, and parsing a URL is not cheap. */
function memoized<T>(f: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    if (!answers.has(text)) answers.set(text, f(text));
    return answers.get(text)!;
  };
}

function pickProvider(reporter: Reporter, raw: { name?: string; domain: string } | undefined, path: Path, url: { href: string } | null): Provider | null {
  const domain = raw === undefined ? (url === null ? null : urlHost(url.href)) : normalizeDomain(raw.domain);
  if (domain === null || domain === "") {
    const problem = at(reporter, [...path, "domain"], path.length === 1 ? "error" : "warning", `received ${describeValue(raw?.domain)}: expected a domain such as govtech.com`);
    (path.length === 1 ? reporter.errors : reporter.problems).push(problem);
    return null;
  }
  const name = text(reporter, [...path, "name"], raw?.name ?? "", TEXT_LIMITS.name);
  return { name: name === "" ? domain : name, domain };
}

function text(reporter: Reporter, path: Path, raw: string, maxLength: number): string {
  const cleaned = cleanText(raw, { maxLength });
  for (const repair of cleaned.repairs) reporter.problems.push(at(reporter, path, "repair", repair));
  return cleaned.text;
}

/** Cleaned topic names, each topic once: "AI", " ai " and "ＡＩ" are one topic (see `topicKey`). */
function topics(reporter: Reporter, names: string[]): string[] {
  const seen = new Map<string, string>();
  names.forEach((raw, i) => {
    const name = text(reporter, ["topics", i], raw, TEXT_LIMITS.topic);
    const key = topicKey(name);
    if (key === "") return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, name);
    else reporter.problems.push(at(reporter, ["topics", i], "repair", `repeats the topic “${first}”; removed`));
  });
  return [...seen.values()];
}

function images(reporter: Reporter, items: ImageRecord[] | undefined, path: Path): Image[] {
  // A seed's own images are cut in validate.ts; a related item's are only checked here.
  const all = items ?? [];
  if (all.length > SEED_LIMITS.images) reporter.problems.push(at(reporter, path, "repair", `has ${all.length.toLocaleString("en-US")} items; only the first ${SEED_LIMITS.images} are kept`));
  return all.slice(0, SEED_LIMITS.images).flatMap((image, i) => {
    const url = typeof image?.url === "string" ? safeHttpUrl(image.url) : null;
    if (url === null) {
      reporter.problems.push(at(reporter, [...path, i, "url"], "warning", `received ${describeValue(image?.url)}: only http(s) images are shown; it was dropped`));
      return [];
    }
    const width = typeof image.width === "number" && image.width > 0 ? Math.round(image.width) : undefined;
    const height = typeof image.height === "number" && image.height > 0 ? Math.round(image.height) : undefined;
    return [{ url, width, height }];
  });
}

function quality(reporter: Reporter, value: number | undefined, path: Path): number | null {
  if (value === undefined || !Number.isFinite(value) || value < 0) return null;
  if (value <= 100) return plain(value);
  reporter.problems.push(at(reporter, path, "repair", `received ${value}: quality is 0–100; counted as 100`));
  return 100;
}

/**
 * A score as the digest keeps it: `-0` (YAML reads `-0.0` so) is 0. They are the same number, but
 * the digest is plain JSON, which has no -0, and a page's key must not tell them apart.
 */
function plain(value: number): number {
  return value === 0 ? 0 : value;
}

function at(reporter: Reporter, path: Path, severity: Problem["severity"], message: string): Problem {
  const { line, col } = reporter.seed.locate(path);
  return { severity, line, col, field: fieldPath(path), message };
}
