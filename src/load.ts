/**
 * Load: the only module that touches the disk. Lists and reads seed files; writes the report.
 */
import { spawn } from "node:child_process";
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { hashOf } from "./hash.ts";
import { PARSE_LIMITS } from "./limits.ts";
import type { SeedFile } from "./types.ts";

/** Files of a seeds folder: the seeds, and the names of everything else found there. */
export interface SeedFolder {
  files: SeedFile[];
  /** Names of entries that are not seeds (other extensions; folders, named with a trailing `/`), sorted. */
  ignored: string[];
}

const SEED_EXTENSION = /\.(txt|md)$/i;

/** True for a file name that is a seed (`*.txt` or `*.md`). */
export function isSeedName(name: string): boolean {
  return SEED_EXTENSION.test(name) && !name.startsWith(".");
}

/** How a seeds folder is loaded: see `loadSeedFolder`. */
export interface LoadOptions {
  /** A process that builds again and again (`npm start`): files it read are held. */
  rebuilds?: boolean;
  /** The content hash of the file at a path while it has this stamp, where known (the build cache's stamp memo). */
  known?: (path: string, stamp: string) => string | undefined;
}

/** Why `dir` cannot be read as the seeds folder (missing, or a file), or null. */
export function seedFolderProblem(dir: string): string | null {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return null;
  const what = stat === undefined ? "does not exist" : "is a file, not a folder";
  return `The seeds folder ${dir} ${what}. Set SEEDS_DIR to a folder of seed files (*.txt, *.md).`;
}

/**
 * Lists every seed file of a folder in code-point order and reads its bytes. Each file is stamped
 * (`fileStamp`, with its change time) when there is a reason to:
 * - with `rebuilds`, a file whose stamp has not changed since this process last read it is not
 *   read again: the same `SeedFile` is given back;
 * - with `known`, a file whose content hash it knows for its stamp is not read now, only if its
 *   bytes are asked for (`stampedFile`).
 */
export function loadSeedFolder(dir: string, { rebuilds = false, known }: LoadOptions = {}): SeedFolder {
  const problem = seedFolderProblem(dir);
  if (problem !== null) throw new Error(problem);
  const files: SeedFile[] = [];
  const ignored: string[] = [];
  const before = rebuilds ? heldFiles.get(resolve(dir)) : undefined;
  const held = rebuilds ? new Map<string, HeldFile>() : null;
  // Most files of a rebuild are held: the few others are read on their own, not into a new block
  // (unless there are many: a branch checked out, a folder copied in).
  let block: ReturnType<typeof blockReader> | undefined;
  let alone = before ? SINGLY_READ : 0;
  const read = (path: string, limit: number) => (alone-- > 0 ? readAtMost(path, limit) : (block ??= blockReader())(path, limit));
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const { name } = entry;
    const path = join(dir, name);
    // A symbolic link counts as what it points to.
    const target = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
    if (!target?.isFile() || !isSeedName(name)) {
      // A folder is named as one: its files are not read.
      ignored.push(target?.isDirectory() ? `${name}/` : name);
      continue;
    }
    if (!held && !known) {
      files.push({ path, name, bytes: read(path, PARSE_LIMITS.fileBytes + 1) });
      continue;
    }
    // Stamped before it is read: a file written in between is read again next time.
    const stamp = fileStamp(path, { changed: true });
    const kept = before?.get(path);
    const file = kept?.stamp === stamp ? kept.file : stampedFile(path, name, stamp, known?.(path, stamp), read);
    held?.set(path, { stamp, file });
    files.push(file);
  }
  if (held) heldFiles.set(resolve(dir), held);
  return { files, ignored };
}

/**
 * A stamped seed file. Its bytes are read now, unless its content hash is known for its stamp:
 * then they are read (into the load's blocks) when first asked for, which a build whose cache
 * holds the file's outcome never does. Once read they are hashed: bytes that do not match (the
 * file changed after it was stamped) give the file their own hash, and it loses its stamp, so that
 * the memo does not keep it.
 */
function stampedFile(path: string, name: string, stamp: string, contentHash: string | undefined, read: (path: string, limit: number) => Uint8Array): SeedFile {
  if (contentHash === undefined) return { path, name, stamp, bytes: read(path, PARSE_LIMITS.fileBytes + 1) };
  let bytes: Uint8Array | undefined;
  const file: SeedFile = {
    path,
    name,
    stamp,
    contentHash,
    get bytes() {
      if (bytes === undefined) {
        bytes = read(path, PARSE_LIMITS.fileBytes + 1);
        const actual = hashOf(bytes);
        if (actual !== file.contentHash) {
          file.contentHash = actual;
          delete file.stamp;
        }
      }
      return bytes;
    },
  };
  return file;
}

/** Changed files a rebuild reads on their own before it reads the others into a shared block. */
const SINGLY_READ = 64;

/** A seed file this process read, with its stamp then. */
interface HeldFile {
  stamp: string;
  file: SeedFile;
}

/** The seed files of the last `rebuilds` load of each folder, by path. */
const heldFiles = new Map<string, Map<string, HeldFile>>();

/**
 * Seed files are read into shared blocks of this size. Tens of thousands of small buffers, freed
 * together after parsing, stay in the C heap as fragments it does not give back (measured: 500 MB
 * of resident memory after parsing 50,000 seeds); a block this large (over glibc's largest
 * mmap threshold, 32 MB) is mapped, and unmapped whole once no seed in it is used.
 */
const BLOCK_BYTES = 64 * 1024 * 1024;

/**
 * `readAtMost`, but small files share blocks; each file's bytes are a view of its block. A file is
 * read straight into the block's free space (no stat for its size first): one that fills the
 * space it was given is read again on its own.
 */
function blockReader(): (path: string, limit: number) => Uint8Array {
  let block = Buffer.alloc(0);
  let used = 0;
  const room = BLOCK_BYTES / 16;
  return (path, limit) => {
    if (used + room > block.length) (block = Buffer.allocUnsafeSlow(BLOCK_BYTES)), (used = 0);
    const length = readInto(path, block.subarray(used, used + room));
    if (length === room) return readAtMost(path, limit);
    const bytes = block.subarray(used, used + Math.min(length, limit));
    used += bytes.length;
    return bytes;
  };
}

/** Reads a file's first bytes into `buffer` (as many as it holds); returns how many were read. */
function readInto(path: string, buffer: Uint8Array): number {
  const fd = openSync(path, "r");
  try {
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return length;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the first `limit` bytes of a file: one byte past the seed size limit is enough for
 * parse.ts to reject it, and a multi-gigabyte file never fills memory (or crashes readFileSync).
 */
export function readAtMost(path: string, limit: number): Uint8Array {
  const buffer = Buffer.alloc(Math.min(limit, statSync(path).size + 1));
  return buffer.subarray(0, readInto(path, buffer));
}

/** Writes a file (text or bytes) through a temporary name, so readers never see half of it. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/**
 * A file's size, inode and modification time in milliseconds, to a fraction of a microsecond
 * (`size:inode:mtime`; "" when there is none): what tells that a file was written, or written over, since it was last looked at. With
 * `changed`, its change time too, which moves on every write and cannot be set back: a file
 * written over with the same size, its modification time then set back (as `cp -p` or `touch -r`
 * do), still gets a new stamp. (Not for files the build cache shares as hard links: linking one
 * moves its change time.) Plain numbers, not BigInts: a build stamps two files a page, and
 * BigInt stats cost twice as much (a double keeps today's times to a quarter of a microsecond).
 */
export function fileStamp(path: string, { changed = false }: { changed?: boolean } = {}): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return "";
  return changed ? `${stat.size}:${stat.ino}:${stat.mtimeMs}:${stat.ctimeMs}` : `${stat.size}:${stat.ino}:${stat.mtimeMs}`;
}

/** Reads a UTF-8 text file (labels for evaluation, fixtures). */
export function readTextFile(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * Writes a file into the built site; see `createSiteWriter`. It is written when the call returns
 * (a failure rejects); the promise lets other work run between files.
 */
export type SiteWriter = (path: string, text: string) => Promise<void>;

/**
 * A writer of files into the built site, `path` being a site path (`/api/index.json`). Refuses
 * any path that would land outside the output folder; creates each folder once. Files are
 * written synchronously, letting other work run every 64 files: tens of thousands of small
 * files cost about half the CPU this way that they cost through the I/O threads' promises
 * (10,000 files measured here: 0.29 s, against 0.43–1.15 s and twice the CPU), and a build's
 * CPU is what its speed is bound by (README, "Performance").
 */
export function createSiteWriter(outputDir: string): SiteWriter {
  const folder = createFolders();
  let count = 0;
  return async (path, text) => {
    // The target is checked before anything is created.
    const target = siteTarget(outputDir, path);
    folder(dirname(target));
    writeFileSync(target, text);
    if (++count % 64 === 0) await new Promise((done) => setImmediate(done));
  };
}

/** Creates folders (and their parents) at once, each one once. */
export function createFolders(): (path: string) => void {
  const made = new Set<string>();
  return (path) => {
    if (made.has(path)) return;
    mkdirSync(path, { recursive: true });
    made.add(path);
  };
}

/** The file a site path (`/api/index.json`) names inside the output folder; throws outside it. */
export function siteTarget(outputDir: string, path: string): string {
  const root = resolve(outputDir);
  const target = resolve(root, `.${path.startsWith("/") ? path : `/${path}`}`);
  if (!target.startsWith(root + sep)) throw new Error(`refusing to write ${path}: it is outside the output folder ${outputDir}`);
  return target;
}

/** Whether a process with this id is running (a folder it was writing may still be in use). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Deletes folders from a detached process that outlives this one, so that no build waits for
 * thousands of files to go (seconds on some disks). Whoever renamed them there removes what such a
 * process left, should it be stopped.
 */
export function removeInBackground(dirs: readonly string[]): void {
  if (dirs.length === 0) return;
  const script = `for (const dir of ${JSON.stringify(dirs)}) require("node:fs").rmSync(dir, { recursive: true, force: true })`;
  spawn(process.execPath, ["-e", script], { detached: true, stdio: "ignore" }).unref();
}

/** A hard link from `source` at `target`; a copy where the file system has none between the two. */
export function linkOrCopySync(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    if (!LINKLESS.includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    copyFileSync(source, target);
  }
}

/** Errors of a file system that cannot link the two paths (rather than of a missing file). */
export const LINKLESS = ["EXDEV", "EPERM", "ENOTSUP", "EMLINK"];
