/**
 * `npm run bench -- N [SEED] [--runs K]`: generates (or reuses) N synthetic seeds, runs the
 * complete build (`npm run build`) on them with an empty build cache, then again with one
 * published article's title edited (`seedToEdit`), and prints for each wall time, time per 1,000
 * seeds, pages written, peak RSS and the time of each stage, and the second build's speed-up.
 * With `--runs K`, it does so K times over (each from an empty cache) and ends with the medians:
 * on a machine whose speed drifts by a third from minute to minute, one pair says little.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatTimings, median, type StageTiming } from "./timings.ts";
import { BENCH_ROOT, benchCorpus, editTitle, seedToEdit } from "./bench-corpus.ts";
import { writeFileAtomically } from "./load.ts";
import { workFoldersOf } from "./build.ts";

const USAGE = "usage: npm run bench -- N [SEED] [--runs K] (N and K positive whole numbers, SEED a whole number";
const { count, seed, runs } = readArguments(process.argv.slice(2));

const root = BENCH_ROOT;
const { dir: seedsDir, files: corpus } = benchCorpus(count, seed);
const outDir = join(root, `site-${count}`);
const timingsPath = join(root, `timings-${count}.json`);
const cacheDir = join(root, `cache-${count}`);
// The second build: one published article's title edited, as a writer would. The cache makes it incremental.
const toEdit = corpus[seedToEdit(corpus)]!;
const edited = join(seedsDir, toEdit.name);
const original = toEdit.text;

const pairs: { first: BuildRun; second: BuildRun }[] = [];
for (let round = 1; round <= runs; round++) {
  if (runs > 1) console.log(`round ${round} of ${runs}`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
  const first = timedBuild();
  report("first build (empty cache)", first);
  writeFileAtomically(edited, editTitle(original, (title) => `Edited: ${title}`));
  try {
    const second = timedBuild();
    report("second build (one seed edited)", second);
    console.log(`  edited           ${toEdit.name}, a published article's title`);
    console.log(`speed-up         ${(first.wall / second.wall).toFixed(1)}× (target: at least 3×)`);
    pairs.push({ first, second });
  } finally {
    writeFileAtomically(edited, original);
  }
}
if (runs > 1) {
  const firsts = pairs.map((p) => p.first.wall);
  const seconds = pairs.map((p) => p.second.wall);
  const inSeconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`medians of ${runs} rounds`);
  console.log(`  first build      ${inSeconds(median(firsts))} (${firsts.map(inSeconds).join(", ")})`);
  console.log(`  second build     ${inSeconds(median(seconds))} (${seconds.map(inSeconds).join(", ")})`);
  const peak = Math.max(...pairs.flatMap((p) => [p.first.peakKiB, p.second.peakKiB]));
  console.log(`  peak RSS         ${Number.isNaN(peak) ? "unknown (GNU time not found)" : `${(peak / 1024).toFixed(0)} MiB (the most of any build)`}`);
  console.log(`  speed-up         ${(median(firsts) / median(seconds)).toFixed(1)}× (each round: ${pairs.map((p) => `${(p.first.wall / p.second.wall).toFixed(1)}×`).join(", ")})`);
}

/** N, SEED and K from the command line; says how to call it and ends the process when they are wrong. */
function readArguments(args: string[]): { count: number; seed: number; runs: number } {
  try {
    const { values, positionals } = parseArgs({ args, options: { runs: { type: "string", default: "1" } }, allowPositionals: true, strict: true });
    const [count, seed] = [Number(positionals[0] ?? 1000), Number(positionals[1] ?? 1)];
    if (positionals.length <= 2 && Number.isInteger(count) && count >= 1 && Number.isInteger(seed) && /^[1-9]\d*$/.test(values.runs)) {
      return { count, seed, runs: Number(values.runs) };
    }
  } catch {
    // An option it does not know, or --runs without a value: said below.
  }
  console.error(`${USAGE}; got "${args.join(" ")}")`);
  process.exit(2);
}

interface BuildRun {
  wall: number;
  peakKiB: number;
  stages: StageTiming[];
}

/** Runs `npm run build` on the bench corpus with the bench cache; returns its figures. */
function timedBuild(): BuildRun {
  rmSync(timingsPath, { force: true });
  // Each build starts on a settled machine: not beside the background deletion of a site an
  // earlier build replaced, nor behind the write-back of the files the last one made.
  waitForDeletions();
  spawnSync("sync");
  const env = { ...process.env, SEEDS_DIR: seedsDir, BUILD_REPORT: join(root, `report-${count}.json`), BROADSHEET_TIMINGS: timingsPath, QUIET: "1", CACHE_DIR: cacheDir };
  const timed = existsSync("/usr/bin/time");
  const command = ["npm", "run", "-s", "build", "--", `--output=${outDir}`, "--quiet"];
  const started = process.hrtime.bigint();
  const result = timed ? spawnSync("/usr/bin/time", ["-f", "%M", ...command], { env, encoding: "utf8" }) : spawnSync(command[0]!, command.slice(1), { env, encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`the build failed (exit ${result.status})`);
  }
  const peakKiB = timed ? Number(/(\d+)\s*$/.exec(result.stderr.trim())?.[1] ?? NaN) : NaN;
  const stages: StageTiming[] = existsSync(timingsPath) ? JSON.parse(readFileSync(timingsPath, "utf8")) : [];
  return { wall, peakKiB, stages };
}

/** Waits (up to a minute) until no earlier build's replaced site is still being deleted. */
function waitForDeletions(): void {
  const started = performance.now();
  while (workFoldersOf(outDir).length > 0 && performance.now() - started < 60_000) spawnSync("sleep", ["0.2"]);
}

function report(title: string, run: BuildRun): void {
  console.log(`${title}`);
  console.log(`  seeds            ${count.toLocaleString("en-US")}`);
  console.log(`  wall time        ${(run.wall / 1000).toFixed(2)} s`);
  console.log(`  per 1,000 seeds  ${(run.wall / count).toFixed(2)} s`);
  console.log(`  pages written    ${countFiles(outDir, ".html").toLocaleString("en-US")} HTML, ${countFiles(outDir).toLocaleString("en-US")} files in all`);
  console.log(`  peak RSS         ${Number.isNaN(run.peakKiB) ? "unknown (GNU time not found)" : `${(run.peakKiB / 1024).toFixed(0)} MiB`}`);
  console.log(`  stages           ${formatTimings(run.stages)}`);
}

function countFiles(dir: string, extension = ""): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) n += countFiles(path, extension);
    else if (name.endsWith(extension)) n++;
  }
  return n;
}
