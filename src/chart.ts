/**
 * Chart: coverage over time as the numbers of a small bar chart, drawn at build time as inline
 * SVG (no script), with a sentence and a table as its text alternative.
 *
 * Bins are calendar days, months or years in the display time zone, chosen by the span so a
 * chart never has more than a few dozen to a hundred-odd bars; empty bins between are kept so
 * quiet spells show as gaps.
 */
import { dateLabel, dayKey, monthKey, monthLabel, rangeLabel } from "./dates.ts";
import { countLabel } from "./cards.ts";

/** One bar, in viewBox units, with what it stands for in words. */
export interface BarView {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

/** A coverage chart: bars, the labels under its ends, and its text alternative. */
export interface ChartView {
  /** `Articles per day`. */
  title: string;
  /** One sentence that says what the chart shows. */
  summary: string;
  viewBox: string;
  bars: BarView[];
  startLabel: string;
  endLabel: string;
  /** The bins that have articles, oldest first: the chart as a table. */
  rows: { label: string; count: string }[];
  /** Column heading of the table: `Day`, `Month` or `Year`. */
  unit: string;
}

/** Width and height of the viewBox; the stylesheet stretches it to the column. */
export const CHART_SIZE = { width: 600, height: 80 };

type Unit = "day" | "month" | "year";

/** Builds the chart of some article times, or null when they fall in fewer than two bins. */
export function buildCoverageChart(times: readonly number[], zone: string): ChartView | null {
  if (times.length === 0) return null;
  const first = Math.min(...times);
  const last = Math.max(...times);
  const unit = chooseUnit(dayKey(first, zone), dayKey(last, zone));
  const keyOf = (t: number) => (unit === "day" ? dayKey(t, zone) : unit === "month" ? monthKey(t, zone) : dayKey(t, zone).slice(0, 4));
  const keys = enumerateKeys(keyOf(first), keyOf(last), unit);
  if (keys.length < 2) return null;
  const counts = new Map<string, number>();
  for (const t of times) counts.set(keyOf(t), (counts.get(keyOf(t)) ?? 0) + 1);
  const bins = keys.map((key) => ({ key, label: keyLabel(key, unit), count: counts.get(key) ?? 0 }));
  const peak = bins.reduce((best, b) => (b.count > best.count ? b : best));
  return {
    title: `Articles per ${unit}`,
    summary: `${countLabel(times.length, "article")}, ${rangeLabel(first, last, zone)}; the most, ${peak.count}, ${unit === "day" ? "on" : "in"} ${peak.label}.`,
    viewBox: `0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`,
    bars: layoutBars(bins),
    startLabel: bins[0]!.label,
    endLabel: bins[bins.length - 1]!.label,
    rows: bins.filter((b) => b.count > 0).map((b) => ({ label: b.label, count: countLabel(b.count, "article") })),
    unit: unit[0]!.toUpperCase() + unit.slice(1),
  };
}

/** Days up to about two months, months up to ten years, years beyond. */
export function chooseUnit(firstDay: string, lastDay: string): Unit {
  const days = (utcOf(lastDay) - utcOf(firstDay)) / 86_400_000;
  if (days <= 62) return "day";
  const [y1, m1] = firstDay.split("-").map(Number) as [number, number];
  const [y2, m2] = lastDay.split("-").map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1) < 120 ? "month" : "year";
}

/** Every calendar key from `from` to `to` inclusive: `2024-03-30`, `2024-03-31`, `2024-04-01`. */
export function enumerateKeys(from: string, to: string, unit: Unit): string[] {
  const keys: string[] = [];
  const [y, m, d] = from.split("-").map(Number) as [number, number, number?];
  const cursor = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  for (let key = from; key <= to; ) {
    keys.push(key);
    if (unit === "day") cursor.setUTCDate(cursor.getUTCDate() + 1);
    else if (unit === "month") cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCFullYear(cursor.getUTCFullYear() + 1);
    key = cursor.toISOString().slice(0, unit === "day" ? 10 : unit === "month" ? 7 : 4);
  }
  return keys;
}

function utcOf(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

// Keys are calendar dates already in the display zone, so they are labelled at noon UTC.
function keyLabel(key: string, unit: Unit): string {
  if (unit === "year") return key;
  const [y, m, d] = key.split("-").map(Number) as [number, number, number?];
  const noon = Date.UTC(y, m - 1, d ?? 1, 12);
  return unit === "day" ? dateLabel(noon, "UTC") : monthLabel(noon, "UTC");
}

function layoutBars(bins: readonly { label: string; count: number }[]): BarView[] {
  const { width, height } = CHART_SIZE;
  const max = Math.max(...bins.map((b) => b.count));
  const slot = width / bins.length;
  const barWidth = Math.min(slot * 0.8, 48);
  const round = (n: number) => Math.round(n * 100) / 100;
  return bins.flatMap((b, i) => {
    if (b.count === 0) return [];
    const h = Math.max(2, (b.count / max) * (height - 4));
    return [{ x: round(i * slot + (slot - barWidth) / 2), y: round(height - h), width: round(barWidth), height: round(h), label: `${b.label}: ${countLabel(b.count, "article")}` }];
  });
}
