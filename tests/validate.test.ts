import { describe, expect, it } from "vitest";
import { SeedSchemaError } from "../src/errors.ts";
import { parseSeed } from "../src/parse.ts";
import { SEED_LIMITS, describeValue, fieldPath, validateSeed } from "../src/validate.ts";
import { seedFile, seedText } from "./helpers/seed.ts";

const validate = (overrides: Record<string, unknown> = {}) => validateSeed(parseSeed(seedFile(seedText(overrides))));
const schemaMessage = (text: string) => {
  try {
    validateSeed(parseSeed(seedFile(text)));
  } catch (error) {
    expect(error).toBeInstanceOf(SeedSchemaError);
    return (error as Error).message;
  }
  throw new Error("expected a SeedSchemaError");
};

describe("validateSeed", () => {
  it("turns a valid seed into a typed record with its date parsed", () => {
    const { record, problems } = validate();
    expect(record.title).toBe("Police Commission approves new oversight for facial recognition");
    expect(record.publishedDateTime).toEqual({ ok: true, iso: "2021-01-13T00:17:00Z", time: Date.UTC(2021, 0, 13, 0, 17) });
    expect(record.related).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it("reports every problem of a bad seed at once, each with file:line:col, field, value and expectation", () => {
    const text = [
      "---",
      'title: "Quantum leap"',
      'publishedDateTime: "2023-13-14T14:24:00Z"',
      'published: "false"',
      "provider:",
      "  name: Example",
      'topics: "Quantum Computing"',
      "heat: -5",
      "---",
      "",
    ].join("\n");
    expect(schemaMessage(text)).toMatchInlineSnapshot(`
      "seeds/000_0123456789abcdef.txt does not match the seed format (5 problems):
        seeds/000_0123456789abcdef.txt:3:20 publishedDateTime: received "2023-13-14T14:24:00Z" (a string): is not a valid date-time (month 13 is invalid)
        seeds/000_0123456789abcdef.txt:4:12 published: received "false" (a string): expected true or false (unquoted)
        seeds/000_0123456789abcdef.txt:5:1 provider.domain: is missing: expected the provider's domain, e.g. govtech.com
        seeds/000_0123456789abcdef.txt:7:9 topics: received "Quantum Computing" (a string): expected a list of topic names
        seeds/000_0123456789abcdef.txt:8:7 heat: received -5: expected 0 or more (-1 when unknown)"
    `);
  });

  it.each(["false", "no", "yes", "off", "1"])("reports published: %j in quotes instead of guessing", (value) => {
    expect(() => validate({ published: value })).toThrow(/published: received .* \(a string\): expected true or false \(unquoted\)/);
  });

  it("reports unquoted published: no, which YAML's core schema keeps as a string", () => {
    const text = seedText().replace("published: true", "published: no");
    expect(schemaMessage(text)).toMatch(/published: received "no" \(a string\): expected true or false/);
  });

  it.each([
    [{ title: undefined }, "title: is missing: expected the article's title"],
    [{ title: "   " }, "title: received \"   \" (a string): expected a title that is not empty"],
    [{ publishedDateTime: "yesterday" }, "is not an ISO 8601 date-time"],
    [{ publishedDateTime: "1970-01-01T00:00:00Z" }, "is before 1990-01-01, which looks like a placeholder date"],
    [{ publishedDateTime: "2999-01-01T00:00:00Z" }, "is after 2100-01-01, which is in the future"],
    [{ quality: -3 }, "quality: received -3: expected a number from 0 to 100"],
    [{ quality: "high" }, "quality: received \"high\" (a string): expected a number from 0 to 100"],
    [{ provider: "KTLA" }, "provider: received \"KTLA\" (a string): expected a provider with a name and a domain"],
    [{ related: { title: "x" } }, "related: received a mapping: expected a list of related articles"],
  ])("rejects %j", (overrides, expected) => {
    expect(() => validate(overrides)).toThrow(expected);
  });

  it("reads an offset-less date as UTC and names the repair", () => {
    const { record, problems } = validate({ publishedDateTime: "2021-01-13T00:17:00" });
    expect(record.publishedDateTime.iso).toBe("2021-01-13T00:17:00Z");
    expect(problems).toMatchObject([{ severity: "repair", field: "publishedDateTime", message: expect.stringContaining("has no time-zone offset; read as UTC") }]);
  });

  it("drops a bad related item with a warning and keeps the rest", () => {
    const related = [{ excerpt: "no title or link" }, { title: "Fine", webUrl: "https://example.com/a" }];
    const { record, problems } = validate({ related });
    expect(record.related.map((r) => r.index)).toEqual([1]);
    expect(problems.map((p) => `${p.severity} ${p.field} ${p.message}`)).toEqual([
      "warning related[0].title is missing: expected the related article's title; this item was left out",
      "warning related[0].webUrl is missing: expected the related article's webUrl; this item was left out",
    ]);
  });

  it("keeps only the first related items over the limit and says so", () => {
    const related = Array.from({ length: SEED_LIMITS.related + 5 }, (_, i) => ({ title: `R${i}`, webUrl: `https://example.com/${i}` }));
    const { record, problems } = validate({ related });
    expect(record.related).toHaveLength(SEED_LIMITS.related);
    expect(problems[0]?.message).toBe(`has ${SEED_LIMITS.related + 5} items; only the first ${SEED_LIMITS.related} are kept`);
  });

  it("warns about unknown fields instead of rejecting the seed", () => {
    const { problems } = validate({ sponsor: "ACME" });
    expect(problems).toMatchObject([{ severity: "warning", field: "sponsor", message: "is not a seed field; it was ignored" }]);
  });
});

describe("fieldPath and describeValue", () => {
  it.each([
    [["title"], "title"],
    [["related", 2, "webUrl"], "related[2].webUrl"],
    [["related", 0, "images", 1, "url"], "related[0].images[1].url"],
  ])("%j → %s", (path, expected) => {
    expect(fieldPath(path)).toBe(expected);
  });

  it.each([
    ["no", '"no" (a string)'],
    [42, "42"],
    [null, "nothing (null)"],
    [[1, 2], "a list of 2"],
    [{ a: 1 }, "a mapping"],
    ["x".repeat(100), `"${"x".repeat(57)}…" (a string)`],
  ])("describes %j", (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
