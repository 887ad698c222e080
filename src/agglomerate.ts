/**
 * Average-link agglomeration over a sparse candidate graph, shared by stories and storylines:
 * the two neighbouring groups with the highest mean pairwise cosine merge first, as long as the
 * limits allow it. Deterministic: ties break by group index.
 */
import { add, dot, EMPTY, type SparseVector } from "./vectors.ts";

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
  constructor(vectors: readonly SparseVector[], times: readonly number[]) {
    this.parent = Int32Array.from(vectors, (_, i) => i);
    this.sum = [...vectors];
    this.norm2 = Float64Array.from(vectors, (v) => dot(v, v));
    this.members = vectors.map((_, i) => [i]);
    this.first = Float64Array.from(times);
    this.last = Float64Array.from(times);
  }
  /** Mean cosine over all pairs across two groups (the vectors have unit length). */
  average(a: number, b: number): number {
    return dot(this.sum[a]!, this.sum[b]!) / (this.members[a]!.length * this.members[b]!.length);
  }
  /** Cosine of the two groups' centroids. */
  centroid(a: number, b: number): number {
    const d = this.norm2[a]! * this.norm2[b]!;
    return d ? dot(this.sum[a]!, this.sum[b]!) / Math.sqrt(d) : 0;
  }
  span(a: number, b: number): number {
    return Math.max(this.last[a]!, this.last[b]!) - Math.min(this.first[a]!, this.first[b]!);
  }
  union(a: number, b: number): number {
    const [keep, drop] = this.members[a]!.length >= this.members[b]!.length ? [a, b] : [b, a];
    this.parent[drop] = keep;
    const sum = add(this.sum[keep]!, this.sum[drop]!);
    this.sum[keep] = sum;
    this.norm2[keep] = dot(sum, sum);
    this.sum[drop] = EMPTY;
    this.members[keep] = this.members[keep]!.concat(this.members[drop]!);
    this.members[drop] = [];
    this.first[keep] = Math.min(this.first[a]!, this.first[b]!);
    this.last[keep] = Math.max(this.last[a]!, this.last[b]!);
    return keep;
  }
}

/** A binary max-heap of candidate merges in parallel arrays, ties broken by group index. */
class Heap {
  score: number[] = [];
  a: number[] = [];
  b: number[] = [];
  stamp: number[] = [];
  get size(): number {
    return this.score.length;
  }
  private before(x: number, y: number): boolean {
    const s = this.score;
    return s[x]! > s[y]! || (s[x] === s[y] && (this.a[x]! < this.a[y]! || (this.a[x] === this.a[y] && this.b[x]! < this.b[y]!)));
  }
  private swap(x: number, y: number): void {
    swapIn(this.score, x, y), swapIn(this.a, x, y), swapIn(this.b, x, y), swapIn(this.stamp, x, y);
  }
  push(score: number, a: number, b: number, stamp: number): void {
    let i = this.score.push(score) - 1;
    this.a.push(a), this.b.push(b), this.stamp.push(stamp);
    for (let p = (i - 1) >> 1; i > 0 && this.before(i, p); i = p, p = (i - 1) >> 1) this.swap(i, p);
  }
  /** Removes the top entry into `out` ([score, a, b, stamp]). */
  pop(out: number[]): void {
    out[0] = this.score[0]!, out[1] = this.a[0]!, out[2] = this.b[0]!, out[3] = this.stamp[0]!;
    const last = this.size - 1;
    this.swap(0, last);
    this.score.pop(), this.a.pop(), this.b.pop(), this.stamp.pop();
    for (let i = 0; ; ) {
      let m = i;
      const l = 2 * i + 1;
      if (l < last && this.before(l, m)) m = l;
      if (l + 1 < last && this.before(l + 1, m)) m = l + 1;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

function swapIn(list: number[], x: number, y: number): void {
  const item = list[x]!;
  list[x] = list[y]!;
  list[y] = item;
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
  const neighbours: Map<number, boolean>[] = vectors.map(() => new Map());
  const stamp = new Float64Array(vectors.length);
  const heap = new Heap();
  const step = limits.sizeStep ?? 0;
  const from = limits.sizeFrom ?? Infinity;
  const push = (a: number, b: number) => {
    const x = Math.min(a, b);
    const y = Math.max(a, b);
    const score = groups.average(x, y);
    if (score >= limits.average) heap.push(score, x, y, stamp[x]! * 2 ** 26 + stamp[y]!);
  };
  for (const { i, j, linked } of edges) {
    neighbours[i]!.set(j, linked || (neighbours[i]!.get(j) ?? false));
    neighbours[j]!.set(i, linked || (neighbours[j]!.get(i) ?? false));
  }
  for (const { i, j } of edges) push(i, j);
  const e = [0, 0, 0, 0];
  while (heap.size) {
    heap.pop(e);
    const [score, a, b, st] = e as [number, number, number, number];
    if (st !== stamp[a]! * 2 ** 26 + stamp[b]! || groups.parent[a] !== a || groups.parent[b] !== b) continue;
    const size = groups.members[a]!.length + groups.members[b]!.length;
    if (size > from && score < limits.average + step * Math.log2(size / from)) continue;
    const gate = neighbours[a]!.get(b) ? limits.linkedCentroid : limits.centroid;
    if (groups.span(a, b) > limits.maxSpan || groups.centroid(a, b) < gate) continue;
    if (allowed && !allowed(groups.members[a]!, groups.members[b]!)) continue;
    const keep = groups.union(a, b);
    const drop = keep === a ? b : a;
    stamp[keep]!++;
    const merged = neighbours[keep]!;
    for (const [m, linked] of neighbours[drop]!) {
      neighbours[m]!.delete(drop);
      if (m !== keep) merged.set(m, linked || (merged.get(m) ?? false));
    }
    merged.delete(drop);
    neighbours[drop] = new Map();
    for (const [m, linked] of merged) {
      neighbours[m]!.set(keep, linked);
      push(keep, m);
    }
  }
  return groups.members.filter((m) => m.length > 0).map((m) => m.sort((x, y) => x - y));
}
