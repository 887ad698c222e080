/**
 * `npx tsx src/stories-eval.ts [seedsDir] [labelsDir]`: builds the stories of a seeds folder (default:
 * the shared real corpus, unpublished seeds included) through the real pipeline (load → parse →
 * validate → normalize → merge) and measures them against the hand labels in `../shared/stories/`.
 *
 * Prints pairwise and B-cubed precision/recall/F1 per labelled window, over all three and over each
 * half of the labelled stories (tune half: odd story numbers, check half: even), the accuracy on the
 * labelled related pairs, the story size distribution, the share of seeds in stories, the ten largest
 * stories and storylines, and the clustering time.
 */
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { clusterArticles } from "./cluster.ts";
import { evaluateGrouping, evaluatePairs, type GroupingScores, type PairScores } from "./evaluate.ts";
import { loadSeedFolder, readTextFile } from "./load.ts";
import { mergeArticles } from "./merge.ts";
import { readSeed } from "./seeds.ts";
import { toClusterDoc } from "./stories.ts";
import type { ClusterDoc, ClusterResult } from "./types.ts";

/** Cluster docs of a seeds folder, with the file names each article came from. */
export interface LoadedDocs {
  docs: ClusterDoc[];
  /** Article id by seed file name (duplicate seeds map to the article they merged into). */
  idByFile: Map<string, string>;
}

/** Reads every valid seed of a folder, unpublished included, as the build does, into cluster docs. */
export function loadClusterDocs(dir: string): LoadedDocs {
  const seeds = loadSeedFolder(dir).files.flatMap((file) => {
    const outcome = readSeed(file);
    return outcome.ok ? [outcome.seed] : [];
  });
  const articles = [...mergeArticles(seeds).articles.values()].filter((a) => a.isSeed);
  const idByFile = new Map<string, string>();
  for (const a of articles) for (const file of a.files) idByFile.set(basename(file), a.id);
  return { docs: articles.map(toClusterDoc), idByFile };
}

/** The three labelled windows. */
export const LABELLED_WINDOWS = ["azure-2021-06", "diablo4-2023-02", "powerapps-2021-08"] as const;

/** Which labelled stories count: all, the tune half (odd story numbers) or the check half (even). */
export type LabelHalf = "all" | "tune" | "check";

function readTsv(path: string): string[][] {
  return readTextFile(path)
    .split("\n")
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => line.split("\t"));
}

function inHalf(story: string, half: LabelHalf): boolean {
  if (half === "all") return true;
  const odd = Number(story.replace(/\D/g, "")) % 2 === 1;
  return half === "tune" ? odd : !odd;
}

/** Gold and predicted groupings of one labelled window (one half of its stories), as article ids. */
export function windowGroupings(
  labelsDir: string,
  window: string,
  result: ClusterResult,
  idByFile: ReadonlyMap<string, string>,
  half: LabelHalf = "all",
): { gold: string[][]; predicted: string[][] } {
  const storyOf = new Map<string, number>();
  result.stories.forEach((s, i) => s.members.forEach((id) => storyOf.set(id, i)));
  const gold = new Map<string, string[]>();
  const predicted = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
  for (const [file, story] of readTsv(`${labelsDir}/${window}.tsv`)) {
    const id = idByFile.get(file!);
    if (!id || !inHalf(story!, half)) continue;
    push(gold, story!, id);
    push(predicted, storyOf.has(id) ? `s${storyOf.get(id)}` : `a${id}`, id);
  }
  return { gold: [...gold.values()], predicted: [...predicted.values()] };
}

/** Scores per labelled window and over all three together. */
export function labelledScores(labelsDir: string, result: ClusterResult, idByFile: ReadonlyMap<string, string>, half: LabelHalf = "all"): Record<string, GroupingScores> {
  const out: Record<string, GroupingScores> = {};
  const all = { gold: [] as string[][], predicted: [] as string[][] };
  for (const window of LABELLED_WINDOWS) {
    const g = windowGroupings(labelsDir, window, result, idByFile, half);
    all.gold.push(...g.gold);
    all.predicted.push(...g.predicted);
    out[window] = evaluateGrouping(g.predicted, g.gold);
  }
  out.all = evaluateGrouping(all.predicted, all.gold);
  return out;
}

/** Same-story decisions of the clustering on the hand-labelled related pairs. */
export function relatedPairScores(labelsDir: string, result: ClusterResult, idByFile: ReadonlyMap<string, string>): PairScores {
  const storyOf = new Map<string, number>();
  result.stories.forEach((s, i) => s.members.forEach((id) => storyOf.set(id, i)));
  const pairs = readTsv(`${labelsDir}/related-pairs.tsv`).map(([a, b, label]) => {
    const ia = idByFile.get(a!);
    const ib = idByFile.get(b!);
    const same = ia !== undefined && storyOf.has(ia) && storyOf.get(ia) === storyOf.get(ib!);
    return { predicted: same, gold: label === "1" };
  });
  return evaluatePairs(pairs);
}

function fmt(n: number): string {
  return n.toFixed(3);
}

function scoreLine(label: string, s: GroupingScores): string {
  const { pairwise: p, bcubed: b } = s;
  return `${label.padEnd(20)} ${fmt(p.precision)}  ${fmt(p.recall)}  ${fmt(p.f1)}   ${fmt(b.precision)}  ${fmt(b.recall)}  ${fmt(b.f1)}`;
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function span(ids: readonly string[], byId: Map<string, ClusterDoc>): string {
  const times = ids.map((id) => byId.get(id)!.time);
  const days = (Math.max(...times) - Math.min(...times)) / 864e5;
  return `${day(Math.min(...times))}..${day(Math.max(...times))} (${days.toFixed(1)} d)`;
}

function printLabels(result: ClusterResult, loaded: LoadedDocs, labelsDir: string): void {
  console.log(`window               pair-P pair-R pair-F1  B3-P   B3-R   B3-F1`);
  for (const [name, s] of Object.entries(labelledScores(labelsDir, result, loaded.idByFile))) console.log(scoreLine(name === "all" ? "all three" : name, s));
  for (const half of ["tune", "check"] as const) console.log(scoreLine(`${half} half`, labelledScores(labelsDir, result, loaded.idByFile, half).all!));
  const pr = relatedPairScores(labelsDir, result, loaded.idByFile);
  console.log(`related pairs: accuracy ${fmt(pr.accuracy)} (P ${fmt(pr.precision)}, R ${fmt(pr.recall)})`);
}

function printSizes(result: ClusterResult, docs: readonly ClusterDoc[]): void {
  const sizes = new Map<number, number>();
  let inStories = 0;
  for (const s of result.stories) {
    sizes.set(s.members.length, (sizes.get(s.members.length) ?? 0) + 1);
    inStories += s.members.length;
  }
  const dist = [...sizes].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`);
  console.log(`\nstories: ${result.stories.length}; sizes ${dist.join(" ")}`);
  console.log(`seeds in stories: ${inStories}/${docs.length} (${((100 * inStories) / docs.length).toFixed(1)} %)`);
}

function printLargest(result: ClusterResult, byId: Map<string, ClusterDoc>): void {
  console.log("\nten largest stories:");
  const stories = [...result.stories].sort((a, b) => b.members.length - a.members.length).slice(0, 10);
  for (const s of stories) {
    const lead = byId.get(s.members[0]!)!;
    console.log(`  ${String(s.members.length).padStart(3)}  ${span(s.members, byId)}  ${lead.title}`);
  }
  console.log(`\nstorylines: ${result.storylines.length}; ten largest:`);
  const lines = [...result.storylines].sort((a, b) => b.stories.flat().length - a.stories.flat().length).slice(0, 10);
  for (const l of lines) {
    const ids = l.stories.flat();
    console.log(`  ${String(ids.length).padStart(3)} in ${String(l.stories.length).padStart(2)} stories  ${span(ids, byId)}  ${l.subject}`);
  }
}

/** Runs the evaluation on a seeds folder and prints the report. */
export function main(argv: readonly string[]): void {
  const seedsDir = resolve(argv[0] ?? "../shared/corpus/real");
  const labelsDir = resolve(argv[1] ?? "../shared/stories");
  const loaded = loadClusterDocs(seedsDir);
  clusterArticles(loaded.docs); // warm-up, so the timing below is the steady state a build sees
  const start = performance.now();
  const result = clusterArticles(loaded.docs);
  const ms = performance.now() - start;
  const byId = new Map(loaded.docs.map((d) => [d.id, d]));
  console.log(`${loaded.docs.length} seed articles from ${loaded.idByFile.size} seed files in ${seedsDir}\n`);
  const labelled = LABELLED_WINDOWS.every((w) => loaded.idByFile.size > 0 && readTsv(`${labelsDir}/${w}.tsv`).some(([file]) => loaded.idByFile.has(file!)));
  if (labelled) printLabels(result, loaded, labelsDir);
  printSizes(result, loaded.docs);
  printLargest(result, byId);
  console.log(`\nclustering time: ${ms.toFixed(0)} ms (${((ms * 10000) / Math.max(loaded.docs.length, 1)).toFixed(0)} ms per 10,000 articles)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
