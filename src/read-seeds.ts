/**
 * Reads every seed file into its outcome: from the build cache where it holds the file, by
 * parsing otherwise. A large batch of files to parse (a first build, a new corpus) is parsed on
 * worker threads when the machine has cores to spare: one per core but the first, at most 4.
 * On 2 cores, only past 20,000 files, on two threads while this one waits (`parseThreads`).
 * Parsing allocates so much that two threads run at about 1.35× one: at 10,000 seeds 2.7 s here
 * against 2.5 s on two threads plus their start (about 0.25 s: each loads the parser); at 50,000
 * seeds 9.8 and 12.3 s here against 7.3 and 8.8 s on two threads (two alternating pairs of
 * `CACHE=off` builds, session 18; the same peak memory, 1.48 GB). This thread parsing beside one
 * thread took 2.6–4.2 s against 2.0–2.9 s alone at 10,000 seeds, and 7.7 s of CPU against 4.6 s
 * (the garbage collector already works on the second core). A few files are always parsed here,
 * where a thread would cost more to start than it saves. Outcomes come back in file order, so the
 * digest does not depend on which thread parsed what.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SeedReader } from "./build-cache.ts";
import { moduleUrl } from "./modules.ts";
import { readSeed, type SeedOutcome } from "./seeds.ts";
import type { SeedFile } from "./types.ts";

/** When to parse on threads, and on how many. */
export interface ParseThreads {
  /** Worker threads at most (one per core by default, at most 4). */
  threads: number;
  /** Files to parse below which no thread is started. */
  from: number;
}

export const DEFAULT_PARSE_THREADS: ParseThreads = parseThreads(availableParallelism());

/** When to parse on threads on a machine of `cores` cores (see the module's comment). */
export function parseThreads(cores: number): ParseThreads {
  if (cores > 2) return { threads: Math.min(4, cores - 1), from: 2000 };
  return cores === 2 ? { threads: 2, from: 20_000 } : { threads: 1, from: Infinity };
}

/** Files a thread is given at a time: small enough that the threads finish together. */
const BATCH = 250;

/** Every file's outcome in file order; each file is hashed, looked up, parsed and kept once. */
export async function readSeeds(files: readonly SeedFile[], cache: SeedReader | null, threads: ParseThreads = DEFAULT_PARSE_THREADS): Promise<SeedOutcome[]> {
  const outcomes: (SeedOutcome | undefined)[] = files.map((file) => cache?.reuse(file) ?? undefined);
  const missing = files.filter((_, i) => outcomes[i] === undefined);
  const parallel = threads.threads > 1 && missing.length >= threads.from ? await parseOnThreads(missing, threads.threads) : null;
  let next = 0;
  return files.map((file, i) => {
    const reused = outcomes[i];
    if (reused) return reused;
    const parsed = parallel?.[next++] ?? null;
    // A rejected seed is parsed again here: its error keeps its class and its cause.
    const outcome: SeedOutcome = parsed ? { file, ...parsed } : readSeed(file);
    if (outcome.ok) cache?.keep(file, outcome);
    return outcome;
  });
}

/** An accepted outcome as a thread sends it back: all but its file. */
type ParsedSeed = Omit<SeedOutcome & { ok: true }, "file">;

// Plain JavaScript, so it runs on a thread whatever loader the host uses (tsx, vitest); it loads
// seeds.ts through tsx's API. Each accepted outcome is posted back without its file; a rejected
// one as null. A failure to load ends the thread with an error, which fails the parsing.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { tsImport } = await import(workerData.tsx);
  const { readSeed } = await tsImport(workerData.module, workerData.module);
  parentPort.on("message", (files) => {
    parentPort.postMessage(files.map((file) => {
      const outcome = readSeed(file);
      if (!outcome.ok) return null;
      const { file: _file, ...parsed } = outcome;
      return parsed;
    }));
  });
  parentPort.postMessage("ready");
})();
`;

/** Where tsx's module API (its ES module) and seeds.ts are, as file URLs for a thread to import. */
function workerModules(): { tsx: string; module: string } {
  return { tsx: moduleUrl("tsx/esm/api", "tsx/dist/esm/api/index.mjs"), module: new URL("./seeds.ts", import.meta.url).href };
}

/**
 * Files as they are posted to a thread, each with a copy of its own bytes. A file read into a
 * shared block (load.ts) is a view of that block, and a view is posted with its whole buffer:
 * 64 MB per batch of 250 files, which made parsing on threads ten times slower than parsing here.
 * (`Buffer`'s `slice` gives such a view too, not a copy.)
 */
export function batchMessage(files: readonly SeedFile[]): SeedFile[] {
  return files.map(({ path, name, bytes }) => ({ path, name, bytes: new Uint8Array(bytes) }));
}

/** Parses files on `threads` worker threads; per file, its outcome (without the file) or null when rejected. */
export async function parseOnThreads(files: readonly SeedFile[], threads: number): Promise<(ParsedSeed | null)[]> {
  const results: (ParsedSeed | null)[] = new Array(files.length);
  let handed = 0;
  const modules = workerModules();
  const run = () =>
    new Promise<void>((done, fail) => {
      const worker = new Worker(WORKER, { eval: true, workerData: modules });
      let start = 0;
      let finished = false;
      const handOut = () => {
        if (handed >= files.length) {
          finished = true;
          void worker.terminate().then(() => done());
          return;
        }
        start = handed;
        handed = Math.min(files.length, handed + BATCH);
        worker.postMessage(batchMessage(files.slice(start, handed)));
      };
      worker.on("message", (message: "ready" | (ParsedSeed | null)[]) => {
        if (message !== "ready") message.forEach((r, k) => (results[start + k] = r));
        handOut();
      });
      worker.once("error", fail);
      worker.once("exit", (code) => {
        if (!finished) fail(new Error(`a seed-parsing thread stopped (exit code ${code}) before it had parsed its files`));
      });
    });
  await Promise.all(Array.from({ length: Math.min(threads, Math.ceil(files.length / BATCH)) }, run));
  return results;
}
