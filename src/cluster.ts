/**
 * Story clustering: groups articles about one event into stories and chains stories into storylines.
 */
import type { ClusterDoc, ClusterResult, StoryGroup } from "./types.ts";
import { addInto, cosine, documentFrequency, tfidfVector, tokenize, type Vector } from "./terms.ts";

/** Tuning knobs of `clusterArticles`; defaults are the measured ones. */
export interface ClusterOptions {
  /** Minimum centroid cosine to merge two groups joined by a related link or a shared cited article. */
  linkedSimilarity?: number;
  /** Minimum centroid cosine to merge two groups that only share rare terms. */
  termSimilarity?: number;
  /** Maximum days between two articles of a candidate pair. */
  maxPairDays?: number;
  /** Maximum days a story spans. */
  maxStoryDays?: number;
  /** A term is rare (used to find candidates) when at most this share of articles has it. */
  rareShare?: number;
  /** Title weight relative to the excerpt. */
  titleWeight?: number;
  passes?: number;
  /** Minimum mean pairwise cosine of two groups to merge. */
  averageSimilarity?: number;
  linkage?: "hac" | "kruskal";
  /** Added to the mean similarity of two groups joined by a link. */
  linkBonus?: number;
  bigrams?: number;
  excerptTokens?: number;
}

const DAY = 864e5;

interface Edge {
  i: number;
  j: number;
  linked: boolean;
  score: number;
}

function pairKey(i: number, j: number): number {
  return i < j ? i * 4294967296 + j : j * 4294967296 + i;
}

function linkedPairs(docs: readonly ClusterDoc[], maxMs: number, out: Map<number, boolean>): void {
  const byCanonical = new Map(docs.map((d, i) => [d.canonical, i]));
  const citedBy = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const key of new Set(d.related)) {
      const j = byCanonical.get(key);
      if (j !== undefined && j !== i) out.set(pairKey(i, j), true);
      else if (j === undefined) citedBy.set(key, [...(citedBy.get(key) ?? []), i]);
    }
  });
  for (const list of citedBy.values()) windowPairs(list, docs, maxMs, (i, j) => out.set(pairKey(i, j), true));
}

/** Calls `emit` for every pair of a posting list whose times are at most `maxMs` apart. */
function windowPairs(list: readonly number[], docs: readonly ClusterDoc[], maxMs: number, emit: (i: number, j: number) => void): void {
  const sorted = [...list].sort((a, b) => docs[a]!.time - docs[b]!.time || a - b);
  for (let a = 0; a < sorted.length; a++) {
    const ta = docs[sorted[a]!]!.time;
    for (let b = a + 1; b < sorted.length && docs[sorted[b]!]!.time - ta <= maxMs; b++) emit(sorted[a]!, sorted[b]!);
  }
}

function termPairs(docs: readonly ClusterDoc[], tokens: readonly string[][], df: Map<string, number>, maxDf: number, maxMs: number, out: Map<number, boolean>): void {
  const postings = new Map<string, number[]>();
  tokens.forEach((list, i) => {
    for (const t of new Set(list)) {
      const n = df.get(t)!;
      if (n >= 2 && n <= maxDf) postings.set(t, [...(postings.get(t) ?? []), i]);
    }
  });
  for (const list of postings.values()) {
    windowPairs(list, docs, maxMs, (i, j) => {
      const key = pairKey(i, j);
      if (!out.has(key)) out.set(key, false);
    });
  }
}

class Groups {
  parent: number[];
  sum: Vector[];
  norm: number[];
  first: number[];
  last: number[];
  size: number[];
  constructor(vectors: Vector[], times: number[]) {
    this.parent = vectors.map((_, i) => i);
    this.sum = vectors.map((v) => new Map(v));
    this.norm = vectors.map((v) => (v.size ? 1 : 0));
    this.first = [...times];
    this.last = [...times];
    this.size = vectors.map(() => 1);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  similarity(a: number, b: number): number {
    const d = this.norm[a]! * this.norm[b]!;
    return d ? cosine(this.sum[a]!, this.sum[b]!) / d : 0;
  }
  average(a: number, b: number): number {
    return cosine(this.sum[a]!, this.sum[b]!) / (this.size[a]! * this.size[b]!);
  }
  span(a: number, b: number): number {
    return Math.max(this.last[a]!, this.last[b]!) - Math.min(this.first[a]!, this.first[b]!);
  }
  union(a: number, b: number): void {
    const [keep, drop] = this.sum[a]!.size >= this.sum[b]!.size ? [a, b] : [b, a];
    this.parent[drop] = keep;
    addInto(this.sum[keep]!, this.sum[drop]!);
    let n = 0;
    for (const w of this.sum[keep]!.values()) n += w * w;
    this.norm[keep] = Math.sqrt(n);
    this.first[keep] = Math.min(this.first[a]!, this.first[b]!);
    this.last[keep] = Math.max(this.last[a]!, this.last[b]!);
    this.sum[drop] = new Map();
    this.size[keep] = this.size[a]! + this.size[b]!;
  }
}

type Opts = Required<ClusterOptions>;

function kruskal(groups: Groups, edges: Edge[], o: Opts): void {
  edges.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  for (let pass = 0; pass < o.passes; pass++) {
    let merged = 0;
    for (const e of edges) {
      const a = groups.find(e.i);
      const b = groups.find(e.j);
      if (a === b || groups.span(a, b) > o.maxStoryDays * DAY) continue;
      if (groups.similarity(a, b) >= (e.linked ? o.linkedSimilarity : o.termSimilarity) && groups.average(a, b) >= o.averageSimilarity) {
        groups.union(a, b);
        merged++;
      }
    }
    if (!merged) break;
  }
}

interface Entry { score: number; a: number; b: number; va: number; vb: number }

class Heap {
  items: Entry[] = [];
  private before(x: Entry, y: Entry): boolean {
    return x.score > y.score || (x.score === y.score && (x.a < y.a || (x.a === y.a && x.b < y.b)));
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Average-link agglomeration over the candidate graph: always merges the most similar neighbouring groups first. */
function agglomerate(groups: Groups, edges: Edge[], o: Opts): void {
  const n = groups.parent.length;
  const neighbours: Map<number, boolean>[] = Array.from({ length: n }, () => new Map());
  for (const e of edges) {
    neighbours[e.i]!.set(e.j, e.linked || (neighbours[e.i]!.get(e.j) ?? false));
    neighbours[e.j]!.set(e.i, e.linked || (neighbours[e.j]!.get(e.i) ?? false));
  }
  const version = new Array<number>(n).fill(0);
  const heap = new Heap();
  const score = (a: number, b: number, linked: boolean) => groups.average(a, b) + (linked ? o.linkBonus : 0);
  const push = (a: number, b: number, linked: boolean) => {
    const [x, y] = a < b ? [a, b] : [b, a];
    const s = score(x, y, linked);
    if (s >= o.averageSimilarity) heap.push({ score: s, a: x, b: y, va: version[x]!, vb: version[y]! });
  };
  for (const e of edges) if (e.i < e.j || !neighbours[e.j]!.has(e.i)) push(e.i, e.j, neighbours[e.i]!.get(e.j)!);
  for (let e = heap.pop(); e; e = heap.pop()) {
    if (version[e.a] !== e.va || version[e.b] !== e.vb) continue;
    if (groups.parent[e.a] !== e.a || groups.parent[e.b] !== e.b) continue;
    if (groups.span(e.a, e.b) > o.maxStoryDays * DAY) continue;
    const linked = neighbours[e.a]!.get(e.b)!;
    if (groups.similarity(e.a, e.b) < (linked ? o.linkedSimilarity : o.termSimilarity)) continue;
    groups.union(e.a, e.b);
    const keep = groups.find(e.a);
    const drop = keep === e.a ? e.b : e.a;
    version[keep]!++;
    version[drop]!++;
    const merged = neighbours[keep]!;
    for (const [m, l] of neighbours[drop]!) merged.set(m, l || (merged.get(m) ?? false));
    merged.delete(keep);
    merged.delete(drop);
    neighbours[drop] = new Map();
    for (const [m, l] of merged) {
      neighbours[m]!.delete(drop);
      neighbours[m]!.set(keep, l);
      push(keep, m, l);
    }
  }
}

/**
 * Groups articles into stories (two or more articles about one event) and storylines.
 * Deterministic and near-linear: candidate pairs come only from related links, shared cited
 * articles and shared rare terms; groups merge when their centroids are similar enough.
 */
export function clusterArticles(docs: readonly ClusterDoc[], options: ClusterOptions = {}): ClusterResult {
  const o: Opts = {
    linkedSimilarity: 0.2, termSimilarity: 0.3, maxPairDays: 7, maxStoryDays: 14, rareShare: 0.02, titleWeight: 2, passes: 3, averageSimilarity: 0, linkage: "hac", linkBonus: 0, bigrams: 0, excerptTokens: 1000,
    ...options,
  };
  const tokens = docs.map((d) => {
    const title = tokenize(d.title);
    const excerpt = tokenize(d.excerpt).slice(0, o.excerptTokens);
    const grams = o.bigrams ? title.slice(1).map((t, k) => `${title[k]}_${t}`) : [];
    const egrams = o.bigrams > 1 ? excerpt.slice(1).map((t, k) => `${excerpt[k]}_${t}`) : [];
    return [...Array.from({ length: o.titleWeight }, () => title).flat(), ...excerpt, ...grams, ...egrams];
  });
  const df = documentFrequency(tokens);
  const vectors = tokens.map((t) => tfidfVector(t, df, docs.length));
  const pairs = new Map<number, boolean>();
  const maxMs = o.maxPairDays * DAY;
  linkedPairs(docs, maxMs, pairs);
  termPairs(docs, tokens, df, Math.max(5, o.rareShare * docs.length), maxMs, pairs);
  const edges: Edge[] = [];
  for (const [key, linked] of pairs) {
    const i = Math.floor(key / 4294967296);
    const j = key % 4294967296;
    if (Math.abs(docs[i]!.time - docs[j]!.time) > maxMs) continue;
    const score = cosine(vectors[i]!, vectors[j]!);
    if (score >= 0.05) edges.push({ i, j, linked, score });
  }
  const groups = new Groups(vectors, docs.map((d) => d.time));
  if (o.linkage === "hac") agglomerate(groups, edges, o);
  else kruskal(groups, edges, o);
  const byRoot = new Map<number, number[]>();
  docs.forEach((_, i) => {
    const r = groups.find(i);
    byRoot.set(r, [...(byRoot.get(r) ?? []), i]);
  });
  const stories: StoryGroup[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => docs[a]!.time - docs[b]!.time || (docs[a]!.id < docs[b]!.id ? -1 : 1));
    const reasons: Record<string, string> = {};
    for (const m of members) reasons[docs[m]!.id] = "linked";
    stories.push({ members: members.map((m) => docs[m]!.id), reasons });
  }
  return { stories, storylines: [] };
}
