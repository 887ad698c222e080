import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { CORE_SCALARS, splitFrontMatter } from "../src/parse.ts";
import { readSeedYaml as readWith } from "../src/seed-yaml.ts";
import { generateSeeds } from "../src/synthetic.ts";

/** The reader as parse.ts runs it, with js-yaml's core schema's scalar types. */
const readSeedYaml = (text: string) => readWith(text, CORE_SCALARS!);

/** What js-yaml makes of a text: its data, or the error it throws. */
function jsYaml(text: string): { data: unknown } | { error: string } {
  try {
    return { data: yaml.load(text, { schema: yaml.CORE_SCHEMA, json: false }) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** The seed reader's answer is js-yaml's, or none at all. */
function expectSameOrNone(text: string): boolean {
  const fast = readSeedYaml(text);
  if (fast === undefined) return false;
  expect(jsYaml(text), JSON.stringify(text)).toEqual({ data: fast });
  return true;
}

const frontMatterOf = (text: string) => splitFrontMatter(text.replace(/\r\n?/g, "\n").replace(/^\ufeff/, ""));

describe("readSeedYaml", () => {
  it("reads every seed of the shared real corpus as js-yaml does", () => {
    const dir = "../shared/corpus/real";
    const names = readdirSync(dir).filter((name) => name.endsWith(".txt"));
    const read = names.filter((name) => expectSameOrNone(frontMatterOf(readFileSync(join(dir, name), "utf8"))));
    expect(names.length).toBeGreaterThan(2000);
    // The point is speed: nearly every real seed must be read here, not handed to js-yaml.
    expect(read.length / names.length).toBeGreaterThan(0.99);
  });

  it("reads the project's seeds and 2,000 synthetic ones as js-yaml does, all of them", () => {
    const texts = [
      ...readdirSync("seeds").map((name) => readFileSync(join("seeds", name), "utf8")),
      ...generateSeeds(2000, 7).map((seed) => seed.text),
    ];
    for (const text of texts) expect(expectSameOrNone(frontMatterOf(text))).toBe(true);
  });

  it.each([
    ["heat: -1\nquality: 0\nzero: -0", { heat: -1, quality: 0, zero: 0 }],
    ["a: ~\nb: null\nc: NULL\nd:\ne: True\nf: FALSE", { a: null, b: null, c: null, d: null, e: true, f: false }],
    ["when: 2023-03-14T14:24:00+05:30\nday: 2023-03-14", { when: "2023-03-14T14:24:00+05:30", day: "2023-03-14" }],
    ['t: "a \\"b\\" \\u00e9 \\U0001F680 \\x41\\n"', { t: 'a "b" é 🚀 A\n' }],
    ["t: 'it''s'   ", { t: "it's" }],
    ["u: https://x.example/a?b=c#d", { u: "https://x.example/a?b=c#d" }],
    // Numbers in every other form, by js-yaml's own types (parse.ts's CORE_SCALARS).
    ["a: 1e3\nb: 0x1F\nc: 1_000\nd: .5\ne: .inf\nf: 1.5\ng: 012\nh: +3\ni: .NET", { a: 1000, b: 31, c: "1_000", d: 0.5, e: Infinity, f: 1.5, g: 12, h: 3, i: ".NET" }],
    ["topics:\n- AI\n- 42\nnext: x", { topics: ["AI", 42], next: "x" }],
    ["related:\n  - title: a\n    provider:\n      name: P\n    images:\n    - url: u\n  - b", { related: [{ title: "a", provider: { name: "P" }, images: [{ url: "u" }] }, "b"] }],
  ])("reads %j", (text, data) => {
    expect(readSeedYaml(text)).toEqual(data);
    expect(jsYaml(text)).toEqual({ data });
  });

  it("resolves plain scalars by js-yaml's core schema's own types, in js-yaml's order", () => {
    expect(CORE_SCALARS?.map((type) => type.tag)).toEqual(["null", "bool", "int", "float"].map((name) => `tag:yaml.org,2002:${name}`));
  });

  it.each([
    ["a plain scalar starting with `-` but no digit", "a: -x"],
    ["a comment", "title: x # note"],
    ["a comment line", "# note\ntitle: x"],
    ["a tab", "title:\tx"],
    ["a flow list", "topics: [a, b]"],
    ["a block scalar", "excerpt: |\n  text"],
    ["an anchor and an alias", "a: &x 1\nb: *x"],
    ["a tag", "a: !!str 1"],
    ["a key js-yaml reads as a boolean", "True: x"],
    ["a quoted key", '"title": x'],
    ["a multi-line plain scalar", "title: a\n  b"],
    ["a quote that goes on past its line", 'title: "a\n  b"'],
    ["text after a closing quote", 'title: "a" b'],
    ["a duplicated key", "a: 1\na: 2"],
    ["`__proto__`", "__proto__: 1"],
    ["a document marker", "a: 1\n---\nb: 2"],
    ["an odd indentation", "a:\n    b: 1\n  c: 2"],
    ["a plain scalar with `: `", "title: a: b"],
    ["a key with no colon at the end", "a: 1\nb"],
    ["a nesting deeper than seeds go", Array.from({ length: 20 }, (_, i) => `${" ".repeat(i * 2)}k${i}:`).join("\n") + " 1"],
  ])("leaves %s to js-yaml", (_, text) => {
    expect(readSeedYaml(text)).toBeUndefined();
  });

  it("never disagrees with js-yaml on random documents made of seed-like and tricky pieces", () => {
    // Mostly what seeds hold, now and then something they do not.
    const either = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 7 }, { arbitrary: rare, weight: 1 });
    const key = either(fc.constantFrom("title", "a", "b", "images", "provider", "k_1", "url", "name"), fc.constantFrom("True", "null", "__proto__", '"q"', "a-b", "title"));
    const scalar = either(
      fc.constantFrom(
        "x", "Diablo 4", "-1", "-0", "0", "12", "2023-03-14T14:24:00Z", "2023-03-14", "a#b", "'it''s'", '"a"', '"a\\"b"', '"\\u00e9\\x41\\U0001F680"',
        "https://a.example/b?c=d", "é ü 🚀", "a  ", "true", "~", "null", "\u0085x", "\u2028", "''", '""',
      ),
      fc.constantFrom(
        "007", "+3", "1e3", "0x10", "1_0", ".5", ".inf", "Null", "nULL", "yes", "TRUE", "a: b", "a:", "a #b", "- x", "-x", "? x", "[a]", "{a: 1}",
        "&a x", "*a", "!t x", "|", ">", "'open", '"\\q"', '"\\u12"', '"open', '"a" b', "'a' b", "@x", "`x", "%x", "x\u0001", "", "\t", "a\tb",
      ),
    );
    // A tree of mappings, lists and scalars, printed as block YAML in one of several styles, now
    // and then with a line changed into something seeds do not hold.
    type Node = string | { map: [string, Node][] } | { list: Node[] };
    const { node } = fc.letrec<{ node: Node; map: Node; list: Node }>((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("map"), tie("list")),
      map: fc.array(fc.tuple(key, tie("node")), { minLength: 1, maxLength: 4 }).map((map) => ({ map })),
      list: fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((list) => ({ list })),
    }));
    const print = (value: Node, indent: number, step: number, listIndent: number): string[] => {
      if (typeof value === "string") return [value];
      const pad = " ".repeat(indent);
      if ("map" in value) {
        return value.map.flatMap(([k, v]) => {
          if (typeof v === "string") return [`${pad}${k}: ${v}`];
          return [`${pad}${k}:`, ...print(v, "list" in v ? indent + listIndent : indent + step, step, listIndent)];
        });
      }
      return value.list.flatMap((item) => {
        if (typeof item === "string") return [`${pad}- ${item}`];
        const lines = print(item, indent + 2, step, listIndent);
        if ("map" in item) return [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)];
        return [`${pad}-`, ...lines];
      });
    };
    const document = fc
      .tuple(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 5 }), fc.constantFrom(2, 4), fc.constantFrom(0, 2), either(fc.constant(null), fc.tuple(fc.nat(), fc.constantFrom("# c", "---", "- - x", "  - ", "", "   x: 1", "\tx: 1"))))
      .map(([map, step, listIndent, change]) => {
        const lines = print({ map }, 0, step, listIndent);
        if (change !== null) lines.splice(change[0] % (lines.length + 1), 0, change[1]);
        return lines.join("\n");
      });
    let read = 0;
    fc.assert(
      fc.property(document, (text) => {
        const fast = readSeedYaml(text);
        if (fast !== undefined) {
          read++;
          expect(jsYaml(text), JSON.stringify(text)).toEqual({ data: fast });
        }
      }),
      { numRuns: 20_000 },
    );
    // Not a test of nothing: a good share of the documents are read here, not left to js-yaml.
    expect(read).toBeGreaterThan(2000);
  });
});
