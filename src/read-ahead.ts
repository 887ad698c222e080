/**
 * Read-ahead: `npm run build` starts reading its seed files on a thread of its own before it loads
 * Eleventy, which then starts up on the build's thread (0.7–1.2 s to the config here), so that
 * the load finds them read. At 10,000 seeds reading them took 0.4–0.5 s of the build's thread.
 *
 * The thread lists the folder, and stamps and reads every seed file the way `loadSeedFolder`
 * does (load.ts: `fileStamp` with its change time, at most `PARSE_LIMITS.fileBytes + 1` bytes,
 * into shared blocks), then hands the blocks over whole. The load still lists the folder itself
 * and decides what is a seed: a file the thread did not read (written since, or one it could not
 * open) is read then, and any error is the load's to report. The seeds are those of the moment
 * the build started; a file written since is read by the next build, as its stamp tells.
 */
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { PARSE_LIMITS } from "./limits.ts";
import { SEED_EXTENSION, seedFolderProblem } from "./load.ts";

/** A seed file as the thread found it: its stamp (`fileStamp`, with its change time) and bytes. */
export interface ReadFile {
  stamp: string;
  bytes: Uint8Array;
}

/** The seed files read ahead, by name; null when the thread could not read the folder. */
export type ReadAhead = Promise<Map<string, ReadFile> | null>;

/** Bytes of each block the thread reads files into (as load.ts's blocks, for the same reason). */
const BLOCK_BYTES = 64 * 1024 * 1024;

// Plain JavaScript (no loader on the thread). Answers with [name, stamp, block, offset, length]
// per file read, and the blocks, handed over.
const WORKER = `
const { parentPort, workerData: { dir, limit, blockBytes } } = require("node:worker_threads");
const { closeSync, fstatSync, openSync, readdirSync, readSync } = require("node:fs");
const { join } = require("node:path");
const seed = new RegExp(${JSON.stringify(SEED_EXTENSION.source)}, ${JSON.stringify(SEED_EXTENSION.flags)});
const blocks = [];
const files = [];
let block = null;
let used = 0;
for (const name of readdirSync(dir)) {
  if (!seed.test(name) || name.startsWith(".")) continue;
  let fd;
  try {
    fd = openSync(join(dir, name), "r");
    const stat = fstatSync(fd);
    if (!stat.isFile()) continue;
    const want = Math.min(limit, stat.size + 1);
    if (block === null || used + want > block.length) {
      block = Buffer.allocUnsafeSlow(Math.max(blockBytes, want));
      blocks.push(block);
      used = 0;
    }
    let length = 0;
    for (let read = -1; read !== 0 && length < want; length += read) read = readSync(fd, block, used + length, want - length, null);
    files.push([name, stat.size + ":" + stat.ino + ":" + stat.mtimeMs + ":" + stat.ctimeMs, blocks.length - 1, used, length]);
    used += length;
  } catch {
    // Left to the load, which reads the file itself and reports what is wrong with it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
const buffers = blocks.map((b) => b.buffer);
parentPort.postMessage({ files, buffers }, buffers);
`;

/**
 * Where a build's read-ahead waits for its config: a global of the process, because the build
 * (build.ts) and its config are bundled apart (launch.mjs), each with its own copy of this module.
 */
const WAITING = Symbol.for("broadsheet.readAhead");

interface Waiting {
  dir: string;
  reading: ReadAhead;
}

/**
 * Starts reading `dir` for the build about to start in this process (`npm run build`, before it
 * loads Eleventy), for its config to take (`takeReadAhead`). Returns a function that stops the
 * thread, for a build that ends before it starts.
 */
export function startBuildReadAhead(dir: string): () => void {
  const { reading, stop } = startReadAhead(dir);
  (globalThis as { [WAITING]?: Waiting })[WAITING] = { dir: resolve(dir), reading };
  return stop;
}

/** The read-ahead of `dir` started for this build, once (a later build reads for itself); undefined without one. */
export function takeReadAhead(dir: string): ReadAhead | undefined {
  const global = globalThis as { [WAITING]?: Waiting };
  const waiting = global[WAITING];
  delete global[WAITING];
  return waiting?.dir === resolve(dir) ? waiting.reading : undefined;
}

/** Starts reading the seed files of `dir` on a thread (see the module's comment); `stop` ends it. */
export function startReadAhead(dir: string): { reading: ReadAhead; stop: () => void } {
  if (seedFolderProblem(dir) !== null) return { reading: Promise.resolve(null), stop: () => undefined };
  const worker = new Worker(WORKER, { eval: true, workerData: { dir, limit: PARSE_LIMITS.fileBytes + 1, blockBytes: BLOCK_BYTES } });
  const reading: ReadAhead = new Promise((done) => {
    worker.once("message", ({ files, buffers }: { files: [string, string, number, number, number][]; buffers: ArrayBuffer[] }) => {
      done(new Map(files.map(([name, stamp, block, offset, length]) => [name, { stamp, bytes: Buffer.from(buffers[block]!, offset, length) }])));
    });
    worker.once("error", () => done(null));
    worker.once("exit", () => done(null));
  });
  return { reading, stop: () => void worker.terminate() };
}
