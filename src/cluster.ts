/**
 * Story clustering: groups articles about one event into stories, explains every membership
 * (reasons.ts), and chains stories about one subject into storylines (storyline.ts).
 *
 * Candidate pairs come only from related links, shared cited articles and shared rare terms within
 * a few days (never all pairs); groups then merge by average-link agglomeration (agglomerate.ts) of
 * TF-IDF vectors of title and excerpt, most similar first, so a loose "see also" link never merges
 * two events, and one provider's two different articles of the same hour are never one story.
 */
import type { ClusterDoc, ClusterResult, StoryGroup } from "./types.ts";
import { mergeGroups, type Edge } from "./agglomerate.ts";
import { headlineNames, sameNames } from "./names.ts";
import { storyReasons } from "./reasons.ts";
import { buildStorylines } from "./storyline.ts";
import { articleWords, tokenize, type HeadlineWord } from "./terms.ts";
import { dot, tfidfAll, Vocabulary, type SparseVector, type TermLists } from "./vectors.ts";

/** Tuning knobs of `clusterArticles`; the defaults are the measured ones. */
export interface ClusterOptions {
  /** Minimum mean pairwise similarity of two groups for them to be one story. */
  storySimilarity?: number;
  /** Minimum similarity of the two groups' centroids as well, when no link joins them. */
  centroidSimilarity?: number;
  /** Minimum centroid similarity when a related link or a shared cited article joins the groups. */
  linkedCentroidSimilarity?: number;
  /** Candidate pairs less similar than this are dropped before merging. */
  minPairSimilarity?: number;
  /** Each article keeps at most this many of its most similar candidate pairs. */
  maxNeighbours?: number;
  /** Maximum days between two articles of a candidate pair. */
  maxPairDays?: number;
  /** Maximum days a story spans. */
  maxStoryDays?: number;
  /** A term finds candidate pairs when at most this share of articles (counted as ≥ 1,000) has it. */
  rareShare?: number;
  /** How many times the title counts against the excerpt. */
  titleWeight?: number;
  /** Share of the similarity that comes from the headlines alone (the rest: title and excerpt). */
  titleShare?: number;
  /** Weight of names and numbers (words with a digit or a capital inside: "38m", "21.02", "UpGuard"). */
  nameBoost?: number;
  /** One provider's two articles less than this many minutes apart are never one story (unless the headlines match). */
  sameProviderMinutes?: number;
  /** Extra mean similarity asked per doubling of a story beyond `bigStory` articles. */
  sizeStep?: number;
  bigStory?: number;
  /** Minimum mean cosine of two groups of stories for them to be one storyline. */
  storylineSimilarity?: number;
  /** Apply the different-name rule (names.ts): groups headlined by different rare names never merge. */
  differentNames?: boolean;
}

/** The measured defaults of `clusterArticles`. */
export const DEFAULT_CLUSTER_OPTIONS: Required<ClusterOptions> = {
  storySimilarity: 0.12,
  centroidSimilarity: 0.22,
  linkedCentroidSimilarity: 0.2,
  minPairSimilarity: 0.05,
  maxNeighbours: 8,
  maxPairDays: 7,
  maxStoryDays: 14,
  rareShare: 0.05,
  titleWeight: 2,
  titleShare: 0,
  nameBoost: 1,
  sameProviderMinutes: 10,
  sizeStep: 0,
  bigStory: 8,
  storylineSimilarity: 0.3,
  differentNames: true,
};

const DAY = 864e5;
const PAIR = 2 ** 26;
/** Headline terms get ids past every title+excerpt term, so one vector holds both parts. */
const TITLE_IDS = 2 ** 24;

/** Articles by rare term: term `t`'s are `postings[start[t]..end[t])`, in time order (the articles are). */
interface Postings {
  postings: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/** A term finds candidates when at least two and at most `maxDf` articles use it. One array for all terms, not one per term. */
function rarePostings(terms: TermLists, vocab: Vocabulary, maxDf: number): Postings {
  const start = new Int32Array(vocab.terms.length + 1);
  const rare = (t: number) => vocab.df[t]! >= 2 && vocab.df[t]! <= maxDf;
  for (let k = 0; k < terms.ids.length; k++) if (rare(terms.ids[k]!)) start[terms.ids[k]! + 1]!++;
  for (let t = 0; t < vocab.terms.length; t++) start[t + 1]! += start[t]!;
  const postings = new Int32Array(start[vocab.terms.length]!);
  const end = start.slice(0, vocab.terms.length);
  for (let i = 0; i + 1 < terms.start.length; i++) {
    for (let k = terms.start[i]!; k < terms.start[i + 1]!; k++) {
      const t = terms.ids[k]!;
      if (rare(t) && (end[t] === start[t] || postings[end[t]! - 1] !== i)) postings[end[t]!++] = i;
    }
  }
  return { postings, start, end };
}

/**
 * Pairs joined by a related link either way or by a cited outside article both link to, within
 * `maxMs`: each pair (i < j) once, as i · 2²⁶ + j, in increasing order.
 */
function linkedPairs(docs: readonly ClusterDoc[], maxMs: number): Float64Array {
  const pairs: number[] = [];
  const join = (i: number, j: number) => {
    if (i !== j && Math.abs(docs[i]!.time - docs[j]!.time) <= maxMs) pairs.push(Math.min(i, j) * PAIR + Math.max(i, j));
  };
  const byCanonical = new Map(docs.map((d, i) => [d.canonical, i]));
  const cited = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const key of d.related) {
      const j = byCanonical.get(key);
      if (j !== undefined) join(i, j);
      else {
        const list = cited.get(key);
        if (!list) cited.set(key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  for (const list of cited.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length && docs[list[b]!]!.time - docs[list[a]!]!.time <= maxMs; b++) join(list[a]!, list[b]!);
    }
  }
  const sorted = Float64Array.from(pairs).sort();
  return sorted.filter((key, k) => k === 0 || key !== sorted[k - 1]);
}

/**
 * Candidate pairs worth merging: joined by a link (related link, shared cited article) or sharing
 * a rare term within `maxPairDays`, at least `minPairSimilarity` alike; each article keeps its
 * `maxNeighbours` most similar (a pair stays when either end keeps it). Never all pairs.
 */
function candidateEdges(docs: readonly ClusterDoc[], terms: TermLists, vocab: Vocabulary, vectors: readonly SparseVector[], o: Required<ClusterOptions>): Edge[] {
  const maxMs = o.maxPairDays * DAY;
  const { postings, start, end } = rarePostings(terms, vocab, o.rareShare * Math.max(docs.length, 1000));
  const linked = linkedPairs(docs, maxMs);
  const seen = new Int32Array(docs.length).fill(-1);
  const edges: Array<Edge & { score: number }> = [];
  const consider = (i: number, j: number, isLinked: boolean) => {
    seen[j] = i;
    const score = dot(vectors[i]!, vectors[j]!);
    if (score >= o.minPairSimilarity) edges.push({ i, j, linked: isLinked, score });
  };
  const position = start.slice();
  for (let i = 0, p = 0; i < docs.length; i++) {
    for (; p < linked.length && linked[p]! < (i + 1) * PAIR; p++) consider(i, linked[p]! - i * PAIR, true);
    const limit = docs[i]!.time + maxMs;
    for (let at = terms.start[i]!; at < terms.start[i + 1]!; at++) {
      const t = terms.ids[at]!;
      // Only the first of an article's uses of a term finds it at its place in the term's list.
      if (position[t]! >= end[t]! || postings[position[t]!] !== i) continue;
      for (let k = ++position[t]!; k < end[t]! && docs[postings[k]!]!.time <= limit; k++) if (seen[postings[k]!] !== i) consider(i, postings[k]!, false);
    }
  }
  edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const degree = new Int32Array(docs.length);
  return edges.filter((e) => degree[e.i]!++ < o.maxNeighbours || degree[e.j]!++ < o.maxNeighbours);
}

/** Names and numbers as written mid-text: a digit, or a capital after the first letter (UpGuard, GTX). */
function isNameLike(shown: string): boolean {
  return /\d/.test(shown) || /^.\S*\p{Lu}/u.test(shown);
}

/**
 * Term ids of every article: title, title again (`titleWeight` times in all), excerpt start; the
 * title alone; and the headline's words as written, scanned once for names, storylines and reasons.
 */
function articleTerms(docs: readonly ClusterDoc[], vocab: Vocabulary, titleWeight: number, remember: boolean): { full: TermLists; titles: TermLists; headlines: HeadlineWord[][] } {
  const words = articleWords(docs, remember);
  // Each list is made at its final size: growing arrays of a million ids took longer than filling them.
  let titleLength = 0;
  let fullLength = 0;
  for (const w of words) (titleLength += w.title.length), (fullLength += titleWeight * w.title.length + w.excerpt.length);
  const titles: TermLists = { ids: new Int32Array(titleLength), start: new Int32Array(docs.length + 1) };
  const full: TermLists = { ids: new Int32Array(fullLength), start: new Int32Array(docs.length + 1) };
  let t = 0;
  let f = 0;
  words.forEach((w, d) => {
    const title = t;
    for (let k = 0; k < w.title.length; k++) titles.ids[t++] = vocab.id(w.title[k]!);
    for (let k = 0; k < titleWeight; k++) for (let at = title; at < t; at++) full.ids[f++] = titles.ids[at]!;
    for (let k = 0; k < w.excerpt.length; k++) full.ids[f++] = vocab.id(w.excerpt[k]!);
    vocab.count(full.ids, full.start[d]!, f);
    titles.start[d + 1] = t;
    full.start[d + 1] = f;
  });
  return { full, titles, headlines: words.map((w) => w.headline) };
}

/** Ids of terms written like names or numbers somewhere in a title ("38M", "UpGuard", "21.02"). */
function nameTerms(docs: readonly ClusterDoc[], vocab: Vocabulary): Set<number> {
  const names = new Set<number>();
  for (const d of docs) {
    for (const word of d.title.split(/\s+/)) {
      if (!isNameLike(word)) continue;
      for (const t of tokenize(word)) {
        const id = vocab.idOf.get(t);
        if (id !== undefined) names.add(id);
      }
    }
  }
  return names;
}

/** One vector per article: √(1−s)·(title+excerpt) ⊕ √s·(title), so a dot product blends both similarities. */
function combine(full: SparseVector, title: SparseVector, share: number): SparseVector {
  if (share === 0) return full;
  const a = Math.sqrt(1 - share);
  const b = Math.sqrt(share);
  const ids = new Int32Array(full.ids.length + title.ids.length);
  ids.set(full.ids);
  ids.set(title.ids.map((id) => id + TITLE_IDS), full.ids.length);
  const weights = new Float64Array(ids.length);
  full.weights.forEach((w, k) => (weights[k] = w * a));
  title.weights.forEach((w, k) => (weights[full.ids.length + k] = w * b));
  return { ids, weights };
}

/** The cannot-link rule: one provider's different articles within `minutes` of each other. */
function providerRule(docs: readonly ClusterDoc[], titles: readonly SparseVector[], minutes: number) {
  const ms = minutes * 6e4;
  return (a: readonly number[], b: readonly number[]): boolean => {
    for (const x of a) {
      for (const y of b) {
        const dx = docs[x]!;
        const dy = docs[y]!;
        if (dx.provider === dy.provider && Math.abs(dx.time - dy.time) < ms && dot(titles[x]!, titles[y]!) < 0.95) return false;
      }
    }
    return true;
  };
}

function byTime(docs: readonly ClusterDoc[]): (a: number, b: number) => number {
  return (a, b) => docs[a]!.time - docs[b]!.time || (docs[a]!.id < docs[b]!.id ? -1 : docs[a]!.id > docs[b]!.id ? 1 : 0);
}

/**
 * Groups articles into stories (two or more articles about one event, each member with a reason a
 * reader understands) and storylines (stories about one subject over time, oldest first).
 * Pure, deterministic and near-linear in the number of articles. With `remember` (a process that
 * builds again and again), each article's words are kept until the next clustering.
 */
export function clusterArticles(input: readonly ClusterDoc[], options: ClusterOptions = {}, { remember = false }: { remember?: boolean } = {}): ClusterResult {
  const o = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  // Oldest first, then by id: ties between equally similar groups break the same way whatever the input order.
  const docs = [...input].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const vocab = new Vocabulary();
  const terms = articleTerms(docs, vocab, o.titleWeight, remember);
  const names = o.nameBoost === 1 ? null : nameTerms(docs, vocab);
  const boost = names ? (id: number) => (names.has(id) ? o.nameBoost : 1) : undefined;
  const full = tfidfAll(terms.full, vocab, boost);
  const titles = tfidfAll(terms.titles, vocab, boost);
  const vectors = full.map((v, i) => combine(v, titles[i]!, o.titleShare));
  const edges = candidateEdges(docs, terms.full, vocab, vectors, o);
  const limits = { average: o.storySimilarity, centroid: o.centroidSimilarity, linkedCentroid: o.linkedCentroidSimilarity, maxSpan: o.maxStoryDays * DAY, sizeStep: o.sizeStep, sizeFrom: o.bigStory };
  const byProvider = o.sameProviderMinutes > 0 ? providerRule(docs, titles, o.sameProviderMinutes) : undefined;
  const byName = o.differentNames ? sameNames(docs.map((d, i) => headlineNames(terms.headlines[i]!, d.excerpt, vocab)), full) : undefined;
  const allowed = byProvider && byName ? (a: readonly number[], b: readonly number[]) => byProvider(a, b) && byName(a, b) : (byProvider ?? byName);
  const order = byTime(docs);
  const groups = mergeGroups(vectors, docs.map((d) => d.time), edges, limits, allowed).map((g) => g.sort(order));
  groups.sort((a, b) => order(a[0]!, b[0]!));
  const reasonInput = { docs, vectors: full, vocab, headlines: terms.headlines };
  const stories: StoryGroup[] = groups
    .filter((g) => g.length >= 2)
    .map((g) => ({ members: g.map((m) => docs[m]!.id), reasons: storyReasons(reasonInput, g) }));
  const storylines = buildStorylines({ docs, groups, titles, headlines: terms.headlines, vocab, threshold: o.storylineSimilarity, allowed: byName });
  return { stories, storylines };
}
