/**
 * Reasons a reader understands for every member of a story: what the story is about, and what ties
 * each later article to an earlier one (a related link, a cited article, or the words they share).
 */
import { subjectPhrase } from "./storyline.ts";
import { shownForms, subjectLabel, type HeadlineWord } from "./terms.ts";
import { dot, sharedTermIds, type SparseVector, type Vocabulary } from "./vectors.ts";
import type { ClusterDoc } from "./types.ts";

/** What the reasons need: the articles, their title+excerpt vectors and the vocabulary. */
export interface ReasonInput {
  docs: readonly ClusterDoc[];
  vectors: readonly SparseVector[];
  vocab: Vocabulary;
  /** Every article's headline words, as `headlineWords` scans them. */
  headlines: readonly HeadlineWord[][];
}

function quote(text: string): string {
  return `‘${text.length > 80 ? text.slice(0, 77).trimEnd() + "…" : text}’`;
}

/** The story's subject in a few words: the phrase most of its headlines share, else their shared distinctive terms. */
function storySubject(input: ReasonInput, members: readonly number[]): string {
  const words = members.map((m) => input.headlines[m]!);
  return subjectPhrase(words.map((w) => [w]), input.vocab) || subjectLabel(words, input.vocab, 4);
}

/** The earlier member (of the first `count`) a later one is tied to, and how: linked, citing the same article, or most alike. */
function tie(input: ReasonInput, m: number, members: readonly number[], count: number): { to: number; how: string } {
  const { docs, vectors } = input;
  const doc = docs[m]!;
  // Most articles cite a few items: a Set of them cost more than looking through them.
  const cites = doc.related.length > 16 ? new Set(doc.related) : doc.related;
  const cited = (key: string) => (cites instanceof Set ? cites.has(key) : cites.includes(key));
  for (let k = 0; k < count; k++) {
    const e = members[k]!;
    if (cited(docs[e]!.canonical) || docs[e]!.related.includes(doc.canonical)) return { to: e, how: "linked with" };
  }
  for (let k = 0; k < count; k++) {
    const e = members[k]!;
    if (docs[e]!.related.some(cited)) return { to: e, how: "cites the same article as" };
  }
  let best = members[0]!;
  let bestScore = -1;
  for (let k = 0; k < count; k++) {
    const s = dot(vectors[m]!, vectors[members[k]!]!);
    if (s > bestScore) (best = members[k]!), (bestScore = s);
  }
  return { to: best, how: "reported like" };
}

/**
 * Why each member belongs, by article id: the first report names the subject; every later member
 * says which earlier article it is tied to and the distinctive words they share, as written.
 */
export function storyReasons(input: ReasonInput, members: readonly number[]): Record<string, string> {
  const { docs, vectors, vocab } = input;
  const subject = storySubject(input, members);
  const reasons: Record<string, string> = {};
  const lead = docs[members[0]!]!;
  reasons[lead.id] = `first report${subject ? ` of ${subject}` : ""} (${lead.provider})`;
  for (let k = 1; k < members.length; k++) {
    const m = members[k]!;
    const doc = docs[m]!;
    const { to, how } = tie(input, m, members, k);
    const shared = sharedTermIds(vectors[m]!, vectors[to]!, 3).map((id) => vocab.terms[id]!);
    const headline = input.headlines[m]!;
    const inTitle = shared.map((t) => headline.find((w) => w.token === t)?.shown);
    // The excerpt is scanned only when a shared word is not in the headline.
    const forms = inTitle.every((shown) => shown !== undefined) ? null : shownForms(`${doc.title} ${doc.excerpt.slice(0, 320)}`, shared);
    const words = shared.map((t, k) => `‘${(forms ? forms.get(t) : inTitle[k]) ?? t}’`);
    const shares = words.length ? `; both mention ${words.join(", ")}` : "";
    reasons[doc.id] = `same event${subject ? `: ${subject}` : ""}; ${how} ${quote(docs[to]!.title)} (${docs[to]!.provider})${shares}`;
  }
  return reasons;
}
