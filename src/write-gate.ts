/**
 * The write gate: how a build that fails stops its own threads from writing into its temporary
 * folder before it removes the folder.
 *
 * The page writer (file-placer.ts) and the search thread (search.ts) write into the new site on
 * threads of their own, which run on while the main thread's "exit" handlers do. A crashed build
 * removed its folder, and a thread caught mid-write made it again (`.site.building-<pid>/` left
 * behind). So each of their writes goes through the gate: it counts itself in (`writing`), then
 * looks whether the gate is shut; the build shuts the gate, then waits until no write is counted.
 * With sequentially consistent atomics one of the two sides always sees the other: a write either
 * sees the gate shut and is not made, or is waited for.
 *
 * The gate is one per process, in shared memory every thread gets (`workerData`), kept on
 * `globalThis` under a registered symbol: `npm run build` bundles its entry and its config apart
 * (launch.mjs), each with its own copy of this module, and the entry shuts what the config's
 * threads use.
 *
 * A failed build's clean-up runs in an "exit" handler, where no event loop turns: its waits (for
 * a killed Pagefind to end, for the folder to stay away) are `pollSync`'s.
 */

/** Slot 0: 1 once shut. Slot 1: writes under way. */
const SHUT = 0;
const WRITING = 1;

/** This process's gate. */
export function writeGate(): Int32Array {
  const slot = Symbol.for("broadsheet.writeGate");
  const shared = globalThis as Record<symbol, Int32Array | undefined>;
  return (shared[slot] ??= new Int32Array(new SharedArrayBuffer(8)));
}

/**
 * Shuts the gate: no write starts from now on. Waits until the writes under way have ended, for
 * `waitMs` at most; returns whether they had (false: one is still under way, a disk that hangs).
 */
export function shutWriteGate(gate = writeGate(), waitMs = 2000): boolean {
  Atomics.store(gate, SHUT, 1);
  let left = waitMs;
  for (let writing = Atomics.load(gate, WRITING); writing !== 0; writing = Atomics.load(gate, WRITING)) {
    if (left <= 0) return false;
    const start = performance.now();
    Atomics.wait(gate, WRITING, writing, left);
    left -= performance.now() - start;
  }
  return true;
}

/**
 * A thread's side of the gate, as JavaScript source for threads that run no loader:
 * `through(gate, write)` runs `write` and returns true, or returns false (and runs nothing) once
 * the gate is shut.
 */
export const GATE_SOURCE = `
function through(gate, write) {
  Atomics.add(gate, ${WRITING}, 1);
  try {
    if (Atomics.load(gate, ${SHUT}) === 1) return false;
    write();
    return true;
  } finally {
    if (Atomics.sub(gate, ${WRITING}, 1) === 1) Atomics.notify(gate, ${WRITING});
  }
}
`;

/**
 * Asks `done` every `everyMs` (sleeping this thread between asks, no event loop needed) until it
 * says true, for `atMostMs` at most; returns its last answer.
 */
export function pollSync(done: () => boolean, everyMs: number, atMostMs: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let left = atMostMs; left > 0; left -= everyMs) {
    if (done()) return true;
    Atomics.wait(pause, 0, 0, Math.min(everyMs, left));
  }
  return done();
}
