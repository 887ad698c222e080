/**
 * Property-based tests (fast-check): random seed files — random bytes, random YAML documents with
 * random tags, valid seeds with hostile values in random fields — through the whole pipeline.
 * Whatever comes in, parse/validate/normalize throw nothing but a seed error, nothing in a seed
 * runs, the pipeline finishes with every file in the report, and no page, feed or API file
 * holds a tag or an unsafe link that came from the input.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { createDigest } from "../src/digest.ts";
import { SeedSchemaError, SeedSyntaxError } from "../src/errors.ts";
import { normalizeSeed } from "../src/normalize.ts";
import { readOptions } from "../src/options.ts";
import { parseSeed } from "../src/parse.ts";
import type { BuildReport } from "../src/report.ts";
import { validateSeed } from "../src/validate.ts";
import type { SeedFile } from "../src/types.ts";
import { buildSiteInto } from "./helpers/hostile.ts";
import { scanSite } from "./helpers/output-scan.ts";
import { BASE_SEED, seedText } from "./helpers/seed.ts";

const encoder = new TextEncoder();

/** Text a hostile pipeline would put in a seed: markup, handlers, scripts, template syntax. */
const HOSTILE_TEXT = [
  "<script>globalThis.__propertyRan = true</script>",
  '"><svg onload=alert(1)>',
  "<img src=x onerror=alert(1)>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&amp;lt;iframe src=javascript:alert(1)&amp;gt;",
  "<a href='javascript:alert(1)'>x</a>",
  "{{ 7 * 7 }} {% include 'x' %}",
  "javascript:alert(1)",
  "</script><script>alert(1)</script>",
  "<!-- comment --><style>*{}</style>",
  "\u0000\u202e\ufeff",
];
/** URLs a hostile pipeline would put in a URL field. */
const HOSTILE_URLS = [
  "javascript:alert(1)",
  " JAVASCRIPT:alert(1)",
  "java\nscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.example/x",
  "https://user:pass@evil.example/",
  'https://example.com/"><script>alert(1)</script>',
  "file:///etc/passwd",
  "https://example.com/ok?utm_source=x#frag",
];
/** Tags js-yaml's core schema refuses or knows, with values that would run code elsewhere. */
const TAGS = ["!!js/function 'function(){ globalThis.__propertyRan = true }'", "!!js/regexp /x/", "!!js/undefined ''", "!!python/object/apply:os.system ['touch PROPERTY_MARKER']", "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom x", "!!str 1", "!!int '7'", "!!float .nan", "!<tag:yaml.org,2002:js/function> 'x'"];

/** Any string: full Unicode, control characters, lone surrogates included. */
const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE_TEXT, ...HOSTILE_URLS));

/** Random YAML values: scalars, lists and mappings, keys from the seed format or anything. */
const { value: yamlValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, anyString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(BASE_SEED), "__proto__", "constructor", "<<"), anyString), tie("value"), { maxKeys: 5 }),
}));

/** A YAML document with random tags spliced in before random values. */
const randomYaml = fc.tuple(fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(BASE_SEED)), anyString), yamlValue, { maxKeys: 8 }), fc.array(fc.constantFrom(...TAGS), { maxLength: 3 })).map(([data, tags]) => {
  let text = yaml.dump(data, { schema: yaml.CORE_SCHEMA, skipInvalid: true, lineWidth: -1 });
  for (const tag of tags) text = text.replace(/: (\S)/, `: ${tag} # $1`);
  return `---\n${text}---\n`;
});

/** Mostly `usual`, sometimes `unusual`: most generated seeds must be accepted to reach the pages. */
const mostly = <T, U>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: unusual, weight: 1 });
const goodUrl = fc.integer({ min: 0, max: 9999 }).map((n) => `https://example.com/news/${n}`);

/** A valid seed with hostile or random values in random fields. */
const hostileSeed = fc
  .record(
    {
      title: mostly(fc.tuple(anyString, fc.constantFrom(...HOSTILE_TEXT)).map(([a, b]) => `Headline ${a} ${b}`), anyString),
      excerpt: fc.oneof(anyString, fc.constantFrom(...HOSTILE_TEXT)),
      webUrl: mostly(goodUrl, fc.constantFrom(...HOSTILE_URLS)),
      originalUrl: fc.constantFrom(...HOSTILE_URLS),
      ampWebUrl: fc.constantFrom(...HOSTILE_URLS),
      publishedDateTime: mostly(
        fc.date({ min: new Date("1995-01-01"), max: new Date("2090-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.oneof(fc.constantFrom("2021-04-13T16:17:00+05:30", "2021-04-13T16:17:00", "1970-01-01T00:00:00Z", "2023-02-30T00:00:00Z"), anyString),
      ),
      published: mostly(fc.boolean(), fc.constantFrom("no", "false", "yes")),
      provider: fc.record({ name: anyString, domain: mostly(fc.constantFrom("example.com", "EXAMPLE.com", "bücher.de"), fc.oneof(fc.constantFrom("../../etc", "javascript:x"), anyString)) }),
      topics: fc.array(fc.oneof(anyString, fc.constantFrom(...HOSTILE_TEXT)), { maxLength: 5 }),
      images: fc.array(fc.record({ url: fc.oneof(goodUrl, fc.constantFrom(...HOSTILE_URLS)), width: fc.integer() }), { maxLength: 3 }),
      related: fc.array(fc.record({ title: fc.oneof(anyString, fc.constantFrom(...HOSTILE_TEXT)), webUrl: fc.oneof(goodUrl, fc.constantFrom(...HOSTILE_URLS)), excerpt: anyString, provider: fc.record({ name: anyString, domain: fc.constantFrom("example.org", "evil.example", "") }) }), { maxLength: 4 }),
      quality: mostly(fc.integer({ min: 0, max: 100 }), fc.oneof(fc.double(), fc.integer({ min: -10, max: 1000 }))),
      heat: mostly(fc.integer({ min: -1, max: 500 }), fc.double()),
    },
    { requiredKeys: ["webUrl", "published", "publishedDateTime"] },
  )
  .map((overrides) => seedText(overrides));

/** Any seed file's bytes: random bytes, random YAML, or a hostile variant of a valid seed. */
const seedBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  randomYaml.map((text) => encoder.encode(text)),
  hostileSeed.map((text) => encoder.encode(text)),
  hostileSeed.map((text) => encoder.encode(text.replace(/\n/g, "\r\n"))),
);

const file = (bytes: Uint8Array, i: number): SeedFile => ({ path: `seeds/${String(i).padStart(3, "0")}_random.txt`, name: `${String(i).padStart(3, "0")}_random.txt`, bytes });

/** Parse, validate, normalize; returns the error thrown, if any. */
function runStages(seed: SeedFile): unknown {
  try {
    const parsed = parseSeed(seed);
    const { record, problems } = validateSeed(parsed);
    normalizeSeed(parsed, record, problems);
    return null;
  } catch (error) {
    return error;
  }
}

const ranCode = () => (globalThis as Record<string, unknown>).__propertyRan !== undefined || ({} as Record<string, unknown>).polluted !== undefined;

describe("any seed file", () => {
  it("gets through parse, validate and normalize, or is refused with a SeedSyntaxError or SeedSchemaError", () => {
    fc.assert(
      fc.property(seedBytes, (bytes) => {
        const error = runStages(file(bytes, 0));
        if (error !== null && !(error instanceof SeedSyntaxError) && !(error instanceof SeedSchemaError)) throw error;
        expect(ranCode()).toBe(false);
      }),
      { numRuns: 600 },
    );
  });

  it("refused gives a position first: file:line:col, or the file for whole-file problems", () => {
    fc.assert(
      fc.property(seedBytes, (bytes) => {
        const error = runStages(file(bytes, 7));
        if (error === null) return;
        expect((error as Error).message).toMatch(/^seeds\/007_random\.txt(:\d+:\d+)? (cannot be read|does not match)/);
      }),
      { numRuns: 300 },
    );
  });
});

/** Every string under a URL-ish key of the digest: must be http(s) or a site-relative path. */
function unsafeUrls(value: unknown, key = ""): string[] {
  if (typeof value === "string") {
    if (!/(^|[a-z])(url|href|src)$/i.test(key)) return [];
    return /^(https?:\/\/|\/(?!\/)|$)/i.test(value) ? [] : [`${key}: ${value}`];
  }
  if (Array.isArray(value)) return value.flatMap((item) => unsafeUrls(item, key));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => unsafeUrls(v, k));
  return [];
}

describe("the pipeline on a folder of random seed files", () => {
  const options = readOptions({ QUIET: "1" });
  const mostlySeeds = fc.oneof({ arbitrary: hostileSeed.map((text) => encoder.encode(text)), weight: 3 }, { arbitrary: seedBytes, weight: 1 });
  const folder = fc.array(mostlySeeds, { minLength: 1, maxLength: 8 }).map((all) => ({ files: all.map(file), ignored: [] }));

  it("finishes, accounts for every file, and links only http(s) URLs", () => {
    let accepted = 0;
    let files = 0;
    fc.assert(
      fc.property(folder, fc.boolean(), (seeds, includeUnpublished) => {
        const { digest, report } = createDigest(seeds, { ...options, includeUnpublished });
        files += seeds.files.length;
        accepted += report.seeds.filter((s) => s.status !== "rejected").length;
        expect(report.seeds.map((s) => s.file)).toEqual(seeds.files.map((f) => f.path));
        expect(report.totals.files).toBe(seeds.files.length);
        expect(unsafeUrls(digest)).toEqual([]);
        expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
        expect(ranCode()).toBe(false);
      }),
      { numRuns: 150 },
    );
    // The property means something only if many random seeds get through to the digest.
    expect(accepted / files).toBeGreaterThan(0.3);
  });
});

describe("a whole site built from a random corpus", () => {
  it("holds no tag or unsafe link that came from the input, and reports every file", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostileSeed.map((t) => encoder.encode(t)), seedBytes), { minLength: 2, maxLength: 10 }), async (all) => {
        const parent = mkdtempSync(join(tmpdir(), "broadsheet-property-"));
        const seeds = join(parent, "seeds");
        mkdirSync(seeds);
        all.forEach((bytes, i) => writeFileSync(join(seeds, `${String(i).padStart(3, "0")}_random.txt`), bytes));
        await buildSiteInto(seeds, join(parent, "site"), { BUILD_REPORT: join(parent, "report.json"), UNPUBLISHED: "1", SITE_URL: "https://news.example.org" });
        const report: BuildReport = JSON.parse(readFileSync(join(parent, "report.json"), "utf8"));
        expect(report.seeds).toHaveLength(all.length);
        expect(scanSite(join(parent, "site"))).toEqual([]);
        expect(ranCode()).toBe(false);
      }),
      { numRuns: 6 },
    );
  });
});
