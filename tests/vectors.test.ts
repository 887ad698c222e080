import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, centroidOf, dot, type SparseVector } from "../src/vectors.ts";

/** A sparse vector from id → weight pairs (ids sorted, each once). */
function vector(entries: Map<number, number>): SparseVector {
  const ids = [...entries.keys()].sort((x, y) => x - y);
  return { ids: Int32Array.from(ids), weights: Float64Array.from(ids, (id) => entries.get(id)!) };
}

/** The sum as a plain merge of every term, `a`'s weight first: what `add` must equal, bit for bit. */
function reference(a: SparseVector, b: SparseVector): { ids: number[]; weights: number[] } {
  const sum = new Map<number, number>();
  a.ids.forEach((id, i) => sum.set(id, a.weights[i]!));
  b.ids.forEach((id, j) => sum.set(id, sum.has(id) ? sum.get(id)! + b.weights[j]! : b.weights[j]!));
  const ids = [...sum.keys()].sort((x, y) => x - y);
  return { ids, weights: ids.map((id) => sum.get(id)!) };
}

const sparse = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0.001, max: 1, noNaN: true })), { selector: ([id]) => id, maxLength: 120 }).map((pairs) => vector(new Map(pairs)));

describe("vectors", () => {
  it("adds two vectors term by term, the first one's weight first, whatever their lengths", () => {
    fc.assert(
      fc.property(sparse, sparse, (a, b) => {
        const sum = add(a, b);
        const expected = reference(a, b);
        expect([...sum.ids]).toEqual(expected.ids);
        expect([...sum.weights]).toEqual(expected.weights);
      }),
      { numRuns: 2000 },
    );
  });

  it("adds a short vector into a long one, with terms before, between and after the long one's", () => {
    const long = vector(new Map(Array.from({ length: 50 }, (_, k) => [10 + 2 * k, k / 10 + 0.05])));
    const short = vector(new Map([[0, 1], [10, 0.5], [11, 0.25], [108, 0.125], [500, 2]]));
    const sum = add(long, short);
    expect([...sum.ids]).toEqual(reference(long, short).ids);
    expect(sum.weights[1]).toBe(long.weights[0]! + 0.5);
    expect(dot(sum, sum)).toBeGreaterThan(dot(long, long));
  });

  it("gives a group's centroid unit length", () => {
    const c = centroidOf([vector(new Map([[1, 0.6], [2, 0.8]])), vector(new Map([[2, 1]]))]);
    expect(dot(c, c)).toBeCloseTo(1, 12);
  });
});
