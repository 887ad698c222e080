/**
 * Listing: topic and source pages. Each lists its articles newest first as a timeline grouped by
 * month and day, split into stable pages (see paginate.ts), with a coverage chart on the front page.
 */
import { buildCoverageChart, type ChartView } from "./chart.ts";
import { countLabel, type CardView } from "./cards.ts";
import { rangeLabel } from "./dates.ts";
import { paginate, type PageSlice, type Pager } from "./paginate.ts";
import { pageSource, type PageSource } from "./page-source.ts";
import { pageUrl, type LinkView } from "./routes.ts";
import { groupByDay, groupByMonth } from "./timeline.ts";

/** One day of a timeline: its heading, a link to the day's archive, its cards. */
export interface DayGroupView {
  key: string;
  label: string;
  url: string;
  items: CardView[];
}

/** One month of a timeline and its days. */
export interface MonthGroupView {
  key: string;
  label: string;
  days: DayGroupView[];
}

/** One page of a topic or source: the heading, the timeline of its cards, and the pager. */
export interface ListingPageView {
  kind: "topic" | "source";
  url: string;
  /** The topic's or source's front page. */
  frontUrl: string;
  title: string;
  /** `Page 2 of 3 · 20 articles, 4 March – 9 May 2024`, or the whole list's count on the front page. */
  subtitle: string;
  /** What the page heading adds to the title: `` or `, page 2 of 3`. */
  pageLabel: string;
  months: MonthGroupView[];
  /** Every card of the page, in order (for counting; the template renders `months`). */
  cardCount: number;
  pager: Pager | null;
  chart: ChartView | null;
  /** Where to find the others of its kind. */
  index: LinkView;
}

/** A list to paginate: a topic or a provider with its cards, newest first. */
export interface ListingInput {
  kind: "topic" | "source";
  url: string;
  title: string;
  /** Shown after the count on the front page, e.g. the provider's domain. */
  note?: string;
  cards: readonly CardView[];
}

/** Groups cards (newest first) by month, then by day, in the display zone. */
export function groupByMonthAndDay(cards: readonly CardView[], zone: string): MonthGroupView[] {
  return groupByMonth(cards, zone).map((month) => ({
    key: month.key,
    label: month.label,
    days: groupByDay(month.items, zone).map((day) => ({ key: day.key, label: day.label, url: pageUrl.day(day.key), items: day.items })),
  }));
}

/** What every page of one topic or source shows alike. */
interface ListingHead {
  kind: "topic" | "source";
  frontUrl: string;
  title: string;
  /** The whole list's count (and note), the front page's subtitle. */
  wholeCount: string;
  index: LinkView;
}

/**
 * Every page of one topic or source as its source (see page-source.ts): each is made of the list's
 * head, its slice of cards and, on the front page, the times of every card (for the chart).
 */
export function listingPages(input: ListingInput, zone: string): PageSource<ListingPageView>[] {
  const wholeCount = `${countLabel(input.cards.length, "article")}${input.note ? ` · ${input.note}` : ""}`;
  const index = input.kind === "topic" ? { label: "All topics", url: pageUrl.topics() } : { label: "All sources", url: pageUrl.sources() };
  const head: ListingHead = { kind: input.kind, frontUrl: input.url, title: input.title, wholeCount, index };
  return paginate(input.cards, input.url).map((slice) => pageSource(slice.url, buildListingPage, head, slice, slice.number === null ? input.cards.map((c) => c.time) : null, zone));
}

/** One page of a topic or source: its list's head, its slice, and the times its chart counts, if any. */
function buildListingPage(head: ListingHead, slice: PageSlice<CardView>, times: readonly number[] | null, zone: string): ListingPageView {
  const first = slice.items[slice.items.length - 1]!;
  const last = slice.items[0]!;
  const span = `${countLabel(slice.items.length, "article")}, ${rangeLabel(first.time, last.time, zone)}`;
  return {
    kind: head.kind,
    url: slice.url,
    frontUrl: head.frontUrl,
    title: head.title,
    subtitle: slice.number === null ? head.wholeCount : `${slice.pager!.label} · ${span}`,
    pageLabel: slice.number === null ? "" : `, page ${slice.number}`,
    months: groupByMonthAndDay(slice.items, zone),
    cardCount: slice.items.length,
    pager: slice.pager,
    chart: times ? buildCoverageChart(times, zone) : null,
    index: head.index,
  };
}

/** An entry of the topics or sources index. */
export interface IndexEntryView {
  label: string;
  url: string;
  count: number;
  countLabel: string;
  /** Extra words after the label, e.g. a provider's domain. */
  note: string;
}

/** Index entries from lists, in the order given (most articles first). */
export function buildIndex(lists: readonly ListingInput[]): IndexEntryView[] {
  return lists.map((l) => ({ label: l.title, url: l.url, count: l.cards.length, countLabel: countLabel(l.cards.length, "article"), note: l.note ?? "" }));
}
