/**
 * `npm run bench -- N [SEED]` (src/bench.ts), run for real on a small corpus in a folder of its
 * own (BENCH_DIR): both builds' figures and every stage are printed, the corpus is generated with
 * the project's generator, and the seed the second build edits is put back.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedToEdit } from "../src/bench-corpus.ts";
import { readSeed } from "../src/seeds.ts";
import { generateSeeds } from "../src/synthetic.ts";

const STAGES = ["load", "parse", "link", "index", "plan", "render", "reuse", "write", "search index"];

/** Runs `npm run bench -- …args` with its folder in `dir`. */
function bench(dir: string, args: string[]) {
  return spawnSync("npm", ["run", "--silent", "bench", "--", ...args], { env: { ...process.env, BENCH_DIR: dir, QUIET: "", CI: "" }, encoding: "utf8", timeout: 300_000 });
}

describe("npm run bench", () => {
  const dir = mkdtempSync(join(tmpdir(), "broadsheet-bench-"));
  let run: ReturnType<typeof bench>;
  beforeAll(() => {
    run = bench(dir, ["40", "7"]);
  }, 300_000);

  it("runs both builds and prints each one's figures, every stage included, and the speed-up", () => {
    expect(run.status, run.stderr).toBe(0);
    const [first, second] = run.stdout.split(/^second build \(one seed edited\)$/m);
    expect(first).toMatch(/^first build \(empty cache\)$/m);
    expect(second).toBeDefined();
    for (const section of [first!, second!]) {
      expect(section).toMatch(/^ {2}seeds {12}40$/m);
      expect(section).toMatch(/^ {2}wall time {8}\d+\.\d\d s$/m);
      expect(section).toMatch(/^ {2}per 1,000 seeds {2}\d+\.\d\d s$/m);
      expect(section).toMatch(/^ {2}pages written {4}[1-9][\d,]* HTML, [1-9][\d,]* files in all$/m);
      expect(section).toMatch(/^ {2}peak RSS {9}(\d+ MiB|unknown \(GNU time not found\))$/m);
      const stages = /^ {2}stages {11}(.*)$/m.exec(section)?.[1] ?? "";
      expect(stages.split(" · ").map((part) => part.replace(/ [\d,]+ ms$/, ""))).toEqual(STAGES);
    }
    expect(run.stdout).toMatch(/^speed-up {9}\d+\.\d× \(target: at least 3×\)$/m);
  });

  it("names the seed its second build edits: a published article's", () => {
    const name = /^ {2}edited {11}(\S+), a published article's title$/m.exec(run.stdout)?.[1];
    const file = generateSeeds(40, 7).find((f) => f.name === name);
    expect(file, name).toBeDefined();
    const outcome = readSeed({ path: file!.name, name: file!.name, bytes: new TextEncoder().encode(file!.text) });
    expect(outcome.ok && outcome.seed.article.published).toBe(true);
  });

  it("generates the corpus with the project's generator, and puts the edited seed back", () => {
    const corpus = join(dir, "seeds-40-7");
    const expected = generateSeeds(40, 7);
    expect(readdirSync(corpus).sort()).toEqual(expected.map((file) => file.name).sort());
    for (const file of expected) expect(readFileSync(join(corpus, file.name), "utf8"), file.name).toBe(file.text);
  });

  it("says how to call it, in one line, when N, SEED or K is not a whole number, or an argument is not its own", () => {
    for (const args of [["abc"], ["0"], ["10", "x"], ["10", "--runs", "0"], ["10", "--runs=two"], ["10", "--runs"], ["10", "1", "2"], ["10", "--fast"]]) {
      const wrong = bench(dir, args);
      expect(wrong.status, args.join(" ")).toBe(2);
      expect(wrong.stderr).toBe(`usage: npm run bench -- N [SEED] [--runs K] (N and K positive whole numbers, SEED a whole number; got "${args.join(" ")}")\n`);
    }
  });

  it("runs K rounds with --runs K, each from an empty cache, and ends with the medians", () => {
    const rounds = bench(dir, ["40", "7", "--runs", "2"]);
    expect(rounds.status, rounds.stderr).toBe(0);
    expect(rounds.stdout.match(/^round \d of 2$/gm)).toEqual(["round 1 of 2", "round 2 of 2"]);
    expect(rounds.stdout.match(/^first build \(empty cache\)$/gm)).toHaveLength(2);
    expect(rounds.stdout.match(/^speed-up {9}\d+\.\d× \(target: at least 3×\)$/gm)).toHaveLength(2);
    const walls = [...rounds.stdout.matchAll(/^ {2}wall time {8}(\d+\.\d\d) s$/gm)].map((m) => Number(m[1]));
    expect(walls).toHaveLength(4);
    const summary = rounds.stdout.slice(rounds.stdout.indexOf("medians of 2 rounds"));
    // Each build's time is listed, and the median of two is their mean (of the unrounded times).
    for (const [name, spaces, a, b] of [["first build", 6, walls[0]!, walls[2]!], ["second build", 5, walls[1]!, walls[3]!]] as const) {
      const line = new RegExp(`^ {2}${name} {${spaces}}(\\d+\\.\\d\\d) s \\((\\d+\\.\\d\\d) s, (\\d+\\.\\d\\d) s\\)$`, "m").exec(summary);
      expect(line, name).not.toBeNull();
      expect([Number(line![2]), Number(line![3])]).toEqual([a, b]);
      expect(Math.abs(Number(line![1]) - (a + b) / 2)).toBeLessThanOrEqual(0.011);
    }
    expect(summary).toMatch(/^ {2}peak RSS {9}(\d+ MiB \(the most of any build\)|unknown \(GNU time not found\))$/m);
    expect(summary).toMatch(/^ {2}speed-up {9}\d+\.\d× \(each round: \d+\.\d×, \d+\.\d×\)$/m);
  }, 300_000);
});

describe("the seed a benchmark's second build edits (seedToEdit)", () => {
  const parsed = (file: { name: string; text: string }) => readSeed({ path: file.name, name: file.name, bytes: new TextEncoder().encode(file.text) });
  const isPublished = (file: { name: string; text: string }) => {
    const outcome = parsed(file);
    return outcome.ok && outcome.seed.article.published;
  };

  it.each([[40, 7], [1000, 1], [10000, 1]])("is the first published seed from the middle on (%i seeds, generator seed %i)", (count, seed) => {
    const files = generateSeeds(count, seed);
    const i = seedToEdit(files);
    expect(isPublished(files[i]!), files[i]!.name).toBe(true);
    for (let k = Math.floor(count / 2); k < i; k++) expect(isPublished(files[k]!), files[k]!.name).toBe(false);
  });

  it("is the middle seed when no seed is published", () => {
    const files = generateSeeds(9, 3).map((file) => ({ ...file, text: file.text.replace(/^published: true$/m, "published: false") }));
    expect(files.some(isPublished)).toBe(false);
    expect(seedToEdit(files)).toBe(4);
  });
});
