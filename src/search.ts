/**
 * Search: the facts article pages give Pagefind (filters by topic, source and year; a date to sort
 * by), and the Pagefind index, in shards (search-shards.ts), written into the built site beside
 * the rendering.
 *
 * Only article pages are indexed: they carry `data-pagefind-body` (see macros/search.njk).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { dayKey, isoUtc } from "./dates.ts";
import { moduleUrl } from "./modules.ts";
import { searchShards } from "./search-shards.ts";
import { storedShard } from "./search-store.ts";
import { GATE_SOURCE, pollSync, writeGate } from "./write-gate.ts";
import type { CardView } from "./cards.ts";

/** What an article page tells the search index beyond its text. */
export interface SearchFacets {
  topics: string[];
  source: string;
  /** Year in the display time zone, e.g. `2023`. */
  year: string;
  /** ISO date-time in UTC: sorts as text. */
  sortDate: string;
  dateLabel: string;
}

/** The filters, sort key and labels of an article for the search index. */
export function searchFacets(card: CardView, zone: string): SearchFacets {
  return {
    topics: card.topics.map((t) => t.label),
    source: card.provider.name,
    year: dayKey(card.time, zone).slice(0, 4),
    sortDate: isoUtc(card.time),
    dateLabel: card.dateLabel,
  };
}

/** Where the index goes inside the site. */
export const SEARCH_BUNDLE = "pagefind";

/** One article as Pagefind indexes it: text, labels for results, filters and a sort key. */
export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/**
 * The search record of an article page: its title, excerpt, provider and topics are the text;
 * its title, source and date label are what a result shows; topic, source and year are filters;
 * the date sorts. Built from the digest, so indexing never has to read the written HTML back.
 */
export function searchRecord(page: { url: string; card: CardView }, zone: string): SearchRecord {
  const { card } = page;
  const facets = searchFacets(card, zone);
  return {
    url: page.url,
    content: [card.title, card.excerpt, card.provider.name, ...facets.topics].filter(Boolean).join("\n"),
    language: "en",
    // What a result shows (public/search.js): no image, which cost Pagefind a tenth of its time.
    meta: { title: card.title, source: facets.source, date: facets.dateLabel },
    filters: { topic: facets.topics, source: [facets.source], year: [facets.year] },
    sort: { date: facets.sortDate },
  };
}

/**
 * An article for the search index: its page and sort date, which place it in a shard; its key,
 * what its record is made of, which names the shard (search-shards.ts); and its record, made only
 * for a shard that has to be indexed.
 */
export interface SearchEntry {
  url: string;
  sort: Record<string, string>;
  key: string;
  record: () => SearchRecord;
}

/**
 * The search entry of an article page, keyed by the zone and the page's key (what its record is
 * made of besides the zone, see digest.ts `SearchablePage`).
 */
export function searchEntry(page: { url: string; time: number; key: string; readonly card: CardView }, zone: string): SearchEntry {
  return { url: page.url, sort: { date: isoUtc(page.time) }, key: `${zone} ${page.key}`, record: () => searchRecord(page, zone) };
}

/** A record as a search entry, keyed by its JSON. */
export function recordEntry(record: SearchRecord): SearchEntry {
  return { url: record.url, sort: record.sort, key: JSON.stringify(record), record: () => record };
}

/** A search index being built by Pagefind beside the rest of the build. */
export interface SearchJob {
  /**
   * Indexes the entries into `<outputDir>/pagefind/` and stops Pagefind; resolves with the
   * entries indexed. Called once a job; a job never written to stops with the process.
   */
  write(entries: readonly SearchEntry[], outputDir: string): Promise<number>;
}

/** Where the search page learns the index's shards: their folders, newest first. */
export const SHARD_LIST = "shards.json";

// Pagefind's Node API talks to its binary through pipes. Eleventy renders in long runs of
// promises that never let the main thread's I/O happen, so the API runs on a worker thread of
// its own and the index is built beside the rendering. The thread starts before the records are
// known (it loads Pagefind and the search store meanwhile) and waits for them. Each shard
// (search-shards.ts) goes into a new folder, then under its name: taken from the search store
// (search-store.ts) when kept there, else written by Pagefind and kept. With a store, a shard
// already in the output folder under its name (npm start's) stays. Then the list of shards is
// written and every other file of the bundle removed. Each change to the site's folder goes
// through the write gate (write-gate.ts): once a failed build has shut it, the job fails instead.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
${GATE_SOURCE}
const gated = (write) => {
  if (!through(workerData.gate, write)) throw new Error("the build stopped: its new site is being removed");
};
async function indexShard(pagefind, records, outputPath) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) throw new Error("Pagefind could not start: " + errors.join("; "));
  // Bounded batches: a single Promise.all over every record holds all their messages at once.
  for (let start = 0; start < records.length; start += 500) {
    const batch = records.slice(start, start + 500);
    const added = await Promise.all(batch.map((record) => index.addCustomRecord(record)));
    const failed = added.findIndex((a) => a.errors.length > 0);
    if (failed >= 0) throw new Error("Pagefind could not index " + batch[failed].url + ": " + added[failed].errors.join("; "));
  }
  // Pagefind's own process writes the files: a build that stops kills it (stopSearchProcesses).
  gated(() => undefined);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error("Pagefind could not write its index to " + outputPath + ": " + written.errors.join("; "));
  await index.deleteIndex();
  // Pagefind's ready-made interfaces: the search page has its own (public/search.js).
  for (const name of readdirSync(outputPath)) if (/^pagefind-(ui|component-ui|modular-ui|highlight)\\./.test(name)) gated(() => rmSync(join(outputPath, name)));
}
const job = new Promise((resolve) => parentPort.once("message", resolve));
// Pagefind's API does not notice when its process ends: its requests would never settle, and
// with nothing left to wait for the thread would end without a word. So the process it spawns is
// watched, a timer keeps the thread alive while the job runs, and an end before the index is
// written (a crash, a kill by the out-of-memory killer) is reported as the job's error.
let finished = false;
let exited = new Promise(() => undefined);
const childProcess = require("node:child_process");
const spawn = childProcess.spawn;
childProcess.spawn = function (...args) {
  const child = spawn.apply(this, args);
  // Pagefind's process only (\`<binary> --service\`), not one that another module here might start.
  if (!Array.isArray(args[1]) || !args[1].includes("--service")) return child;
  exited = new Promise((resolve) => child.once("exit", resolve));
  // Its pid for the build's main thread, which stops it should the build end first
  // (stopSearchProcesses); started after that, it is stopped here at once.
  Atomics.store(workerData.pid, 0, child.pid || 0);
  if (Atomics.load(workerData.pid, 1) === 1) child.kill("SIGKILL");
  child.once("exit", () => Atomics.store(workerData.pid, 0, 0));
  child.once("exit", (code, signal) => {
    if (finished) return;
    finished = true;
    parentPort.postMessage({ error: "Pagefind's process stopped (" + (signal ? "killed by " + signal : "exit code " + code) + ") before the search index was written" });
  });
  return child;
};
(async () => {
  const pagefind = await import(workerData.module);
  const { store: kept } = workerData;
  // The store's module is TypeScript, and this thread runs no TypeScript loader: esbuild bundles
  // it (it needs nothing but Node's own modules) into one plain module, imported as a data: URL.
  const storeModule = kept ? import(kept.esbuild).then(({ buildSync }) => {
    const code = buildSync({ entryPoints: [kept.path], bundle: true, platform: "node", format: "esm", packages: "external", write: false, logLevel: "silent" }).outputFiles[0].text;
    return import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));
  }) : null;
  storeModule?.catch(() => undefined); // awaited below
  const { shards, bundle, list } = await job;
  const alive = setInterval(() => undefined, 1 << 30);
  try {
    const store = storeModule && (await storeModule).openSearchStore(kept.dir);
    gated(() => mkdirSync(bundle, { recursive: true }));
    let count = 0;
    for (const { name, size, inSite, records } of shards) {
      count += size;
      const target = join(bundle, name);
      if (inSite) continue;
      const temporary = join(bundle, "." + name + "-" + process.pid);
      let placed = false;
      gated(() => {
        rmSync(temporary, { recursive: true, force: true });
        placed = Boolean(store?.place(name, temporary));
      });
      if (!placed) {
        // Sent without its records: the store held it when the build began.
        if (records === null) throw new Error("The build cache lost the search index of shard " + name + " while this build ran (" + kept.dir + "): was it deleted, or pruned by another build? Run the build again.");
        await indexShard(pagefind, records, temporary);
        store?.keep(name, temporary);
      }
      gated(() => {
        rmSync(target, { recursive: true, force: true });
        renameSync(temporary, target);
      });
    }
    gated(() => {
      writeFileSync(join(bundle, "." + list), JSON.stringify(shards.map(({ name }) => name + "/")));
      renameSync(join(bundle, "." + list), join(bundle, list));
    });
    const listed = new Set([list, ...shards.map(({ name }) => name)]);
    for (const entry of readdirSync(bundle)) if (!listed.has(entry)) gated(() => rmSync(join(bundle, entry), { recursive: true, force: true }));
    store?.close(shards.map(({ name }) => name));
    if (!finished) parentPort.postMessage({ count });
  } catch (error) {
    // Pagefind's API fails its requests once it cannot write to its process: the process's own
    // end, reported above, says more, and comes within moments.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    if (!finished) parentPort.postMessage({ error: String(error && error.message || error) });
  } finally {
    finished = true;
    clearInterval(alive);
    await pagefind.close();
  }
})();
`;

/** How the index is made: its shards' size, and where the search store is (none: `CACHE=off`). */
export interface SearchIndexOptions {
  /** Articles per shard, on average; null: by the count of articles (search-shards.ts). */
  shardSize: number | null;
  /** What else makes a shard's index than its records: the code's version. */
  salt: string;
  /** The search store's folder. */
  store?: string;
  /** The write gate its thread's changes to the site go through; by default this process's (write-gate.ts). */
  gate?: Int32Array;
}

/**
 * The pids of the Pagefind processes of this process's search jobs, each in shared memory its
 * thread writes (0 once the process has ended). Kept on `globalThis` under a registered symbol:
 * `npm run build` bundles its entry and its config apart (launch.mjs), each with its own copy of
 * this module, and the entry's clean-up must see the config's jobs.
 */
const running: Set<Int32Array> = ((globalThis as Record<symbol, Set<Int32Array> | undefined>)[Symbol.for("broadsheet.searchProcesses")] ??= new Set());

/**
 * Kills (SIGKILL) every Pagefind process of this process's search jobs that is still running,
 * and waits until each has ended (`waitMs` at most). A build that fails, crashes or is
 * interrupted calls it before it removes its temporary folder: Pagefind's process is not this
 * one, and left alone it went on writing its index into the folder after it was removed (a
 * crashed build left `.site.building-<pid>/pagefind/` behind). A killed process may still be in
 * the middle of a system call (a file it creates) until it has ended.
 */
export function stopSearchProcesses(waitMs = 1000): void {
  const killed: number[] = [];
  for (const box of running) {
    // Stopped: a process its thread starts from now on is killed there (the thread runs on while
    // "exit" handlers do, and a crash at the clustering came before Pagefind had started).
    Atomics.store(box, 1, 1);
    const pid = Atomics.load(box, 0);
    if (pid > 0) {
      try {
        process.kill(pid, "SIGKILL");
        killed.push(pid);
      } catch {
        // Gone already.
      }
    }
  }
  if (killed.length > 0) pollSync(() => killed.every(hasEnded), 10, waitMs);
}

/**
 * Whether a process has ended: on Linux, gone or a zombie (`/proc/<pid>/stat`; this process
 * reaps its children only on a later turn of its event loop). Without `/proc`, taken as ended.
 */
export function hasEnded(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (name) state …": the name may hold spaces and parentheses, the state follows the last ")".
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return true;
  }
}

/**
 * Starts Pagefind's thread, which loads Pagefind and the search store and then waits for `write`
 * to give it the records; it keeps the process alive only once it has them. Start it early: its
 * loading then runs beside the rest of the build (at 10,000 seeds, 0.3–0.5 s).
 */
export function startSearchIndex(options: SearchIndexOptions): SearchJob {
  // Loading the store's TypeScript through tsx's `tsImport` on the thread made three of five
  // 50,000-seed builds peak at 2.8 GiB of resident memory instead of 1.6 GiB; bundled, none did.
  const store = options.store && { dir: options.store, path: fileURLToPath(new URL("./search-store.ts", import.meta.url)), esbuild: moduleUrl("esbuild", "esbuild/lib/main.js") };
  // [Pagefind's pid (0 when none runs), 1 once stopped]
  const pid = new Int32Array(new SharedArrayBuffer(8));
  running.add(pid);
  const gate = options.gate ?? writeGate();
  const worker = new Worker(WORKER, { eval: true, workerData: { module: moduleUrl("pagefind", "pagefind/lib/index.js"), store, pid, gate } });
  const result = new Promise<number>((done, fail) => {
    worker.once("message", (message: { count?: number; error?: string }) => {
      running.delete(pid);
      void worker.terminate();
      if (message.error !== undefined) return fail(new Error(message.error));
      done(message.count ?? 0);
    });
    worker.once("error", fail);
    // Should the thread end without a word, the build still hears of it (a settled job ignores it).
    worker.once("exit", (code) => fail(new Error(`the search thread stopped (exit code ${code}) before the search index was written`)));
  });
  // After the listeners: adding a "message" listener refs the thread again.
  worker.unref();
  result.catch(() => undefined); // a job never written to is never awaited
  return {
    write(entries, outputDir) {
      worker.ref();
      const bundle = join(outputDir, SEARCH_BUNDLE);
      const shards = searchShards(entries, options.salt, options.shardSize ?? undefined, (entry) => entry.key);
      // Said here, once, for the thread: which shards the site (npm start's) holds already, which
      // stay; and records, made and sent only for the shards neither the site nor the store holds
      // (a second build's: the edited article's).
      const { store } = options;
      const sent = shards.map(({ name, records }) => {
        const inSite = store !== undefined && existsSync(join(bundle, name, "pagefind-entry.json"));
        const held = inSite || (store !== undefined && existsSync(storedShard(store, name)));
        return { name, size: records.length, inSite, records: held ? null : records.map((entry) => entry.record()) };
      });
      worker.postMessage({ shards: sent, bundle, list: SHARD_LIST });
      return result;
    },
  };
}
