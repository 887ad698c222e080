import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headlineWords, shownForms, subjectLabel, tokenize, type HeadlineWord } from "../src/terms.ts";
import { Vocabulary } from "../src/vectors.ts";

/** The multipliers, looked up the plain way: own names only ("constructor" is no multiplier). */
const MULTIPLIER: Record<string, string> = { million: "m", millions: "m", mn: "m", m: "m", billion: "bn", bn: "bn", b: "bn" };
const isMultiplier = (word: string) => Object.hasOwn(MULTIPLIER, word);

/** Words that name a multiplier or an inherited property in some case, and random words. */
const word = fc.oneof(
  fc.constantFrom("million", "Millions", "MN", "m", "M", "billion", "Bn", "b", "B", "constructor", "Constructor", "toString", "valueOf", "hasOwnProperty", "mega", "bank", "cost"),
  fc.stringMatching(/^[a-zA-Z]{1,10}$/),
);

/** The label the plain way, as it was written before it was made faster: three Maps, a Set per headline, a Map of forms per headline. */
function plainSubjectLabel(headlines: readonly (readonly HeadlineWord[])[], vocab: Vocabulary, count: number): string {
  const tokens = headlines.map((words) => words.flatMap((w) => (w.token === null ? [] : [w.token])));
  const forms = headlines.map((words) => {
    const map = new Map<string, string>();
    for (const w of words) if (w.token !== null && !map.has(w.token)) map.set(w.token, w.shown);
    return map;
  });
  const presence = new Map<string, number>();
  const position = new Map<string, number>();
  const weight = new Map<string, number>();
  for (const list of tokens) {
    const seen = new Set<string>();
    list.forEach((t, k) => {
      weight.set(t, (weight.get(t) ?? 0) + 1);
      if (seen.has(t)) return;
      seen.add(t);
      presence.set(t, (presence.get(t) ?? 0) + 1);
      position.set(t, (position.get(t) ?? 0) + k / list.length);
    });
  }
  const need = Math.max(2, Math.ceil(tokens.length / 2));
  const picked = [...presence]
    .filter(([, c]) => c >= need)
    .map(([t]) => [t, weight.get(t)! * vocab.idf(vocab.idOf.get(t) ?? -1)] as const)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, count)
    .map(([t]) => t);
  picked.sort((x, y) => position.get(x)! / presence.get(x)! - position.get(y)! / presence.get(y)!);
  return picked
    .map((t) => {
      const counts = new Map<string, number>();
      for (const f of forms) if (f.get(t)) counts.set(f.get(t)!, (counts.get(f.get(t)!) ?? 0) + 1);
      const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? t;
      return /^\p{Lu}?[\p{Ll}\d\s.]*$/u.test(best) ? best.toLowerCase() : best;
    })
    .join(" ");
}

/** Headline words over a few tokens, written in a few ways, stopwords among them. */
const headlineWord = fc.oneof(
  fc.constantFrom("azure", "breach", "record", "diablo", "4", "upguard").chain((token) => fc.constantFrom(token, token.toUpperCase(), token[0]!.toUpperCase() + token.slice(1)).map((shown) => ({ shown, token }))),
  fc.constantFrom({ shown: "the", token: null }, { shown: "of", token: null }),
);

describe("terms", () => {
  it("labels a group of headlines as the plain computation does", () => {
    fc.assert(
      fc.property(fc.array(fc.array(headlineWord, { maxLength: 8 }), { minLength: 1, maxLength: 7 }), fc.array(fc.nat(1500), { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (headlines, df, count) => {
        const vocab = new Vocabulary();
        ["azure", "breach", "record", "diablo", "4"].forEach((token, k) => {
          const id = vocab.id(token);
          for (let d = 0; d < df[k]!; d++) vocab.count([id]);
        });
        expect(subjectLabel(headlines, vocab, count)).toBe(plainSubjectLabel(headlines, vocab, count));
      }),
      { numRuns: 3000 },
    );
  });

  it("joins a number and the word after it exactly when the plain multiplier lookup says so", () => {
    fc.assert(
      fc.property(fc.constantFrom("3", "38", "1.5", "twelve"), word, (number, w) => {
        const joined = /^\d/.test(number) && isMultiplier(w.toLowerCase());
        const words = headlineWords(`Breach ${number} ${w} records`);
        expect(words.some((x) => x.shown === `${number} ${w}`)).toBe(joined);
        expect(tokenize(`breach ${number} ${w} records`).length).toBe(tokenize(`breach ${number} records`).length + (joined ? 0 : tokenize(w).length));
        expect(shownForms(`Breach ${number} ${w}`, [words[1]!.token!]).get(words[1]!.token!)).toBe(joined ? `${number} ${w}` : number);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads a number before \"constructor\" as two words, not as a number with a multiplier", () => {
    expect(tokenize("3 constructor records")).toEqual(["3", "constructor", "record"]);
    expect(headlineWords("Breach 3 constructor records").map((w) => w.shown)).toEqual(["Breach", "3", "constructor", "records"]);
  });

  it("finds how a text first writes some of its tokens as the full scan does, though it stops early", () => {
    const text = fc.array(fc.oneof(word, fc.constantFrom("38", "1,000", "2.5", "Diablo IV", "the", "Azure’s", "UpGuard", "38M")), { maxLength: 30 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(text, fc.array(fc.constantFrom("38m", "1000", "2.5", "diablo", "4", "azure", "upguard", "million", "breach"), { maxLength: 4 }), (t, wanted) => {
        const tokens = [...new Set(wanted)];
        const all = headlineWords(t);
        const expected = tokens.flatMap((token) => {
          const first = all.find((w) => w.token === token);
          return first ? [[token, first.shown]] : [];
        });
        expect([...shownForms(t, tokens)].sort()).toEqual(expected.sort());
      }),
      { numRuns: 3000 },
    );
  });

  it("reads 38 million and 38M as one term", () => {
    expect(tokenize("38 million records")).toEqual(tokenize("38M records"));
  });
});
