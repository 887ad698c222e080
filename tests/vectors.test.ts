import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, centroidOf, dot, sharedTermIds, SumStore, tfidfAll, Vocabulary, type SparseVector } from "../src/vectors.ts";

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

/** One document's TF-IDF vector the plain way: sorted copy, `vocab.idf` per term, fresh arrays. What `tfidfAll` must equal, bit for bit. */
function plainTfidf(list: readonly number[], vocab: Vocabulary, boost?: (id: number) => number): { ids: number[]; weights: number[] } {
  const sorted = [...list].sort((x, y) => x - y);
  const ids: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  for (let k = 0; k < sorted.length; ) {
    const id = sorted[k]!;
    let count = 0;
    while (sorted[k] === id) k++, count++;
    const w = (1 + Math.log(count)) * vocab.idf(id) * (boost ? boost(id) : 1);
    if (w <= 0) continue;
    ids.push(id);
    weights.push(w);
    norm += w * w;
  }
  const scale = norm ? 1 / Math.sqrt(norm) : 0;
  return { ids, weights: weights.map((w) => w * scale) };
}

/** Documents as term-id lists (ids repeat), and how many more documents the vocabulary counted. */
const documents = fc.tuple(fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), { maxLength: 12 }), fc.integer({ min: 0, max: 1200 }));

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

  it("keeps every sum made in one store intact while more are made, across its chunks", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(sparse, sparse), { maxLength: 12 }), (pairs) => {
        const store = new SumStore(150);
        const sums = pairs.map(([a, b]) => add(a, b, store));
        sums.forEach((sum, k) => expect({ ids: [...sum.ids], weights: [...sum.weights] }).toEqual(reference(pairs[k]![0], pairs[k]![1])));
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

  it("makes every document's TF-IDF vector as the plain computation does, with and without a boost", () => {
    fc.assert(
      fc.property(documents, fc.boolean(), ([lists, more], boosted) => {
        const vocab = new Vocabulary();
        for (let t = 0; t <= 60; t++) vocab.id(`t${t}`);
        const flat = { ids: Int32Array.from(lists.flat()), start: Int32Array.from([0, ...lists.map((_, d) => lists.slice(0, d + 1).flat().length)]) };
        for (const list of lists) vocab.count(list);
        // Common terms weigh little; a boost of 0 drops a term (a weight ≤ 0 is never kept).
        for (let k = 0; k < more; k++) vocab.count([k % 3, 60]);
        const boost = boosted ? (id: number) => (id % 5 === 0 ? 2 : id === 7 ? 0 : 1) : undefined;
        const vectors = tfidfAll(flat, vocab, boost);
        expect(vectors.length).toBe(lists.length);
        vectors.forEach((v, d) => expect({ ids: [...v.ids], weights: [...v.weights] }).toEqual(plainTfidf(lists[d]!, vocab, boost)));
      }),
      { numRuns: 3000 },
    );
  });

  it("counts a term once per document however often the document uses it", () => {
    const vocab = new Vocabulary();
    const [a, b] = [vocab.id("a"), vocab.id("b")];
    vocab.count([a, a, b, a]);
    vocab.count([7, 7, a, 9], 2, 3);
    expect([vocab.df[a], vocab.df[b], vocab.docs]).toEqual([2, 1, 2]);
    expect(vocab.idfTable()[a]).toBe(vocab.idf(a));
  });

  it("picks the shared terms that weigh most as sorting them all does, ties to the lower id", () => {
    // Few distinct weights, so that ties are common.
    const coarse = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom(0.1, 0.2, 0.25, 0.5)), { selector: ([id]) => id, maxLength: 40 }).map((pairs) => vector(new Map(pairs)));
    fc.assert(
      fc.property(coarse, coarse, fc.integer({ min: 0, max: 5 }), (a, b, count) => {
        const shared: Array<[number, number]> = [];
        a.ids.forEach((id, i) => {
          const j = b.ids.indexOf(id);
          if (j >= 0) shared.push([id, Math.min(a.weights[i]!, b.weights[j]!)]);
        });
        shared.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
        expect(sharedTermIds(a, b, count)).toEqual(shared.slice(0, count).map(([id]) => id));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives a group's centroid unit length", () => {
    const c = centroidOf([vector(new Map([[1, 0.6], [2, 0.8]])), vector(new Map([[2, 1]]))]);
    expect(dot(c, c)).toBeCloseTo(1, 12);
  });
});
