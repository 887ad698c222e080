/**
 * Clustering metrics: pairwise and B-cubed precision, recall and F1 of a predicted grouping against
 * a gold grouping (Amigó et al., 2009), and accuracy on labelled pairs. Pure functions.
 *
 * A grouping is a list of groups of item ids. Only items of the gold grouping are scored; an item
 * the prediction leaves out counts as a group of its own.
 */

/** Precision, recall and their harmonic mean. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise and B-cubed scores of one grouping. */
export interface GroupingScores {
  pairwise: Scores;
  bcubed: Scores;
}

/** Scores of a binary same-story decision on labelled pairs. */
export interface PairScores extends Scores {
  accuracy: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function scores(precision: number, recall: number): Scores {
  return { precision, recall, f1: f1(precision, recall) };
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Group index of every item, for the items of `restrict` only; missing items get their own. */
function groupIndex(groups: readonly (readonly string[])[], restrict: ReadonlySet<string>): Map<string, string> {
  const index = new Map<string, string>();
  groups.forEach((group, i) => {
    for (const id of group) if (restrict.has(id)) index.set(id, `g${i}`);
  });
  for (const id of restrict) if (!index.has(id)) index.set(id, `i${id}`);
  return index;
}

function countBy(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * Pairwise scores: precision is the share of predicted same-group pairs that are gold same-group
 * pairs, recall the share of gold pairs predicted. Precision is 1 when nothing is predicted
 * together, recall is 1 when the gold grouping has no pairs.
 */
export function pairwiseScores(
  predicted: readonly (readonly string[])[],
  gold: readonly (readonly string[])[],
): Scores {
  const items = new Set(gold.flat());
  const p = groupIndex(predicted, items);
  const g = groupIndex(gold, items);
  const cell = countBy([...items].map((id) => `${p.get(id)}\u0000${g.get(id)}`));
  const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, n) => a + choose2(n), 0);
  const both = sum(cell);
  const predictedPairs = sum(countBy(p.values()));
  const goldPairs = sum(countBy(g.values()));
  return scores(predictedPairs ? both / predictedPairs : 1, goldPairs ? both / goldPairs : 1);
}

/**
 * B-cubed scores: for each item, precision is the share of its predicted group that shares its gold
 * group (itself included), recall the share of its gold group found in its predicted group;
 * both are averaged over items, so a big story weighs no more than its articles.
 */
export function bcubedScores(
  predicted: readonly (readonly string[])[],
  gold: readonly (readonly string[])[],
): Scores {
  const items = [...new Set(gold.flat())];
  if (items.length === 0) return scores(1, 1);
  const set = new Set(items);
  const p = groupIndex(predicted, set);
  const g = groupIndex(gold, set);
  const cell = countBy(items.map((id) => `${p.get(id)}\u0000${g.get(id)}`));
  const pSize = countBy(p.values());
  const gSize = countBy(g.values());
  let precision = 0;
  let recall = 0;
  for (const id of items) {
    const both = cell.get(`${p.get(id)}\u0000${g.get(id)}`)!;
    precision += both / pSize.get(p.get(id)!)!;
    recall += both / gSize.get(g.get(id)!)!;
  }
  return scores(precision / items.length, recall / items.length);
}

/** Pairwise and B-cubed scores of a predicted grouping against a gold one. */
export function evaluateGrouping(
  predicted: readonly (readonly string[])[],
  gold: readonly (readonly string[])[],
): GroupingScores {
  return { pairwise: pairwiseScores(predicted, gold), bcubed: bcubedScores(predicted, gold) };
}

/** Accuracy, precision and recall of same-story decisions on labelled pairs. */
export function evaluatePairs(pairs: readonly { predicted: boolean; gold: boolean }[]): PairScores {
  const tp = pairs.filter((p) => p.predicted && p.gold).length;
  const predicted = pairs.filter((p) => p.predicted).length;
  const gold = pairs.filter((p) => p.gold).length;
  const correct = pairs.filter((p) => p.predicted === p.gold).length;
  const base = scores(predicted ? tp / predicted : 1, gold ? tp / gold : 1);
  return { ...base, accuracy: pairs.length ? correct / pairs.length : 1 };
}
