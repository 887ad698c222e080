import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeGroups, type Edge, type MergeLimits } from "../src/agglomerate.ts";
import { dot, type SparseVector } from "../src/vectors.ts";

/** The plain sum of two vectors: a fresh merge, `a`'s weight first. */
function plainAdd(a: SparseVector, b: SparseVector): SparseVector {
  const ids: number[] = [];
  const weights: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    if (j === b.ids.length || (i < a.ids.length && a.ids[i]! < b.ids[j]!)) ids.push(a.ids[i]!), weights.push(a.weights[i++]!);
    else if (i === a.ids.length || b.ids[j]! < a.ids[i]!) ids.push(b.ids[j]!), weights.push(b.weights[j++]!);
    else ids.push(a.ids[i]!), weights.push(a.weights[i++]! + b.weights[j++]!);
  }
  return { ids: Int32Array.from(ids), weights: Float64Array.from(weights) };
}

/**
 * The merging the plain way, as it was written before it was made faster: a Map of neighbours per
 * group (deleted from on every merge), a heap of arrays that swaps whole entries, the centroid's
 * dot product computed again. `mergeGroups` must give the same groups.
 */
function plainMergeGroups(vectors: readonly SparseVector[], times: readonly number[], edges: readonly Edge[], limits: MergeLimits, allowed?: (a: readonly number[], b: readonly number[]) => boolean): number[][] {
  const parent = vectors.map((_, i) => i);
  const sum = [...vectors];
  const norm2 = vectors.map((v) => dot(v, v));
  const members = vectors.map((_, i) => [i]);
  const first = [...times];
  const last = [...times];
  const neighbours: Map<number, boolean>[] = vectors.map(() => new Map());
  const stamp = vectors.map(() => 0);
  const heap: Array<[number, number, number, number]> = [];
  const before = (x: [number, number, number, number], y: [number, number, number, number]) => x[0] > y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
  const push = (a: number, b: number) => {
    const [x, y] = [Math.min(a, b), Math.max(a, b)];
    const score = dot(sum[x]!, sum[y]!) / (members[x]!.length * members[y]!.length);
    if (score >= limits.average) heap.push([score, x, y, stamp[x]! * 2 ** 26 + stamp[y]!]);
  };
  for (const { i, j, linked } of edges) {
    neighbours[i]!.set(j, linked || (neighbours[i]!.get(j) ?? false));
    neighbours[j]!.set(i, linked || (neighbours[j]!.get(i) ?? false));
  }
  for (const { i, j } of edges) push(i, j);
  while (heap.length) {
    const top = heap.reduce((best, entry) => (before(entry, best) ? entry : best));
    heap.splice(heap.indexOf(top), 1);
    const [score, a, b, st] = top;
    if (st !== stamp[a]! * 2 ** 26 + stamp[b]! || parent[a] !== a || parent[b] !== b) continue;
    const size = members[a]!.length + members[b]!.length;
    const from = limits.sizeFrom ?? Infinity;
    if (size > from && score < limits.average + (limits.sizeStep ?? 0) * Math.log2(size / from)) continue;
    const gate = neighbours[a]!.get(b) ? limits.linkedCentroid : limits.centroid;
    const d = norm2[a]! * norm2[b]!;
    const centroid = d ? dot(sum[a]!, sum[b]!) / Math.sqrt(d) : 0;
    if (Math.max(last[a]!, last[b]!) - Math.min(first[a]!, first[b]!) > limits.maxSpan || centroid < gate) continue;
    if (allowed && !allowed(members[a]!, members[b]!)) continue;
    const [keep, drop] = members[a]!.length >= members[b]!.length ? [a, b] : [b, a];
    parent[drop] = keep;
    sum[keep] = plainAdd(sum[keep]!, sum[drop]!);
    norm2[keep] = dot(sum[keep]!, sum[keep]!);
    members[keep] = members[keep]!.concat(members[drop]!);
    members[drop] = [];
    first[keep] = Math.min(first[a]!, first[b]!);
    last[keep] = Math.max(last[a]!, last[b]!);
    stamp[keep]!++;
    const merged = neighbours[keep]!;
    for (const [m, linked] of neighbours[drop]!) {
      neighbours[m]!.delete(drop);
      if (m !== keep) merged.set(m, linked || (merged.get(m) ?? false));
    }
    merged.delete(drop);
    neighbours[drop] = new Map();
    for (const [m, linked] of merged) neighbours[m]!.set(keep, linked), push(keep, m);
  }
  return members.filter((m) => m.length > 0).map((m) => m.sort((x, y) => x - y));
}

/** Unit vectors over a few terms (so that many pairs are alike), with a time each. */
const items = fc.array(
  fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 30 })),
  { minLength: 2, maxLength: 40 },
);

function unitVector(ids: number[], weights: number[]): SparseVector {
  const sorted = [...ids].sort((x, y) => x - y);
  const norm = Math.sqrt(sorted.reduce((s, _, k) => s + weights[k]! * weights[k]!, 0));
  return { ids: Int32Array.from(sorted), weights: Float64Array.from(sorted, (_, k) => weights[k]! / norm) };
}

describe("mergeGroups", () => {
  it("merges as the plain computation does, on random graphs, limits and merge tests", () => {
    fc.assert(
      fc.property(
        items,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean())),
        fc.record({ average: fc.constantFrom(0.05, 0.2, 0.4), centroid: fc.constantFrom(0, 0.3, 0.6), linkedCentroid: fc.constantFrom(0, 0.2), maxSpan: fc.constantFrom(10, Infinity), sizeStep: fc.constantFrom(0, 0.05), sizeFrom: fc.constantFrom(3, 8) }),
        fc.integer({ min: 0, max: 3 }),
        (list, pairs, limits, rule) => {
          const vectors = list.map(([ids, weights]) => unitVector(ids, weights));
          const times = list.map(([, , t]) => t);
          const edges = pairs.map(([i, j, linked]) => ({ i: i % list.length, j: j % list.length, linked })).filter((e) => e.i !== e.j);
          // A merge test that depends on the members, as the different-name rule does.
          const allowed = rule === 0 ? undefined : (a: readonly number[], b: readonly number[]) => (a.reduce((s, m) => s + m, 0) + b.length) % (rule + 1) !== 0;
          expect(mergeGroups(vectors, times, edges, limits, allowed)).toEqual(plainMergeGroups(vectors, times, edges, limits, allowed));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
