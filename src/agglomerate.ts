/**
 * Average-link agglomeration over a sparse candidate graph, shared by stories and storylines:
 * the two neighbouring groups with the highest mean pairwise cosine merge first, as long as the
 * limits allow it. Deterministic: ties break by group index.
 */
import { add, dot, EMPTY, SumStore, type SparseVector } from "./vectors.ts";

/** Limits of a merge: minimum mean and centroid cosines, maximum time span in ms. */
export interface MergeLimits {
  /** Minimum mean pairwise cosine of two groups. */
  average: number;
  /** Minimum cosine of the two groups' centroids when no link joins them. */
  centroid: number;
  /** Minimum centroid cosine when a link joins them. */
  linkedCentroid: number;
  maxSpan: number;
  /** Extra mean cosine asked of a merge per doubling of the merged group beyond `sizeFrom` members. */
  sizeStep?: number;
  sizeFrom?: number;
}

/** A candidate pair of items and whether a link (related link, shared citation) joins them. */
export interface Edge {
  i: number;
  j: number;
  linked: boolean;
}

/** Groups under merging: a union-find with each group's vector sum, members and time span. */
class Groups {
  parent: Int32Array;
  sum: SparseVector[];
  members: number[][];
  first: Float64Array;
  last: Float64Array;
  /** Squared length of each group's vector sum. */
  norm2: Float64Array;
  private store = new SumStore();
  constructor(vectors: readonly SparseVector[], times: readonly number[]) {
    this.parent = Int32Array.from(vectors, (_, i) => i);
    this.sum = [...vectors];
    this.norm2 = new Float64Array(vectors.length);
    for (let i = 0; i < vectors.length; i++) this.norm2[i] = dot(vectors[i]!, vectors[i]!);
    this.members = vectors.map((_, i) => [i]);
    this.first = Float64Array.from(times);
    this.last = Float64Array.from(times);
  }
  /** Mean cosine over all pairs across two groups (the vectors have unit length), from the dot product of their sums. */
  average(a: number, b: number, sums: number): number {
    return sums / (this.members[a]!.length * this.members[b]!.length);
  }
  /** Cosine of the two groups' centroids, from the dot product of their sums. */
  centroid(a: number, b: number, sums: number): number {
    const d = this.norm2[a]! * this.norm2[b]!;
    return d ? sums / Math.sqrt(d) : 0;
  }
  span(a: number, b: number): number {
    return Math.max(this.last[a]!, this.last[b]!) - Math.min(this.first[a]!, this.first[b]!);
  }
  union(a: number, b: number): number {
    const [keep, drop] = this.members[a]!.length >= this.members[b]!.length ? [a, b] : [b, a];
    this.parent[drop] = keep;
    const sum = add(this.sum[keep]!, this.sum[drop]!, this.store);
    this.sum[keep] = sum;
    this.norm2[keep] = dot(sum, sum);
    this.sum[drop] = EMPTY;
    for (const m of this.members[drop]!) this.members[keep]!.push(m);
    this.members[drop] = [];
    this.first[keep] = Math.min(this.first[a]!, this.first[b]!);
    this.last[keep] = Math.max(this.last[a]!, this.last[b]!);
    return keep;
  }
}

/**
 * A binary max-heap of candidate merges, ties broken by group index. Entries stay in the slot they
 * were pushed to (parallel typed arrays, slots reused once popped); the heap orders slot numbers,
 * so sifting moves one integer per level. Each entry keeps the dot product of the two sums its
 * score came from: while the entry is current (its stamp), the sums have not changed, so the
 * centroid test needs no second dot product.
 */
class Heap {
  score: Float64Array;
  sums: Float64Array;
  stamp: Float64Array;
  a: Int32Array;
  b: Int32Array;
  private order: Int32Array;
  private free: number[] = [];
  private slots = 0;
  size = 0;
  /** Room for `capacity` entries at first (it grows past them). */
  constructor(capacity: number) {
    const n = Math.max(capacity, 16);
    [this.score, this.sums, this.stamp] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    [this.a, this.b, this.order] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  }
  private before(x: number, y: number): boolean {
    const s = this.score;
    return s[x]! > s[y]! || (s[x] === s[y] && (this.a[x]! < this.a[y]! || (this.a[x] === this.a[y] && this.b[x]! < this.b[y]!)));
  }
  push(score: number, sums: number, a: number, b: number, stamp: number): void {
    const slot = this.free.pop() ?? this.slots++;
    if (slot === this.score.length) this.grow();
    this.score[slot] = score, this.sums[slot] = sums, this.a[slot] = a, this.b[slot] = b, this.stamp[slot] = stamp;
    const order = this.order;
    let i = this.size++;
    for (let p = (i - 1) >> 1; i > 0 && this.before(slot, order[p]!); i = p, p = (i - 1) >> 1) order[i] = order[p]!;
    order[i] = slot;
  }
  /** Removes the top entry into `out` ([score, a, b, stamp, sums]). */
  pop(out: number[]): void {
    const order = this.order;
    const top = order[0]!;
    out[0] = this.score[top]!, out[1] = this.a[top]!, out[2] = this.b[top]!, out[3] = this.stamp[top]!, out[4] = this.sums[top]!;
    this.free.push(top);
    const slot = order[--this.size]!;
    const last = this.size;
    let i = 0;
    for (;;) {
      let m = slot;
      const l = 2 * i + 1;
      if (l < last && this.before(order[l]!, m)) m = order[l]!;
      if (l + 1 < last && this.before(order[l + 1]!, m)) m = order[l + 1]!;
      if (m === slot) break;
      const child = m === order[l] ? l : l + 1;
      order[i] = m;
      i = child;
    }
    order[i] = slot;
  }
  private grow(): void {
    const twice = <T extends Float64Array | Int32Array>(list: T): T => {
      const more = new (list.constructor as new (n: number) => T)(2 * list.length);
      more.set(list);
      return more;
    };
    this.score = twice(this.score), this.sums = twice(this.sums), this.stamp = twice(this.stamp);
    this.a = twice(this.a), this.b = twice(this.b), this.order = twice(this.order);
  }
}

/**
 * The candidate graph between groups, and whether a link joins two of them. A group's list holds
 * neighbour × 2 + linked and is only appended to between merges (a merge appends the merged group
 * to each neighbour's list): a neighbour may be listed twice, and a group merged away stays listed
 * until the list is rebuilt. Links only accumulate, so any linked entry is the current answer.
 * (A Map per group, with a delete in every neighbour's Map per merge, cost more than the merges.)
 */
class Neighbours {
  private lists: number[][];
  private seen: Int32Array;
  private at: Int32Array;
  private round = 0;
  constructor(count: number, edges: readonly Edge[]) {
    this.lists = Array.from({ length: count }, () => []);
    for (const { i, j, linked } of edges) this.lists[i]!.push(j * 2 + +linked), this.lists[j]!.push(i * 2 + +linked);
    this.seen = new Int32Array(count);
    this.at = new Int32Array(count);
  }
  /** Whether a link joins neighbouring groups `a` and `b`. */
  linked(a: number, b: number): boolean {
    for (const e of this.lists[a]!) if (e === b * 2 + 1) return true;
    return false;
  }
  /** Adds the live groups of `from` but `keep` to `list`, once each, linked when any entry is. */
  private gather(from: readonly number[], keep: number, live: (m: number) => boolean, list: number[]): void {
    for (let k = 0; k < from.length; k++) {
      const e = from[k]!;
      const m = e >> 1;
      if (m === keep || !live(m)) continue;
      if (this.seen[m] !== this.round) (this.seen[m] = this.round), (this.at[m] = list.length), list.push(e);
      else list[this.at[m]!]! |= e & 1;
    }
  }
  /**
   * After `drop` merged into `keep`: keep's neighbours are the groups still `live` in either list,
   * linked when either was; each of them now lists keep. Returns keep's neighbours (× 2 + linked).
   */
  merge(keep: number, drop: number, live: (m: number) => boolean): number[] {
    const list: number[] = [];
    this.round++;
    this.gather(this.lists[keep]!, keep, live, list);
    this.gather(this.lists[drop]!, keep, live, list);
    this.lists[keep] = list;
    this.lists[drop] = [];
    for (const e of list) this.lists[e >> 1]!.push(keep * 2 + (e & 1));
    return list;
  }
}

/**
 * Merges items into groups along candidate edges, most similar first: two groups merge while their
 * mean pairwise cosine is at least `limits.average` (more for big groups when `sizeStep` is set),
 * the merged group spans at most `limits.maxSpan` ms, their centroids are close enough (closer when
 * no link joins them) and `allowed` (when given) accepts the two member lists. Returns the groups.
 */
export function mergeGroups(
  vectors: readonly SparseVector[],
  times: readonly number[],
  edges: readonly Edge[],
  limits: MergeLimits,
  allowed?: (a: readonly number[], b: readonly number[]) => boolean,
): number[][] {
  const groups = new Groups(vectors, times);
  const neighbours = new Neighbours(vectors.length, edges);
  const live = (m: number) => groups.parent[m] === m;
  const stamp = new Float64Array(vectors.length);
  // Every edge is pushed once, and each merge pushes its neighbours again: twice the edges is seldom outgrown.
  const heap = new Heap(2 * edges.length);
  const step = limits.sizeStep ?? 0;
  const from = limits.sizeFrom ?? Infinity;
  const push = (a: number, b: number) => {
    const x = Math.min(a, b);
    const y = Math.max(a, b);
    const sums = dot(groups.sum[x]!, groups.sum[y]!);
    const score = groups.average(x, y, sums);
    if (score >= limits.average) heap.push(score, sums, x, y, stamp[x]! * 2 ** 26 + stamp[y]!);
  };
  for (const { i, j } of edges) push(i, j);
  const e = [0, 0, 0, 0, 0];
  while (heap.size) {
    heap.pop(e);
    const [score, a, b, st, sums] = e as [number, number, number, number, number];
    if (st !== stamp[a]! * 2 ** 26 + stamp[b]! || !live(a) || !live(b)) continue;
    const size = groups.members[a]!.length + groups.members[b]!.length;
    if (size > from && score < limits.average + step * Math.log2(size / from)) continue;
    const gate = neighbours.linked(a, b) ? limits.linkedCentroid : limits.centroid;
    if (groups.span(a, b) > limits.maxSpan || groups.centroid(a, b, sums) < gate) continue;
    if (allowed && !allowed(groups.members[a]!, groups.members[b]!)) continue;
    const keep = groups.union(a, b);
    stamp[keep]!++;
    for (const m of neighbours.merge(keep, keep === a ? b : a, live)) push(keep, m >> 1);
  }
  return groups.members.filter((m) => m.length > 0).map((m) => m.sort((x, y) => x - y));
}
