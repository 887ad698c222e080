/**
 * Words of an article for the clustering: normalized, lightly stemmed tokens, TF-IDF vectors and
 * cosine similarity.
 */

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

const MULTIPLIER: Record<string, string> = { million: "m", millions: "m", mn: "m", m: "m", billion: "bn", bn: "bn", b: "bn" };

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

/** Raw lower-case words of a text; "38 million" and "38M" become "38m", "1,000" becomes "1000". */
export function words(text: string): string[] {
  const found = text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/(\d),(\d{3})\b/g, "$1$2")
    .match(/\d+(?:\.\d+)*[a-z]*|[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu);
  if (!found) return [];
  const out: string[] = [];
  for (const raw of found) {
    const w = raw.replace(/'s$/, "").replace(/'/g, "");
    const mult = MULTIPLIER[w];
    const prev = out[out.length - 1];
    if (mult && prev && /^\d+(\.\d+)?$/.test(prev)) out[out.length - 1] = prev + mult;
    else out.push(/^\d+(\.\d+)?(millions?|mn)$/.test(w) ? w.replace(/(millions?|mn)$/, "m") : w);
  }
  return out;
}

/** Content tokens of a text: stopwords and one-letter words removed, stemmed. */
export function tokenize(text: string): string[] {
  return words(text)
    .filter((w) => (w.length > 1 || /\d/.test(w)) && !STOPWORDS.has(w))
    .map(stem);
}

/** A sparse vector: term → weight. */
export type Vector = Map<string, number>;

/** Document frequency of every term over a collection of token lists. */
export function documentFrequency(tokens: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const list of tokens) for (const term of new Set(list)) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/** Inverse document frequency, smoothed so a term in every document still weighs a little. */
export function idf(term: string, df: ReadonlyMap<string, number>, n: number): number {
  return Math.log((n + 1) / ((df.get(term) ?? 0) + 0.5));
}

/** Unit-length TF-IDF vector (sublinear tf). */
export function tfidfVector(tokens: readonly string[], df: ReadonlyMap<string, number>, n: number): Vector {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const vector: Vector = new Map();
  for (const [term, count] of tf) {
    const w = (1 + Math.log(count)) * idf(term, df, n);
    if (w > 0) vector.set(term, w);
  }
  return normalize(vector);
}

/** Scales a vector to unit length (the empty vector stays empty). */
export function normalize(vector: Vector): Vector {
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  if (norm === 0) return vector;
  const out: Vector = new Map();
  const scale = 1 / Math.sqrt(norm);
  for (const [term, w] of vector) out.set(term, w * scale);
  return out;
}

/** Adds `b` to `a` in place. */
export function addInto(a: Vector, b: Vector): void {
  for (const [term, w] of b) a.set(term, (a.get(term) ?? 0) + w);
}

/** Dot product; the cosine when both vectors have unit length. */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) dot += w * (large.get(term) ?? 0);
  return dot;
}
