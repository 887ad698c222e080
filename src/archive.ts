/**
 * Archive: one page per day that has articles (`/2024/03/04/`), with links to the days before
 * and after; month (`/2024/03/`) and year (`/2024/`) indexes; and the archive's front page.
 * Days, months and years are those of the display time zone.
 */
import { buildCoverageChart, type ChartView } from "./chart.ts";
import { countLabel, type CardView } from "./cards.ts";
import { dayLabel, monthKey, monthLabel } from "./dates.ts";
import { paginate, type PageSlice, type Pager } from "./paginate.ts";
import { pageSource, type PageSource } from "./page-source.ts";
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

/** The archive as the templates get it: the views of its pages to render, and its front page. */
export interface ArchiveView {
  days: DayPageView[];
  months: MonthPageView[];
  years: YearPageView[];
  index: ArchiveIndexView;
}

/** Every archive page of a set of cards, as its source (see page-source.ts), and the archive's front page. */
export interface ArchivePages {
  days: PageSource<DayPageView>[];
  months: PageSource<MonthPageView>[];
  years: PageSource<YearPageView>[];
  index: ArchiveIndexView;
}

/** Headlines a month page shows per day. */
const HEADLINES_PER_DAY = 3;

/** The day, month and year pages and the archive index of a set of cards (any order). */
export function archivePages(cards: readonly CardView[], zone: string): ArchivePages {
  const newest = [...cards].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const oldest = [...newest].reverse();
  const days = groupByDay(oldest, zone);
  const months = groupByMonth(oldest, zone);
  const years = groupBy(oldest, (c) => monthKey(c.time, zone).slice(0, 4));
  const around = <T>(list: T[], i: number, link: (item: T) => LinkView): [LinkView | null, LinkView | null] => [i > 0 ? link(list[i - 1]!) : null, i + 1 < list.length ? link(list[i + 1]!) : null];
  const dayLink = (d: TimeGroup<CardView>) => ({ label: d.label, url: pageUrl.day(d.key) });
  const monthLink = (m: TimeGroup<CardView>) => ({ label: m.label, url: pageUrl.month(m.key) });
  const yearLink = (y: TimeGroup<CardView>) => ({ label: y.key, url: pageUrl.year(y.key) });
  return {
    days: days.flatMap((day, i) => {
      const head = dayHead(day, ...around(days, i, dayLink), zone);
      return paginate([...day.items].reverse(), pageUrl.day(day.key)).map((slice) => pageSource(slice.url, buildDayPage, head, slice));
    }),
    months: months.map((month, i) => pageSource(pageUrl.month(month.key), buildMonthPage, month, ...around(months, i, monthLink), zone)),
    years: years.map((year, i) => pageSource(pageUrl.year(year.key), buildYearPage, year, ...around(years, i, yearLink), zone)),
    index: {
      years: [...years].reverse().map((year) => ({
        label: year.key,
        url: pageUrl.year(year.key),
        countLabel: countLabel(year.items.length, "article"),
        months: groupByMonth(year.items, zone).map((m) => ({ label: monthLabel(m.items[0]!.time, zone).split(" ")[0]!, url: pageUrl.month(m.key), countLabel: countLabel(m.items.length, "article") })),
      })),
      latestDay: days.length ? dayLink(days[days.length - 1]!) : null,
    },
  };
}

/** What every page of one day shows alike. */
interface DayHead {
  label: string;
  subtitle: string;
  previous: LinkView | null;
  next: LinkView | null;
  month: LinkView;
  year: LinkView;
}

function dayHead(day: TimeGroup<CardView>, previous: LinkView | null, next: LinkView | null, zone: string): DayHead {
  const month = day.key.slice(0, 7);
  return {
    label: day.label,
    subtitle: countLabel(day.items.length, "article"),
    previous,
    next,
    month: { label: monthLabel(day.items[0]!.time, zone), url: pageUrl.month(month) },
    year: { label: month.slice(0, 4), url: pageUrl.year(month.slice(0, 4)) },
  };
}

/** One page of a day's articles: its day's head and its slice of the day's cards (newest first). */
function buildDayPage(head: DayHead, slice: PageSlice<CardView>): DayPageView {
  return {
    url: slice.url,
    title: slice.number === null ? head.label : `${head.label}, page ${slice.number}`,
    subtitle: head.subtitle,
    cards: slice.items,
    pager: slice.pager,
    previous: head.previous,
    next: head.next,
    month: head.month,
    year: head.year,
  };
}

/** A month's page: its days with counts and headlines, and links to the months before and after. */
function buildMonthPage(month: TimeGroup<CardView>, previous: LinkView | null, next: LinkView | null, zone: string): MonthPageView {
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
    previous,
    next,
    year: { label: month.key.slice(0, 4), url: pageUrl.year(month.key.slice(0, 4)) },
  };
}

/** A year's page: its months with counts, a chart of its articles, and links to the years before and after. */
function buildYearPage(year: TimeGroup<CardView>, previous: LinkView | null, next: LinkView | null, zone: string): YearPageView {
  return {
    url: pageUrl.year(year.key),
    title: year.key,
    subtitle: countLabel(year.items.length, "article"),
    months: groupByMonth(year.items, zone).map((m) => ({ label: m.label, url: pageUrl.month(m.key), countLabel: countLabel(m.items.length, "article") })),
    chart: buildCoverageChart(year.items.map((c) => c.time), zone),
    previous,
    next,
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
