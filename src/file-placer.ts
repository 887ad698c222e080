/**
 * File placer: puts the files a build takes from its cache into the new site (a folder and a hard
 * link a file, or a copy where the file system cannot link) on a worker thread, while the build's
 * own thread goes on rendering. A second 10,000-seed build places about 22,000 pages and data
 * files: 0.6 s of mkdir and link calls on this disk, which the build's thread no longer waits for.
 *
 * Only for a build's new output folder, where nothing else writes the same names: Eleventy writes
 * the pages it renders, which are never the ones placed. `done` must be awaited before the site
 * is used; it fails with the first file that could not be placed.
 */
import { Worker } from "node:worker_threads";
import { LINKLESS } from "./load.ts";

/** A file to place: the kept file, and where the site wants it. */
export interface Placement {
  source: string;
  target: string;
}

export interface FilePlacer {
  /** Starts placing the files (folders are made as needed); returns at once. */
  place(files: readonly Placement[]): void;
  /** Resolves once every file given is in place, then stops the thread; rejects with the first failure. */
  done(): Promise<void>;
}

/** A file the thread could not place, and why. */
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
// errors that mean "cannot link here". Each message is a batch of [source, target] pairs;
// each is answered with the count placed, or the first failure (the rest of that batch is left).
const WORKER = `
const { parentPort } = require("node:worker_threads");
const { copyFileSync, linkSync, mkdirSync } = require("node:fs");
const { dirname } = require("node:path");
const LINKLESS = ${JSON.stringify(LINKLESS)};
const made = new Set();
parentPort.on("message", (batch) => {
  for (const [source, target] of batch) {
    try {
      const folder = dirname(target);
      if (!made.has(folder)) mkdirSync(folder, { recursive: true }), made.add(folder);
      try {
        linkSync(source, target);
      } catch (error) {
        if (!LINKLESS.includes(error.code)) throw error;
        copyFileSync(source, target);
      }
    } catch (error) {
      parentPort.postMessage({ failed: source, message: String(error && error.message || error) });
      return;
    }
  }
  parentPort.postMessage({ placed: batch.length });
});
`;

/** Starts a placer thread; it is stopped by `done`. */
export function startFilePlacer(): FilePlacer {
  const worker = new Worker(WORKER, { eval: true });
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
  return {
    place(files) {
      if (files.length === 0) return;
      if (pending++ === 0) worker.ref();
      worker.postMessage(files.map(({ source, target }) => [source, target]));
    },
    async done() {
      await new Promise<void>((resolve) => {
        settle = resolve;
        check();
      });
      await worker.terminate();
      if (failure) throw failure;
    },
  };
}
