/**
 * Archive: one page per day that has articles (`/2024/03/04/`), with links to the days before
 * and after; month (`/2024/03/`) and year (`/2024/`) indexes; and the archive's front page.
 * Days, months and years are those of the display time zone.
 */
import { buildCoverageChart, type ChartView } from "./chart.ts";
import { countLabel, type CardView } from "./cards.ts";
import { dayLabel, monthKey, monthLabel } from "./dates.ts";
import { paginate, type Pager } from "./paginate.ts";
import { pageUrl, type LinkView } from "./routes.ts";
import { groupByDay, groupByMonth, type TimeGroup } from "./timeline.ts";

/** One page of a day's articles. */
export interface DayPageView {
  url: string;
  title: string;
  subtitle: string;
  cards: CardView[];
  pager: Pager | null;
  previous: LinkView | null;
  next: LinkView | null;
  month: LinkView;
  year: LinkView;
}

/** A month: its days with counts and each day's newest headlines. */
export interface MonthPageView {
  url: string;
  title: string;
  subtitle: string;
  days: { label: string; url: string; countLabel: string; headlines: LinkView[] }[];
  previous: LinkView | null;
  next: LinkView | null;
  year: LinkView;
}

/** A year: its months with counts, and a chart of articles per month. */
export interface YearPageView {
  url: string;
  title: string;
  subtitle: string;
  months: { label: string; url: string; countLabel: string }[];
  chart: ChartView | null;
  previous: LinkView | null;
  next: LinkView | null;
}

/** The archive's front page: every year and its months. */
export interface ArchiveIndexView {
  years: { label: string; url: string; countLabel: string; months: { label: string; url: string; countLabel: string }[] }[];
  latestDay: LinkView | null;
}

/** Every archive page of a set of cards. */
export interface ArchiveView {
  days: DayPageView[];
  months: MonthPageView[];
  years: YearPageView[];
  index: ArchiveIndexView;
}

/** Headlines a month page shows per day. */
const HEADLINES_PER_DAY = 3;

/** Builds the day, month and year pages and the archive index from cards (any order). */
export function buildArchive(cards: readonly CardView[], zone: string): ArchiveView {
  const newest = [...cards].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const oldest = [...newest].reverse();
  const days = groupByDay(oldest, zone);
  const months = groupByMonth(oldest, zone);
  const years = groupBy(oldest, (c) => monthKey(c.time, zone).slice(0, 4));
  return {
    days: days.flatMap((day, i) => buildDayPages(day, days[i - 1], days[i + 1], zone)),
    months: months.map((month, i) => buildMonthPage(month, months[i - 1], months[i + 1], zone)),
    years: years.map((year, i) => buildYearPage(year, years[i - 1], years[i + 1], zone)),
    index: {
      years: [...years].reverse().map((year) => ({
        label: year.key,
        url: pageUrl.year(year.key),
        countLabel: countLabel(year.items.length, "article"),
        months: groupByMonth(year.items, zone).map((m) => ({ label: monthLabel(m.items[0]!.time, zone).split(" ")[0]!, url: pageUrl.month(m.key), countLabel: countLabel(m.items.length, "article") })),
      })),
      latestDay: days.length ? { label: days[days.length - 1]!.label, url: pageUrl.day(days[days.length - 1]!.key) } : null,
    },
  };
}

function buildDayPages(day: TimeGroup<CardView>, before: TimeGroup<CardView> | undefined, after: TimeGroup<CardView> | undefined, zone: string): DayPageView[] {
  const link = (d: TimeGroup<CardView> | undefined) => (d ? { label: d.label, url: pageUrl.day(d.key) } : null);
  const month = day.key.slice(0, 7);
  const newestFirst = [...day.items].reverse();
  return paginate(newestFirst, pageUrl.day(day.key)).map((slice) => ({
    url: slice.url,
    title: slice.number === null ? day.label : `${day.label}, page ${slice.number}`,
    subtitle: countLabel(day.items.length, "article"),
    cards: slice.items,
    pager: slice.pager,
    previous: link(before),
    next: link(after),
    month: { label: monthLabel(day.items[0]!.time, zone), url: pageUrl.month(month) },
    year: { label: month.slice(0, 4), url: pageUrl.year(month.slice(0, 4)) },
  }));
}

function buildMonthPage(month: TimeGroup<CardView>, before: TimeGroup<CardView> | undefined, after: TimeGroup<CardView> | undefined, zone: string): MonthPageView {
  const link = (m: TimeGroup<CardView> | undefined) => (m ? { label: m.label, url: pageUrl.month(m.key) } : null);
  return {
    url: pageUrl.month(month.key),
    title: month.label,
    subtitle: countLabel(month.items.length, "article"),
    days: groupByDay(month.items, zone).map((day) => ({
      label: dayLabel(day.items[0]!.time, zone),
      url: pageUrl.day(day.key),
      countLabel: countLabel(day.items.length, "article"),
      headlines: [...day.items].reverse().slice(0, HEADLINES_PER_DAY).map((c) => ({ label: c.title, url: c.pageUrl ?? pageUrl.day(day.key) })),
    })),
    previous: link(before),
    next: link(after),
    year: { label: month.key.slice(0, 4), url: pageUrl.year(month.key.slice(0, 4)) },
  };
}

function buildYearPage(year: TimeGroup<CardView>, before: TimeGroup<CardView> | undefined, after: TimeGroup<CardView> | undefined, zone: string): YearPageView {
  const link = (y: TimeGroup<CardView> | undefined) => (y ? { label: y.key, url: pageUrl.year(y.key) } : null);
  return {
    url: pageUrl.year(year.key),
    title: year.key,
    subtitle: countLabel(year.items.length, "article"),
    months: groupByMonth(year.items, zone).map((m) => ({ label: m.label, url: pageUrl.month(m.key), countLabel: countLabel(m.items.length, "article") })),
    chart: buildCoverageChart(year.items.map((c) => c.time), zone),
    previous: link(before),
    next: link(after),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): TimeGroup<T>[] {
  const groups: TimeGroup<T>[] = [];
  for (const item of items) {
    const k = key(item);
    const last = groups[groups.length - 1];
    if (last?.key === k) last.items.push(item);
    else groups.push({ key: k, label: k, items: [item] });
  }
  return groups;
}
