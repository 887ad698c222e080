import { describe, expect, it } from "vitest";
import { bcubedScores, evaluateGrouping, evaluatePairs, pairwiseScores } from "../src/evaluate.ts";

describe("pairwiseScores", () => {
  it("scores a perfect grouping 1 and 1", () => {
    const gold = [["a", "b", "c"], ["d"]];
    expect(pairwiseScores([["c", "b", "a"], ["d"]], gold)).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it("counts same-group pairs: one right pair of three predicted, one of three gold", () => {
    // predicted pairs: ab, ad, bd; gold pairs: ab, ac, bc → 1 shared.
    const s = pairwiseScores([["a", "b", "d"], ["c"]], [["a", "b", "c"], ["d"]]);
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(1 / 3);
    expect(s.f1).toBeCloseTo(1 / 3);
  });

  it("treats items the prediction leaves out as groups of their own", () => {
    expect(pairwiseScores([["a", "b"]], [["a", "b"], ["c", "d"]])).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
  });

  it("ignores predicted items that have no gold label", () => {
    expect(pairwiseScores([["a", "b", "x", "y"]], [["a", "b"]])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it("gives precision 1 when nothing is predicted together", () => {
    expect(pairwiseScores([], [["a", "b"]])).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});

describe("bcubedScores", () => {
  it("averages per item, so one big wrong group costs each of its items", () => {
    // Gold {a,b} {c}; predicted {a,b,c}: precision a=2/3 b=2/3 c=1/3, recall all 1.
    const s = bcubedScores([["a", "b", "c"]], [["a", "b"], ["c"]]);
    expect(s.precision).toBeCloseTo(5 / 9);
    expect(s.recall).toBe(1);
  });

  it("scores all singletons against one gold group as precision 1, recall 1/n", () => {
    const s = bcubedScores([], [["a", "b", "c", "d"]]);
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(1 / 4);
  });
});

describe("evaluateGrouping", () => {
  it("returns pairwise and B-cubed scores together", () => {
    const e = evaluateGrouping([["a", "b"]], [["a", "b"]]);
    expect(e.pairwise.f1).toBe(1);
    expect(e.bcubed.f1).toBe(1);
  });
});

describe("evaluatePairs", () => {
  it("counts accuracy, precision and recall of same-story decisions", () => {
    const s = evaluatePairs([
      { predicted: true, gold: true },
      { predicted: true, gold: false },
      { predicted: false, gold: true },
      { predicted: false, gold: false },
    ]);
    expect(s).toEqual({ accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});
