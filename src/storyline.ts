/**
 * Storylines: stories (a story of one article included) about one specific subject, chained over
 * time. No time limit joins them, so a subject that comes back after two years is one storyline
 * with two episodes; the digest marks gaps of more than 30 days from the times.
 */
import type { ClusterDoc, StorylineGroup } from "./types.ts";
import { normalize, shownForms, subjectLabel, tfidfVector, type Vector } from "./terms.ts";

/** Limits of a merge: minimum mean and centroid cosines, maximum time span in ms. */
export interface MergeLimits {
  average: number;
  centroid: number;
  linkedCentroid: number;
  maxSpan: number;
}

/** Merges groups of unit vectors joined by candidate edges (average link); see cluster.ts. */
export type MergeGroups = (
  vectors: readonly Vector[],
  times: readonly number[],
  edges: readonly { i: number; j: number; linked: boolean }[],
  limits: MergeLimits,
) => number[][];

/** What the storyline step needs from the story step. */
export interface StorylineInput {
  docs: readonly ClusterDoc[];
  /** Every story as article indexes, oldest first, stories of one included; ordered by first article. */
  groups: readonly number[][];
  /** Title tokens of every article: a storyline's subject is what its headlines share. */
  titles: readonly string[][];
  df: ReadonlyMap<string, number>;
  /** Minimum mean cosine between the stories of two storylines for them to merge. */
  threshold: number;
}

/** Terms that may name a subject: in at least two articles, and at most 2 % of them (counted as ≥ 1,000). */
const SUBJECT_SHARE = 0.02;
/** Terms of each story used to find candidate storyline pairs. */
const KEY_TERMS = 6;
/** Stories sharing a pair of key terms are all paired up to this many; beyond it, neighbours in time only. */
const ALL_PAIRS = 12;
const TIME_NEIGHBOURS = 3;

function centroid(members: readonly number[], vectors: readonly Vector[]): Vector {
  const sum: Vector = new Map();
  for (const m of members) for (const [t, w] of vectors[m]!) sum.set(t, (sum.get(t) ?? 0) + w);
  return normalize(sum);
}

/** The heaviest terms of a story that are rare enough to name a subject. */
function keyTerms(vector: Vector, df: ReadonlyMap<string, number>, maxDf: number): string[] {
  return [...vector]
    .filter(([t]) => (df.get(t) ?? 0) >= 2 && (df.get(t) ?? 0) <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, KEY_TERMS)
    .map(([t]) => t);
}

/** Pairs of stories that share two key terms (all pairs for a rare pair of terms, neighbours in time otherwise). */
function storyPairs(keys: readonly string[][], times: readonly number[]): { i: number; j: number; linked: boolean }[] {
  const postings = new Map<string, number[]>();
  keys.forEach((list, u) => {
    const sorted = [...list].sort();
    for (let a = 0; a < sorted.length; a++) {
      for (let b = a + 1; b < sorted.length; b++) {
        const key = `${sorted[a]}\u0000${sorted[b]}`;
        const units = postings.get(key);
        if (units) units.push(u);
        else postings.set(key, [u]);
      }
    }
  });
  const pairs = new Set<number>();
  for (const list of postings.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => times[a]! - times[b]! || a - b);
    const reach = list.length <= ALL_PAIRS ? list.length : TIME_NEIGHBOURS;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b <= a + reach && b < list.length; b++) {
        const [x, y] = list[a]! < list[b]! ? [list[a]!, list[b]!] : [list[b]!, list[a]!];
        pairs.add(x * 2 ** 26 + y);
      }
    }
  }
  return [...pairs].sort((a, b) => a - b).map((k) => ({ i: Math.floor(k / 2 ** 26), j: k % 2 ** 26, linked: false }));
}

/**
 * Chains stories into storylines: stories that share rare key terms merge by average link over their
 * centroids; a storyline needs two stories or more and a subject named by two terms or more.
 */
export function buildStorylines(input: StorylineInput, merge: MergeGroups): StorylineGroup[] {
  const { docs, groups, titles, df } = input;
  const n = docs.length;
  const vectors = titles.map((t) => tfidfVector(t, df, n));
  const units = groups.map((g) => centroid(g, vectors));
  const times = groups.map((g) => docs[g[0]!]!.time);
  const keys = units.map((u) => keyTerms(u, df, SUBJECT_SHARE * Math.max(n, 1000)));
  const lines = merge(units, times, storyPairs(keys, times), {
    average: input.threshold,
    centroid: 0,
    linkedCentroid: 0,
    maxSpan: Infinity,
  });
  const storylines: StorylineGroup[] = [];
  for (const line of lines) {
    if (line.length < 2) continue;
    line.sort((a, b) => times[a]! - times[b]! || a - b);
    const unitTokens = line.map((u) => groups[u]!.flatMap((m) => titles[m]!));
    const forms = line.flatMap((u) => groups[u]!.map((m) => shownForms(docs[m]!.title)));
    const subject = subjectLabel(unitTokens, forms, df, n, 4);
    if (subject.split(" ").length < 2) continue;
    storylines.push({ subject, stories: line.map((u) => groups[u]!.map((m) => docs[m]!.id)) });
  }
  return storylines;
}
