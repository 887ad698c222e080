/**
 * The benchmarks' corpus: N synthetic seeds (synthetic.ts) in `<BENCH_ROOT>/seeds-N-SEED/`,
 * generated once and checked on every use (a benchmark stopped mid-way may have left an edited
 * seed behind, and a changed file would change what is measured).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomically } from "./load.ts";
import { readSeed } from "./seeds.ts";
import { generateSeeds } from "./synthetic.ts";

/** Where the benchmarks keep corpora, caches and sites: `BENCH_DIR`, by default `.cache/bench/`. */
export const BENCH_ROOT = process.env.BENCH_DIR?.trim() || join(".cache", "bench");

/** The corpus of `count` seeds for `seed`, written (or put back as generated) in its folder. */
export function benchCorpus(count: number, seed: number): { dir: string; files: { name: string; text: string }[] } {
  const dir = join(BENCH_ROOT, `seeds-${count}-${seed}`);
  const files = generateSeeds(count, seed);
  if (!existsSync(dir) || readdirSync(dir).length !== count) {
    rmSync(dir, { recursive: true, force: true });
    for (const file of files) writeFileAtomically(join(dir, file.name), file.text);
    console.log(`generated ${count.toLocaleString("en-US")} seeds in ${dir}`);
  }
  for (const file of files) {
    const path = join(dir, file.name);
    if (!existsSync(path) || readFileSync(path, "utf8") !== file.text) writeFileAtomically(path, file.text);
  }
  return { dir, files };
}

/** A synthetic seed's text (its title a JSON string) with its title edited, as a writer would. */
export function editTitle(text: string, edit: (title: string) => string): string {
  return text.replace(/^title: (.*)$/m, (_, title: string) => `title: ${JSON.stringify(edit(title.startsWith('"') ? (JSON.parse(title) as string) : title))}`);
}

/**
 * Which seed the second build of a benchmark edits: the first published one from the middle of
 * the corpus on (the middle one when none is). A published article is what a writer edits, and
 * its edit costs a build the most: its page, its story's and lists' pages, its feeds and API
 * files, and its search shard (indexed again by Pagefind). An unpublished seed's edit changes
 * none of these; until session 17 the benchmark edited one at 10,000 seeds.
 */
export function seedToEdit(files: readonly { name: string; text: string }[]): number {
  const middle = Math.floor(files.length / 2);
  for (let k = 0; k < files.length; k++) {
    const i = (middle + k) % files.length;
    const { name, text } = files[i]!;
    const outcome = readSeed({ path: name, name, bytes: new TextEncoder().encode(text) });
    if (outcome.ok && outcome.seed.article.published) return i;
  }
  return middle;
}
