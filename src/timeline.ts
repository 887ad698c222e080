/**
 * Timelines: items in time order with gap markers between episodes, and day/month groupings.
 */
import { dayKey, dayLabel, gapLabel, monthKey, monthLabel } from "./dates.ts";

/** Gaps longer than this get a marker ("3 months later"). */
export const GAP_MARK_MS = 30 * 86_400_000;

/**
 * Gaps longer than this start a new episode. A subject that returns within half a year is one
 * episode with gap markers inside (the facial-recognition bans of January, April and June 2021);
 * a longer silence starts a new one (the 2023 California bill).
 */
export const EPISODE_GAP_MS = 182 * 86_400_000;

/** One entry of a timeline; `gapBefore` is set after a gap of more than 30 days. */
export interface TimelineEntry<T> {
  item: T;
  gapBefore?: string;
  episode: number;
}

/** Orders items oldest first, marks gaps of more than 30 days and numbers the episodes. */
export function buildTimeline<T extends { time: number }>(items: readonly T[]): TimelineEntry<T>[] {
  const sorted = [...items].sort((a, b) => a.time - b.time);
  let episode = 1;
  return sorted.map((item, i) => {
    const previous = sorted[i - 1];
    const gap = previous === undefined ? 0 : item.time - previous.time;
    if (gap > EPISODE_GAP_MS) episode++;
    return gap > GAP_MARK_MS ? { item, episode, gapBefore: gapLabel(gap) } : { item, episode };
  });
}

/** A day or month heading and its items. */
export interface TimeGroup<T> {
  key: string;
  label: string;
  items: T[];
}

/** Groups items (already in the wanted order) by day in the display zone. */
export function groupByDay<T extends { time: number }>(items: readonly T[], zone: string): TimeGroup<T>[] {
  return groupBy(items, (t) => dayKey(t, zone), (t) => dayLabel(t, zone));
}

/** Groups items (already in the wanted order) by month in the display zone. */
export function groupByMonth<T extends { time: number }>(items: readonly T[], zone: string): TimeGroup<T>[] {
  return groupBy(items, (t) => monthKey(t, zone), (t) => monthLabel(t, zone));
}

function groupBy<T extends { time: number }>(items: readonly T[], key: (t: number) => string, label: (t: number) => string): TimeGroup<T>[] {
  const groups: TimeGroup<T>[] = [];
  for (const item of items) {
    const k = key(item.time);
    const last = groups[groups.length - 1];
    if (last?.key === k) last.items.push(item);
    else groups.push({ key: k, label: label(item.time), items: [item] });
  }
  return groups;
}
