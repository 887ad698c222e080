/**
 * File placer: puts files into a build's new site on a worker thread, while the build's own thread
 * goes on rendering:
 * - the files a build takes from its cache (a folder and a hard link a file, or a copy where the
 *   file system cannot link). A second 10,000-seed build places about 22,000 pages and data
 *   files: 0.6 s of mkdir and link calls on this disk, which the build's thread no longer waits for;
 * - the pages Eleventy renders, handed over as bytes (page-bytes.ts). A first 10,000-seed build
 *   writes 10,400 pages: about 0.8 s of mkdir, open and write calls on the build's thread.
 *
 * Only for a build's new output folder, where nothing else writes the same names: each name is
 * placed or written once. `done` must be awaited before the site is used; it fails with the first
 * file that could not be placed or written.
 */
import { Worker } from "node:worker_threads";
import { LINKLESS } from "./load.ts";
import { GATE_SOURCE, writeGate } from "./write-gate.ts";

/** A file to place: the kept file, and where the site wants it. */
export interface Placement {
  source: string;
  target: string;
}

export interface FilePlacer {
  /** Starts placing the files (folders are made as needed); returns at once. */
  place(files: readonly Placement[]): void;
  /**
   * Writes `bytes` to `target` (its folder is made as needed), a few files at a time; returns true
   * at once. Bytes that are the whole of their buffer are handed over, not copied: they are empty
   * here once sent (with the next few files, or by `done`). Returns false, and takes nothing, when
   * the thread has a backlog (a slow disk): the caller writes the file itself, so the thread never
   * holds more than about 2,000 pages.
   */
  write(target: string, bytes: Uint8Array): boolean;
  /** Resolves once every file given is in place, then stops the thread; rejects with the first failure. */
  done(): Promise<void>;
}

/** Files written in one message to the thread: few, so that pages are let go of soon after they render. */
const WRITE_BATCH = 32;

/** Batches the thread may have in hand before `write` gives files back to write (about 2,000 pages). */
const BACKLOG = 64;

/** A file the thread could not place or write (a kept file, or a target), and why. */
export class PlacementError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = "PlacementError";
  }
}

// Plain JavaScript (no loader on the thread): `linkOrCopySync` of load.ts, with its list of
// errors that mean "cannot link here". Each message is a batch: files to place ([source, target]
// pairs) or files to write ([target, bytes] pairs). Each batch is answered with the count done, or
// the first failure (the rest of that batch is left) with the file it names: the kept file of a
// placement, the target of a write. Every file goes through the write gate (write-gate.ts): once
// a failed build has shut it, nothing more is placed or written, and each batch is answered as failed.
const WORKER = `
const { parentPort, workerData: { written, gate } } = require("node:worker_threads");
const { copyFileSync, linkSync, mkdirSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const LINKLESS = ${JSON.stringify(LINKLESS)};
${GATE_SOURCE}
const made = new Set();
const folderOf = (target) => {
  const folder = dirname(target);
  if (!made.has(folder)) mkdirSync(folder, { recursive: true }), made.add(folder);
};
const place = ([source, target]) => {
  folderOf(target);
  try {
    linkSync(source, target);
  } catch (error) {
    if (!LINKLESS.includes(error.code)) throw error;
    copyFileSync(source, target);
  }
};
const write = ([target, bytes]) => {
  folderOf(target);
  writeFileSync(target, bytes);
};
parentPort.on("message", ({ places, writes }) => {
  const [batch, job] = places ? [places, place] : [writes, write];
  for (const item of batch) {
    try {
      if (!through(gate, () => job(item))) throw new Error("the build stopped: its new site is being removed");
    } catch (error) {
      parentPort.postMessage({ failed: item[0], message: String(error && error.message || error) });
      return;
    }
  }
  if (writes) Atomics.add(written, 0, 1);
  parentPort.postMessage({ placed: batch.length });
});
`;

/** Starts a placer thread, its writes through `gate` (this process's write gate); it is stopped by `done`. */
export function startFilePlacer(gate = writeGate()): FilePlacer {
  // Batches of files to write the thread has written: read here without a turn of the event loop
  // (Eleventy renders every page without one), so its answers would come too late to tell.
  const written = new Int32Array(new SharedArrayBuffer(4));
  let sent = 0;
  const worker = new Worker(WORKER, { eval: true, workerData: { written, gate } });
  let pending = 0;
  let failure: PlacementError | undefined;
  let settle: (() => void) | undefined;
  const check = () => {
    if (pending === 0) worker.unref();
    if (pending === 0 || failure) settle?.();
  };
  worker.on("message", (message: { placed?: number; failed?: string; message?: string }) => {
    pending--;
    if (message.failed !== undefined) failure ??= new PlacementError(message.failed, message.message ?? "");
    check();
  });
  worker.once("error", (error) => {
    failure ??= new PlacementError("", error.message);
    pending = 0;
    check();
  });
  // The thread keeps the process alive only while it has files to place: a build that failed
  // meanwhile must still be able to end. (After the listeners: adding one refs the thread again.)
  worker.unref();
  const post = (message: unknown, transfer: ArrayBuffer[] = []) => {
    if (pending++ === 0) worker.ref();
    worker.postMessage(message, transfer);
  };
  let writes: [string, Uint8Array][] = [];
  let transfer: ArrayBuffer[] = [];
  const sendWrites = () => {
    if (writes.length > 0) {
      post({ writes }, transfer);
      sent++;
    }
    writes = [];
    transfer = [];
  };
  return {
    place(files) {
      if (files.length > 0) post({ places: files.map(({ source, target }) => [source, target]) });
    },
    write(target, bytes) {
      if (sent - Atomics.load(written, 0) >= BACKLOG) return false;
      const { buffer } = bytes;
      writes.push([target, bytes]);
      if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && !transfer.includes(buffer)) transfer.push(buffer);
      if (writes.length === WRITE_BATCH) sendWrites();
      return true;
    },
    async done() {
      sendWrites();
      await new Promise<void>((resolve) => {
        settle = resolve;
        check();
      });
      await worker.terminate();
      if (failure) throw failure;
    },
  };
}
