import { readFileSync } from "node:fs";
import fc from "fast-check";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { SeedSyntaxError } from "../src/errors.ts";
import { PARSE_LIMITS, parseSeed, splitFrontMatter } from "../src/parse.ts";
import { seedFile, seedText } from "./helpers/seed.ts";

const parse = (text: string | Uint8Array) => parseSeed(seedFile(text));
const message = (text: string | Uint8Array) => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedSyntaxError);
    return (error as Error).message;
  }
  throw new Error("expected a SeedSyntaxError");
};

describe("parseSeed", () => {
  it("reads every field of a real seed, dates as strings", () => {
    const bytes = readFileSync("seeds/004_9f6d763043ec1454.txt");
    const { data } = parseSeed({ path: "seeds/004.txt", name: "004.txt", bytes });
    expect(data.title).toBe("Opinion: Time to End Police Use of Facial Recognition Tech");
    expect(data.publishedDateTime).toBe("2021-04-13T16:17:00Z");
    expect(data.published).toBe(true);
    expect((data.related as unknown[]).length).toBe(6);
  });

  it("keeps the +05:30 offset: timestamps stay strings", () => {
    const { data } = parse("---\npublishedDateTime: 2023-03-14T14:24:00+05:30\n---\n");
    expect(data.publishedDateTime).toBe("2023-03-14T14:24:00+05:30");
  });

  it("locates fields, list items and nested keys by line and column", () => {
    const seed = parse(seedText());
    const lines = seedText().split("\n");
    const title = seed.locate(["title"]);
    expect(lines[title.line - 1]).toMatch(/^title: /);
    expect(title.col).toBe(8);
    const domain = seed.locate(["related", 0, "provider", "domain"]);
    expect(lines[domain.line - 1]).toContain("domain: gizmodo.com");
    const topic = seed.locate(["topics", 1]);
    expect(lines[topic.line - 1]).toBe("  - AI");
  });

  it("names the line and column of a YAML syntax error and shows the line", () => {
    expect(message("---\ntitle: Privacy rules: what changes in 2024\n---\n")).toMatchInlineSnapshot(`
      "seeds/000_0123456789abcdef.txt:2:21 cannot be read: its front matter is not valid YAML (bad indentation of a mapping entry).
       2 | title: Privacy rules: what changes in 2024
      -------------------------^
      Quote values that contain ": ", e.g. title: "Privacy rules: what changes in 2024"."
    `);
  });

  it("refuses ---js front matter without running it", () => {
    (globalThis as Record<string, unknown>).__ran = false;
    const text = "---js\n{ title: (globalThis.__ran = true) }\n---\n";
    expect(message(text)).toContain(':1:4 cannot be read: its front matter is declared as "js"');
    expect(message("---javascript\n{}\n---\n")).toContain('declared as "javascript"');
    expect((globalThis as Record<string, unknown>).__ran).toBe(false);
  });

  it.each(["!!js/function 'function () { return 1 }'", "!!js/regexp /x/", "!!js/undefined ''", "!!python/object/apply:os.system ['touch /tmp/pwned']"])(
    "refuses the tag %s",
    (tagged) => {
      expect(message(`---\ntitle: ${tagged}\n---\n`)).toMatch(/:2:\d+ cannot be read: its front matter uses a YAML tag that is not allowed/);
    },
  );

  it("stops an alias bomb with a clear answer", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    expect(message(`---\n${levels.join("\n")}\n---\n`)).toContain("expands to more than 200,000 values (a YAML alias bomb?)");
  });

  it("rejects a file over the size limit without reading it as YAML", () => {
    const big = new Uint8Array(PARSE_LIMITS.fileBytes + 1).fill(0x61);
    expect(message(big)).toContain("over the limit of 4,194,304 bytes");
  });

  it.each([
    ["", "the file is empty"],
    ["just text", "it has no front matter"],
    ["---\ntitle: x\n", "its front matter is never closed"],
    ["---\n---\n", "its front matter is empty"],
    ["---\n- a\n- b\n---\n", "is a list, not a mapping"],
    ["---\ntitle: \"unclosed\n---\n", "not valid YAML"],
    ["---\n\ttitle: x\n---\n", "a tab is used for indentation"],
    ["---\ntitle: a\ntitle: b\n---\n", "duplicated mapping key"],
  ])("answers %j clearly", (text, expected) => {
    expect(message(text)).toContain(expected);
  });

  it("reads a BOM and CRLF line endings", () => {
    const { data } = parse("\ufeff---\r\ntitle: ok\r\npublished: true\r\n---\r\n");
    expect(data).toEqual({ title: "ok", published: true });
  });

  it("removes NUL bytes and says so", () => {
    const seed = parse("---\ntitle: o\u0000k\n---\n");
    expect(seed.data.title).toBe("ok");
    expect(seed.problems).toEqual([{ severity: "repair", message: "removed 1 NUL byte" }]);
  });

  it("reads Latin-1 bytes as Windows-1252 and reports it", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("---\ntitle: Caf"), 0xe9, ...new TextEncoder().encode("\n---\n")]);
    const seed = parse(bytes);
    expect(seed.data.title).toBe("Café");
    expect(seed.problems[0]?.message).toBe("the file is not valid UTF-8; it was read as Windows-1252");
  });
});

describe("splitFrontMatter", () => {
  /** What gray-matter hands a YAML engine ("" when it calls none), or that it throws. */
  const grayMatterSplit = (text: string) => {
    let raw = "";
    const refuse = () => {
      throw new Error("refused");
    };
    try {
      matter(text, { language: "yaml", engines: { yaml: (source: string) => ((raw = source), {}), js: refuse, javascript: refuse, coffee: refuse } });
    } catch {
      return { throws: true };
    }
    return { raw };
  };
  const split = (text: string) => {
    try {
      return { raw: splitFrontMatter(text) };
    } catch {
      return { throws: true };
    }
  };

  it("splits every file as gray-matter does (its fast path included)", () => {
    const piece = fc.constantFrom("---", "----", "---js", "---yaml", "\n", "\r\n", " ", "\t", "\u00a0", "#", "# note", "title: x", "- a", "a", ":", "\ufeff");
    const text = fc.tuple(fc.constantFrom("", "---\n", "---\n---\n"), fc.array(piece, { maxLength: 24 })).map(([head, rest]) => head + rest.join(""));
    let fast = 0;
    fc.assert(
      fc.property(text, (t) => {
        const expected = grayMatterSplit(t);
        if (/^---\n\s*[^\s#]/.test(t)) fast++;
        expect(split(t)).toEqual(expected);
      }),
      { numRuns: 20_000, seed: 11 },
    );
    expect(fast).toBeGreaterThan(2_000);
  });

  it("starts the front matter with the rest of the opening line, so line 1 is the file's", () => {
    expect(splitFrontMatter("---\ntitle: a\n---\nbody")).toBe("\ntitle: a");
    expect(splitFrontMatter("---\n# only a comment\n---\n")).toBe("");
  });
});
