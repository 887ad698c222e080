/**
 * `npx tsx src/stories-eval.ts [seedsDir]`: builds the stories of a seeds folder (default: the shared
 * real corpus, unpublished seeds included) and measures them against the hand labels in
 * `../shared/stories/`.
 *
 * Prints pairwise and B-cubed precision/recall/F1 per labelled window and over all three, the accuracy
 * on the labelled related pairs, the story size distribution, the share of seeds in stories, the ten
 * largest stories and storylines, and the clustering time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import yaml from "js-yaml";
import { clusterArticles } from "./cluster.ts";
import { evaluateGrouping, evaluatePairs, type GroupingScores } from "./evaluate.ts";
import type { ClusterDoc, ClusterResult } from "./types.ts";

/** Cluster docs of a seeds folder, with the file names each article came from. */
export interface LoadedDocs {
  docs: ClusterDoc[];
  /** Article id by seed file name. */
  idByFile: Map<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Loading: a stand-in for load.ts/parse.ts/url.ts, kept in one place so it is easy to replace.
// ---------------------------------------------------------------------------------------------

const TRACKING = /^(utm_.*|ref|ref_src|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|src|source|_amp|amp)$/i;

/** Scheme-less identity key of a URL: lower-case host without www, no tracking params or slash. */
function canonicalKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  const params = [...url.searchParams].filter(([k]) => !TRACKING.test(k));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? "?" + new URLSearchParams(params).toString() : "";
  const path = url.pathname.replace(/\/+$/, "");
  return host + path + query;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

function urlOf(item: Record<string, unknown>): string | null {
  return canonicalKey(text(item.webUrl) || text(item.originalUrl));
}

function docOf(name: string, data: Record<string, unknown>): ClusterDoc | null {
  const canonical = urlOf(data);
  const time = Date.parse(text(data.publishedDateTime) || String(data.publishedDateTime ?? ""));
  if (!canonical || Number.isNaN(time)) return null;
  const provider = (data.provider ?? {}) as Record<string, unknown>;
  const related = Array.isArray(data.related) ? (data.related as Record<string, unknown>[]) : [];
  return {
    id: name.replace(/^\d+_/, "").replace(/\.(txt|md)$/, ""),
    title: text(data.title),
    excerpt: text(data.excerpt),
    time,
    provider: text(provider.domain).toLowerCase().replace(/^www\./, ""),
    canonical,
    related: related
      .map((item) => (item && typeof item === "object" ? urlOf(item) : null))
      .filter((key): key is string => key !== null && key !== canonical),
    topics: Array.isArray(data.topics) ? data.topics.map(text).filter(Boolean) : [],
  };
}

/**
 * Reads every seed of a folder (unpublished included) into cluster docs; seeds with the same
 * canonical URL become one article. Replace with the real pipeline (load → parse → normalize).
 */
export function loadClusterDocs(dir: string): LoadedDocs {
  const byCanonical = new Map<string, ClusterDoc>();
  const idByFile = new Map<string, string>();
  const names = readdirSync(dir).filter((n) => /\.(txt|md)$/.test(n)).sort();
  for (const name of names) {
    let data: Record<string, unknown>;
    try {
      const parsed = matter(readFileSync(join(dir, name), "utf8"), {
        engines: { yaml: (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object },
      });
      data = parsed.data;
    } catch {
      continue;
    }
    const doc = docOf(name, data);
    if (!doc) continue;
    const known = byCanonical.get(doc.canonical);
    if (!known) byCanonical.set(doc.canonical, doc);
    idByFile.set(name, (known ?? doc).id);
  }
  return { docs: [...byCanonical.values()], idByFile };
}

// ---------------------------------------------------------------------------------------------
// Labels and report
// ---------------------------------------------------------------------------------------------

const WINDOWS = ["azure-2021-06", "diablo4-2023-02", "powerapps-2021-08"];

function readTsv(path: string): string[][] {
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => line.split("\t"));
}

/** Gold and predicted groupings of one labelled window, as lists of article ids. */
function windowGroupings(
  rows: string[][],
  idByFile: Map<string, string>,
  storyOf: Map<string, number>,
): { gold: string[][]; predicted: string[][] } {
  const gold = new Map<string, string[]>();
  const predicted = new Map<string, string[]>();
  for (const [file, story] of rows) {
    const id = idByFile.get(file!);
    if (!id) continue;
    gold.set(story!, [...(gold.get(story!) ?? []), id]);
    const key = storyOf.has(id) ? `s${storyOf.get(id)}` : `a${id}`;
    predicted.set(key, [...(predicted.get(key) ?? []), id]);
  }
  return { gold: [...gold.values()], predicted: [...predicted.values()] };
}

function fmt(n: number): string {
  return Number.isNaN(n) ? "  -  " : n.toFixed(3);
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
  const storyOf = new Map<string, number>();
  result.stories.forEach((s, i) => s.members.forEach((id) => storyOf.set(id, i)));
  console.log(`window               pair-P pair-R pair-F1  B3-P   B3-R   B3-F1`);
  const all = { gold: [] as string[][], predicted: [] as string[][] };
  for (const window of WINDOWS) {
    const rows = readTsv(join(labelsDir, `${window}.tsv`));
    const g = windowGroupings(rows, loaded.idByFile, storyOf);
    all.gold.push(...g.gold);
    all.predicted.push(...g.predicted);
    console.log(scoreLine(window, evaluateGrouping(g.predicted, g.gold)));
  }
  console.log(scoreLine("all three", evaluateGrouping(all.predicted, all.gold)));
  const pairs = readTsv(join(labelsDir, "related-pairs.tsv")).map(([a, b, label]) => {
    const ia = loaded.idByFile.get(a!);
    const ib = loaded.idByFile.get(b!);
    const same = ia !== undefined && storyOf.has(ia) && storyOf.get(ia) === storyOf.get(ib!);
    return { predicted: same, gold: label === "1" };
  });
  const pr = evaluatePairs(pairs);
  console.log(
    `related pairs: accuracy ${fmt(pr.accuracy)} (P ${fmt(pr.precision)}, R ${fmt(pr.recall)}, n=${pairs.length})`,
  );
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
  const lines = [...result.storylines]
    .sort((a, b) => b.stories.flat().length - a.stories.flat().length)
    .slice(0, 10);
  for (const l of lines) {
    const ids = l.stories.flat();
    console.log(`  ${String(ids.length).padStart(3)} in ${l.stories.length} stories  ${span(ids, byId)}  ${l.subject}`);
  }
}

/** Runs the evaluation on a seeds folder and prints the report. */
export function main(argv: readonly string[]): void {
  const seedsDir = resolve(argv[0] ?? "../shared/corpus/real");
  const labelsDir = resolve(argv[1] ?? "../shared/stories");
  const loaded = loadClusterDocs(seedsDir);
  const start = performance.now();
  const result = clusterArticles(loaded.docs);
  const ms = performance.now() - start;
  const byId = new Map(loaded.docs.map((d) => [d.id, d]));
  console.log(`${loaded.docs.length} articles from ${loaded.idByFile.size} seed files in ${seedsDir}\n`);
  printLabels(result, loaded, labelsDir);
  printSizes(result, loaded.docs);
  printLargest(result, byId);
  console.log(`\nclustering time: ${ms.toFixed(0)} ms (${((ms * 10000) / loaded.docs.length).toFixed(0)} ms per 10,000 articles)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
