import { describe, expect, it } from "vitest";
import { subjectPhrase } from "../src/storyline.ts";
import { headlineWords } from "../src/terms.ts";
import { Vocabulary } from "../src/vectors.ts";

/** Two stories of one headline each, in a vocabulary where their words are rare. */
function stories(titles: string[]) {
  const vocab = new Vocabulary();
  const headlines = titles.map((t) => [headlineWords(t)]);
  for (const [words] of headlines) vocab.count(words!.flatMap((w) => (w.token === null ? [] : [vocab.id(w.token)])));
  return { headlines, vocab };
}

describe("subjectPhrase", () => {
  it("writes a phrase as the first headline that has it does, call after call (its compiled pattern is shared, its match is not)", () => {
    const { headlines, vocab } = stories(["Diablo 4 co-op campaign", "Diablo 4 co-op campaign"]);
    const joinOf = (titles: string[]) => /co(.)op/.exec(subjectPhrase(headlines, vocab, titles))?.[1];
    expect(joinOf(["Diablo 4 co-op campaign"])).toBe("-");
    expect(joinOf(["Nothing here", "Diablo 4 co/op campaign", "Diablo 4 co-op campaign"])).toBe("/");
    expect(joinOf(["Nothing here"])).toBe(" ");
    expect(joinOf(["DIABLO 4 CO.OP CAMPAIGN", "Diablo 4 co-op campaign"])).toBe(".");
    expect(joinOf(["Diablo 4 co-op campaign"])).toBe("-");
  });
});
