/**
 * Names in headlines and the different-name rule: two groups of articles are not one story (nor one
 * storyline) when each is headlined by a rare name the other never mentions. Partner press releases
 * ("MSRcosmos earns …" and "Cloud4C earns …" the same Azure specialization), two virtual machine
 * series (DCsv2 and FX) or a product feature and a vendor's integration (Blob Storage NFS 3.0 and
 * Retrospect) share every other word, but not their subject.
 */
import type { HeadlineWord } from "./terms.ts";
import type { SparseVector, Vocabulary } from "./vectors.ts";

/** A name counts when at most this share of articles (counted as ≥ 1,000) uses its term. */
const NAME_SHARE = 0.02;

/** Dates say when, not what: month names and years are never names. */
const DATE_WORD = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)$|^(19|20)\d\d$|^\d+(st|nd|rd|th)$/;

/** Written like a name or number anywhere: a digit, or a capital after the first letter (UpGuard, DCsv2, NFS). */
function namedByForm(shown: string): boolean {
  return /\d/.test(shown) || /^.[^\s]*\p{Lu}/u.test(shown);
}

/** Lower-case words an excerpt capitalizes mid-sentence ("support for Retrospect Backup"). */
function capitalizedMidSentence(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/([^\s])?\s+(\p{Lu}[\p{L}\p{N}]*)/gu)) {
    if (m[1] && !/[.!?:;"“”‘’'(\[—–-]/.test(m[1])) out.add(m[2]!.toLowerCase());
  }
  return out;
}

/**
 * Term ids of the rare names in an article's headline (`words`, as `headlineWords` scans it): words
 * written like names (UpGuard, FX, 3.0), words a sentence-case headline capitalizes, and words its
 * excerpt capitalizes mid-sentence. Dates are not names.
 */
export function headlineNames(words: readonly HeadlineWord[], excerpt: string, vocab: Vocabulary): number[] {
  const maxDf = NAME_SHARE * Math.max(vocab.docs, 1000);
  let titleCase: boolean | undefined;
  let inExcerpt: Set<string> | undefined;
  const names: number[] = [];
  words.forEach((w, k) => {
    if (w.token === null) return;
    const id = vocab.idOf.get(w.token);
    if (id === undefined || vocab.df[id]! > maxDf || names.includes(id) || DATE_WORD.test(w.token)) return;
    if (!namedByForm(w.shown)) {
      if (!/^\p{Lu}/u.test(w.shown)) return;
      titleCase ??= isTitleCase(words);
      if (k === 0 || titleCase) {
        inExcerpt ??= capitalizedMidSentence(excerpt.slice(0, 320));
        if (!inExcerpt.has(w.shown.toLowerCase())) return;
      }
    }
    names.push(id);
  });
  return names.sort((a, b) => a - b);
}

/** Most content words capitalized: the capitals say nothing about names. */
function isTitleCase(words: readonly HeadlineWord[]): boolean {
  let content = 0;
  let capital = 0;
  for (const w of words) if (w.token !== null) (content++, /^\p{Lu}/u.test(w.shown) && capital++);
  return capital > 0.6 * content;
}

function has(ids: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = ids[mid]!;
    if (x === id) return true;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Names in the headlines of at least half of the articles. */
function commonNames(members: readonly number[], names: readonly (readonly number[])[]): number[] {
  if (members.length === 1) return names[members[0]!] as number[];
  const counts = new Map<number, number>();
  for (const m of members) for (const id of names[m]!) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, c]) => 2 * c >= members.length).map(([id]) => id);
}

/** Whether some common name of `a` is mentioned by no article of `b` (headline or excerpt). */
function unknownName(a: readonly number[], b: readonly number[], names: readonly (readonly number[])[], texts: readonly SparseVector[]): boolean {
  return commonNames(a, names).some((id) => b.every((m) => !has(texts[m]!.ids, id)));
}

/**
 * The different-name rule as a merge test over article indexes: false when each group's headlines
 * carry a rare name that no article of the other group mentions. `texts` are the articles'
 * title+excerpt vectors (their term ids say what each article mentions).
 */
export function sameNames(names: readonly (readonly number[])[], texts: readonly SparseVector[]) {
  return (a: readonly number[], b: readonly number[]): boolean => !(unknownName(a, b, names, texts) && unknownName(b, a, names, texts));
}
