/**
 * Story clustering: groups articles about one event into stories, explains every membership, and
 * chains stories about one subject into storylines (see storyline.ts).
 *
 * Candidate pairs come only from related links, shared cited articles and shared rare terms within
 * a few days (never all pairs); groups then merge by average-link agglomeration of TF-IDF vectors
 * of title and excerpt, most similar first, so a loose "see also" link never merges two events.
 */
import type { ClusterDoc, ClusterResult, StoryGroup } from "./types.ts";
import { buildStorylines, type MergeGroups } from "./storyline.ts";
import { cosine, documentFrequency, sharedTerms, shownForms, subjectLabel, tfidfVector, tokenize, type Vector } from "./terms.ts";

/** Tuning knobs of `clusterArticles`; the defaults are the measured ones. */
export interface ClusterOptions {
  /** Minimum mean pairwise cosine of two groups for them to be one story. */
  storySimilarity?: number;
  /** Minimum cosine of the two groups' centroids as well, when no link joins them. */
  centroidSimilarity?: number;
  /** Minimum centroid cosine when a related link or a shared cited article joins the groups. */
  linkedCentroidSimilarity?: number;
  /** Maximum days between two articles of a candidate pair. */
  maxPairDays?: number;
  /** Maximum days a story spans. */
  maxStoryDays?: number;
  /** A term finds candidate pairs when at most this share of articles (counted as ≥ 1,000) has it. */
  rareShare?: number;
  /** How many times the title counts against the excerpt. */
  titleWeight?: number;
  /** Minimum mean pairwise cosine of two groups of stories for them to be one storyline. */
  storylineSimilarity?: number;
}

/** The measured defaults of `clusterArticles`. */
export const DEFAULT_CLUSTER_OPTIONS: Required<ClusterOptions> = {
  storySimilarity: 0.12,
  centroidSimilarity: 0.3,
  linkedCentroidSimilarity: 0.2,
  maxPairDays: 7,
  maxStoryDays: 14,
  rareShare: 0.05,
  titleWeight: 2,
  storylineSimilarity: 0.3,
};

const DAY = 864e5;
const PAIR = 2 ** 26;

/** A candidate pair of articles and whether a related link or a shared cited article joins them. */
interface Edge {
  i: number;
  j: number;
  linked: boolean;
}

function pairKey(i: number, j: number): number {
  return i < j ? i * PAIR + j : j * PAIR + i;
}

/** Calls `emit` for every pair of a posting list whose times are at most `maxMs` apart. */
function windowPairs(list: readonly number[], times: readonly number[], maxMs: number, emit: (i: number, j: number) => void): void {
  const sorted = [...list].sort((a, b) => times[a]! - times[b]! || a - b);
  for (let a = 0; a < sorted.length; a++) {
    for (let b = a + 1; b < sorted.length && times[sorted[b]!]! - times[sorted[a]!]! <= maxMs; b++) emit(sorted[a]!, sorted[b]!);
  }
}

/** Pairs joined by a related link or a cited article they share, and pairs sharing a rare term. */
function candidatePairs(docs: readonly ClusterDoc[], tokens: readonly string[][], df: Map<string, number>, o: Required<ClusterOptions>): Edge[] {
  const times = docs.map((d) => d.time);
  const maxMs = o.maxPairDays * DAY;
  const keys = new Map<number, boolean>();
  const link = (i: number, j: number) => keys.set(pairKey(i, j), true);
  const add = (i: number, j: number) => keys.set(pairKey(i, j), keys.get(pairKey(i, j)) ?? false);
  const byCanonical = new Map(docs.map((d, i) => [d.canonical, i]));
  const postings = new Map<string, number[]>();
  const cited = new Map<string, number[]>();
  const post = (key: string, i: number) => {
    const list = postings.get(key);
    if (list) list.push(i);
    else postings.set(key, [i]);
  };
  const maxDf = o.rareShare * Math.max(docs.length, 1000);
  docs.forEach((d, i) => {
    for (const key of new Set(d.related)) {
      const j = byCanonical.get(key);
      if (j === undefined) cited.set(key, [...(cited.get(key) ?? []), i]);
      else if (j !== i && Math.abs(times[i]! - times[j]!) <= maxMs) link(i, j);
    }
    for (const t of new Set(tokens[i])) if (df.get(t)! >= 2 && df.get(t)! <= maxDf) post(t, i);
  });
  for (const list of cited.values()) windowPairs(list, times, maxMs, link);
  for (const list of postings.values()) windowPairs(list, times, maxMs, add);
  return [...keys].sort((a, b) => a[0] - b[0]).map(([k, linked]) => ({ i: Math.floor(k / PAIR), j: k % PAIR, linked }));
}

/** Groups of articles under merging: a union-find with each group's vector sum, size and time span. */
class Groups {
  parent: number[];
  sum: Vector[];
  size: number[];
  first: number[];
  last: number[];
  constructor(vectors: readonly Vector[], times: readonly number[]) {
    this.parent = vectors.map((_, i) => i);
    this.sum = vectors.map((v) => new Map(v));
    this.size = vectors.map(() => 1);
    this.first = [...times];
    this.last = [...times];
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  /** Mean cosine over all pairs across two groups (the vectors have unit length). */
  average(a: number, b: number): number {
    return cosine(this.sum[a]!, this.sum[b]!) / (this.size[a]! * this.size[b]!);
  }
  /** Cosine of the two groups' centroids. */
  centroid(a: number, b: number): number {
    return cosine(this.sum[a]!, this.sum[b]!) / Math.sqrt(cosine(this.sum[a]!, this.sum[a]!) * cosine(this.sum[b]!, this.sum[b]!));
  }
  span(a: number, b: number): number {
    return Math.max(this.last[a]!, this.last[b]!) - Math.min(this.first[a]!, this.first[b]!);
  }
  union(a: number, b: number): number {
    const [keep, drop] = this.sum[a]!.size >= this.sum[b]!.size ? [a, b] : [b, a];
    this.parent[drop] = keep;
    for (const [t, w] of this.sum[drop]!) this.sum[keep]!.set(t, (this.sum[keep]!.get(t) ?? 0) + w);
    this.sum[drop] = new Map();
    this.size[keep] = this.size[a]! + this.size[b]!;
    this.first[keep] = Math.min(this.first[a]!, this.first[b]!);
    this.last[keep] = Math.max(this.last[a]!, this.last[b]!);
    return keep;
  }
}

interface Entry {
  score: number;
  a: number;
  b: number;
  stamp: number;
}

function before(x: Entry, y: Entry): boolean {
  return x.score > y.score || (x.score === y.score && (x.a < y.a || (x.a === y.a && x.b < y.b)));
}

/** A binary max-heap of candidate merges, ties broken by group index so the result is deterministic. */
class Heap {
  items: Entry[] = [];
  push(e: Entry): void {
    const h = this.items;
    let i = h.push(e) - 1;
    for (let p = (i - 1) >> 1; i > 0 && before(h[i]!, h[p]!); i = p, p = (i - 1) >> 1) [h[i], h[p]] = [h[p]!, h[i]!];
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (!h.length) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      let m = i;
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < h.length && before(h[c]!, h[m]!)) m = c;
      if (m === i) return top;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/**
 * Average-link agglomeration over a sparse candidate graph: repeatedly merges the two neighbouring
 * groups with the highest mean pairwise cosine while it is at least `limits.average`, the merged
 * group spans at most `limits.maxSpan` ms and the centroids are close enough (closer when no link
 * joins the groups). Returns the groups, each sorted by index.
 */
const mergeGroups: MergeGroups = (vectors, times, edges, limits) => {
  const groups = new Groups(vectors, times);
  const neighbours: Map<number, boolean>[] = vectors.map(() => new Map());
  const stamp = vectors.map(() => 0);
  const heap = new Heap();
  const push = (a: number, b: number) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const score = groups.average(x, y);
    if (score >= limits.average) heap.push({ score, a: x, b: y, stamp: stamp[x]! * PAIR + stamp[y]! });
  };
  for (const { i, j, linked } of edges) {
    neighbours[i]!.set(j, linked);
    neighbours[j]!.set(i, linked);
  }
  for (const { i, j } of edges) push(i, j);
  for (let e = heap.pop(); e; e = heap.pop()) {
    if (e.stamp !== stamp[e.a]! * PAIR + stamp[e.b]! || groups.parent[e.a] !== e.a || groups.parent[e.b] !== e.b) continue;
    const gate = neighbours[e.a]!.get(e.b) ? limits.linkedCentroid : limits.centroid;
    if (groups.span(e.a, e.b) > limits.maxSpan || groups.centroid(e.a, e.b) < gate) continue;
    const keep = groups.union(e.a, e.b);
    const drop = keep === e.a ? e.b : e.a;
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
  const byRoot = new Map<number, number[]>();
  vectors.forEach((_, i) => {
    const r = groups.find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  });
  return [...byRoot.values()];
};

function quote(text: string): string {
  return `‘${text.length > 80 ? text.slice(0, 77).trimEnd() + "…" : text}’`;
}

/** Why each member belongs: the story's subject, then links and the distinctive words it shares. */
function storyReasons(docs: readonly ClusterDoc[], members: readonly number[], tokens: readonly string[][], vectors: readonly Vector[], df: Map<string, number>): Record<string, string> {
  const forms = members.map((m) => shownForms(`${docs[m]!.title} ${docs[m]!.excerpt}`));
  const subject = subjectLabel(members.map((m) => tokens[m]!), forms, df, docs.length, 4);
  const reasons: Record<string, string> = {};
  const lead = docs[members[0]!]!;
  reasons[lead.id] = `first report${subject ? ` of ${subject}` : ""} (${lead.provider})`;
  members.slice(1).forEach((m, k) => {
    const doc = docs[m]!;
    const earlier = members.slice(0, k + 1);
    const linkedTo = earlier.find((e) => doc.related.includes(docs[e]!.canonical) || docs[e]!.related.includes(doc.canonical));
    const cited = earlier.find((e) => docs[e]!.related.some((r) => doc.related.includes(r)));
    const nearest = linkedTo ?? cited ?? earlier.reduce((best, e) => (cosine(vectors[m]!, vectors[e]!) > cosine(vectors[m]!, vectors[best]!) ? e : best));
    const words = sharedTerms(vectors[m]!, vectors[nearest]!, 3).map((t) => quote(forms[k + 1]!.get(t) ?? t));
    const how = linkedTo !== undefined ? "linked with" : cited !== undefined ? "cites the same article as" : "like";
    const shares = words.length ? `; shares ${words.join(", ")}` : "";
    reasons[doc.id] = `same event${subject ? `: ${subject}` : ""}; ${how} ${quote(docs[nearest]!.title)}${shares}`;
  });
  return reasons;
}

/** Token list of an article: the title counted `titleWeight` times, then the excerpt. */
function articleTokens(title: string[], text: string, titleWeight: number): string[] {
  // Excerpts are cut where 99 % of real ones end: the rest is boilerplate and costs time.
  const excerpt = text.length > 320 ? text.slice(0, 320).replace(/\s\S*$/, "") : text;
  return [...Array.from({ length: titleWeight }, () => title).flat(), ...tokenize(excerpt)];
}

function byTime(docs: readonly ClusterDoc[]): (a: number, b: number) => number {
  return (a, b) => docs[a]!.time - docs[b]!.time || (docs[a]!.id < docs[b]!.id ? -1 : docs[a]!.id > docs[b]!.id ? 1 : 0);
}

/**
 * Groups articles into stories (two or more articles about one event, each member with a reason a
 * reader understands) and storylines (stories about one subject over time, oldest first).
 * Pure, deterministic and near-linear in the number of articles.
 */
export function clusterArticles(docs: readonly ClusterDoc[], options: ClusterOptions = {}): ClusterResult {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const titles = docs.map((d) => tokenize(d.title));
  const tokens = docs.map((d, i) => articleTokens(titles[i]!, d.excerpt, o.titleWeight));
  const df = documentFrequency(tokens);
  const vectors = tokens.map((t) => tfidfVector(t, df, docs.length));
  const times = docs.map((d) => d.time);
  const edges = candidatePairs(docs, tokens, df, o);
  const order = byTime(docs);
  const groups = mergeGroups(vectors, times, edges, {
    average: o.storySimilarity,
    centroid: o.centroidSimilarity,
    linkedCentroid: o.linkedCentroidSimilarity,
    maxSpan: o.maxStoryDays * DAY,
  }).map((g) => g.sort(order));
  groups.sort((a, b) => order(a[0]!, b[0]!));
  const stories: StoryGroup[] = groups
    .filter((g) => g.length >= 2)
    .map((g) => ({ members: g.map((m) => docs[m]!.id), reasons: storyReasons(docs, g, tokens, vectors, df) }));
  const storylines = buildStorylines({ docs, groups, titles, df, threshold: o.storylineSimilarity }, mergeGroups);
  return { stories, storylines };
}
