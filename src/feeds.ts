/**
 * Feeds: Atom 1.0 and JSON Feed 1.1 for the whole site, every topic,
 * every story and every storyline; newest first, the latest 50 entries each.
 *
 * `buildFeeds` is pure and keeps site-relative paths; `renderAtom` and `renderJsonFeed` print them
 * with the build's link rules (absolute from SITE_URL, else root-relative).
 */
import type { SiteLinks } from "./site-url.ts";
import type { CardView } from "./cards.ts";

/** Entries per feed. */
export const FEED_SIZE = 50;

/** Where the feeds of each kind live. */
export const feedPath = {
  site: (ext: "xml" | "json") => `/feeds/all.${ext}`,
  topic: (slug: string, ext: "xml" | "json") => `/feeds/topics/${slug}.${ext}`,
  story: (id: string, ext: "xml" | "json") => `/feeds/stories/${id}.${ext}`,
  storyline: (id: string, ext: "xml" | "json") => `/feeds/storylines/${id}.${ext}`,
};

/** One feed: what it is about, where it lives and its entries (newest first, at most 50). */
export interface FeedView {
  title: string;
  description: string;
  /** The page the feed follows (site-relative). */
  pageUrl: string;
  atomPath: string;
  jsonPath: string;
  /** ISO date-time of the newest entry. */
  updated: string;
  entries: CardView[];
}

/** A feed to be built: its title, description, the page it follows, its paths and its articles in any order. */
export interface FeedSource {
  title: string;
  description: string;
  pageUrl: string;
  paths: (ext: "xml" | "json") => string;
  cards: readonly CardView[];
}

/** Orders a feed's articles newest first, keeps the latest 50 and dates the feed by the newest. */
export function buildFeed(source: FeedSource): FeedView {
  const entries = [...source.cards].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1)).slice(0, FEED_SIZE);
  return {
    title: source.title,
    description: source.description,
    pageUrl: source.pageUrl,
    atomPath: source.paths("xml"),
    jsonPath: source.paths("json"),
    updated: entries[0]?.dateIso ? new Date(entries[0].time).toISOString() : new Date(0).toISOString(),
    entries,
  };
}

/** Escapes text for HTML (feed titles, summaries and content are `type="html"`). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The feed's id: its absolute Atom URL when SITE_URL is set, else a tag URI (Atom ids must be absolute). */
function feedId(feed: FeedView, links: SiteLinks): string {
  return links.absolute ? links.to(feed.atomPath) : `tag:broadsheet,2023:${feed.atomPath}`;
}

/** An entry's id: its page here when links are absolute, else the original article's URL. */
function entryId(card: CardView, links: SiteLinks): string {
  return links.absolute && card.pageUrl ? links.to(card.pageUrl) : card.href;
}

/** The HTML body of an entry: excerpt, provider and date, the original and the page here. */
export function entryHtml(card: CardView, links: SiteLinks, siteTitle: string): string {
  const parts = [
    card.excerpt ? `<p>${escapeHtml(card.excerpt)}</p>` : "",
    `<p>${escapeHtml(card.provider.name)} · ${escapeHtml(card.dateLabel)}${card.topics.length ? ` · ${card.topics.map((t) => escapeHtml(t.label)).join(", ")}` : ""}</p>`,
    `<p><a href="${escapeHtml(card.href)}">Read at ${escapeHtml(card.provider.name)}</a>`,
    card.pageUrl ? ` · <a href="${escapeHtml(links.to(card.pageUrl))}">Coverage on ${escapeHtml(siteTitle)}</a></p>` : "</p>",
  ];
  return parts.join("");
}

/**
 * Renders a feed as Atom 1.0 (RFC 4287). Written here rather than with a feed library: a build
 * writes a thousand feeds (at 10,000 seeds the `feed` package took 0.3 s of each build for them),
 * and Atom is a few elements. Text and attributes are escaped as XML; titles, summaries and
 * content are HTML (`type="html"`), in CDATA sections. The tests read every feed back with a feed
 * parser and an XML parser.
 */
export function renderAtom(feed: FeedView, links: SiteLinks, siteTitle: string): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `    <id>${xmlText(feedId(feed, links))}</id>`,
    `    <title>${xmlText(feed.title)}</title>`,
    `    <updated>${feed.updated}</updated>`,
    "    <generator>Broadsheet</generator>",
    "    <author>",
    `        <name>${xmlText(siteTitle)}</name>`,
    "    </author>",
    // Atom links are absolute here: without SITE_URL the feed has no links of its own.
    ...(links.absolute ? [`    <link rel="alternate" href="${xmlAttribute(links.to(feed.pageUrl))}"/>`, `    <link rel="self" href="${xmlAttribute(links.to(feed.atomPath))}"/>`] : []),
    ...(feed.description ? [`    <subtitle>${xmlText(feed.description)}</subtitle>`] : []),
    "    <rights>Excerpts belong to their publishers.</rights>",
  ];
  for (const card of feed.entries) {
    const time = new Date(card.time).toISOString();
    lines.push(
      "    <entry>",
      `        <title type="html">${cdata(escapeHtml(card.title))}</title>`,
      `        <id>${xmlText(entryId(card, links))}</id>`,
      `        <link href="${xmlAttribute(card.href)}"/>`,
      `        <updated>${time}</updated>`,
      ...(card.excerpt ? [`        <summary type="html">${cdata(escapeHtml(card.excerpt))}</summary>`] : []),
      `        <content type="html">${cdata(entryHtml(card, links, siteTitle))}</content>`,
      "        <author>",
      `            <name>${xmlText(card.provider.name)}</name>`,
      `            <uri>https://${xmlText(card.provider.domain)}/</uri>`,
      "        </author>",
      ...card.topics.map((t) => `        <category term="${xmlAttribute(t.url.split("/").filter(Boolean).pop() ?? t.label)}" label="${xmlAttribute(t.label)}"${links.absolute ? ` scheme="${xmlAttribute(links.to(t.url))}"` : ""}/>`),
      `        <published>${time}</published>`,
      "    </entry>",
    );
  }
  lines.push("</feed>");
  return lines.join("\n");
}

/** Text as XML character data. */
function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text as a double-quoted XML attribute value. */
function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;");
}

/** Text in a CDATA section; a `]]>` inside is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
export interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  language: string;
  authors: { name: string; url?: string }[];
  items: JsonFeedItem[];
}

/** One JSON Feed item: `url` is its page here, `external_url` the original article. */
export interface JsonFeedItem {
  id: string;
  url?: string;
  external_url: string;
  title: string;
  summary?: string;
  content_html: string;
  image?: string;
  date_published: string;
  authors: { name: string; url: string }[];
  tags?: string[];
}

/**
 * Renders a feed as JSON Feed 1.1: a typed object serialized with JSON.stringify, compact like
 * the API's files.
 */
export function renderJsonFeed(feed: FeedView, links: SiteLinks, siteTitle: string): string {
  const doc: JsonFeed = {
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: links.to(feed.pageUrl),
    feed_url: links.to(feed.jsonPath),
    description: feed.description,
    language: "en",
    authors: [{ name: siteTitle, url: links.home }],
    items: feed.entries.map((card) => ({
      id: entryId(card, links),
      ...(card.pageUrl ? { url: links.to(card.pageUrl) } : {}),
      external_url: card.href,
      title: card.title,
      ...(card.excerpt ? { summary: card.excerpt } : {}),
      content_html: entryHtml(card, links, siteTitle),
      ...(card.image ? { image: card.image.url } : {}),
      date_published: new Date(card.time).toISOString(),
      authors: [{ name: card.provider.name, url: `https://${card.provider.domain}/` }],
      ...(card.topics.length ? { tags: card.topics.map((t) => t.label) } : {}),
    })),
  };
  return `${JSON.stringify(doc)}\n`;
}
