/**
 * Sparse TF-IDF vectors over integer term ids: a vocabulary, document frequencies, unit-length
 * vectors as sorted typed arrays, dot products by merge-join, and vector sums for groups.
 * Typed arrays instead of `Map<string, number>` keep the clustering free of per-term allocations.
 */

/** A sparse vector: term ids in increasing order and their weights. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Token ↔ term id, and how many documents use each term. */
export class Vocabulary {
  readonly idOf = new Map<string, number>();
  readonly terms: string[] = [];
  /** Document frequency by term id. */
  df: number[] = [];
  /** Documents counted; idf treats fewer than 1,000 as 1,000 (a small collection says little about which words are common). */
  docs = 0;
  /** The last document (its count) that used each term: counts a document's distinct terms without a Set. */
  private lastDoc: number[] = [];
  private idfs: Float64Array | null = null;

  /** The id of a token, assigned on first sight. */
  id(token: string): number {
    let id = this.idOf.get(token);
    if (id === undefined) {
      id = this.terms.length;
      this.idOf.set(token, id);
      this.terms.push(token);
      this.df.push(0);
      this.lastDoc.push(0);
      this.idfs = null;
    }
    return id;
  }

  /** Counts one document's distinct terms: `ids[from..to)` (ids may repeat). */
  count(ids: ArrayLike<number>, from = 0, to = ids.length): void {
    const doc = ++this.docs;
    for (let k = from; k < to; k++) {
      const id = ids[k]!;
      if (this.lastDoc[id] !== doc) (this.lastDoc[id] = doc), this.df[id]!++;
    }
    this.idfs = null;
  }

  /** Inverse document frequency, smoothed so a term in every document still weighs a little. */
  idf(id: number): number {
    return Math.log((Math.max(this.docs, 1000) + 1) / ((this.df[id] ?? 0) + 0.5));
  }

  /** `idf` of every term id, made once per state of the counts (one logarithm per term, not per use). */
  idfTable(): Float64Array {
    if (!this.idfs) this.idfs = Float64Array.from(this.df, (_, id) => this.idf(id));
    return this.idfs;
  }
}

/** The empty vector. */
export const EMPTY: SparseVector = { ids: new Int32Array(0), weights: new Float64Array(0) };

/** The term-id lists of many documents in one array: document `d`'s ids are `ids[start[d]..start[d + 1])`. */
export interface TermLists {
  ids: Int32Array;
  start: Int32Array;
}

/**
 * Unit-length TF-IDF vectors (sublinear tf) of every list of term ids; `boost` multiplies the
 * weight of the terms it returns more than 1 for (names and numbers). The vectors are views of two
 * shared typed arrays: allocating four small typed arrays per document cost more than the sums.
 */
export function tfidfAll(lists: TermLists, vocab: Vocabulary, boost?: (id: number) => number): SparseVector[] {
  const ids = new Int32Array(lists.start[lists.start.length - 1] ?? 0);
  const weights = new Float64Array(ids.length);
  const idf = vocab.idfTable();
  const vectors: SparseVector[] = [];
  let n = 0;
  for (let d = 0; d + 1 < lists.start.length; d++) {
    const from = n;
    const end = from + lists.start[d + 1]! - lists.start[d]!;
    for (let k = lists.start[d]!, at = from; at < end; ) ids[at++] = lists.ids[k++]!;
    ids.subarray(from, end).sort();
    // Each distinct id is written back over the sorted run it came from (the write never passes the read).
    let norm = 0;
    for (let k = from; k < end; ) {
      const id = ids[k]!;
      let count = 0;
      while (k < end && ids[k] === id) k++, count++;
      const w = (1 + Math.log(count)) * idf[id]! * (boost ? boost(id) : 1);
      if (w <= 0) continue;
      ids[n] = id;
      weights[n++] = w;
      norm += w * w;
    }
    const scale = norm ? 1 / Math.sqrt(norm) : 0;
    for (let k = from; k < n; k++) weights[k] = weights[k]! * scale;
    vectors.push({ ids: ids.subarray(from, n), weights: weights.subarray(from, n) });
  }
  return vectors;
}

/** Dot product by merge-join; the cosine when both vectors have unit length. */
export function dot(a: SparseVector, b: SparseVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Terms per chunk of a `SumStore`. */
const CHUNK = 1 << 16;

/**
 * Room for the vector sums of one merging, handed out in order from large chunks: a sum is a view
 * of a chunk, never two typed arrays of its own (which cost more to allocate and collect than to
 * fill). Space is never reused, so every sum handed out stays valid while the store lives.
 */
export class SumStore {
  ids: Int32Array;
  weights: Float64Array;
  /** Terms of the current chunk already handed out. */
  used = 0;
  constructor(private readonly chunk = CHUNK) {
    this.ids = new Int32Array(chunk);
    this.weights = new Float64Array(chunk);
  }
  /** Makes room for `n` terms from `used`, in a new chunk when the current one is too full. */
  reserve(n: number): void {
    if (this.used + n <= this.ids.length) return;
    this.ids = new Int32Array(Math.max(n, this.chunk));
    this.weights = new Float64Array(this.ids.length);
    this.used = 0;
  }
}

/**
 * The sum of two vectors (a group's vector sum after a merge), in `store` (by default, arrays of
 * its own). A group absorbs smaller ones one at a time, so `b` is usually much shorter than `a`:
 * each of `b`'s terms is found in `a` by binary search, and the runs of `a` between them are
 * copied as blocks (native copies, not a loop over every term of a large group).
 */
export function add(a: SparseVector, b: SparseVector, store = new SumStore(a.ids.length + b.ids.length)): SparseVector {
  store.reserve(a.ids.length + b.ids.length);
  const { ids, weights } = store;
  const start = store.used;
  let i = 0;
  let n = start;
  for (let j = 0; j < b.ids.length; j++) {
    const y = b.ids[j]!;
    const below = firstAtLeast(a.ids, y, i);
    n = copyRun(a, i, below, store, n);
    i = below;
    ids[n] = y;
    weights[n++] = i < a.ids.length && a.ids[i] === y ? a.weights[i++]! + b.weights[j]! : b.weights[j]!;
  }
  n = copyRun(a, i, a.ids.length, store, n);
  store.used = n;
  return { ids: ids.subarray(start, n), weights: weights.subarray(start, n) };
}

/** Copies `a`'s terms `from..to` into `store` at `at`; returns where the next term goes. Native block copies only pay past a few dozen terms. */
function copyRun(a: SparseVector, from: number, to: number, store: SumStore, at: number): number {
  if (to - from > 32) {
    store.ids.set(a.ids.subarray(from, to), at);
    store.weights.set(a.weights.subarray(from, to), at);
    return at + to - from;
  }
  for (let k = from; k < to; k++, at++) (store.ids[at] = a.ids[k]!), (store.weights[at] = a.weights[k]!);
  return at;
}

/** The first index from `from` whose id is at least `id` (ids ascending). */
function firstAtLeast(ids: Int32Array, id: number, from: number): number {
  let lo = from;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sum of several vectors, scaled to unit length (a group's centroid direction). */
export function centroidOf(vectors: readonly SparseVector[], store?: SumStore): SparseVector {
  let sum = EMPTY;
  for (const v of vectors) sum = add(sum, v, store);
  const norm = Math.sqrt(dot(sum, sum));
  return norm ? { ids: sum.ids, weights: sum.weights.map((w) => w / norm) } : sum;
}

/**
 * The `count` term ids that weigh most in both vectors (by the smaller of the two weights; ties to
 * the lower id). Kept in a short sorted list as the merge-join goes: `count` is 3, the shared terms
 * dozens, and sorting them all took longer than finding them.
 */
export function sharedTermIds(a: SparseVector, b: SparseVector, count: number): number[] {
  const ids: number[] = [];
  const weights: number[] = [];
  for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length; ) {
    if (a.ids[i] !== b.ids[j]) {
      if (a.ids[i]! < b.ids[j]!) i++;
      else j++;
      continue;
    }
    const id = a.ids[i]!;
    const w = Math.min(a.weights[i++]!, b.weights[j++]!);
    // Ids come in increasing order, so an equal weight already kept goes first.
    let k = Math.min(ids.length, count - 1);
    if (k < 0 || (k < ids.length && w <= weights[k]!)) continue;
    for (; k > 0 && w > weights[k - 1]!; k--) (ids[k] = ids[k - 1]!), (weights[k] = weights[k - 1]!);
    ids[k] = id;
    weights[k] = w;
  }
  return ids;
}
