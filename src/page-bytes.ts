/**
 * Page bytes: in a build, each page goes to Eleventy as UTF-8 bytes, which are let go of as soon
 * as Eleventy has written them.
 *
 * Eleventy keeps every page's output until the build ends (its results, and a per-page cache of
 * the rendered page). As text, a page with one curly quote takes two bytes a character; as bytes,
 * half that. And once Eleventy has written a page's bytes, they are handed back (the buffer is
 * detached, so what Eleventy holds is empty): 0.9 GB less at 50,000 seeds.
 *
 * "As soon as written" is told by Eleventy's file system manager, whose write is wrapped
 * (`releaseOnWrite`): the bytes are released right after the write returns. In `npm run build`
 * the wrapped write hands them to a thread that writes them (`writePagesOn`, file-placer.ts),
 * which releases them too. Without that module (another Eleventy), pages still go as bytes, are
 * written by Eleventy and are held until the build ends.
 */
import type { FilePlacer } from "./file-placer.ts";
import { eleventyInternal } from "./modules.ts";

/** Bytes handed to Eleventy, released once Eleventy has written them. */
const handed = new WeakSet<Uint8Array>();

/** Whether Eleventy's writes release the bytes in `handed`; set up once per process. */
let releasing: Promise<boolean> | undefined;

/** The thread that writes the pages of the build under way, if one does (`writePagesOn`). */
let writer: FilePlacer | undefined;

/**
 * Has the pages Eleventy writes from now on (synchronously, as it does by default) written on
 * `placer`'s thread, or here again with undefined. Only bytes `pageBytes` gave out go to the
 * thread, handed over (which lets go of them here), unless it has a backlog; the folders of all
 * pages are made there or at their write. The caller awaits `placer.done()` before the pages
 * are read.
 */
export function writePagesOn(placer: FilePlacer | undefined): void {
  writer = placer;
}

/**
 * Wraps the writes of Eleventy's file system manager (sync and async) so that bytes given out by
 * `pageBytes` are released once written, or written on the thread of `writePagesOn`. Resolves to
 * whether it could.
 */
export function releaseOnWrite(): Promise<boolean> {
  releasing ??= (async () => {
    const module = await eleventyInternal("Util/FileSystemManager.js");
    const manager = (module as { FileSystemManager?: { prototype: Record<string, unknown> } } | null)?.FileSystemManager?.prototype;
    if (typeof manager?.writeFileSync !== "function" || typeof manager.writeFile !== "function" || typeof manager.createDirectoryForFileSync !== "function") return false;
    const writeSync = manager.writeFileSync as (this: unknown, path: string, content: unknown) => void;
    const write = manager.writeFile as (this: unknown, path: string, content: unknown) => Promise<void>;
    const folderSync = manager.createDirectoryForFileSync as (this: unknown, path: string) => void;
    // With a writer, the folder is made where the page is written.
    manager.createDirectoryForFileSync = function (this: unknown, path: string) {
      if (!writer) folderSync.call(this, path);
    };
    manager.writeFileSync = function (this: unknown, path: string, content: unknown) {
      // Handed to the writer's thread; or, when it has a backlog, written here as without it.
      if (writer && content instanceof Uint8Array && handed.has(content) && writer.write(path, content)) return void handed.delete(content);
      if (writer) folderSync.call(this, path);
      writeSync.call(this, path, content);
      release(content);
    };
    manager.writeFile = async function (this: unknown, path: string, content: unknown) {
      await write.call(this, path, content);
      release(content);
    };
    return true;
  })();
  return releasing;
}

/** Hands the bytes' memory back at once (detaches their buffer) if `pageBytes` gave them out. */
function release(content: unknown): void {
  if (!(content instanceof Uint8Array) || !handed.delete(content)) return;
  structuredClone(content.buffer, { transfer: [content.buffer as ArrayBuffer] });
}

/**
 * The transform (Eleventy's, after any that changes a page): a page's text as UTF-8 bytes while
 * `asBytes` says so (see `pagesAsBytes`), its text otherwise.
 */
export function pageBytes(asBytes: () => boolean): (content: unknown) => unknown {
  return (content) => {
    if (typeof content !== "string" || !asBytes()) return content;
    // A buffer of its own (never a slice of Node's shared pool), so that releasing it frees only it.
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(content));
    bytes.write(content);
    handed.add(bytes);
    return bytes;
  };
}

/**
 * Whether a build's pages go to Eleventy as bytes (`pageBytes`): in builds, and in the first
 * build of `--serve` or `--watch`, which no browser has been sent yet. After it, `--serve` sends a
 * changed page's text to the browser, so rebuilds keep text. Under `npm start` at 10,000 seeds the
 * first build's 10,900 pages, held as text until the first rebuild, kept the heap about 600 MB
 * larger until V8 collected them all at once, several rebuilds later, in the one edit that showed
 * after 2.3–2.4 s; as bytes, 2 of 32 edits took over 2 s instead of 5 of 32, median 1.62–1.69 s
 * instead of 1.78–1.85 s (`npm run bench:refresh -- 10000 16`, two runs each). A dry run writes no
 * page and keeps them as text: with `--to=json` Eleventy prints them (as bytes, each page's
 * `content` was printed as an array of numbers).
 */
export function pagesAsBytes(runMode: string | undefined, built: boolean, dryRun = false): boolean {
  return !dryRun && (runMode === "build" || !built);
}
