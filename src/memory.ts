/**
 * Memory: the one place a build asks V8 for a full garbage collection.
 *
 * A build allocates in waves: the pipeline's (parse, clustering, views, page keys), then
 * Eleventy's rendering, then the feeds and the API. Between them most of the heap is garbage
 * (at 50,000 seeds, 800 MB of a 1.4 GB heap after the page plan), which V8 keeps until its heap
 * grows far enough; collecting at those points keeps the peak near what is live.
 *
 * `npm run build` also runs Node with `--heap-growing-percent=200`: after a full collection the
 * heap may grow to 3× what was live before the next one. V8's own choice let a 50k render reach
 * 1.96 GiB; growing by 100 % kept it at 1.5 GiB but collected so often that it took 10 s longer.
 */
import { getHeapStatistics } from "node:v8";

/**
 * Heap in use above which a collection is worth its time. Below it (10,000 seeds: 300–500 MB)
 * three collections cost 0.2 s of a 6 s build and only save memory nobody is short of.
 */
const COLLECT_ABOVE_BYTES = 768 * 1024 * 1024;

/**
 * A full garbage collection when the heap is large and the build runs with `--expose-gc`
 * (`npm run build` does): called after the digest, after the page plan and after rendering.
 * Without the flag (tests, `npm start`) it does nothing.
 */
export function releaseGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && getHeapStatistics().used_heap_size > COLLECT_ABOVE_BYTES) gc();
}
