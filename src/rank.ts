/**
 * Rank: one documented, configurable score for stories (and single articles, stories of one).
 *
 *   score = quality × q + heat × h + size × s + recency × r
 *
 * q: best member quality / 100 (unknown: 0.5); h: heat / (heat + 100) of the hottest member
 * (unknown heat counts as the corpus's mean known value, never as negative); s: log2(size) /
 * (1 + log2(size)), 0 for one article; r: 0.5 ^ (age in days / halfLifeDays), age measured from
 * the build time (an input) to the newest member. Ties: newest first, then id.
 */
import type { Article, RankWeights } from "./types.ts";

/** Defaults: recency matters most, then coverage size, then the publisher's scores. */
export const DEFAULT_RANK_WEIGHTS: RankWeights = { quality: 1, heat: 1, size: 2, recency: 3, halfLifeDays: 7 };

/** Something to rank: a story's members, and an id for tie-breaking. */
export interface Rankable {
  id: string;
  members: readonly Article[];
}

/** The score and its parts, so pages can explain a ranking. */
export interface RankScore {
  score: number;
  parts: { quality: number; heat: number; size: number; recency: number };
}

const DAY = 86_400_000;

/** Mean of heat / (heat + 100) over articles with known heat; 0.5 when none is known. */
export function neutralHeat(articles: readonly Article[]): number {
  const known = articles.filter((a) => a.heat !== null).map((a) => heatTerm(a.heat!));
  return known.length === 0 ? 0.5 : known.reduce((s, v) => s + v, 0) / known.length;
}

function heatTerm(heat: number): number {
  return heat / (heat + 100);
}

/** Scores one story (or article) at a build time. */
export function scoreStory(item: Rankable, buildTime: number, weights: RankWeights, unknownHeat: number): RankScore {
  let quality = -Infinity;
  let heat = -Infinity;
  let newest = -Infinity;
  for (const a of item.members) {
    if (a.quality !== null && a.quality > quality) quality = a.quality;
    if (a.heat !== null && a.heat > heat) heat = a.heat;
    if (a.time > newest) newest = a.time;
  }
  return scoreParts(item.members.length, quality === -Infinity ? 0.5 : quality / 100, heat === -Infinity ? unknownHeat : heatTerm(heat), newest, buildTime, weights);
}

function scoreParts(count: number, quality: number, heat: number, newest: number, buildTime: number, weights: RankWeights): RankScore {
  const log = Math.log2(count);
  const size = log / (1 + log);
  const age = Math.max(0, buildTime - newest) / DAY;
  const recency = 0.5 ** (age / Math.max(weights.halfLifeDays, 1e-9));
  const parts = { quality, heat, size, recency };
  const score = weights.quality * quality + weights.heat * heat + weights.size * size + weights.recency * recency;
  return { score: Math.round(score * 1e6) / 1e6, parts };
}

/** Sorts items by score (desc), then newest member (desc), then id; returns them with scores. */
export function rankStories<T extends Rankable>(items: readonly T[], buildTime: number, weights: RankWeights, unknownHeat: number): (T & { rank: RankScore })[] {
  const scored = items.map((item) => ({ item, rank: scoreStory(item, buildTime, weights, unknownHeat), newest: newestOf(item.members) }));
  scored.sort((a, b) => b.rank.score - a.rank.score || b.newest - a.newest || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  return scored.map(({ item, rank }) => ({ ...item, rank }));
}

function newestOf(members: readonly Article[]): number {
  let newest = -Infinity;
  for (const a of members) if (a.time > newest) newest = a.time;
  return newest;
}
