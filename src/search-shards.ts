/**
 * Search shards: the search index in parts, each a Pagefind index of its own over one run of
 * dates, which the search page searches together (public/search.js).
 *
 * Why parts: Pagefind 1.6 looks, for each record added, through every page indexed so far for one
 * of the same URL, so one index of n records takes time in n² (35,000 records: 12.9 s to add;
 * 5,000: 0.6 s). In parts, indexing grows with n, and an edit re-indexes the one part it is in:
 * the others are the same records as before, and the build cache keeps their indexes by name
 * (search-store.ts).
 *
 * Why about 2,500 articles a part, unless there are more than 8 parts' worth: a second build
 * waits for Pagefind to re-index the edited article's part, and shares the two cores with it
 * meanwhile. At 10,000 seeds, parts of about 5,000 (one of 4,655 articles held the edit) made a
 * second build 7.3–9.9 s, and the build waited 0.3–1.0 s for Pagefind at its end; parts of about
 * 2,500 made it 7.3–7.8 s, and it never waited (alternating runs, session 17). The price is on
 * the search page, and grows with the count of parts: at 50,000 seeds (35,014 articles), 16 parts
 * of about 2,500 made a search's first results 2.7–3.3 s, 134 requests and 0.97 MB, against
 * 2.2–2.8 s, 86 requests and 0.85 MB for 8 parts of about 5,000 (session 18). So the part size
 * doubles from 2,500 until the articles are at most 8 parts' worth (`shardSize`). It changes only
 * as the count of articles crosses 20,000, 40,000, 80,000…: every part is then cut anew, and the
 * next build re-indexes them all, once.
 *
 * The parts are cut from the records in date order (oldest first, then by URL), so each part is a
 * run of dates and newest-first results are each part's results, parts taken newest first. Where
 * the cuts fall depends on the records near them only (cuts are content-defined, as in rsync):
 * past half the part size, a record starts a new part when its URL's hash says so (one in half
 * the size), and a part never grows past twice the size. An edited article changes its own part;
 * one added or removed, its own part and now and then the next (until a cut falls where it fell
 * before), wherever its date is.
 */
import { hashOf, hashOfParts } from "./hash.ts";

/** Articles per part of the search index, on average, at the least (`SEARCH_SHARD_SIZE` sets one size). */
export const SEARCH_SHARD_SIZE = 2500;

/** Parts past which the automatic part size doubles. */
export const MOST_SEARCH_SHARDS = 8;

/**
 * The part size for `count` articles when none is set: `SEARCH_SHARD_SIZE` doubled until
 * `count / size` is at most `MOST_SEARCH_SHARDS` (powers of two, so it changes seldom).
 */
export function shardSize(count: number): number {
  let size = SEARCH_SHARD_SIZE;
  while (count > MOST_SEARCH_SHARDS * size) size *= 2;
  return size;
}

/** What a shard needs of a record: its page and its sort date. */
export interface ShardedRecord {
  url: string;
  sort: Record<string, string>;
}

/** One part of the search index: its records, oldest first, and its folder's name. */
export interface SearchShard<R extends ShardedRecord> {
  /**
   * 16 hex digits: a hash of `salt` (what else makes the index) and of each record's key, what the
   * record is made of (its JSON unless `searchShards` is told otherwise).
   */
  name: string;
  records: R[];
}

/**
 * The records in parts of about `size` (by default `shardSize`; see the module's comment), newest
 * part first; each part named by `salt` and its records' keys (`keyOf`, by default their JSON).
 */
export function searchShards<R extends ShardedRecord>(records: readonly R[], salt: string, size = shardSize(records.length), keyOf: (record: R) => string = (record) => JSON.stringify(record)): SearchShard<R>[] {
  const sorted = [...records].sort((a, b) => compare(a.sort.date ?? "", b.sort.date ?? "") || compare(a.url, b.url));
  const least = Math.max(1, Math.floor(size / 2));
  const most = Math.max(least, 2 * size);
  // A URL starts a part with odds 2 in `size`: past `least`, parts then end after size/2 more on average.
  const odds = Math.min(1, 2 / size);
  const parts: R[][] = [];
  let part: R[] = [];
  for (const record of sorted) {
    if (part.length >= most || (part.length >= least && cutsAt(record.url, odds))) {
      parts.push(part);
      part = [];
    }
    part.push(record);
  }
  if (part.length > 0) parts.push(part);
  return parts.reverse().map((records) => ({ name: hashOfParts([salt, ...records.map(keyOf)]).slice(0, 16), records }));
}

/** Whether the URL's hash falls in the lowest `odds` of its range. */
function cutsAt(url: string, odds: number): boolean {
  return Number.parseInt(hashOf(url).slice(0, 8), 16) < odds * 2 ** 32;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
