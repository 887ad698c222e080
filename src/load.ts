/**
 * Load: the only module that touches the disk. Lists and reads seed files; writes the report.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { PARSE_LIMITS } from "./parse.ts";
import type { SeedFile } from "./types.ts";

/** Files of a seeds folder: the seeds, and the names of everything else found there. */
export interface SeedFolder {
  files: SeedFile[];
  /** Names of entries that are not seeds (other extensions, folders), sorted. */
  ignored: string[];
}

const SEED_EXTENSION = /\.(txt|md)$/i;

/** True for a file name that is a seed (`*.txt` or `*.md`). */
export function isSeedName(name: string): boolean {
  return SEED_EXTENSION.test(name) && !name.startsWith(".");
}

/** Lists every seed file of a folder in code-point order and reads its bytes. */
export function loadSeedFolder(dir: string): SeedFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`The seeds folder ${dir} does not exist. Set SEEDS_DIR to a folder of seed files (*.txt, *.md).`);
  }
  const files: SeedFile[] = [];
  const ignored: string[] = [];
  const names = readdirSync(dir).sort();
  for (const name of names) {
    const path = join(dir, name);
    const isFile = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
    if (!isFile || !isSeedName(name)) {
      ignored.push(name);
      continue;
    }
    files.push({ path, name, bytes: readAtMost(path, PARSE_LIMITS.fileBytes + 1) });
  }
  return { files, ignored };
}

/**
 * Reads the first `limit` bytes of a file: one byte past the seed size limit is enough for
 * parse.ts to reject it, and a multi-gigabyte file never fills memory (or crashes readFileSync).
 */
export function readAtMost(path: string, limit: number): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(Math.min(limit, statSync(path).size + 1));
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Writes a text file through a temporary name, so readers never see half of it. */
export function writeTextFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Reads a UTF-8 text file (labels for evaluation, fixtures). */
export function readTextFile(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * A writer of files into the built site, `path` being a site path (`/api/index.json`). Refuses
 * any path that would land outside the output folder; creates each folder once.
 */
export function createSiteWriter(outputDir: string): (path: string, text: string) => void {
  const root = resolve(outputDir);
  const made = new Set<string>();
  return (path, text) => {
    const target = resolve(root, `.${path.startsWith("/") ? path : `/${path}`}`);
    if (!target.startsWith(root + sep)) throw new Error(`refusing to write ${path}: it is outside the output folder ${outputDir}`);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(target, text);
  };
}
