/**
 * Words of an article for the clustering: normalized, lightly stemmed tokens, how the text wrote
 * them, and short subject labels. Vectors over these tokens are in vectors.ts.
 */
import type { Vocabulary } from "./vectors.ts";

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each few for from further had has
  have having he her here hers him his how i if in into is it its itself just may me more most my
  no nor not now of off on once only or other our out over own same she should so some such than that
  the their them then there these they this those through to too under until up very was we were what
  when where which while who whom why will with would you your yours via says said say get gets got
  s t don re ve ll d m one two new now week today year years day time know need want make here’s
  amp nbsp quot`.split(/\s+/),
);

/** Multiplier words and what they add to the number before them; a Map, so no inherited name ("constructor") is one. */
const MULTIPLIER = new Map<string, string>([["million", "m"], ["millions", "m"], ["mn", "m"], ["m", "m"], ["billion", "bn"], ["bn", "bn"], ["b", "bn"]]);

/** Sequel numbers written in capitals after a name: "Diablo IV" and "Diablo 4" are one term. */
const ROMAN: Record<string, string> = { II: "2", III: "3", IV: "4", VI: "6", VII: "7", VIII: "8", IX: "9", XI: "11", XII: "12" };

/** Light suffix stripping so "exposes", "exposed" and "exposing" meet, as do "misconfigured" and "misconfiguration". */
export function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w) && !w.endsWith("ous") && !w.endsWith("is")) w = w.slice(0, -1);
  w = w.replace(/(?<=.{4})ment$/, "").replace(/(?<=.{4})ations?$/, "").replace(/(?<=.{4})(ing|ed)$/, "");
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** A word as found in a text: its lower-case form and how the text wrote it. */
interface Word {
  lower: string;
  shown: string;
}

const WORD = /\d+(?:\.\d+)*[a-zA-Z]*|[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** Writes capital sequel numbers after a capitalized name in digits ("Diablo IV" → "Diablo 4"). */
function arabicSequels(text: string): string {
  return /\b[IVX]{2,4}\b/.test(text) ? text.replace(/(?<=\b\p{Lu}\p{Ll}+ )(II|III|IV|VI|VII|VIII|IX|XI|XII)\b/gu, (r) => ROMAN[r]!) : text;
}

/** The text as words are read from it. */
function wordText(text: string): string {
  // NFKC only matters beyond ASCII and the common typographic marks (’ “ — …), and it is slow.
  return (/^[\x00-\x7f‘’“”–—…\u00a0\u00c0-\u00ff]*$/.test(text) ? text : text.normalize("NFKC")).replace(/[’‘`]/g, "'").replace(/(\d),(\d{3})\b/g, "$1$2");
}

/**
 * Calls `visit` with the words of a text in order until it returns true; "38 million" and "38M"
 * become "38m", "1,000" becomes "1000". A word is visited once the next one is read (a multiplier
 * joins the number before it), so a caller that stops early has seen exactly what a full scan
 * would have shown it. `visit` must not scan a text itself (the scan reads `WORD` as it goes).
 */
function eachWord(text: string, keepShown: boolean, visit: (word: Word) => boolean | void): void {
  const source = wordText(keepShown ? arabicSequels(text) : arabicSequels(text).toLowerCase());
  let pending: Word | null = null;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(source); match; match = WORD.exec(source)) {
    const raw = match[0];
    const shown = raw.includes("'") ? raw.replace(/'[sS]$/, "") : raw;
    const lower = keepShown ? dropApostrophes(shown.toLowerCase()) : dropApostrophes(shown);
    const mult = mayBeMultiplier(lower) ? MULTIPLIER.get(lower) : undefined;
    if (mult && pending && isNumber(pending.lower)) {
      pending = { lower: pending.lower + mult, shown: `${pending.shown} ${shown}` };
      continue;
    }
    if (pending && visit(pending)) return;
    const digit = lower.charCodeAt(0) <= 57;
    pending = { lower: digit ? lower.replace(/^(\d+(?:\.\d+)?)(millions?|mn)$/, "$1m") : lower, shown };
  }
  if (pending) visit(pending);
}

/** Words of a text in order (see `eachWord`). */
function scanWords(text: string, keepShown = true): Word[] {
  const out: Word[] = [];
  eachWord(text, keepShown, (word) => void out.push(word));
  return out;
}

/**
 * Whether `word` can be a multiplier: every one starts with "m" or "b". Looking every word up
 * costs more than the rest of the scan.
 */
function mayBeMultiplier(word: string): boolean {
  const first = word.charCodeAt(0);
  return first === 109 || first === 98;
}

function dropApostrophes(word: string): string {
  return word.includes("'") ? word.replace(/'/g, "") : word;
}

function isNumber(word: string): boolean {
  return /^\d+(\.\d+)?$/.test(word);
}

const tokenCache = new Map<string, string | null>();

/** The token of a lower-case word, or null for a stopword; memoized (the vocabulary is small). */
function tokenOf(lower: string): string | null {
  let token = tokenCache.get(lower);
  if (token === undefined) {
    token = isContent(lower) ? stem(lower) : null;
    if (tokenCache.size >= 200_000) tokenCache.clear();
    tokenCache.set(lower, token);
  }
  return token;
}

function isContent(word: string): boolean {
  return (word.length > 1 || /\d/.test(word)) && !STOPWORDS.has(word);
}

/** Content tokens of a text: stopwords and one-letter words removed, lightly stemmed. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const w of scanWords(text, false)) {
    const token = tokenOf(w.lower);
    if (token !== null) tokens.push(token);
  }
  return tokens;
}

/** A word of a headline as written, with its token (null for a stopword). */
export interface HeadlineWord {
  shown: string;
  token: string | null;
}

/** Words of a headline in order, stopwords kept (with a null token) so phrases read naturally. */
export function headlineWords(text: string): HeadlineWord[] {
  return scanWords(text).map((w) => ({ shown: w.shown, token: tokenOf(w.lower) }));
}

/** An article's words, which depend on its title and excerpt alone: its headline's, and its excerpt's tokens. */
export interface ArticleWords {
  headline: HeadlineWord[];
  /** The headline's tokens (its words but stopwords), in order. */
  title: string[];
  /** Tokens of the start of the excerpt. */
  excerpt: string[];
  /** The excerpt the words were scanned from (whole: the scan cuts it). */
  source: string;
}

/**
 * The words of the articles of the last clustering asked to remember them (`npm start` clusters
 * again on every edit, and most articles did not change), by title, then by excerpt. Never
 * changed once made; holds one clustering's articles at most. Keyed by the articles' own title
 * strings, whose hashes V8 keeps, so a lookup neither joins nor cuts a string.
 */
let remembered = new Map<string, ArticleWords[]>();

function scanArticle(article: { title: string; excerpt: string }): ArticleWords {
  const { title, excerpt } = article;
  const headline = headlineWords(title);
  // The excerpt is cut where 99 % of real ones end: the rest is boilerplate and costs time.
  const start = excerpt.length > 320 ? excerpt.slice(0, 320).replace(/\s\S*$/, "") : excerpt;
  return { headline, title: headline.flatMap((w) => (w.token === null ? [] : [w.token])), excerpt: tokenize(start), source: excerpt };
}

/**
 * The words of every article, scanned; with `remember` (a process that clusters again and again),
 * those of articles the last such call had are reused, and these are kept until the next one.
 */
export function articleWords(articles: readonly { title: string; excerpt: string }[], remember: boolean): ArticleWords[] {
  if (!remember) return articles.map(scanArticle);
  const kept = new Map<string, ArticleWords[]>();
  const words = articles.map((article) => {
    const made = remembered.get(article.title)?.find((w) => w.source === article.excerpt) ?? scanArticle(article);
    const same = kept.get(article.title);
    if (!same) kept.set(article.title, [made]);
    else if (!same.includes(made)) same.push(made);
    return made;
  });
  remembered = kept;
  return words;
}

/** How a text first writes each of `tokens` (those it has), for reasons; the scan stops once it has found them all. */
export function shownForms(text: string, tokens: readonly string[]): Map<string, string> {
  const forms = new Map<string, string>();
  eachWord(text, true, (w) => {
    const token = tokenOf(w.lower);
    if (token !== null && !forms.has(token) && tokens.includes(token)) forms.set(token, w.shown);
    return forms.size === tokens.length;
  });
  return forms;
}

/** How a group of headlines uses a token: in how many, how often, and where (summed share of the way in). */
interface TokenUse {
  presence: number;
  weight: number;
  position: number;
  /** The last headline counted in `presence`. */
  last: number;
}

/**
 * A short label for what a group of articles is about: up to `count` distinctive terms found in at
 * least half of their headlines, in the order the titles use them ("police facial recognition ban").
 * One Map of uses, and headline words looked through for forms: a Map and a Set per headline made
 * this the most allocating step of the clustering.
 */
export function subjectLabel(headlines: readonly (readonly HeadlineWord[])[], vocab: Vocabulary, count: number): string {
  const uses = new Map<string, TokenUse>();
  headlines.forEach((words, h) => {
    let length = 0;
    for (const w of words) if (w.token !== null) length++;
    let k = 0;
    for (const w of words) {
      if (w.token === null) continue;
      let use = uses.get(w.token);
      if (!use) uses.set(w.token, (use = { presence: 0, weight: 0, position: 0, last: -1 }));
      use.weight++;
      if (use.last !== h) (use.last = h), use.presence++, (use.position += k / length);
      k++;
    }
  });
  const need = Math.max(2, Math.ceil(headlines.length / 2));
  const picked = [...uses]
    .filter(([, use]) => use.presence >= need)
    .map(([token, use]) => ({ token, use, score: use.weight * vocab.idf(vocab.idOf.get(token) ?? -1) }))
    .sort((x, y) => y.score - x.score || (x.token < y.token ? -1 : 1))
    .slice(0, count);
  picked.sort((x, y) => x.use.position / x.use.presence - y.use.position / y.use.presence);
  return picked.map(({ token }) => displayForm(token, headlines)).join(" ");
}

/** The most common written form of a token (each headline's first); lower case unless it is always capitalized mid-word (UpGuard, GTX). */
function displayForm(token: string, headlines: readonly (readonly HeadlineWord[])[]): string {
  const counts = new Map<string, number>();
  for (const words of headlines) {
    const shown = words.find((w) => w.token === token)?.shown;
    if (shown) counts.set(shown, (counts.get(shown) ?? 0) + 1);
  }
  const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? token;
  return /^\p{Lu}?[\p{Ll}\d\s.]*$/u.test(best) ? best.toLowerCase() : best;
}
