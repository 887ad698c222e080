/**
 * Timelines: items in time order with gap markers between episodes, and day/month groupings.
 */
import { dayKey, dayLabel, gapLabel, monthKey, monthLabel } from "./dates.ts";

/** Gaps longer than this split a timeline into episodes. */
export const EPISODE_GAP_MS = 30 * 86_400_000;

/** One entry of a timeline; `gapBefore` is set when a new episode starts with it. */
export interface TimelineEntry<T> {
  item: T;
  gapBefore?: string;
  episode: number;
}

/** Orders items oldest first and marks gaps of more than 30 days ("3 months later"). */
export function buildTimeline<T extends { time: number }>(items: readonly T[]): TimelineEntry<T>[] {
  const sorted = [...items].sort((a, b) => a.time - b.time);
  let episode = 1;
  return sorted.map((item, i) => {
    const previous = sorted[i - 1];
    if (previous === undefined || item.time - previous.time <= EPISODE_GAP_MS) return { item, episode };
    episode++;
    return { item, episode, gapBefore: gapLabel(item.time - previous.time) };
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
