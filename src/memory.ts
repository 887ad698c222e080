/**
 * Memory: the one place a build asks V8 for a full garbage collection.
 *
 * A build allocates in waves: the pipeline's (parse, clustering, views, page keys), then
 * Eleventy's rendering, then the feeds and the API. Between them most of the heap is garbage
 * (at 50,000 seeds, 800 MB of a 1.4 GB heap after the page plan), which V8 keeps until its heap
 * grows far enough; collecting at those points keeps the peak near what is live.
 */

/**
 * A full garbage collection, when the build runs with `--expose-gc` (`npm run build` does): called
 * after the digest, after the page plan and after rendering. Without the flag (tests, `npm start`)
 * it does nothing.
 */
export function releaseGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
