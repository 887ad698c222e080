/**
 * Every record type of the pipeline, from seed file to digest.
 *
 * seeds/*.txt ─ load ─ parse ─ validate ─ normalize ─ link & cluster ─ index ─▶ Digest
 */

/** Options of one build; read from the environment by `readOptions`. */
export interface BuildOptions {
  /** Folder of seed files, as given (relative paths are shown relative). */
  seedsDir: string;
  /** Absolute base URL for feeds and canonical links, without trailing slash; "" when unknown. */
  siteUrl: string;
  /** Include unpublished seeds (preview builds), visibly marked. */
  includeUnpublished: boolean;
  /** Fail the build when any seed is rejected. */
  strict: boolean;
  /** Where the JSON build report is written. */
  reportPath: string;
  /** ISO date-time recency is measured against; undefined: the newest article's date. */
  buildTime?: string;
  /** IANA zone that decides which day an article belongs to. */
  timeZone: string;
  /** Weights of the ranking score. */
  rankWeights: RankWeights;
  /** Print nothing but the summary line and errors. */
  quiet: boolean;
  /** Folder of the build cache (parsed seeds, rendered pages); null: no cache (`CACHE=off`). */
  cacheDir: string | null;
  /** Articles per shard of the search index, on average; null: by the count of articles (search-shards.ts). */
  searchShardSize: number | null;
  /** Where stage timings are written as JSON (for `npm run bench`); none when undefined. */
  timingsPath?: string;
  /**
   * Eleventy writes no files in this run (`--dryrun`, `--to=json`): nor do the plugins (no feeds,
   * JSON API, sitemaps or search index), and the build cache is neither read nor written.
   */
  dryRun?: boolean;
}

/** Weights of the story and article ranking score (see rank.ts). */
export interface RankWeights {
  quality: number;
  heat: number;
  size: number;
  recency: number;
  /** Days after which recency counts half. */
  halfLifeDays: number;
}

/** A file found in the seeds folder, read but not parsed. */
export interface SeedFile {
  /** Path as shown to people, e.g. `seeds/000_27ff6c00ab5f802f.txt`. */
  path: string;
  /** File name inside the seeds folder. */
  name: string;
  bytes: Uint8Array;
  /** The file's stamp (`fileStamp` in load.ts, with its change time), taken before its bytes were read; set when a build cache is in use. */
  stamp?: string;
  /** The SHA-256 of `bytes` (`hashOf`), once known: from the build cache's stamp memo before the bytes are read, checked when they are. */
  contentHash?: string;
}

/** How serious a problem is: errors reject a seed, repairs and warnings do not. */
export type Severity = "error" | "repair" | "warning";

/** One thing wrong with (or repaired in) a seed, positioned where known. */
export interface Problem {
  severity: Severity;
  /** 1-based line in the seed file; absent when it concerns the whole file. */
  line?: number;
  /** 1-based column. */
  col?: number;
  /** Field path, e.g. `related[2].webUrl`. */
  field?: string;
  message: string;
}

/** Front matter read from a seed file: plain data plus a way to find where each field is. */
export interface ParsedSeed {
  file: SeedFile;
  data: Record<string, unknown>;
  /** Finds the 1-based line/column of a field path in the file. */
  locate: (path: readonly (string | number)[]) => { line: number; col: number };
  problems: Problem[];
}

/** An image of an article, with a safe http(s) URL. */
export interface Image {
  url: string;
  width?: number;
  height?: number;
}

/** A publisher, keyed by domain. */
export interface Provider {
  name: string;
  domain: string;
}

/** One article: a seed or an item of a seed's `related` list, after normalizing. */
export interface Article {
  /** Stable id: the 16 hex digits of a seed's file name, or a hash of the canonical URL. */
  id: string;
  /** The publisher's link (webUrl, else originalUrl); always http(s). */
  url: string;
  /** Identity key from url.ts `canonicalUrl`. */
  canonical: string;
  title: string;
  excerpt: string;
  /** ISO 8601 as given (offset kept). */
  publishedAt: string;
  /** Epoch milliseconds of publishedAt. */
  time: number;
  provider: Provider;
  /** Topic names as written in the seed (cleaned). */
  topics: string[];
  images: Image[];
  /** 0–100, null when unknown. */
  quality: number | null;
  /** ≥ 0, null when unknown (`heat: -1`). */
  heat: number | null;
  published: boolean;
  /** True when a seed file describes it (not only a related item). */
  isSeed: boolean;
  /** Seed files it came from (several when duplicated). */
  files: string[];
  /** Canonical URLs of its related items, in seed order. */
  related: string[];
  /** Opinion piece or editorial, recognised from the title. */
  opinion: boolean;
}

/** What the clustering needs of an article. */
export interface ClusterDoc {
  id: string;
  title: string;
  excerpt: string;
  time: number;
  provider: string;
  canonical: string;
  /** Canonical URLs of related items. */
  related: string[];
}

/** A group of articles found by the clustering, with each member's reason. */
export interface StoryGroup {
  /** Article ids, oldest first. */
  members: string[];
  /** Why each member belongs, by article id, in words a reader understands. */
  reasons: Record<string, string>;
}

/** Stories chained over time about one subject. */
export interface StorylineGroup {
  subject: string;
  /** Each entry: the article ids of one story (a story of one is one id), oldest first. */
  stories: string[][];
}

/** What the clustering returns. */
export interface ClusterResult {
  /** Stories of two or more articles. */
  stories: StoryGroup[];
  storylines: StorylineGroup[];
}
