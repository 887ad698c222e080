/**
 * Build cache: the work an unchanged input does not need again, kept in one folder (`CACHE_DIR`,
 * default `.cache/broadsheet/`) and keyed by content hashes. It is safe to delete at any time:
 * the next build is a full one and fills it again.
 *
 *   seeds/<xx>.v8      every parsed seed, keyed by a hash of (code, file path, file bytes),
 *                      in up to 256 files by the key's first two hex digits
 *   seeds/stamps.v8    each seed file's content hash by its stamp (size, inode, modification
 *                      and change time), so an unchanged file is neither read nor hashed
 *   seeds/.now         an empty file written at each build's start: its change time is the
 *                      file system's clock (which stamps may be trusted)
 *   pages/<variant>/<key>.html   every rendered page, keyed by a hash of (code, options, what
 *                      the page's view is made of; see page-plan.ts); one folder per variant
 *                      (code, options, path prefix), the four most recently used kept
 *   pages/<variant>/manifest.v8  each kept page's size, inode and modification time
 *   data/<variant>/<key>.data    every written data file (JSON API file, feed), keyed the same
 *                      way by what it is made of (page-plan.ts, `dataKey`), with its manifest.v8
 *   stories.v8         the last clustering's stories and storylines, keyed by a hash of (code,
 *                      what the clustering was given of every article): an edit the clustering
 *                      does not read (scores, images, topics) is built without clustering again
 *
 * "Code" is a hash of everything that decides what a build writes (`src/`, `templates/`,
 * `public/`, `.eleventy.ts`, `package-lock.json`), so changed code or dependencies never reuse
 * an old result. Besides load.ts, this is the one module that touches the disk: only this folder.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { hashOf, noteOrigin } from "./hash.ts";
import { createFolders, fileStamp, linkOrCopySync, writeFileAtomically } from "./load.ts";
import type { FilePlacer } from "./file-placer.ts";
import type { SeedOutcome } from "./seeds.ts";
import type { StoryMemo } from "./stories.ts";
import type { Article, ClusterResult, Problem, SeedFile } from "./types.ts";

/** The project's own folder (where src/ is). */
const PROJECT = fileURLToPath(new URL("..", import.meta.url));

/** What decides a build's output besides its seeds and options. */
const CODE = ["src", "templates", "public", ".eleventy.ts", "package-lock.json"];

/** A hash of the code and dependencies that make the site: changes whenever any of them does. */
export function codeVersion(root = PROJECT): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const entry of CODE) visit(join(root, entry));
  return hash.digest("hex");
}

/** What the seed cache keeps of an accepted outcome: all but the file it came from. */
type KeptSeed = Omit<SeedOutcome & { ok: true }, "file">;

/**
 * A kept outcome as its file holds it: each article a tuple of its fields, in `ARTICLE_FIELDS`'
 * order, then the seed's problems and the outcome's. V8's serialization writes an object's every
 * key with it, and reading them back made the objects' keys again; as tuples, the 10k bench
 * corpus's cache was read and made back into outcomes in 0.38–0.41 s instead of 0.58–0.69 s, from
 * 34 MB instead of 40 (session 17).
 */
type StoredSeed = [article: unknown[], related: unknown[][], seedProblems: Problem[], problems: Problem[]];

/** An entry of a seed cache file: stored as read, or already made back into its outcome. */
type SeedEntry = KeptSeed | StoredSeed;

/** An article's fields in the order `normalizeSeed` makes them, which keeps its JSON, and so its hash, the same. */
const ARTICLE_FIELDS = ["id", "url", "canonical", "title", "excerpt", "publishedAt", "time", "provider", "topics", "images", "quality", "heat", "published", "isSeed", "files", "related", "opinion"] as const satisfies readonly (keyof Article)[];

/** A compile-time check that `ARTICLE_FIELDS` names every field of `Article`: a field added there and not here fails `tsc`. */
const everyArticleField: [Exclude<keyof Article, (typeof ARTICLE_FIELDS)[number]>] extends [never] ? true : never = true;
void everyArticleField;

/** An article as a tuple of its fields (`ARTICLE_FIELDS`' order). */
function packArticle(article: Article): unknown[] {
  return ARTICLE_FIELDS.map((field) => article[field]);
}

/** The article a tuple of `packArticle` was made from, its keys in the same order. */
function unpackArticle(t: readonly unknown[]): Article {
  return {
    id: t[0] as string,
    url: t[1] as string,
    canonical: t[2] as string,
    title: t[3] as string,
    excerpt: t[4] as string,
    publishedAt: t[5] as string,
    time: t[6] as number,
    provider: t[7] as Article["provider"],
    topics: t[8] as string[],
    images: t[9] as Article["images"],
    quality: t[10] as number | null,
    heat: t[11] as number | null,
    published: t[12] as boolean,
    isSeed: t[13] as boolean,
    files: t[14] as string[],
    related: t[15] as string[],
    opinion: t[16] as boolean,
  };
}

/** A kept outcome as its file holds it. */
export function packSeed({ seed, problems }: KeptSeed): StoredSeed {
  return [packArticle(seed.article), seed.related.map(packArticle), seed.problems, problems];
}

/** The outcome a `packSeed` tuple was made from. */
export function unpackSeed([article, related, seedProblems, problems]: StoredSeed): KeptSeed {
  return { ok: true, seed: { article: unpackArticle(article), related: related.map(unpackArticle), problems: seedProblems }, problems };
}

/** Whether a value read from a seed cache file is a `packSeed` tuple (anything else is not ours). */
function isStoredSeed(value: unknown): value is StoredSeed {
  return Array.isArray(value) && value.length === 4 && Array.isArray(value[0]) && value[0].length === ARTICLE_FIELDS.length && Array.isArray(value[1]) && Array.isArray(value[2]) && Array.isArray(value[3]);
}

/** The parsed-seed cache of one build: what it holds is reused, what it lacks is kept. */
export interface SeedReader {
  /** The content hash of the file at `path` while it has `stamp`, where the stamp memo has it (for `loadSeedFolder`). */
  known(path: string, stamp: string): string | undefined;
  /** The outcome kept for this file (same path, same bytes, same code), or null. */
  reuse(file: SeedFile): SeedOutcome | null;
  /** Keeps an accepted outcome. */
  keep(file: SeedFile, outcome: SeedOutcome & { ok: true }): void;
  /**
   * Writes the entries of this build (and only those) back, and the stamp memo of the files it
   * was asked about; counts what was reused and newly kept. Call it before the outcomes are
   * used: it stores them as they are then.
   */
  save(): { reused: number; parsed: number };
}

/**
 * The SHA-256 of a seed file's bytes (`hashOf`): the one the stamp memo gave it, or that of its
 * bytes, hashed once.
 */
export function contentHashOf(file: SeedFile): string {
  return (file.contentHash ??= hashOf(file.bytes));
}

/**
 * How long a file must have been left alone, when the cache was opened, for the stamp memo to
 * trust its stamp. A file written again within the same tick of a coarse clock (1 or 2 s on some
 * file systems) keeps its stamp; one last changed this long before the folder was listed cannot
 * have been written since without a new one. (Git calls the others "racily clean".)
 */
const SETTLED_MS = 3000;

/**
 * Opens the parsed-seed cache of `cacheDir`. Only accepted seeds are kept: a rejected seed is
 * parsed again, and its error told again, on every build.
 *
 * The cache is split by the first two hex digits of the key into up to 256 files
 * (`seeds/<xx>.v8`, V8's serialization of the outcomes), and a build writes only the files whose
 * entries changed: an edited seed rewrites two small files, not the whole cache (34 MB at 10,000
 * seeds, 180 MB at 50,000). Outcomes are serialized a file at a time, not one by one: tens of
 * thousands of small buffers would stay in the C heap as fragments once freed.
 *
 * Each seed's article it gives or keeps is noted as made from the file's key (`noteOrigin`): the
 * page plan then stands it as that hash instead of hashing its JSON.
 *
 * The stamp memo (`seeds/stamps.v8`) keeps, for each file the cache was asked about, its stamp
 * and content hash; `known` gives them to the load, which then neither reads nor hashes a file
 * whose stamp is the same (at 10,000 seeds, 0.3 s of a second build). The key stays a content
 * hash: the memo only says which content a file has, as git's index does, and like git it
 * trusts no stamp taken while the file could still change within one tick of the file system's
 * clock (`SETTLED_MS`).
 */
export function openSeedCache(cacheDir: string, salt: string, { inMemory = false, now }: { inMemory?: boolean; now?: number } = {}): SeedReader {
  const dir = join(cacheDir, "seeds");
  // When the cache was opened, by the file system's clock, which stamps the seed files (tests give
  // their own `now`): it says only which stamps are old enough to trust, never what a page says.
  const opened = now ?? fileSystemNow(dir);
  const held = inMemory ? (heldShards.get(dir) ?? heldShards.set(dir, new Map()).get(dir)!) : null;
  const shards = readShards(dir, held);
  const memo = readMemo(join(dir, STAMPS));
  const next = new Map<string, KeptSeed>();
  // Each file's bytes are hashed once, though the file is looked up and then kept (and, under
  // npm start, given again to each rebuild, see load.ts); not at all when the memo knows them.
  const keyOf = (file: SeedFile) => hashOf(salt, file.path, contentHashOf(file));
  const asked: SeedFile[] = [];
  let reused = 0;
  return {
    known(path, stamp) {
      const entry = memo.get(resolve(path));
      return entry?.[0] === stamp ? entry[1] : undefined;
    },
    reuse(file) {
      asked.push(file);
      const key = keyOf(file);
      const shard = shards.get(shardOf(key));
      const entry = shard?.get(key);
      if (entry === undefined) return null;
      const cached = Array.isArray(entry) ? unpackSeed(entry) : entry;
      // Made back once: a shard held between builds (npm start) then shares the outcome, as before.
      if (cached !== entry) shard!.set(key, cached);
      next.set(key, cached);
      reused++;
      noteOrigin(cached.seed.article, "seed", key);
      return { file, ...cached };
    },
    keep(file, outcome) {
      const { file: _file, ...kept } = outcome;
      next.set(keyOf(file), kept);
      noteOrigin(outcome.seed.article, "seed", keyOf(file));
    },
    save() {
      const grouped = new Map<string, [string, KeptSeed][]>();
      for (const entry of next) {
        const shard = shardOf(entry[0]);
        if (!grouped.has(shard)) grouped.set(shard, []);
        grouped.get(shard)!.push(entry);
      }
      for (const shard of new Set([...shards.keys(), ...grouped.keys()])) {
        const entries = grouped.get(shard) ?? [];
        const before = shards.get(shard);
        if (before && before.size === entries.length && entries.every(([key]) => before.has(key))) continue;
        const path = join(dir, `${shard}.v8`);
        if (entries.length === 0) rmSync(path, { force: true });
        else writeFileAtomically(path, serialize(entries.map(([key, kept]) => [key, packSeed(kept)])));
        held?.set(shard, { stamp: fileStamp(path), entries: new Map(entries) });
      }
      // The single file of earlier versions of the cache.
      rmSync(join(cacheDir, "seeds.v8"), { force: true });
      saveMemo(join(dir, STAMPS), memo, asked, opened - SETTLED_MS);
      return { reused, parsed: next.size - reused };
    },
  };
}

/**
 * The file system's time now (ms): the change time of a file written for the purpose in `dir`
 * (`.now`). A file system's clock, not the process's, is what stamps files, and the build reads
 * no clock of its own. Where the file cannot be written, no time at all (-Infinity): no stamp is
 * then old enough to be remembered.
 */
function fileSystemNow(dir: string): number {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, ".now");
    writeFileSync(probe, "");
    return statSync(probe).ctimeMs;
  } catch {
    return -Infinity;
  }
}

/** The stamp memo's file in the seed cache's folder. */
const STAMPS = "stamps.v8";

/** The stamp memo: by absolute path, the file's stamp and content hash. */
type Memo = Map<string, [stamp: string, contentHash: string]>;

/** The stamp memo as kept; empty when missing, unreadable or not ours. */
function readMemo(path: string): Memo {
  return readPairs(path, (value): value is [string, string] => Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "string"));
}

/**
 * Writes the memo of these files (those stamped, with a content hash, unchanged since before
 * `settled`), when it differs from the one read.
 */
function saveMemo(path: string, before: Memo, files: readonly SeedFile[], settled: number): void {
  const memo: Memo = new Map();
  for (const file of files) {
    if (file.stamp === undefined || changedAt(file.stamp) >= settled) continue;
    memo.set(resolve(file.path), [file.stamp, contentHashOf(file)]);
  }
  if (memo.size === before.size && [...memo].every(([key, [stamp, hash]]) => before.get(key)?.[0] === stamp && before.get(key)?.[1] === hash)) return;
  writeFileAtomically(path, serialize([...memo]));
}

/** A file's change time (ms) from its stamp (`fileStamp` with `changed`: size, inode, modified, changed). */
function changedAt(stamp: string): number {
  return Number(stamp.slice(stamp.lastIndexOf(":") + 1));
}

/** The shard a key is kept in: its first two hex digits. */
function shardOf(key: string): string {
  return key.slice(0, 2);
}

/**
 * Shards this process read or wrote, by folder, with the stamp of the file they came from:
 * `npm start` rebuilds on every edit, and reading every shard again (0.5 s at 10,000 seeds) is
 * then most of the parse stage. A shard whose file changed since (another build wrote it) is
 * read again. The outcomes are shared between builds, which never change them (tested).
 */
const heldShards = new Map<string, Map<string, HeldShard>>();

/** A shard held in memory, with the stamp its file had when it was read or written. */
interface HeldShard {
  stamp: string;
  entries: Map<string, SeedEntry>;
}

/**
 * Every shard file of the seed cache by name; a shard that is unreadable or not ours is empty.
 * With `held`, a shard held since its file was last written is not read again.
 */
function readShards(dir: string, held: Map<string, HeldShard> | null): Map<string, Map<string, SeedEntry>> {
  const shards = new Map<string, Map<string, SeedEntry>>();
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => /^[0-9a-f]{2}\.v8$/.test(name)) : [];
  for (const name of names) {
    const shard = name.slice(0, 2);
    const path = join(dir, name);
    if (!held) {
      shards.set(shard, readEntries(path));
      continue;
    }
    const stamp = fileStamp(path);
    const kept = held.get(shard);
    const entries = kept?.stamp === stamp ? kept.entries : readEntries(path);
    held.set(shard, { stamp, entries });
    shards.set(shard, entries);
  }
  return shards;
}

/** The entries of a seed cache file; none when it is missing, unreadable or not one of ours. */
function readEntries(path: string): Map<string, SeedEntry> {
  return readPairs(path, isStoredSeed);
}

/** The `[key, value]` pairs a cache file holds (V8 serialization); none when it is missing, unreadable or not ours. */
function readPairs<V>(path: string, isValue: (value: unknown) => value is V): Map<string, V> {
  try {
    const entries = deserialize(readFileSync(path)) as unknown;
    if (!Array.isArray(entries)) return new Map();
    return new Map(entries.filter((e): e is [string, V] => Array.isArray(e) && typeof e[0] === "string" && isValue(e[1])));
  } catch {
    return new Map();
  }
}

/**
 * The clustering memo in `cacheDir` (`stories.v8`): one result, the last, under a hash of its
 * key and `salt` (the code's version), so other code never reuses it. A file that is missing,
 * damaged or not ours is no result; one that cannot be written costs speed, not the build.
 */
export function openClusterMemo(cacheDir: string, salt: string): StoryMemo {
  const path = join(cacheDir, "stories.v8");
  const keyOf = (key: string) => hashOf(salt, key);
  return {
    get: (key) => readPairs(path, isClusterResult).get(keyOf(key)),
    put(key, result) {
      try {
        writeFileAtomically(path, serialize([[keyOf(key), result]]));
      } catch {
        // The next build clusters again.
      }
    },
  };
}

function isClusterResult(value: unknown): value is ClusterResult {
  const result = value as Partial<ClusterResult> | null;
  return typeof result === "object" && result !== null && Array.isArray(result.stories) && Array.isArray(result.storylines);
}

/** Rendered pages (or written data files) by key, one file each. */
export interface PageStore {
  /** True when the page is kept, and its file is as it was kept (see `openPageStore`). */
  has(key: string): boolean;
  /** Keeps written pages under their keys. */
  keepAll(pages: readonly { key: string; source: string }[]): void;
  /** Puts kept pages at their targets; throws when the cache lost a page since the build began. */
  copyAll(copies: readonly { key: string; target: string }[]): void;
  /**
   * Removes pages no build uses any more once they outnumber the pages in use, so the folder
   * stays about one or two sites large while a recent version of each page is kept; and the
   * pages of all but the `VARIANTS_KEPT` most recently used variants. Returns the pages removed.
   */
  prune(used: ReadonlySet<string>): number;
}

/**
 * How kept pages and a site share bytes. `link`: the page's file in the site and in the cache
 * are one file (a hard link), which costs a directory entry instead of a copy; for builds, whose
 * site is a new folder nothing else writes into. `copy`: each has its own; for `--serve`, whose
 * output folder Eleventy writes pages into in place.
 */
export type PageSharing = "link" | "copy";

/**
 * Variants (code version, options, path prefix) whose pages are kept side by side, so that
 * `npm start` (unpublished articles included) and `npm run build` do not evict each other.
 */
export const VARIANTS_KEPT = 4;

/** What a store keeps: rendered pages, or the data files (feeds, JSON API) written beside them. */
export type StoreKind = "pages" | "data";

/** The extension of a kept file, by store: pages are HTML, data files JSON or XML. */
const EXTENSIONS: Record<StoreKind, string> = { pages: ".html", data: ".data" };
const MANIFEST = "manifest.v8";

/**
 * Opens (creating) the page store of one variant of the build in `cacheDir`: its pages are in
 * `pages/<variant>/` (data files in `data/<variant>/`), and the folder's time says when the
 * variant was last used.
 *
 * A kept page may be the very file a site holds (`link`), so anything that edits a built site's
 * files in place (a minifier, `--serve` writing over a build's output) edits the kept page too.
 * The store notes each page's inode, size and modification time when it keeps it (`manifest.v8`)
 * and holds a page only while its file still has them: an edited page is rendered again.
 */
export function openPageStore(cacheDir: string, variant: string, sharing: PageSharing = "copy", kind: StoreKind = "pages", placer?: FilePlacer): PageStore {
  const root = join(cacheDir, kind);
  const extension = EXTENSIONS[kind];
  const dir = join(root, variant);
  mkdirSync(dir, { recursive: true });
  // Creating a file stamps the folder with the file system's time: this variant was just used.
  writeFileAtomically(join(dir, ".used"), "");
  const kept = readManifest(join(dir, MANIFEST));
  const fileOf = (key: string) => join(dir, `${key}${extension}`);
  const saveManifest = () => writeFileAtomically(join(dir, MANIFEST), serialize([...kept]));
  const duplicate = sharing === "link" ? linkOrCopySync : copyFileSync;
  // A new file that then takes the name: nobody sees half a page, and no file is written over.
  const replace = (source: string, target: string) => {
    const temporary = `${target}.${process.pid}.tmp`;
    duplicate(source, temporary);
    renameSync(temporary, target);
  };
  const has = (key: string) => kept.has(key) && kept.get(key) === fileStamp(fileOf(key));
  // Files are linked or copied here and now, one after the other: through the I/O threads'
  // promises, the 10,900 links of a second 10k build cost 0.3 s more (5.4–5.6 s against 5.7–5.9 s
  // on tmpfs), and keeping a first build's pages cost as much or more.
  return {
    has,
    keepAll(pages) {
      for (const { key, source } of pages) {
        if (has(key)) continue;
        const path = fileOf(key);
        replace(source, path);
        kept.set(key, fileStamp(path));
      }
      saveManifest();
    },
    copyAll(copies) {
      // Linked on the placer's thread, which tells of a lost file when it is done (`lostFile`).
      if (sharing === "link" && placer) return placer.place(copies.map(({ key, target }) => ({ source: fileOf(key), target })));
      const folder = createFolders();
      for (const { key, target } of copies) {
        folder(dirname(target));
        try {
          // A build's output folder is new, so a link can take a page's name at once.
          if (sharing === "link") linkOrCopySync(fileOf(key), target);
          else replace(fileOf(key), target);
        } catch (error) {
          throw lostFile(fileOf(key), cacheDir, error);
        }
      }
    },
    prune(used) {
      let removed = 0;
      const files = readdirSync(dir).filter((n) => n.endsWith(extension)).map((n) => n.slice(0, -extension.length));
      const unused = files.filter((key) => !used.has(key));
      if (unused.length > used.size) {
        for (const key of unused) {
          rmSync(fileOf(key), { force: true });
          kept.delete(key);
        }
        removed += unused.length;
        saveManifest();
      }
      for (const old of variantsBeyond(root, variant)) {
        removed += readdirSync(join(root, old)).filter((name) => name.endsWith(extension)).length;
        rmSync(join(root, old), { recursive: true, force: true });
      }
      return removed;
    },
  };
}

/** The error of a kept page or data file that was there when the build began and is gone. */
export function lostFile(file: string, cacheDir: string, cause: unknown): Error {
  return new Error(`The build cache lost a file while this build ran (${file}): was ${cacheDir} deleted, or pruned by another build? Run the build again.`, { cause });
}

/** The manifest's page stamps by key; none when it is missing, unreadable or not one of ours. */
function readManifest(path: string): Map<string, string> {
  return readPairs(path, (value): value is string => typeof value === "string");
}

/** Variant folders other than `current` past the `VARIANTS_KEPT` most recently used. */
function variantsBeyond(root: string, current: string): string[] {
  const others = readdirSync(root)
    .filter((name) => name !== current)
    .flatMap((name) => {
      const stat = statSync(join(root, name), { throwIfNoEntry: false });
      return stat?.isDirectory() ? [{ name, used: stat.mtimeMs }] : [];
    })
    .sort((a, b) => b.used - a.used || (a.name < b.name ? -1 : 1));
  return others.slice(VARIANTS_KEPT - 1).map((v) => v.name);
}
