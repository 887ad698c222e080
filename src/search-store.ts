/**
 * Search store: the indexes of the search shards (search-shards.ts) of the last builds, kept in
 * the build cache (`search/`) by shard name, so that a build runs Pagefind only on the shards
 * whose records changed.
 *
 * A shard's name is a hash of what its records are made of (search.ts `SearchEntry`) and of what
 * else makes its index (Pagefind's version, our code's version), and Pagefind's index is a
 * function of its records (tested: byte for byte the same on every build), so a kept index is the
 * index Pagefind would write; a build makes the records of the shards the store lacks only. Each index is
 * kept and put in place as a whole folder of hard links (copies where the file system has none),
 * made under a temporary name and renamed: a folder under a shard's name is always complete.
 * The store keeps the shards of the last two builds (`npm run build` and `npm start`, with
 * unpublished articles, take turns) and removes the rest.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isRunning, linkOrCopySync, removeInBackground, writeFileAtomically } from "./load.ts";

/** The kept shard indexes, for one build. */
export interface SearchStore {
  /** Puts the kept index of shard `name` at `folder` (which must not exist); false when none is kept. */
  place(name: string, folder: string): boolean;
  /** Keeps the index at `folder` as shard `name`'s. */
  keep(name: string, folder: string): void;
  /** Once the build's shards are placed: keeps `names` and the last build's, removes the rest. */
  close(names: readonly string[]): void;
}

const MANIFEST = "manifest.json";

/** Shard names of the last build, as the manifest keeps them. */
interface Manifest {
  last: string[];
}

/** The folder of shard `name`'s kept index in the store in `dir`: whole, once it exists. */
export function storedShard(dir: string, name: string): string {
  return join(dir, name);
}

/** Opens the store in `dir` (created when first kept to). */
export function openSearchStore(dir: string): SearchStore {
  const shard = (name: string) => storedShard(dir, name);
  return {
    place(name, folder) {
      try {
        copyTree(shard(name), folder);
        return true;
      } catch {
        // None kept, or removed by another build meanwhile: the shard is indexed again.
        rmSync(folder, { recursive: true, force: true });
        return false;
      }
    },
    keep(name, folder) {
      const temporary = join(dir, `.${name}-${process.pid}`);
      rmSync(temporary, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      copyTree(folder, temporary);
      try {
        renameSync(temporary, shard(name));
      } catch {
        // Another build kept the same index first.
        rmSync(temporary, { recursive: true, force: true });
      }
    },
    close(names) {
      const kept = new Set([...names, ...readManifest(join(dir, MANIFEST)).last]);
      mkdirSync(dir, { recursive: true });
      const unused: string[] = [];
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        // A folder being kept (`.<name>-<pid>`) or removed (`.<name>-<pid>-old`) stays while its process runs.
        const busy = /^\.[0-9a-f]{16}-(\d+)(-old)?$/.exec(entry.name);
        if (!entry.isDirectory() || (busy ? isRunning(Number(busy[1])) : kept.has(entry.name))) continue;
        // Out of the way at once (a rename), deleted in the background: a shard is thousands of files.
        const old = busy ? join(dir, entry.name) : join(dir, `.${entry.name}-${process.pid}-old`);
        if (!busy) renameSync(join(dir, entry.name), old);
        unused.push(old);
      }
      removeInBackground(unused);
      writeFileAtomically(join(dir, MANIFEST), JSON.stringify({ last: [...names] } satisfies Manifest));
    },
  };
}

function readManifest(path: string): Manifest {
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
    return { last: Array.isArray(manifest.last) ? manifest.last.filter((name): name is string => typeof name === "string") : [] };
  } catch {
    return { last: [] };
  }
}

/**
 * Makes `to` a copy of the folder `from`, its files hard links where the file system allows
 * (they are never written to again: a new index goes into a new folder).
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isFile()) linkOrCopySync(source, target);
  }
}
