import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headlineWords, shownForms, tokenize } from "../src/terms.ts";

/** The multipliers as a plain object, looked up the plain way (inherited names included, as `terms.ts` always has). */
const MULTIPLIER: Record<string, string> = { million: "m", millions: "m", mn: "m", m: "m", billion: "bn", bn: "bn", b: "bn" };

/** Words that name a multiplier or an inherited property in some case, and random words. */
const word = fc.oneof(
  fc.constantFrom("million", "Millions", "MN", "m", "M", "billion", "Bn", "b", "B", "constructor", "Constructor", "toString", "valueOf", "hasOwnProperty", "mega", "bank", "cost"),
  fc.stringMatching(/^[a-zA-Z]{1,10}$/),
);

describe("terms", () => {
  it("joins a number and the word after it exactly when the plain multiplier lookup says so", () => {
    fc.assert(
      fc.property(fc.constantFrom("3", "38", "1.5", "twelve"), word, (number, w) => {
        const joined = /^\d/.test(number) && Boolean(MULTIPLIER[w.toLowerCase()]);
        const words = headlineWords(`Breach ${number} ${w} records`);
        expect(words.some((x) => x.shown === `${number} ${w}`)).toBe(joined);
        expect(tokenize(`breach ${number} ${w} records`).length).toBe(tokenize(`breach ${number} records`).length + (joined ? 0 : tokenize(w).length));
        expect(shownForms(`Breach ${number} ${w}`).get(words[1]!.token!)).toBe(joined ? `${number} ${w}` : number);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads 38 million and 38M as one term", () => {
    expect(tokenize("38 million records")).toEqual(tokenize("38M records"));
  });
});
