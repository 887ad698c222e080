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
import { headlineWords, tokenize, type HeadlineWord } from "./terms.ts";
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

/** A term finds candidates when at least two and at most `maxDf` articles use it. */
function rarePostings(terms: TermLists, vocab: Vocabulary, maxDf: number): { postings: Int32Array[]; fill: Int32Array } {
  const lengths = new Int32Array(vocab.terms.length);
  const rare = (t: number) => vocab.df[t]! >= 2 && vocab.df[t]! <= maxDf;
  for (const t of terms.ids) if (rare(t)) lengths[t]!++;
  const postings = Array.from(lengths, (n) => new Int32Array(n));
  const fill = new Int32Array(vocab.terms.length);
  // Articles are in time order, so every posting list is too.
  for (let i = 0; i + 1 < terms.start.length; i++) {
    for (let k = terms.start[i]!; k < terms.start[i + 1]!; k++) {
      const t = terms.ids[k]!;
      if (rare(t) && postings[t]![fill[t]! - 1] !== i) postings[t]![fill[t]!++] = i;
    }
  }
  return { postings, fill };
}

/** Pairs (i < j) joined by a related link either way or by a cited outside article both link to, within `maxMs`. */
function linkedPairs(docs: readonly ClusterDoc[], maxMs: number): Array<Set<number>> {
  const linked = docs.map(() => new Set<number>());
  const join = (i: number, j: number) => {
    if (i !== j && Math.abs(docs[i]!.time - docs[j]!.time) <= maxMs) linked[Math.min(i, j)]!.add(Math.max(i, j));
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
  return linked;
}

/**
 * Candidate pairs worth merging: joined by a link (related link, shared cited article) or sharing
 * a rare term within `maxPairDays`, at least `minPairSimilarity` alike; each article keeps its
 * `maxNeighbours` most similar (a pair stays when either end keeps it). Never all pairs.
 */
function candidateEdges(docs: readonly ClusterDoc[], terms: TermLists, vocab: Vocabulary, vectors: readonly SparseVector[], o: Required<ClusterOptions>): Edge[] {
  const maxMs = o.maxPairDays * DAY;
  const { postings, fill } = rarePostings(terms, vocab, o.rareShare * Math.max(docs.length, 1000));
  const linked = linkedPairs(docs, maxMs);
  const seen = new Int32Array(docs.length).fill(-1);
  const edges: Array<Edge & { score: number }> = [];
  const consider = (i: number, j: number, isLinked: boolean) => {
    seen[j] = i;
    const score = dot(vectors[i]!, vectors[j]!);
    if (score >= o.minPairSimilarity) edges.push({ i, j, linked: isLinked, score });
  };
  const position = new Int32Array(vocab.terms.length);
  for (let i = 0; i < docs.length; i++) {
    for (const j of linked[i]!) consider(i, j, true);
    const limit = docs[i]!.time + maxMs;
    for (let at = terms.start[i]!; at < terms.start[i + 1]!; at++) {
      const t = terms.ids[at]!;
      const list = postings[t]!;
      if (list.length === 0 || list[position[t]!] !== i) continue;
      const end = fill[t]!;
      for (let k = ++position[t]!; k < end && docs[list[k]!]!.time <= limit; k++) if (seen[list[k]!] !== i) consider(i, list[k]!, false);
    }
  }
  edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const degree = new Int32Array(docs.length);
  return edges.filter((e) => degree[e.i]!++ < o.maxNeighbours || degree[e.j]!++ < o.maxNeighbours).map(({ i, j, linked: l }) => ({ i, j, linked: l }));
}

/** Names and numbers as written mid-text: a digit, or a capital after the first letter (UpGuard, GTX). */
function isNameLike(shown: string): boolean {
  return /\d/.test(shown) || /^.\S*\p{Lu}/u.test(shown);
}

/** An article's words, which depend on its title and excerpt alone: its headline's, and its excerpt's tokens. */
interface DocWords {
  headline: HeadlineWord[];
  excerpt: string[];
}

/**
 * The words of the articles of the last clustering asked to remember them (`npm start` clusters
 * again on every edit, and most articles did not change), by title and excerpt. Never changed
 * once made; holds one clustering's articles at most.
 */
let remembered = new Map<string, DocWords>();

/**
 * Term ids of every article: title, title again (`titleWeight` times in all), excerpt start; the
 * title alone; and the headline's words as written, scanned once for names, storylines and reasons.
 */
function articleTerms(docs: readonly ClusterDoc[], vocab: Vocabulary, titleWeight: number, remember: boolean): { full: TermLists; titles: TermLists; headlines: HeadlineWord[][] } {
  const full: TermLists = { ids: [], start: [0] };
  const titles: TermLists = { ids: [], start: [0] };
  const headlines: HeadlineWord[][] = [];
  const kept = remember ? new Map<string, DocWords>() : null;
  for (const d of docs) {
    // Excerpts are cut where 99 % of real ones end: the rest is boilerplate and costs time.
    const excerpt = d.excerpt.length > 320 ? d.excerpt.slice(0, 320).replace(/\s\S*$/, "") : d.excerpt;
    const key = kept ? `${d.title}\u0000${excerpt}` : "";
    const made = (kept && remembered.get(key)) || { headline: headlineWords(d.title), excerpt: tokenize(excerpt) };
    kept?.set(key, made);
    headlines.push(made.headline);
    const title = titles.ids.length;
    for (const w of made.headline) if (w.token !== null) titles.ids.push(vocab.id(w.token));
    titles.start.push(titles.ids.length);
    const from = full.ids.length;
    for (let k = 0; k < titleWeight; k++) for (let t = title; t < titles.ids.length; t++) full.ids.push(titles.ids[t]!);
    for (const t of made.excerpt) full.ids.push(vocab.id(t));
    full.start.push(full.ids.length);
    vocab.count(full.ids, from);
  }
  if (kept) remembered = kept;
  return { full, titles, headlines };
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
