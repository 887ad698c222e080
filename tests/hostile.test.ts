/**
 * The hostile corpus (tests/fixtures/hostile/): one seed file per kind of broken or malicious
 * input, the exact outcome of each, and a whole-site build of the folder that shows the rest of
 * the site still builds, nothing in a seed runs, and nothing from a seed reaches a page as markup
 * or as a live non-http(s) link.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PARSE_LIMITS } from "../src/parse.ts";
import { TEXT_LIMITS } from "../src/normalize.ts";
import type { BuildReport } from "../src/report.ts";
import { readSeed, type SeedOutcome } from "../src/seeds.ts";
import { SEED_LIMITS } from "../src/validate.ts";
import { HOSTILE_FIXTURES, buildSiteInto, prepareHostileCorpus } from "./helpers/hostile.ts";
import { scanHtml, scanSite } from "./helpers/output-scan.ts";
import { listFiles } from "./helpers/site.ts";

/** What a seed file of the corpus gets. */
type Expected =
  | { kind: "rejected"; error: "SeedSyntaxError" | "SeedSchemaError"; message: string; last?: string }
  | { kind: "accepted"; title: string; problems: string[]; count?: number; last?: string };

const syntax = "SeedSyntaxError";
const schema = "SeedSchemaError";
/** Rejected with exactly this message. */
const rejected = (error: typeof syntax | typeof schema, message: string): Expected => ({ kind: "rejected", error, message });
/** Rejected; the message starts with these lines and ends with `last` (for thousands of lines). */
const rejectedFirst = (error: typeof syntax | typeof schema, message: string, last: string): Expected => ({ kind: "rejected", error, message, last });
/** Accepted with this title and exactly these repairs and warnings (`severity line:col field message`). */
const accepted = (title: string, problems: string[]): Expected => ({ kind: "accepted", title, problems });
/** Accepted with `count` repairs and warnings, starting with `problems` and ending with `last`. */
const acceptedFirst = (title: string, count: number, problems: string[], last: string): Expected => ({ kind: "accepted", title, problems, count, last });

/** Every file of the corpus and what it gets. Paths show as `hostile/<name>`. */
const OUTCOMES: [string, Expected][] = [
  ["bad-indentation.txt", rejected(syntax, "hostile/bad-indentation.txt:8:10 cannot be read: its front matter is not valid YAML (bad indentation of a mapping entry).\n 8 |    domain: example.com\n--------------^\nIndent the fields of one mapping by the same number of spaces.")],
  ["billion-laughs.txt", rejected(syntax, "hostile/billion-laughs.txt:1:1 cannot be read: its front matter expands to more than 200,000 values (a YAML alias bomb?).")],
  ["bom-crlf.txt", accepted("BOM and CRLF line endings", [])],
  ["colon-in-title.txt", rejected(syntax, "hostile/colon-in-title.txt:2:21 cannot be read: its front matter is not valid YAML (bad indentation of a mapping entry).\n 2 | title: Privacy rules: what changes in 2024\n-------------------------^\nQuote values that contain \": \", e.g. title: \"Privacy rules: what changes in 2024\".")],
  ["data-and-vbscript-urls.txt", accepted("data: and vbscript: URLs", ["warning 6:12 ampWebUrl received \"vbscript:msgbox('ampWebUrl')\" (a string): only http(s) URLs are linked; it was dropped", "warning 7:15 cdnAmpWebUrl received \"https://user:password@example.com/news/credentials-in-url\" (a string): only http(s) URLs are linked; it was dropped", "warning 4:9 webUrl received \"data:text/html,<script>alert('webUrl')</script>\" (a string): only http(s) URLs are linked; it was dropped", "warning 12:10 images[0].url received \"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg…\" (a string): only http(s) images are shown; it was dropped", "warning 13:10 images[1].url received \"vbscript:msgbox('image')\" (a string): only http(s) images are shown; it was dropped", "warning 14:10 images[2].url received \"//example.com/protocol-relative.jpg\" (a string): only http(s) images are shown; it was dropped", "warning 18:13 related[0].webUrl received \"vbscript:msgbox('related')\" (a string): expected an http(s) URL of the article; this item was left out", "warning 22:13 related[1].webUrl received \"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\" (a string): expected an http(s) URL of the article; this item was left out", "warning 30:14 related[2].images[0].url received \"data:image/png;base64,iVBORw0KGgo=\" (a string): only http(s) images are shown; it was dropped"])],
  ["deep-nesting.txt", rejected(syntax, "hostile/deep-nesting.txt:2:107 cannot be read: its front matter is not valid YAML (nesting exceeded maxDepth (100)).\n 2 | title: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---------------------------------------------------------------------------------------------------------------^")],
  ["duplicate-key.txt", rejected(syntax, "hostile/duplicate-key.txt:3:1 cannot be read: its front matter is not valid YAML (duplicated mapping key).\n 3 | title: \"Second title\"\n-----^\nEach field may appear once; remove the repeated one.")],
  ["empty.txt", rejected(syntax, "hostile/empty.txt cannot be read: the file is empty.\nA seed starts with a line `---`, then YAML front matter, then `---`.")],
  ["epoch-date.txt", rejected(schema, "hostile/epoch-date.txt does not match the seed format (1 problem):\n  hostile/epoch-date.txt:3:20 publishedDateTime: received \"1970-01-01T00:00:00Z\" (a string): is before 1990-01-01, which looks like a placeholder date")],
  ["far-future-date.txt", rejected(schema, "hostile/far-future-date.txt does not match the seed format (1 problem):\n  hostile/far-future-date.txt:3:20 publishedDateTime: received \"2999-12-31T23:59:59Z\" (a string): is after 2100-01-01, which is in the future")],
  // Half characters (unpaired surrogates, from `\\ud83d` escapes) are not text: Pagefind refused
  // the record, which stopped the whole build; they are removed and each field reported.
  ["half-characters.txt", accepted("Half an emoji at the end of a title", ["repair 2:8 title removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)", "repair 8:9 provider.name removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)", "repair 3:10 excerpt removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)", "repair 11:5 topics[0] removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)", "repair 13:12 related[0].title removed half characters (unpaired UTF-16 surrogates, as a \\ud83d escape gives)"])],
  ["impossible-date.txt", rejected(schema, "hostile/impossible-date.txt does not match the seed format (1 problem):\n  hostile/impossible-date.txt:3:20 publishedDateTime: received \"2023-02-30T14:24:00Z\" (a string): is not a valid date-time (day 30 is invalid)")],
  ["impossible-month.txt", rejected(schema, "hostile/impossible-month.txt does not match the seed format (1 problem):\n  hostile/impossible-month.txt:3:20 publishedDateTime: received \"2023-13-14T14:24:00Z\" (a string): is not a valid date-time (month 13 is invalid)")],
  ["javascript-front-matter.txt", rejected(syntax, "hostile/javascript-front-matter.txt:1:4 cannot be read: its front matter is declared as \"javascript\", and only YAML front matter is read (nothing in a seed is ever run).\nStart the file with a line `---` followed by YAML.")],
  ["javascript-urls-everywhere.txt", rejected(schema, "hostile/javascript-urls-everywhere.txt does not match the seed format (1 problem):\n  hostile/javascript-urls-everywhere.txt:4:9 webUrl: received \"javascript:alert('webUrl')\" (a string): expected an http(s) URL of the article")],
  ["js-front-matter.txt", rejected(syntax, "hostile/js-front-matter.txt:1:4 cannot be read: its front matter is declared as \"js\", and only YAML front matter is read (nothing in a seed is ever run).\nStart the file with a line `---` followed by YAML.")],
  ["js-function-tag.txt", rejected(syntax, "hostile/js-function-tag.txt:2:115 cannot be read: its front matter uses a YAML tag that is not allowed (unknown tag !<tag:yaml.org,2002:js/function>); tags such as !!js/function and !!python/object are refused, never run.\n 2 | title: !!js/function 'function () { require(\"fs\").writeFileSync(\"HOSTILE_MARKER_FUNCTION\", \"ran\"); return \"Ran\" }'\n-----------------------------------------------------------------------------------------------------------------------^")],
  ["js-regexp-tag.txt", rejected(syntax, "hostile/js-regexp-tag.txt:3:30 cannot be read: its front matter uses a YAML tag that is not allowed (unknown tag !<tag:yaml.org,2002:js/regexp>); tags such as !!js/function and !!python/object are refused, never run.\n 3 | excerpt: !!js/regexp /(a+)+$/\n----------------------------------^")],
  ["latin1-bytes.txt", accepted("Café in Zürich, Latin-1 bytes £100", ["repair - the file is not valid UTF-8; it was read as Windows-1252"])],
  ["long-fields.txt", accepted("A very long title A very long title A very long title A very long title A very l", ["repair 51:1 images has 25 items; only the first 20 are kept", "repair 9:1 topics has 41 items; only the first 30 are kept", "repair 2:8 title truncated from 7,199 to 300 characters", "repair 7:9 provider.name truncated from 379 to 120 characters"])],
  ["many-unknown-fields.txt", acceptedFirst("One hundred thousand unknown fields", 21, ["warning 2:11 unknown0 is not a seed field; it was ignored", "warning 3:11 unknown1 is not a seed field; it was ignored"], "warning - 99,980 more fields are not seed fields; they were ignored")],
  ["markdown-seed.md", accepted("A seed with the .md extension", [])],
  ["missing-required-fields.txt", rejected(schema, "hostile/missing-required-fields.txt does not match the seed format (4 problems):\n  hostile/missing-required-fields.txt:1:1 title: is missing: expected the article's title\n  hostile/missing-required-fields.txt:1:1 publishedDateTime: is missing: expected an ISO 8601 date-time such as 2021-04-13T16:17:00Z\n  hostile/missing-required-fields.txt:1:1 published: is missing: expected true or false (unquoted)\n  hostile/missing-required-fields.txt:1:1 provider: is missing: expected a provider with a name and a domain")],
  ["mistyped-fields.txt", rejected(schema, "hostile/mistyped-fields.txt does not match the seed format (7 problems):\n  hostile/mistyped-fields.txt:2:8 title: received 42: expected the article's title\n  hostile/mistyped-fields.txt:5:10 quality: received \"high\" (a string): expected a number from 0 to 100\n  hostile/mistyped-fields.txt:6:7 heat: received 1.5: expected a whole number (-1 when unknown)\n  hostile/mistyped-fields.txt:8:11 provider: received \"example.com\" (a string): expected a provider with a name and a domain\n  hostile/mistyped-fields.txt:9:9 topics: received \"Quantum Computing\" (a string): expected a list of topic names\n  hostile/mistyped-fields.txt:10:9 images: received \"https://example.com/a.jpg\" (a string): expected a list of images\n  hostile/mistyped-fields.txt:11:10 related: received a mapping: expected a list of related articles")],
  ["mojibake.txt", accepted("Baltimore’s police say “no” to facial recognition", ["repair 2:8 title repaired mojibake (UTF-8 read as Windows-1252): “Baltimoreâ€™s” → “Baltimore’s” and 1 more", "repair 8:9 provider.name repaired mojibake (UTF-8 read as Windows-1252): “Ã‰cho” → “Écho”", "repair 3:10 excerpt repaired mojibake (UTF-8 read as Windows-1252): “CafÃ©” → “Café” and 4 more"])],
  ["multi-megabyte-excerpt.txt", accepted("A multi-megabyte excerpt", ["repair 4:10 excerpt decoded HTML entities", "repair 4:10 excerpt removed markup", "repair 4:10 excerpt truncated from 1,349,999 to 1,200 characters"])],
  ["no-front-matter.txt", rejected(syntax, "hostile/no-front-matter.txt:1:1 cannot be read: it has no front matter.\nA seed starts with a line `---`, then YAML front matter, then a closing `---` line.")],
  ["not-a-date.txt", rejected(schema, "hostile/not-a-date.txt does not match the seed format (1 problem):\n  hostile/not-a-date.txt:3:20 publishedDateTime: received \"next Tuesday\" (a string): is not an ISO 8601 date-time such as 2021-04-13T16:17:00Z")],
  ["nul-bytes.txt", accepted("NUL bytes inside", ["repair - removed 4 NUL bytes"])],
  ["offset-less-date.txt", accepted("A date without an offset", ["repair 3:20 publishedDateTime \"2021-04-13T16:17:00\" has no time-zone offset; read as UTC (2021-04-13T16:17:00Z)"])],
  ["oversized-file.txt", rejected(syntax, "hostile/oversized-file.txt cannot be read: the file is over the limit of 4,194,304 bytes.")],
  ["prototype-pollution.txt", accepted("Prototype pollution keys", ["warning 2:1 __proto__ is not a seed field; it was ignored", "warning 5:1 constructor is not a seed field; it was ignored"])],
  ["provider-domain-traversal.txt", rejected(schema, "hostile/provider-domain-traversal.txt does not match the seed format (1 problem):\n  hostile/provider-domain-traversal.txt:8:11 provider.domain: received \"../../../../tmp/escaped\" (a string): expected a domain such as govtech.com")],
  ["published-no.txt", rejected(schema, "hostile/published-no.txt does not match the seed format (1 problem):\n  hostile/published-no.txt:5:12 published: received \"no\" (a string): expected true or false (unquoted)")],
  ["python-tag-writes-file.txt", rejected(syntax, "hostile/python-tag-writes-file.txt:3:73 cannot be read: its front matter uses a YAML tag that is not allowed (unknown tag !<tag:yaml.org,2002:python/object/apply:os.system>); tags such as !!js/function and !!python/object are refused, never run.\n 3 | excerpt: !!python/object/apply:os.system [\"touch HOSTILE_MARKER_PYTHON\"]\n-----------------------------------------------------------------------------^")],
  ["related-images-flood.txt", acceptedFirst("A related item with fifty thousand images", 21, ["repair 13:5 related[0].images has 50,000 items; only the first 20 are kept", "warning 15:14 related[0].images[0].url received \"javascript:alert(0)\" (a string): only http(s) images are shown; it was dropped"], "warning 34:14 related[0].images[19].url received \"javascript:alert(19)\" (a string): only http(s) images are shown; it was dropped")],
  ["rtl-and-cjk.txt", accepted("الذكاء الاصطناعي في الشرطة — 警察による顔認識 — בינה מלאכותית", ["repair 3:10 excerpt removed bidirectional override characters"])],
  ["same-article-twice-a.txt", accepted("The same article under two files", [])],
  ["same-article-twice-b.txt", accepted("The same article under two files", [])],
  ["script-in-every-field.txt", accepted("Markup in every field\">", ["repair 3:8 title removed markup", "repair 12:9 provider.name removed markup", "repair 4:10 excerpt decoded HTML entities", "repair 4:10 excerpt removed markup", "repair 15:5 topics[0] removed markup", "repair 16:5 topics[1] removed markup", "repair 17:5 topics[2] removed markup", "repair 27:13 related[0].provider.name removed markup", "repair 23:12 related[0].title removed markup", "repair 24:14 related[0].excerpt removed markup"])],
  ["self-link-and-cycle-a.txt", accepted("Self link and cycle A cites itself and B", ["warning 9:1 related lists the article itself; that link was ignored"])],
  ["self-link-and-cycle-b.txt", accepted("Self link and cycle B cites A", [])],
  ["slug-collision-a_5106c011151011aa.txt", accepted("Slug collision A: same file id as B, topic C++", [])],
  ["slug-collision-b_5106c011151011aa.txt", accepted("Slug collision B: same file id as A, topic C#", [])],
  ["special-numbers.txt", rejected(schema, "hostile/special-numbers.txt does not match the seed format (2 problems):\n  hostile/special-numbers.txt:5:10 quality: received Infinity: expected a number from 0 to 100\n  hostile/special-numbers.txt:6:7 heat: received NaN: expected a whole number (-1 when unknown)")],
  ["tab-indentation.txt", rejected(syntax, "hostile/tab-indentation.txt:7:1 cannot be read: its front matter is not valid YAML (a tab is used for indentation).\n 7 | \tdomain: example.com\n-----^\nIndent with spaces; YAML does not allow tabs for indentation.")],
  ["template-syntax.txt", accepted("Template syntax {{ 7 * 7 }} and {% raw %}{{ digest.site.title }}{% endraw %} sta", [])],
  ["ten-thousand-related.txt", accepted("Ten thousand related items", ["repair 9:1 related has 10,000 items; only the first 200 are kept"])],
  ["thousands-of-problems.txt", rejectedFirst(schema, "hostile/thousands-of-problems.txt does not match the seed format (101 problems):\n  hostile/thousands-of-problems.txt:10:5 topics[0]: received 0: expected a topic name\n  hostile/thousands-of-problems.txt:11:5 topics[1]: received 1: expected a topic name", "  hostile/thousands-of-problems.txt and 99,900 more problems like these")],
  ["title-dot-dot-slash.txt", accepted("../../../etc/passwd / \\ ..\\..\\windows", [])],
  ["title-emoji-only.txt", accepted("🔥🔥🔥 🚀", [])],
  ["title-markup-only.txt", rejected(schema, "hostile/title-markup-only.txt does not match the seed format (1 problem):\n  hostile/title-markup-only.txt:2:8 title: received \"<script>alert('only markup')</script>\" (a string): expected a title with words once markup is removed")],
  ["title-punctuation-only.txt", accepted("!!! ??? ... ---", [])],
  ["topic-unicode-forms.txt", accepted("Topics that differ only by case or Unicode form", ["repair 10:5 topics[1] repeats the topic “Café”; removed", "repair 11:5 topics[2] repeats the topic “Café”; removed", "repair 12:5 topics[3] repeats the topic “Café”; removed", "repair 14:5 topics[5] repeats the topic “AI”; removed", "repair 15:5 topics[6] repeats the topic “AI”; removed", "repair 16:5 topics[7] repeats the topic “AI”; removed"])],
  ["unclosed-front-matter.txt", rejected(syntax, "hostile/unclosed-front-matter.txt:1:1 cannot be read: its front matter is never closed.\nEnd the front matter with a line `---`.")],
  ["unclosed-quote.txt", rejected(syntax, "hostile/unclosed-quote.txt:5:10 cannot be read: its front matter is not valid YAML (can not read a block mapping entry; a multiline key may not be an implicit key).\n 5 | published: true\n--------------^\nThe quote opened on line 2 is never closed; end the value with \".")],
  ["unknown-fields.txt", accepted("Unknown fields and a markdown body", ["warning 6:12 permalink is not a seed field; it was ignored", "warning 7:9 layout is not a seed field; it was ignored", "warning 8:33 eleventyExcludeFromCollections is not a seed field; it was ignored"])],
  ["unpublished-secret.txt", accepted("UNPUBLISHED-SECRET-TITLE never on the site", [])],
];

const describeProblem = (p: SeedOutcome["problems"][number]) =>
  `${p.severity} ${p.line === undefined ? "-" : `${p.line}:${p.col}`} ${p.field ? `${p.field} ` : ""}${p.message}`;

let corpus: string;

beforeAll(() => {
  corpus = prepareHostileCorpus(join(mkdtempSync(join(tmpdir(), "broadsheet-hostile-")), "seeds"));
});

describe("the hostile corpus, seed by seed", () => {
  it("has an expected outcome for every seed file, and no outcome without a file", () => {
    const seeds = readdirSync(HOSTILE_FIXTURES).filter((name) => /\.(txt|md)$/.test(name)).sort();
    expect(OUTCOMES.map(([name]) => name)).toEqual(seeds);
  });

  it.each(OUTCOMES)("%s", (name, expected) => {
    const outcome = readSeed({ path: `hostile/${name}`, name, bytes: readFileSync(join(corpus, name)) });
    if (expected.kind === "rejected") {
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.name).toBe(expected.error);
      if (expected.last === undefined) expect(outcome.error.message).toBe(expected.message);
      else {
        expect(outcome.error.message.startsWith(expected.message)).toBe(true);
        expect(outcome.error.message.split("\n").at(-1)).toBe(expected.last);
      }
      return;
    }
    expect(outcome.ok, outcome.ok ? "" : outcome.error.message).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.seed.article.title.startsWith(expected.title)).toBe(true);
    const problems = outcome.problems.map(describeProblem);
    if (expected.count === undefined) expect(problems).toEqual(expected.problems);
    else {
      expect(problems).toHaveLength(expected.count);
      expect(problems.slice(0, expected.problems.length)).toEqual(expected.problems);
      expect(problems.at(-1)).toBe(expected.last);
    }
  });
});

describe("resource limits", () => {
  it("are the documented values", () => {
    expect(PARSE_LIMITS).toEqual({ fileBytes: 4 * 1024 * 1024, values: 200_000, located: 500 });
    expect(SEED_LIMITS).toEqual({ related: 200, images: 20, topics: 30, problems: 100, unknownFields: 20 });
    expect(TEXT_LIMITS).toEqual({ title: 300, excerpt: 1200, name: 120, topic: 80 });
  });

  it("cut a 3 MB excerpt to 1,200 characters ending in an ellipsis", () => {
    const outcome = readSeed({ path: "x", name: "multi-megabyte-excerpt.txt", bytes: readFileSync(join(corpus, "multi-megabyte-excerpt.txt")) });
    expect(outcome.ok && Array.from(outcome.seed.article.excerpt)).toHaveLength(1200);
    expect(outcome.ok && outcome.seed.article.excerpt.endsWith("…")).toBe(true);
  });

  it("keep 200 of ten thousand related items", () => {
    const outcome = readSeed({ path: "x", name: "ten-thousand-related.txt", bytes: readFileSync(join(corpus, "ten-thousand-related.txt")) });
    expect(outcome.ok && outcome.seed.related).toHaveLength(200);
  });
});

describe("a whole site built from the hostile corpus", () => {
  let parent: string;
  let site: string;
  let report: BuildReport;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), "broadsheet-hostile-site-"));
    prepareHostileCorpus(join(parent, "seeds"));
    site = join(parent, "site");
    await buildSiteInto(join(parent, "seeds"), site, { BUILD_REPORT: join(parent, "report.json") });
    report = JSON.parse(readFileSync(join(parent, "report.json"), "utf8"));
  });

  it("accounts for every file of the folder in the build report", () => {
    const listed = [...report.seeds.map((s) => s.file.split("/").at(-1)), ...report.ignored].sort();
    expect(listed).toEqual(readdirSync(join(parent, "seeds")).sort());
    expect(report.ignored).toEqual(["not-a-seed.json"]);
  });

  it("gives each file the status its outcome says, and the duplicate names its original", () => {
    const status = Object.fromEntries(report.seeds.map((s) => [s.file.split("/").at(-1)!, s.status]));
    for (const [name, expected] of OUTCOMES) {
      if (expected.kind === "rejected") expect(status[name], name).toBe("rejected");
      else expect(status[name], name).toMatch(/^(published|unpublished|duplicate)$/);
    }
    expect(status["same-article-twice-b.txt"]).toBe("duplicate");
    expect(report.seeds.find((s) => s.file.endsWith("same-article-twice-b.txt"))?.duplicateOf).toMatch(/same-article-twice-a\.txt$/);
    expect(status["unpublished-secret.txt"]).toBe("unpublished");
  });

  it("builds a page for every published seed, two colliding file ids included", () => {
    const published = report.seeds.filter((s) => s.status === "published");
    expect(published.length).toBe(OUTCOMES.filter(([, e]) => e.kind === "accepted").length - 2); // the duplicate, the unpublished one
    for (const entry of published) expect(existsSync(join(site, entry.url!, "index.html")), entry.file).toBe(true);
    const collisions = published.filter((s) => s.file.includes("slug-collision")).map((s) => s.url);
    expect(collisions).toEqual(["/articles/5106c011151011aa/", expect.stringMatching(/^\/articles\/[0-9a-f]{16}\/$/)]);
    expect(new Set(collisions).size).toBe(2);
  });

  it("runs nothing a seed contains: no marker file, no global, no polluted prototype", () => {
    const markers = ["HOSTILE_MARKER_JS", "HOSTILE_MARKER_JAVASCRIPT", "HOSTILE_MARKER_FUNCTION", "HOSTILE_MARKER_PYTHON"];
    for (const dir of [".", parent, site, tmpdir()]) for (const marker of markers) expect(existsSync(join(dir, marker)), join(dir, marker)).toBe(false);
    expect((globalThis as Record<string, unknown>).__hostileRan).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("writes nothing outside the output folder but the report", () => {
    const outside = listFiles(parent).filter((path) => !path.startsWith("seeds/") && !path.startsWith("site/"));
    expect(outside).toEqual(["report.json"]);
    // Where the path-climbing seeds (a provider domain, a permalink, titles with ../) point.
    for (const escaped of ["/tmp/escaped", join(parent, "outside"), join(parent, "..", "outside"), "outside", "etc"]) expect(existsSync(escaped), escaped).toBe(false);
  });

  it("lets no markup, script, event handler or non-http(s) link from a seed reach any output file", () => {
    expect(scanSite(site)).toEqual([]);
  });

  it("shows markup and template syntax from seeds as the text they are", () => {
    const page = (name: string) => readFileSync(join(site, report.seeds.find((s) => s.file.endsWith(name))!.url!, "index.html"), "utf8");
    expect(page("script-in-every-field.txt")).toContain("<h1>Markup in every field&quot;&gt;</h1>");
    expect(page("template-syntax.txt")).toContain("<h1>Template syntax {{ 7 * 7 }} and {% raw %}{{ digest.site.title }}{% endraw %} stay text</h1>");
    expect(page("template-syntax.txt")).toContain("{{ page.inputPath }} News");
    expect(page("title-dot-dot-slash.txt")).toContain("<h1>../../../etc/passwd / &#92; ..&#92;..&#92;windows</h1>");
  });

  it("makes one topic page for names that differ only by case or Unicode form", () => {
    const topics = listFiles(site).filter((path) => /^topics\/[^/]+\/index\.html$/.test(path));
    expect(topics.filter((path) => path.startsWith("topics/cafe"))).toEqual(["topics/cafe/index.html"]);
    expect(topics.filter((path) => /^topics\/ai(-\d+)?\//.test(path))).toEqual(["topics/ai/index.html"]);
    // "C++", "c", "C#" and "c-2" slug to "c" or "c-2": four topics, four distinct pages.
    expect(topics.filter((path) => /^topics\/c(-\d+)?\//.test(path))).toHaveLength(4);
  });
});

describe("the output scanner", () => {
  it("finds what it looks for", () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`;
    const findings = scanHtml(
      `<html><head>${csp}</head><body><script>alert(1)</script><a href="javascript:x">a</a><img src=x onerror=alert(1)>` +
        `<a href="https://example.com/">out</a><img src="https://example.com/a.jpg"><iframe src="data:text/html,x"></iframe></body></html>`,
    );
    expect(findings).toEqual([
      "inline <script>",
      'href="javascript:x" on <a> has the scheme javascript:',
      'event handler onerror="alert(1)" on <img>',
      "outgoing link without noreferrer: https://example.com/",
      "outside picture without referrerpolicy: https://example.com/a.jpg",
      "<iframe> element",
      'src="data:text/html,x" on <iframe> has the scheme data:',
    ]);
    expect(scanHtml("<p>no policy</p>")).toEqual(["no Content-Security-Policy meta tag that forbids inline script"]);
  });
});
