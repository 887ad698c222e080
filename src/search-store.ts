/**
 * Search store: the files of the last search index, kept in the build cache (`search/`), so
 * that a build's Pagefind writes only what changed.
 *
 * Pagefind names its fragments (one per page), word-index chunks and filter chunks by a hash of
 * their content, and does not write (nor compress) such a file when one of that name is already
 * there. Writing a 10,000-seed index into a new folder took 1.55–1.6 s on this machine; with the
 * previous index's files linked in first, 0.84 s. So before Pagefind writes, the store links in:
 * the fragment of every unchanged record (the same record as when its fragment was kept), and the
 * previous index's word and filter chunks. After, it checks what Pagefind wrote against its own
 * list of the index (its meta file), removes every linked file the index does not list, and
 * keeps the new files:
 *
 * - a linked fragment must be listed as the page of its own record (Pagefind lists pages in the
 *   order the records were added);
 * - a linked word chunk must be listed for the same words (first and last) as when it was kept,
 *   and a linked filter chunk for the same filter.
 *
 * Should anything not hold, the index is written again into an empty folder. Either way the
 * index is, file for file and byte for byte, the one Pagefind writes into an empty folder
 * (tested). What no check can rule out: a changed chunk whose 28-bit name Pagefind shortens to
 * the name of an old chunk of the same words (about one build in a hundred million).
 */
import { existsSync, linkSync, readFileSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { hashOf } from "./hash.ts";
import { createFolders, writeFileAtomically } from "./load.ts";

/** What a record must have for the store (search.ts makes the records). */
export interface StoredRecord {
  url: string;
}

/** The files of one index build: linked in before Pagefind writes, checked and kept after. */
export interface SearchStore {
  /** Links the kept files for `records` into `indexDir`: before Pagefind writes there. */
  place(records: readonly StoredRecord[], indexDir: string): void;
  /**
   * Once Pagefind has written its index: checks it, removes what it does not list, keeps its new
   * files. Returns false when the index must be written again into an empty folder (`indexDir`
   * is then removed); call `keep` again once it is.
   */
  keep(): boolean;
}

/** The store's manifest: what its files are, for one salt (the code that wrote them). */
interface Manifest {
  salt: string;
  /** Record hash → fragment file (`fragment/<hash>.pf_fragment`). */
  fragments: Record<string, string>;
  /** Word chunks of the last index: file and the first and last words it holds. */
  chunks: { file: string; from: string; to: string }[];
  /** Filter chunks of the last index: file and filter name. */
  filters: { file: string; filter: string }[];
}

const MANIFEST = "manifest.json";

/**
 * Opens the store in `dir` for code `salt` (a store kept by other code counts as empty). Where
 * the store and the index are on file systems that cannot link, nothing is linked or kept.
 */
export function openSearchStore(dir: string, salt: string): SearchStore {
  const kept = readManifest(join(dir, MANIFEST), salt);
  let build: { indexDir: string; hashes: string[]; records: readonly StoredRecord[]; linked: Map<string, number | null> } | undefined;
  return {
    place(records, indexDir) {
      const hashes = records.map(recordHash);
      // File → the record it is the fragment of (null for chunks).
      const linked = new Map<string, number | null>();
      const folder = createFolders();
      const link = (file: string, record: number | null) => {
        if (linked.has(file)) return true;
        folder(dirname(join(indexDir, file)));
        try {
          linkSync(join(dir, file), join(indexDir, file));
          linked.set(file, record);
          return true;
        } catch (error) {
          // A file pruned by another build is written again; a file system without links ends it.
          return (error as NodeJS.ErrnoException).code === "ENOENT";
        }
      };
      const linkable = hashes.every((hash, i) => kept.fragments[hash] === undefined || link(kept.fragments[hash]!, i)) && [...kept.chunks, ...kept.filters].every(({ file }) => link(file, null));
      if (!linkable) for (const file of linked.keys()) unlinkSync(join(indexDir, file));
      build = linkable ? { indexDir, hashes, records, linked } : undefined;
    },
    keep() {
      if (!build) return true;
      const { indexDir, hashes, records, linked } = build;
      const index = readIndex(indexDir);
      // Only what was linked in can disagree: an index written into an empty folder is kept as is.
      if (linked.size > 0 && (!index || !agrees(index, linked, kept, hashes.length))) {
        rmSync(indexDir, { recursive: true, force: true });
        build = { indexDir, hashes, records, linked: new Map() };
        return false;
      }
      build = undefined;
      if (!index) return true;
      for (const file of linked.keys()) if (!index.listed.has(file)) unlinkSync(join(indexDir, file));
      const next: Manifest = { salt, fragments: {}, chunks: index.chunks, filters: index.filters };
      const folder = createFolders();
      const keepFile = (file: string) => {
        folder(dirname(join(dir, file)));
        try {
          linkSync(join(indexDir, file), join(dir, file));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      };
      // Pages are listed in the order the records came; should they not match the records one for
      // one, no fragment is kept (the chunks are kept all the same).
      const pages = index.pages.length === records.length ? index.pages : [];
      pages.forEach((file, i) => {
        if (linked.get(file) === i) return void (next.fragments[hashes[i]!] = file);
        // A fragment Pagefind wrote: kept once it is known to be this record's page.
        if (fragmentUrl(join(indexDir, file)) !== records[i]!.url) return;
        next.fragments[hashes[i]!] = file;
        keepFile(file);
      });
      for (const { file } of [...index.chunks, ...index.filters]) if (!linked.has(file)) keepFile(file);
      // Fragments of another index (npm start's, with unpublished seeds) stay while they are
      // fewer than this one's; then every fragment no longer listed goes.
      const others = Object.entries(kept.fragments).filter(([hash]) => next.fragments[hash] === undefined);
      if (others.length <= index.pages.length) for (const [hash, file] of others) next.fragments[hash] = file;
      prune(dir, new Set([...Object.values(next.fragments), ...next.chunks.map((c) => c.file), ...next.filters.map((f) => f.file)]));
      writeFileAtomically(join(dir, MANIFEST), JSON.stringify(next));
      return true;
    },
  };
}

/** Whether what Pagefind listed agrees with every file linked in (see the module's comment). */
function agrees(index: IndexFiles, linked: ReadonlyMap<string, number | null>, kept: Manifest, records: number): boolean {
  if (index.pages.length !== records) return false;
  const chunks = new Map(index.chunks.map((c) => [c.file, c]));
  const filters = new Map(index.filters.map((f) => [f.file, f.filter]));
  const keptChunks = new Map(kept.chunks.map((c) => [c.file, c]));
  const keptFilters = new Map(kept.filters.map((f) => [f.file, f.filter]));
  for (const [file, record] of linked) {
    if (record !== null) {
      // A fragment listed must be its own record's page; one not listed is merely left over.
      if (index.listed.has(file) && index.pages[record] !== file) return false;
      continue;
    }
    const chunk = chunks.get(file);
    const old = keptChunks.get(file);
    if (chunk && (!old || chunk.from !== old.from || chunk.to !== old.to)) return false;
    if (filters.has(file) && filters.get(file) !== keptFilters.get(file)) return false;
  }
  return true;
}

/** Removes the store's files that are not in `used`. */
function prune(dir: string, used: ReadonlySet<string>): void {
  for (const folder of ["fragment", "index", "filter"]) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path)) if (!used.has(`${folder}/${name}`)) rmSync(join(path, name), { force: true });
  }
}

/** A record's hash: the fragment Pagefind makes of it depends on nothing else. */
function recordHash(record: StoredRecord): string {
  return hashOf(JSON.stringify(record)).slice(0, 32);
}

const EMPTY = (salt: string): Manifest => ({ salt, fragments: {}, chunks: [], filters: [] });

function readManifest(path: string, salt: string): Manifest {
  try {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    const files = [...Object.values(manifest.fragments), ...manifest.chunks.map((c) => c.file), ...manifest.filters.map((f) => f.file)];
    if (manifest.salt !== salt || !files.every((file) => typeof file === "string" && INDEX_FILE.test(file))) return EMPTY(salt);
    return manifest;
  } catch {
    return EMPTY(salt);
  }
}

/** A content-named file of a Pagefind index, relative to the index's folder. */
const INDEX_FILE = /^(fragment\/[\w-]+\.pf_fragment|index\/[\w-]+\.pf_index|filter\/[\w-]+\.pf_filter)$/;

/** Pagefind's compressed files start, once decompressed, with this signature. */
const SIGNATURE = "pagefind_dcd";

/** What an index lists: its pages' fragments in order, its word chunks and its filter chunks. */
export interface IndexFiles {
  pages: string[];
  chunks: { file: string; from: string; to: string }[];
  filters: { file: string; filter: string }[];
  /** Every fragment and chunk listed. */
  listed: Set<string>;
}

/**
 * The files an index in `indexDir` lists, from its meta file (CBOR, RFC 8949, after the
 * signature): `[version, pages [[hash, words, …]], word chunks [[from, to, hash]], filters
 * [[name, hash]], …]`. Null when the index has not one language or its meta file is not so.
 */
export function readIndex(indexDir: string): IndexFiles | null {
  try {
    const entry = JSON.parse(readFileSync(join(indexDir, "pagefind-entry.json"), "utf8")) as { languages?: Record<string, { hash?: unknown }> };
    const languages = Object.values(entry.languages ?? {});
    if (languages.length !== 1 || typeof languages[0]!.hash !== "string") return null;
    const meta = decodeCbor(decompress(readFileSync(join(indexDir, `pagefind.${languages[0]!.hash}.pf_meta`))));
    if (!Array.isArray(meta) || !Array.isArray(meta[1]) || !Array.isArray(meta[2]) || !Array.isArray(meta[3])) return null;
    const text = (value: unknown) => {
      if (typeof value !== "string") throw new TypeError("not a string");
      return value;
    };
    const pages = (meta[1] as unknown[][]).map((page) => `fragment/${text(page[0])}.pf_fragment`);
    const chunks = (meta[2] as unknown[][]).map((c) => ({ file: `index/${text(c[2])}.pf_index`, from: text(c[0]), to: text(c[1]) }));
    const filters = (meta[3] as unknown[][]).map((f) => ({ file: `filter/${text(f[1])}.pf_filter`, filter: text(f[0]) }));
    return { pages, chunks, filters, listed: new Set([...pages, ...chunks.map((c) => c.file), ...filters.map((f) => f.file)]) };
  } catch {
    return null;
  }
}

/** The page URL a fragment file is for. */
function fragmentUrl(path: string): string | null {
  try {
    const fragment = JSON.parse(decompress(readFileSync(path)).toString("utf8")) as { url?: unknown };
    return typeof fragment.url === "string" ? fragment.url : null;
  } catch {
    return null;
  }
}

function decompress(bytes: Buffer): Buffer {
  const data = gunzipSync(bytes);
  if (data.toString("latin1", 0, SIGNATURE.length) !== SIGNATURE) throw new Error("not a Pagefind file (no signature)");
  return data.subarray(SIGNATURE.length);
}

/** Decodes one CBOR data item (RFC 8949) of definite length: numbers, strings, arrays, maps, simple values. */
export function decodeCbor(bytes: Buffer): unknown {
  let at = 0;
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new Error(`CBOR: indefinite or reserved length (${info})`);
    const value = size === 8 ? Number(bytes.readBigUInt64BE(at)) : bytes.readUIntBE(at, size);
    at += size;
    return value;
  };
  const simple = (info: number): unknown => {
    if (info === 26) return bytes.readFloatBE((at += 4) - 4);
    if (info === 27) return bytes.readDoubleBE((at += 8) - 8);
    if (info === 25) {
      const half = bytes.readUInt16BE((at += 2) - 2);
      const exponent = (half >> 10) & 31;
      const fraction = half & 1023;
      const value = exponent === 0 ? fraction * 2 ** -24 : exponent === 31 ? (fraction === 0 ? Infinity : NaN) : (fraction + 1024) * 2 ** (exponent - 25);
      return half & 0x8000 ? -value : value;
    }
    if (info === 24) at++;
    return info === 20 ? false : info === 21 ? true : info === 23 ? undefined : null;
  };
  const item = (): unknown => {
    if (at >= bytes.length) throw new Error("CBOR: the data ends early");
    const head = bytes[at++]!;
    const major = head >> 5;
    const info = head & 31;
    if (major === 7) return simple(info);
    const n = argument(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        return bytes.subarray(at, (at += n));
      case 3:
        return bytes.toString("utf8", at, (at += n));
      case 4:
        return Array.from({ length: n }, () => item());
      case 5: {
        const map = new Map<unknown, unknown>();
        for (let k = 0; k < n; k++) map.set(item(), item());
        return map;
      }
      default:
        // Tags (6): the tagged item stands for itself.
        return item();
    }
  };
  return item();
}
