/**
 * `npm run build`'s entry: runs src/build.ts and the Eleventy config without a TypeScript loader.
 *
 * With tsx registered (`node --import tsx`), every module the process imports, Eleventy's few
 * hundred included, goes through tsx's hooks on Node's loader thread: 0.5–1 s of every build's
 * start here. So the build's TypeScript (src/build.ts, and .eleventy.ts with the src/ modules it
 * imports) is bundled by esbuild into two plain ES modules, once per version of the code, kept in
 * `node_modules/.cache/broadsheet/<hash>/` (safe to delete), and the build runs those. The one
 * file of this project that is not TypeScript: it runs before any loader could.
 *
 * Every src/ module sits in src/, so `import.meta.url` is set to a file URL in src/ throughout
 * the bundle, and `new URL("./seeds.ts", import.meta.url)` still names the source file (worker
 * threads load those themselves). Packages stay outside the bundle, found from node_modules.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const project = fileURLToPath(new URL("..", import.meta.url));

/**
 * A hash of everything a bundle is made of: the TypeScript it bundles, the locked packages it
 * imports, how it is bundled (this file), where the project is (the bundle names its src/ folder)
 * and the Node version.
 * @returns {string}
 */
function codeHash() {
  const hash = createHash("sha256").update(`${project}\0${process.version}\0`);
  const sources = readdirSync(join(project, "src")).filter((name) => name.endsWith(".ts")).sort().map((name) => join("src", name));
  for (const file of [...sources, "src/launch.mjs", ".eleventy.ts", "package-lock.json"]) {
    hash.update(`${file}\0`).update(readFileSync(join(project, file))).update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

/**
 * The folder of this code's bundles (`build.mjs`, `config.mjs`), made if missing. Made under a
 * temporary name and renamed, so a folder under its hash is always whole; two builds racing to
 * make it both succeed.
 * @returns {string}
 */
export function bundleBuild() {
  const folder = join(project, "node_modules", ".cache", "broadsheet", codeHash());
  if (existsSync(join(folder, "config.mjs"))) return folder;
  const making = `${folder}.making-${process.pid}`;
  const { buildSync } = createRequire(import.meta.url)("esbuild");
  buildSync({
    entryPoints: { build: join(project, "src", "build.ts"), config: join(project, ".eleventy.ts") },
    outdir: making,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    define: { "import.meta.url": JSON.stringify(pathToFileURL(join(project, "src", "build.ts")).href) },
    logLevel: "error",
  });
  mkdirSync(join(folder, ".."), { recursive: true });
  try {
    renameSync(making, folder);
  } catch (error) {
    rmSync(making, { recursive: true, force: true });
    if (!existsSync(join(folder, "config.mjs"))) throw error;
  }
  removeOldBundles(join(folder, ".."));
  return folder;
}

/**
 * Keeps the bundles of the three most recent versions of the code (a branch switched back and
 * forth reuses them); a folder still being made elsewhere is left alone for ten minutes.
 * @param {string} parent
 */
function removeOldBundles(parent) {
  const folders = readdirSync(parent).map((name) => ({ name, time: statSync(join(parent, name)).mtimeMs }));
  const made = folders.filter(({ name }) => !name.includes(".making-")).sort((a, b) => b.time - a.time);
  const newest = Math.max(...folders.map(({ time }) => time));
  const abandoned = folders.filter(({ name, time }) => name.includes(".making-") && newest - time > 600_000);
  for (const { name } of [...made.slice(3), ...abandoned]) rmSync(join(parent, name), { recursive: true, force: true });
}

// Eleventy registers an ES module resolver (a loader-hooks thread on Node 20, which every later
// import then waits on) to bust the import cache when JavaScript data or config files change in
// --watch or --serve. A build imports each module once, and this site has no JavaScript data
// files: the hooks only cost start-up time (Eleventy's documented switch, 11ty/eleventy#3371).
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
const argv = process.argv.slice(2);
const folder = bundleBuild();
const { main } = await import(pathToFileURL(join(folder, "build.mjs")).href);
// A build whose site is in place ends the process at once (see `main`); a failed one, and Eleventy's CLI, end as Node ends them.
if (await main(argv, { ".eleventy.ts": join(folder, "config.mjs") })) process.exit();
