/**
 * `npm run bench:refresh -- N [EDITS]`: how long an edit takes to show in the browser under
 * `npm start`. Starts `npm start` (unpublished included) on a copy of the benchmark corpus of N
 * synthetic seeds, opens an article's page in Chromium, saves its seed with a new title and times
 * until the page shows it; two edits each of EDITS / 2 articles (half of them in stories). Prints
 * each edit's time and its rebuild's stages, then the median, the slowest and how many showed
 * within the target (2 s). Each edit waits until the last one's feeds, API and search index are
 * written. An edit's page is shown by the quick pass (quick-pass.ts); the whole rebuild after it,
 * which brings every other page up to date, is timed too ("whole site": until Eleventy has written
 * its pages and told the browser to reload).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchCorpus, editTitle } from "./bench-corpus.ts";
import { launchChromium } from "./chromium.ts";
import { formatTimings, median, type StageTiming } from "./timings.ts";

const count = Number(process.argv[2] ?? 10_000);
const edits = Number(process.argv[3] ?? 8);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(edits) || edits < 2) {
  console.error(`usage: npm run bench:refresh -- N [EDITS] (N ≥ 1 seeds, EDITS ≥ 2 edits; got "${process.argv.slice(2).join(" ")}")`);
  process.exit(2);
}
const TARGET_S = 2;
const port = Number(process.env.BENCH_PORT ?? 8377);
const origin = `http://localhost:${port}`;

// Outside the project: Eleventy's watcher ignores `.cache/`, where the corpus is.
const root = mkdtempSync(join(tmpdir(), "broadsheet-refresh-"));
const seeds = join(root, "seeds");
cpSync(benchCorpus(count, 1).dir, seeds, { recursive: true });
const timings = join(root, "timings.json");
const reportPath = join(root, "report.json");
// Not quiet: the server's lines tell when a quick pass and a whole rebuild were written.
const env = { ...process.env, SEEDS_DIR: seeds, CACHE_DIR: join(root, "cache"), BUILD_REPORT: reportPath, BROADSHEET_TIMINGS: timings };
const server = spawn("npm", ["start", "--", `--port=${port}`, `--output=${join(root, "site")}`], { env, detached: true, stdio: ["ignore", "pipe", "ignore"] });
/** The server's lines, each with when it came. */
const lines: { at: number; text: string }[] = [];
let partial = "";
server.stdout!.on("data", (chunk: Buffer) => {
  const at = performance.now();
  const parts = (partial + chunk.toString()).split("\n");
  partial = parts.pop()!;
  for (const text of parts) if (/ quick pass: | Wrote \d+ files/.test(text)) lines.push({ at, text });
});
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** The stamp of the timings file, written once a build's feeds, API and search index are. */
const written = () => (existsSync(timings) ? statSync(timings).mtimeMs : 0);
/** Waits until the timings file is written after `since` (or a minute passes). */
const settled = async (since: number) => {
  for (const started = performance.now(); written() <= since && performance.now() - started < 60_000; ) await sleep(100);
  await sleep(500);
};

const browser = await launchChromium().catch((error: unknown) => {
  process.kill(-server.pid!, "SIGTERM");
  throw error;
});
try {
  console.log(`starting npm start on ${count.toLocaleString("en-US")} seeds…`);
  await settled(0);
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as { seeds: { file: string; url?: string; status: string; story?: string }[] };
  const published = report.seeds.filter((s) => s.url && s.status === "published");
  const articles = Math.ceil(edits / 2);
  const picks = [...published.filter((s) => s.story).slice(0, Math.ceil(articles / 2)), ...published.filter((s) => !s.story)].slice(0, articles);
  const page = await browser.context.newPage();
  const shown: number[] = [];
  const whole: number[] = [];
  for (const [n, entry] of picks.entries()) {
    const file = join(seeds, readdirSync(seeds).find((name) => entry.file.endsWith(name))!);
    await page.goto(origin + entry.url!);
    await sleep(1000);
    for (let i = 1; i <= 2 && shown.length < edits; i++) {
      const title = `Edited title ${n} number ${i}`;
      const before = written();
      const started = performance.now();
      writeFileSync(file, editTitle(readFileSync(file, "utf8"), () => title));
      for (;;) {
        // Shown: the new title is in the page, and its stylesheets are loaded (a page is not painted before).
        const seen = await page.evaluate((t) => (document.querySelector("h1")?.textContent?.includes(t) ?? false) && [...document.querySelectorAll<HTMLLinkElement>("link[rel=stylesheet]")].every((link) => link.sheet !== null), title).catch(() => false);
        if (seen) break;
        if (performance.now() - started > 60_000) throw new Error(`the edit of ${entry.file} did not show within a minute`);
        await sleep(25);
      }
      const seconds = (performance.now() - started) / 1000;
      shown.push(seconds);
      await settled(before);
      const since = lines.filter((line) => line.at >= started);
      const quick = since.some((line) => line.text.includes(" quick pass: "));
      // The quick pass's pages are written first; the whole rebuild's last (before its feeds, API and search index).
      const writes = since.filter((line) => / Wrote \d+ files/.test(line.text));
      const [first] = writes;
      const quickWritten = quick && first ? `, written after ${((first.at - started) / 1000).toFixed(2)} s` : "";
      const wrote = writes.at(-1);
      const all = wrote ? (wrote.at - started) / 1000 : NaN;
      whole.push(all);
      const stages = (JSON.parse(readFileSync(timings, "utf8")) as StageTiming[]).filter((s) => !["write", "search index"].includes(s.stage));
      console.log(`article ${n + 1} (${entry.story ? "in a story" : "alone"}), edit ${i}: shown after ${seconds.toFixed(2)} s${quick ? ` (quick pass${quickWritten})` : ""}, whole site after ${all.toFixed(2)} s · whole rebuild: ${formatTimings(stages)}`);
    }
  }
  console.log(`shown after     median ${median(shown).toFixed(2)} s, slowest ${Math.max(...shown).toFixed(2)} s`);
  console.log(`within ${TARGET_S} s      ${shown.filter((s) => s <= TARGET_S).length} of ${shown.length} edits`);
  console.log(`whole site      median ${median(whole).toFixed(2)} s, slowest ${Math.max(...whole).toFixed(2)} s`);
} finally {
  await browser.close();
  process.kill(-server.pid!, "SIGTERM");
  await sleep(1000);
  rmSync(root, { recursive: true, force: true });
}
