/**
 * Links and domains: which URLs are safe to put in an `href`, when two links name the same
 * article, and the provider domain of a link.
 *
 * Pure functions on strings; the WHATWG `URL` parser does the parsing.
 */

import { domainToASCII } from "node:url";

/**
 * Query parameters that only say where a reader came from, never which page they get.
 * `canonicalUrl` drops them (compared lower-cased); every `utm_*` parameter is dropped too.
 * Parameters that select a page variant, like `_amp=true` or `AMP`, are not in this list.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  "ref", "ref_src", "ref_url", // referrer tags (ref=blog.example.com, Twitter's ref_src)
  "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
  "mc_cid", "mc_eid", // Mailchimp
  "mkt_tok", // Marketo
  "_ga", "_gl", // Google Analytics cross-domain
  "_hsenc", "_hsmi", // HubSpot
  "ocid", "cmpid", "spm", "s_cid", "smid", "taid", "wt.mc_id", "soc_src", "soc_trk",
]);

// Control characters and whitespace other than the plain space: the URL parser silently drops
// tabs and newlines ("java\tscript:"), so a link containing them is refused rather than repaired.
const UNSAFE_CHARS = /[\u0000-\u001F\u007F-\u009F\u00A0\u1680\u2000-\u200F\u2028-\u202F\u205F\u3000\uFEFF]/;

/**
 * Returns the link as the WHATWG URL parser writes it (`href`) when it is an absolute
 * http: or https: URL with a host, else null. Never throws.
 *
 * Stricter than the parser on purpose: the text must itself begin with `http://` or
 * `https://` (after trimming), must not contain control characters or unusual whitespace,
 * and must not carry a user name or password (`https://bank.com@evil.example/`).
 */
export function safeHttpUrl(raw: unknown): string | null {
  return parseSafeHttpUrl(raw)?.href ?? null;
}

/** `safeHttpUrl`, with the URL as parsed (of the trimmed text). It must not be changed. */
export function parseSafeHttpUrl(raw: unknown): URL | null {
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text) || UNSAFE_CHARS.test(text)) return null;
  const url = parseUrl(text);
  if (url === null) return null;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "" || url.username !== "" || url.password !== "") return null;
  return url;
}

/**
 * The identity key of an article link: two links with the same key name the same article.
 * Null when the link is not a safe http(s) URL (see `safeHttpUrl`).
 *
 * The key drops the scheme (http ≡ https), a leading `www.`, default ports (80 and 443 both,
 * since the scheme is gone), the fragment, tracking parameters (`TRACKING_PARAMS`, `utm_*`)
 * and trailing slashes; it sorts the remaining query parameters by name (stable, keeping their
 * raw text) and upper-cases percent-escapes, decoding those of unreserved characters.
 * `https://www.politico.eu/article/x/?ref=blog.example.com` → `politico.eu/article/x`.
 */
export function canonicalUrl(raw: string): string | null {
  const safe = parseSafeHttpUrl(raw);
  return safe === null ? null : keyOf(safe, raw);
}

/**
 * `safeHttpUrl` and `canonicalUrl` of one link already parsed by `parseSafeHttpUrl`: its key is
 * made from that parse when the link is written as its href (most links are).
 */
export function linkOf(safe: URL, raw: string): { href: string; canonical: string } {
  return { href: safe.href, canonical: keyOf(safe, raw) };
}

/** The canonical key of a safe link, read from its parsed href: a link written as its href is not parsed again. */
function keyOf(safe: URL, raw: string): string {
  return canonicalKey(safe.href === raw.trim() ? safe : new URL(safe.href));
}

function canonicalKey(url: URL): string {
  const host = stripWww(url.hostname.replace(/\.$/, ""));
  const port = url.port === "" || url.port === "80" || url.port === "443" ? "" : `:${url.port}`;
  const path = normalizePercent(url.pathname).replace(/\/+$/, "");
  const query = canonicalQuery(url.search);
  return `${host}${port}${path}${query === "" ? "" : `?${query}`}`;
}

/**
 * The lower-case host of a URL without a leading `www.`, e.g. the provider domain of an
 * article link; "" when the text is not a URL.
 */
export function urlHost(url: string): string {
  const parsed = parseUrl(url.trim());
  if (parsed === null) return "";
  return stripWww(parsed.hostname.toLowerCase().replace(/\.$/, ""));
}

/**
 * A provider domain as written in a seed, cleaned: `" WWW.GovTech.com "`,
 * `"https://govtech.com/"` → `"govtech.com"`. Unicode names become punycode
 * (`bücher.de` → `xn--bcher-kva.de`). Null when what is left is not a plausible host name
 * of two or more labels (letters, digits, hyphens; no path, port, space or empty label).
 */
export function normalizeDomain(raw: string): string | null {
  let text = raw.trim().toLowerCase();
  text = text.replace(/^https?:\/\//, "").replace(/\/+$/, "").replace(/\.$/, "");
  text = stripWww(text);
  if (text === "" || /[\s/\\:@?#]/.test(text)) return null;
  const ascii = /^[\x21-\x7E]*$/.test(text) ? text : domainToASCII(text);
  return isPlausibleHost(ascii) ? ascii : null;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function stripWww(host: string): string {
  return host.startsWith("www.") ? host.slice(4) : host;
}

function isPlausibleHost(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.split(".");
  if (labels.length < 2) return false;
  return labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

/** Sorted, tracking-free query of a URL's `search`, pairs kept as written. */
function canonicalQuery(search: string): string {
  const pairs = search
    .replace(/^\?/, "")
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => ({ pair: normalizePercent(pair), key: paramName(pair) }))
    .filter(({ key }) => !isTrackingParam(key));
  // Array.prototype.sort is stable, so repeated names keep their order.
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return pairs.map(({ pair }) => pair).join("&");
}

function paramName(pair: string): string {
  const name = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(name.replace(/\+/g, " "));
  } catch {
    return name;
  }
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("utm_") || TRACKING_PARAMS.has(lower);
}

/** Upper-cases percent-escapes and decodes those of unreserved characters (RFC 3986 6.2.2). */
function normalizePercent(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
