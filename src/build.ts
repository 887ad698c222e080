/**
 * `npm run build`: Eleventy with `.eleventy.ts`, made atomic. The site is rendered into a
 * temporary folder next to the output folder (`.<name>.building-<pid>`, same file system, so the
 * final rename is atomic) and replaces the output folder only when the whole build succeeded.
 * A failed build (an error, `STRICT=1` with a bad seed) or an interrupted one (SIGINT, SIGTERM,
 * SIGHUP) removes its temporary folder and leaves the previous site as it was; a build killed
 * with SIGKILL leaves its folder behind, and the next build removes it. The replaced site is
 * deleted in the background (see `swapInto`).
 *
 * Flags are Eleventy's own and mean what Eleventy documents: `--output`, `--pathprefix`,
 * `--quiet`, `--input`, `--config` (default `.eleventy.ts`). Any other flag (`--serve`,
 * `--watch`, `--dryrun`, `--to`, `--help`…) hands the whole command line to Eleventy's CLI
 * unchanged: those runs do not replace a published site, so there is nothing to make atomic.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isRunning, removeInBackground, seedFolderProblem } from "./load.ts";
import { checkedOptions } from "./options.ts";
import { stopSearchProcesses } from "./search.ts";
import { pollSync, shutWriteGate } from "./write-gate.ts";
import type { BuildOptions } from "./types.ts";

/** Flags the atomic build understands; anything else goes to Eleventy's CLI as is. */
const BUILD_FLAGS = {
  output: { type: "string" },
  pathprefix: { type: "string" },
  input: { type: "string" },
  config: { type: "string", default: ".eleventy.ts" },
  quiet: { type: "boolean" },
} as const;

/** Exit codes of a process ended by a signal, as a shell reports them. */
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** What the atomic build needs to know. */
export interface AtomicBuildArgs {
  output?: string;
  pathprefix?: string;
  input?: string;
  config: string;
  quiet?: boolean;
}

/** Reads Eleventy-style flags; null when they need Eleventy's own CLI (serve, watch, …). */
export function readBuildArgs(argv: readonly string[]): AtomicBuildArgs | null {
  try {
    return parseArgs({ args: [...argv], options: BUILD_FLAGS, strict: true, allowPositionals: false }).values;
  } catch {
    return null;
  }
}

/** Names of the folders a build of `output` works in: one per process, next to the output. */
export function workFolders(output: string, pid = process.pid): { building: string; old: string } {
  const parent = dirname(output);
  const name = basename(output);
  return { building: join(parent, `.${name}.building-${pid}`), old: join(parent, `.${name}.old-${pid}`) };
}

/**
 * Removes work folders left by builds of `output` whose process is gone: a folder being built when
 * its build was killed with SIGKILL, or a replaced site still being deleted (the previous build's
 * background deletion may not have finished; measured at 0.9 s of this build's time for 28,000
 * files when done here). They are deleted in the background too; returns their names.
 */
export function removeStaleWorkFolders(output: string): string[] {
  const stale = workFoldersOf(output).filter(({ pid }) => !isRunning(pid));
  removeInBackground(stale.map(({ name }) => join(dirname(output), name)));
  return stale.map(({ name }) => name);
}

/** The work folders of builds of `output` that are there now (`workFolders`' names), by process. */
export function workFoldersOf(output: string): { name: string; pid: number }[] {
  const parent = dirname(output);
  if (!existsSync(parent)) return [];
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(output))}\\.(?:building|old)-(\\d+)$`);
  return readdirSync(parent).flatMap((name) => {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    return Number.isNaN(pid) ? [] : [{ name, pid }];
  });
}

/**
 * Puts the finished site in place: the old output steps aside, the new one takes its name, and
 * the old one is deleted by a process of its own, so the build does not wait for tens of
 * thousands of files to go (seconds on some disks). Should that process be stopped, the next
 * build removes what it left (its folder is named for this build's process, then gone).
 */
export function swapInto(building: string, output: string, old: string): void {
  if (!existsSync(output)) return renameSync(building, output);
  // A checkout of the branch a host publishes (a git worktree of gh-pages, say) keeps its `.git`.
  const carried = CARRIED.filter((name) => existsSync(join(output, name)) && !existsSync(join(building, name)));
  const putBack = () => carried.forEach((name) => renameSync(join(building, name), join(output, name)));
  for (const name of carried) renameSync(join(output, name), join(building, name));
  try {
    renameSync(output, old);
  } catch (error) {
    putBack();
    throw error;
  }
  try {
    renameSync(building, output);
  } catch (error) {
    // The old site goes back under its name: a swap that fails half-way loses nothing.
    renameSync(old, output);
    putBack();
    throw error;
  }
  removeInBackground([old]);
}

/** What the new site takes over from the folder it replaces. */
const CARRIED = [".git"];

/** A path as the file system sees it: symbolic links resolved as far as the path exists. */
function realPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}

/**
 * Why the site must not go into `output`, or null. A build replaces its output folder whole, so
 * the folder must not hold anything the build reads or keeps (`--output=seeds` or `--output=.`
 * deleted the seeds or the whole project), and a folder that holds files must look like a site an
 * earlier build made: it has an `index.html` (hidden entries, such as a checkout's `.git`, aside).
 */
export function outputHazard(output: string, precious: readonly { what: string; path: string }[]): string | null {
  const target = realPath(output);
  for (const { what, path } of precious) {
    const inside = relative(target, realPath(path));
    if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside))) {
      return `it ${inside === "" ? "is" : "holds"} ${what} (${path}), and a build replaces its output folder whole`;
    }
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    const visible = readdirSync(target).filter((name) => !name.startsWith("."));
    if (visible.length > 0 && !visible.includes("index.html")) {
      return "it holds files but no index.html, so it is not a site a build made, and a build replaces its output folder whole; choose an empty or new folder";
    }
  }
  return null;
}

/**
 * Makes the folder the site goes into (the output's parent) if it is missing, and checks that it
 * can be written and that the output, if there, is a folder: what is wrong, or null. Its missing
 * folders are made one level at a time, for Node's recursive `mkdir` never returns under /proc.
 */
export function prepareOutputParent(output: string): string | null {
  const parent = dirname(output);
  const missing: string[] = [];
  let at = parent;
  while (!existsSync(at) && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
  }
  try {
    if (!statSync(at).isDirectory()) return `${at} is not a folder`;
    // The site replaces the output as a whole: a file there would be lost, not written into.
    if (existsSync(output) && !statSync(output).isDirectory()) return `${output} is a file, not a folder`;
    for (const folder of missing) mkdirSync(folder);
    accessSync(parent, constants.W_OK);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Builds the site into a temporary folder and swaps it in; the previous site stays on any failure.
 * `options` are the run's, read once by `main`: what the output must not hold comes from them.
 * Resolves true once the new site is in place, false when the build failed.
 */
export async function buildAtomically(args: AtomicBuildArgs, options: BuildOptions): Promise<boolean> {
  const { default: Eleventy } = await import("@11ty/eleventy");
  const { config } = await import(pathToFileURL(resolve(args.config)).href);
  const output = resolve(args.output ?? config?.dir?.output ?? "_site");
  const precious = [
    { what: "the project", path: process.cwd() },
    { what: "the seeds", path: options.seedsDir },
    { what: "the templates", path: args.input ?? config?.dir?.input ?? "." },
    { what: "the installed packages", path: "node_modules" },
    { what: "the config", path: args.config },
    { what: "the build report", path: options.reportPath },
    ...(options.cacheDir === null ? [] : [{ what: "the build cache", path: options.cacheDir }]),
  ];
  const unwritable = outputHazard(output, precious) ?? prepareOutputParent(output);
  if (unwritable !== null) {
    console.error(`[broadsheet] cannot write the site to ${output}: ${unwritable}.`);
    process.exitCode = 1;
    return false;
  }
  removeStaleWorkFolders(output);
  const { building, old } = workFolders(output);
  // Nothing may write into the folder once it is being removed. The build's own threads (the page
  // writer, the search thread) run on while "exit" handlers do: the write gate is shut first, and
  // the writes under way are waited for (write-gate.ts). Pagefind's process is killed, and waited
  // for. What is left is Node's own pool of threads, where Eleventy's copies of public/ files may
  // be under way: the folder is removed again while it reappears (watched until it has stayed away
  // for 0.1 s, for 0.5 s at most).
  const cleanUp = () => {
    shutWriteGate();
    stopSearchProcesses();
    // Nothing to remove once the new site is in place (the "exit" handler of a good build).
    if (!existsSync(building)) return;
    rmSync(building, { recursive: true, force: true });
    let quiet = 0;
    pollSync(() => {
      if (!existsSync(building)) return ++quiet > 2;
      quiet = 0;
      rmSync(building, { recursive: true, force: true });
      return false;
    }, 50, 500);
  };
  // A crash or process.exit anywhere leaves no temporary folder behind.
  process.on("exit", cleanUp);
  // `on`, not `once`: a second signal (npm and tsx relay the first) must not kill the process
  // before the first one has cleaned up.
  for (const [signal, code] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      cleanUp();
      console.error(`[broadsheet] build interrupted by ${signal}; ${output} was left as it was.`);
      process.exit(code);
    });
  }
  const eleventy = new Eleventy(args.input, building, {
    source: "cli",
    configPath: args.config,
    pathPrefix: args.pathprefix,
    quietMode: args.quiet,
  } as ConstructorParameters<typeof Eleventy>[2]);
  try {
    await eleventy.write();
  } catch (error) {
    // Eleventy prints an error of the build itself, but only throws one of its set-up (a config
    // that fails): its handler's `once` prints it unless Eleventy did (an Eleventy without that
    // handler, which is not in its typings: printed here). The previous site is untouched.
    const handler = (eleventy as unknown as { errorHandler?: { once(type: string, error: unknown, message: string): void } }).errorHandler;
    if (handler) handler.once("error", error, "The build stopped");
    else console.error(error);
    cleanUp();
    console.error(`[broadsheet] the build failed; ${output} was left as it was.`);
    process.exitCode = 1;
    return false;
  }
  // Eleventy renders in long runs of promises, so a SIGTERM or SIGINT that came during the build
  // may not have been handled yet. One turn of the event loop lets its handler run (and exit)
  // before the swap: an interrupted build never replaces the site.
  await new Promise((done) => setImmediate(done));
  try {
    swapInto(building, output, old);
    return true;
  } catch (error) {
    // The folder cannot be renamed (an immutable folder, a mount point, a read-only parent):
    // the new site is discarded and the old one stays, said in one line instead of a stack trace.
    cleanUp();
    console.error(`[broadsheet] the new site could not replace ${output} (${error instanceof Error ? error.message : String(error)}); ${output} was left as it was.`);
    process.exitCode = 1;
    return false;
  }
}

/** Runs Eleventy's own CLI in this process with the given flags (serve, watch, dry runs, help). */
async function runEleventyCli(argv: readonly string[]): Promise<void> {
  process.argv = [process.argv[0]!, "eleventy", ...argv];
  await import(pathToFileURL(resolve("node_modules/@11ty/eleventy/cmd.cjs")).href);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Runs a build from its command line. `bundled` maps config files to the plain JavaScript bundles
 * launch.mjs made of them (`npm run build` runs without a TypeScript loader); a command line for
 * Eleventy's own CLI (serve, watch…) then registers tsx first, for the CLI loads the config itself.
 * Resolves true once a build's new site is in place: the caller then ends the process at once
 * (`process.exit`, which still runs the "exit" handlers), instead of letting Node first take
 * apart the heap and threads the build leaves, about 0.13–0.25 s of a 10,000-seed build's wall
 * time here (session 17). It resolves false for a build that failed, which ends as it always
 * did (its page writer may still be writing into the temporary folder that the "exit" handler
 * removes), and under Eleventy's CLI (serve, watch), which runs on.
 */
export async function main(argv: readonly string[], bundled: Record<string, string> = {}): Promise<boolean> {
  // A variable Broadsheet cannot use is said in one line before anything starts, instead of as an
  // error of Eleventy's config with its stack through the bundled config.
  // So is a seeds folder that is missing or a file (not as an error of Eleventy's data with its
  // stack), unless Eleventy is only asked for its help or version.
  const refuse = (problem: string): false => {
    console.error(`[broadsheet] ${problem}`);
    process.exitCode = 1;
    return false;
  };
  const options = checkedOptions(process.env, argv);
  if (typeof options === "string") return refuse(options);
  const informational = argv.some((arg) => arg === "--help" || arg === "--version");
  const noSeeds = informational ? null : seedFolderProblem(options.seedsDir);
  if (noSeeds !== null) return refuse(noSeeds);
  const args = readBuildArgs(argv);
  if (args === null) {
    if (Object.keys(bundled).length > 0) (await import("tsx/esm/api")).register();
    await runEleventyCli(argv.some((a) => a.startsWith("--config")) ? argv : ["--config=.eleventy.ts", ...argv]);
    return false;
  }
  const config = Object.entries(bundled).find(([source]) => resolve(source) === resolve(args.config))?.[1];
  return buildAtomically(config ? { ...args, config } : args, options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && (await main(process.argv.slice(2)))) process.exit();
