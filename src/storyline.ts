/**
 * Storylines: stories (a story of one article included) about one specific subject, chained over
 * time. No time limit joins them, so a subject that comes back after two years is one storyline
 * with two episodes; the digest marks gaps of more than 30 days from the times.
 */
import { mergeGroups, type Edge } from "./agglomerate.ts";
import type { HeadlineWord } from "./terms.ts";
import { centroidOf, SumStore, type SparseVector, type Vocabulary } from "./vectors.ts";
import type { ClusterDoc, StorylineGroup } from "./types.ts";

/** What the storyline step needs from the story step. */
export interface StorylineInput {
  docs: readonly ClusterDoc[];
  /** Every story as article indexes, oldest first, stories of one included; ordered by first article. */
  groups: readonly number[][];
  /** Unit-length headline vector of every article: a storyline's subject is what its headlines share. */
  titles: readonly SparseVector[];
  /** Every article's headline words, as `headlineWords` scans them. */
  headlines: readonly HeadlineWord[][];
  vocab: Vocabulary;
  /** Minimum mean cosine between the stories of two storylines for them to merge. */
  threshold: number;
  /** A merge test over article indexes (the different-name rule): a storyline is about one subject. */
  allowed?: (a: readonly number[], b: readonly number[]) => boolean;
}

/** Terms that may name a subject: in at least two articles, and at most 2 % of them (counted as ≥ 1,000). */
const SUBJECT_SHARE = 0.02;
/** Terms of each story used to find candidate storyline pairs. */
const KEY_TERMS = 6;
/** Stories sharing a pair of key terms are all paired up to this many; beyond it, neighbours in time only. */
const ALL_PAIRS = 12;
const TIME_NEIGHBOURS = 3;
/** Longest subject phrase, in words. */
const PHRASE_WORDS = 5;

/** The heaviest terms of a story that are rare enough to name a subject. */
function keyTerms(vector: SparseVector, vocab: Vocabulary, maxDf: number): number[] {
  const terms: Array<[number, number]> = [];
  vector.ids.forEach((id, k) => {
    const df = vocab.df[id]!;
    if (df >= 2 && df <= maxDf) terms.push([id, vector.weights[k]!]);
  });
  return terms.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, KEY_TERMS).map(([t]) => t).sort((a, b) => a - b);
}

/** Pairs of stories that share two key terms (all pairs for a rare pair of terms, neighbours in time otherwise). */
function storyPairs(keys: readonly number[][], times: readonly number[]): Edge[] {
  const postings = new Map<number, number[]>();
  keys.forEach((list, u) => {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a]! * 2 ** 24 + list[b]!;
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

/** How a word is written in a phrase: capitalized when the sentence-case headlines capitalize it. */
function displayWord(token: string, seen: ReadonlyMap<string, { upper: number; lower: number; form: string }>): string {
  const s = seen.get(token);
  if (!s) return token;
  if (/^[\p{Lu}\d]{2,}$|^.+\p{Lu}|\d/u.test(s.form)) return s.form; // IV, UpGuard, GTX, DCsv2
  return s.upper > s.lower ? s.form : s.form.toLowerCase();
}

/** How each word is written mid-headline, counted over headlines not in Title Case. */
function caseEvidence(headlines: readonly (readonly HeadlineWord[])[]): Map<string, { upper: number; lower: number; form: string }> {
  const seen = new Map<string, { upper: number; lower: number; form: string }>();
  for (const words of headlines) {
    const content = words.filter((w) => w.token !== null);
    const titleCase = content.filter((w) => /^\p{Lu}/u.test(w.shown)).length > 0.6 * content.length;
    words.forEach((w, k) => {
      const key = w.shown.toLowerCase();
      const s = seen.get(key) ?? { upper: 0, lower: 0, form: w.shown };
      if (/^\p{Lu}/u.test(w.shown)) s.form = w.shown;
      if (k > 0 && !titleCase) /^\p{Lu}/u.test(w.shown) ? s.upper++ : s.lower++;
      else if (k > 0 && !/^\p{Lu}/u.test(w.shown)) s.lower++;
      seen.set(key, s);
    });
  }
  return seen;
}

/** In how many stories (lists of headlines) each token is. */
function storiesByToken(headlines: readonly (readonly HeadlineWord[])[][]): Map<string, number> {
  const inStories = new Map<string, number>();
  const lastStory = new Map<string, number>();
  headlines.forEach((list, s) => {
    for (const words of list) {
      for (const w of words) {
        if (w.token === null || lastStory.get(w.token) === s) continue;
        lastStory.set(w.token, s);
        inStories.set(w.token, (inStories.get(w.token) ?? 0) + 1);
      }
    }
  });
  return inStories;
}

/**
 * The subject of a storyline: the phrase of its headlines (up to five words, starting and ending
 * with a content word) in at least half of its stories that the most headlines use, weighted by how distinctive its words are
 * ("police facial recognition", "system requirements"). Empty when no shared phrase has two distinctive words (in at most 2 % of articles).
 */
export function subjectPhrase(headlines: readonly (readonly HeadlineWord[])[][], vocab: Vocabulary, titles: readonly string[] = []): string {
  const need = Math.max(2, Math.ceil(headlines.length / 2));
  // A phrase is in no more stories than its rarest word: phrases are not even looked at past a
  // word in fewer than `need` stories (most words of most stories), which changes no result.
  const inStories = storiesByToken(headlines);
  const rare = (w: HeadlineWord) => w.token !== null && inStories.get(w.token)! < need;
  // Headlines are counted by their place, not by identity: two articles with one headline may
  // share one list of words (the clustering remembers words by title and excerpt).
  const found = new Map<string, { stories: number; last: number; articles: number; lastArticle: number; words: readonly HeadlineWord[]; at: number; length: number }>();
  let article = -1;
  headlines.forEach((list, s) => {
    for (const words of list) {
      article++;
      for (let a = 0; a < words.length; a++) {
        if (words[a]!.token === null || rare(words[a]!)) continue;
        let key = "";
        for (let b = a; b < Math.min(words.length, a + PHRASE_WORDS); b++) {
          if (rare(words[b]!)) break;
          key += (b > a ? " " : "") + (words[b]!.token ?? words[b]!.shown.toLowerCase());
          if (words[b]!.token === null) continue;
          const entry = found.get(key);
          if (!entry) found.set(key, { stories: 1, last: s, articles: 1, lastArticle: article, words, at: a, length: b - a + 1 });
          else {
            if (entry.last !== s) (entry.stories++, (entry.last = s));
            if (entry.lastArticle !== article) (entry.articles++, (entry.lastArticle = article));
          }
        }
      }
    }
  });
  const maxDf = SUBJECT_SHARE * Math.max(vocab.docs, 1000);
  let best: { score: number; key: string; words: readonly HeadlineWord[] } | null = null;
  // The storyline is specific when some shared phrase has two distinctive words; its label is then
  // the phrase most headlines use among those with one distinctive word or more.
  let specific = false;
  for (const [key, entry] of found) {
    if (entry.stories < need) continue;
    const words = entry.words.slice(entry.at, entry.at + entry.length);
    const ids: number[] = [];
    let distinctive = 0;
    for (const w of words) {
      if (w.token === null) continue;
      const id = vocab.idOf.get(w.token) ?? -1;
      ids.push(id);
      if ((vocab.df[id] ?? 0) <= maxDf) distinctive++;
    }
    if (ids.length < 2 || distinctive === 0) continue;
    specific ||= distinctive >= 2;
    // What most headlines say, not a flourish two of them share: weighted by headlines using it.
    const score = entry.articles * ids.reduce((sum, id) => sum + vocab.idf(id), 0);
    if (!best || score > best.score || (score === best.score && key < best.key)) best = { score, key, words };
  }
  if (!best || !specific) return "";
  const seen = caseEvidence(headlines.flat());
  const phrase = asWritten(best.words, titles, seen);
  const anchor = anchorName(headlines.flat(), best.words, vocab, maxDf, seen, titles);
  return anchor ? `${anchor} ${phrase}` : phrase;
}

/**
 * Compiled phrase patterns, by source: compiling a case-insensitive Unicode pattern took longer than
 * matching it against a storyline's headlines, and the next clustering names the same storylines.
 * A pattern without the global flag keeps no state between matches, so one object serves every call.
 */
const patterns = new Map<string, RegExp>();

function phrasePattern(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    if (patterns.size >= 10_000) patterns.clear();
    patterns.set(source, (pattern = new RegExp(source, "iu")));
  }
  return pattern;
}

/**
 * Words of a phrase joined as a headline writes them: "co-op", "Battle.net" (a mark between two
 * words with no space around it stays), spaces otherwise. Each word is cased by `displayWord`.
 */
function asWritten(words: readonly HeadlineWord[], titles: readonly string[], seen: ReturnType<typeof caseEvidence>): string {
  const shown = words.map((w) => displayWord(w.shown.toLowerCase(), seen));
  if (words.length < 2 || titles.length === 0) return shown.join(" ");
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = phrasePattern(words.map((w) => escape(w.shown)).join("([^\\p{L}\\p{N}]{1,3})"));
  // The first headline that writes the phrase says how (a storyline has hundreds: not all are matched).
  let joins: RegExpExecArray | null = null;
  for (let k = 0; k < titles.length && !joins; k++) joins = pattern.exec(titles[k]!);
  return shown.map((word, k) => (k === 0 ? word : `${joins && /^[-.\/]$/.test(joins[k]!) ? joins[k] : " "}${word}`)).join("");
}

/** Share of a storyline's headlines that must name its anchor. */
const ANCHOR_SHARE = 0.7;

/**
 * The name nearly every headline of a storyline carries when its subject phrase does not: the
 * game, product or body the subject belongs to ("Diablo 4" before "system requirements"). A
 * name of one or two words, too common in the corpus to name a subject alone, written with a
 * capital (or a digit) where headlines are not in Title Case; none when the phrase has it.
 */
function anchorName(headlines: readonly (readonly HeadlineWord[])[], phrase: readonly HeadlineWord[], vocab: Vocabulary, maxDf: number, seen: ReturnType<typeof caseEvidence>, titles: readonly string[]): string {
  const inPhrase = new Set(phrase.flatMap((w) => (w.token === null ? [] : [w.token])));
  const counts = new Map<string, { count: number; words: readonly HeadlineWord[] }>();
  for (const words of headlines) {
    const found = new Set<string>();
    words.forEach((w, k) => {
      if (w.token === null) return;
      found.add(w.token);
      const next = words[k + 1];
      if (next?.token) found.add(`${w.token} ${next.token}`);
    });
    for (const key of found) {
      const entry = counts.get(key);
      if (entry) entry.count++;
      else {
        const at = words.findIndex((w) => w.token === key.split(" ")[0]);
        counts.set(key, { count: 1, words: words.slice(at, at + key.split(" ").length) });
      }
    }
  }
  const isName = (w: HeadlineWord) => /\d/.test(w.shown) || /^\p{Lu}/u.test(displayWord(w.shown.toLowerCase(), seen));
  let best: { key: string; count: number; words: readonly HeadlineWord[] } | null = null;
  for (const [key, { count, words }] of counts) {
    const tokens = key.split(" ");
    if (count < Math.max(2, ANCHOR_SHARE * headlines.length) || tokens.some((t) => inPhrase.has(t))) continue;
    if (tokens.some((t) => (vocab.df[vocab.idOf.get(t) ?? -1] ?? 0) <= maxDf) || !words.every(isName)) continue;
    if (!best || count > best.count || (count === best.count && (tokens.length > best.key.split(" ").length || (tokens.length === best.key.split(" ").length && key < best.key)))) best = { key, count, words };
  }
  return best ? asWritten(best.words, titles, seen) : "";
}

/**
 * Chains stories into storylines: stories that share rare key terms merge by average link over their
 * headline centroids; a storyline needs two stories or more and a subject phrase of two distinctive words.
 */
export function buildStorylines(input: StorylineInput): StorylineGroup[] {
  const { docs, groups, titles, headlines, vocab } = input;
  const store = new SumStore();
  const units = groups.map((g) => (g.length === 1 ? titles[g[0]!]! : centroidOf(g.map((m) => titles[m]!), store)));
  const times = groups.map((g) => docs[g[0]!]!.time);
  const keys = units.map((u) => keyTerms(u, vocab, SUBJECT_SHARE * Math.max(vocab.docs, 1000)));
  const allowed = input.allowed && ((a: readonly number[], b: readonly number[]) => input.allowed!(a.flatMap((u) => groups[u]!), b.flatMap((u) => groups[u]!)));
  const lines = mergeGroups(units, times, storyPairs(keys, times), { average: input.threshold, centroid: 0, linkedCentroid: 0, maxSpan: Infinity }, allowed);
  const storylines: StorylineGroup[] = [];
  for (const line of lines) {
    if (line.length < 2) continue;
    line.sort((a, b) => times[a]! - times[b]! || a - b);
    const subject = subjectPhrase(line.map((u) => groups[u]!.map((m) => headlines[m]!)), vocab, line.flatMap((u) => groups[u]!.map((m) => docs[m]!.title)));
    if (subject === "") continue;
    storylines.push({ subject, stories: line.map((u) => groups[u]!.map((m) => docs[m]!.id)) });
  }
  return storylines;
}
