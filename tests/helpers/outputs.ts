/**
 * Test helper for feeds, API, metadata and search: cards built in memory, a real XML check, and a
 * JSON Feed 1.1 structure check (https://www.jsonfeed.org/version/1.1/).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { CardView } from "../../src/cards.ts";

/** A card with overrides; `i` makes id, URL and time distinct (newer for larger i). */
export function card(i: number, overrides: Partial<CardView> = {}): CardView {
  const time = Date.UTC(2024, 0, 1) + i * 3_600_000;
  return {
    id: `c${String(i).padStart(15, "0")}`,
    title: `Article number ${i}`,
    href: `https://publisher.example/a/${i}?x=1&y=2`,
    pageUrl: `/articles/c${String(i).padStart(15, "0")}/`,
    provider: { name: "Publisher", domain: "publisher.example", url: "/sources/publisher.example/" },
    dateIso: new Date(time).toISOString(),
    dateLabel: "1 January 2024",
    time,
    excerpt: `Excerpt ${i}.`,
    topics: [{ label: "AI", url: "/topics/ai/" }],
    image: null,
    placeholder: { label: "Publisher", tone: 0 },
    opinion: false,
    unpublished: false,
    story: null,
    ...overrides,
  };
}

/** Parses XML after checking it is well-formed (throws with the validator's message if not). */
export function parseXml(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml) as Record<string, unknown>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Problems of a JSON Feed 1.1 document against the spec's required fields and types; [] when valid. */
export function jsonFeedProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(doc.version === "https://jsonfeed.org/version/1.1", "version is not 1.1");
  need(typeof doc.title === "string" && doc.title !== "", "title missing");
  for (const key of ["home_page_url", "feed_url", "description", "language"]) need(doc[key] === undefined || typeof doc[key] === "string", `${key} not a string`);
  need(doc.author === undefined, "1.0 `author` present (1.1 uses `authors`)");
  need(Array.isArray(doc.items), "items not an array");
  const ids = new Set<string>();
  for (const [i, item] of ((doc.items as Record<string, unknown>[]) ?? []).entries()) {
    need(typeof item.id === "string" && item.id !== "", `items[${i}].id missing`);
    need(!ids.has(item.id as string), `items[${i}].id repeated`);
    ids.add(item.id as string);
    need(typeof item.content_html === "string" || typeof item.content_text === "string", `items[${i}] has no content_html or content_text`);
    for (const key of ["url", "external_url", "title", "summary", "image"]) need(item[key] === undefined || typeof item[key] === "string", `items[${i}].${key} not a string`);
    for (const key of ["date_published", "date_modified"]) need(item[key] === undefined || RFC3339.test(item[key] as string), `items[${i}].${key} not RFC 3339`);
    need(item.authors === undefined || (Array.isArray(item.authors) && item.authors.every((a) => typeof a.name === "string")), `items[${i}].authors malformed`);
    need(item.tags === undefined || (Array.isArray(item.tags) && item.tags.every((t) => typeof t === "string")), `items[${i}].tags malformed`);
  }
  return problems;
}
