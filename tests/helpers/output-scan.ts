/**
 * Test helper: reads every file of a built site the way a browser or a feed reader would, and
 * lists what must never be there: markup or script that came from a seed, event-handler
 * attributes, links and sources with a scheme other than http(s), third-party scripts, styles
 * and fonts, pages without the Content-Security-Policy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Parser } from "htmlparser2";
import { listFiles } from "./site.ts";

/** Files whose text is scanned; anything else (pictures, wasm) is not text a seed can reach. */
const TEXT = /\.(html|xml|json|txt|css|js|svg|webmanifest|xsl)$/i;
/** Attributes that hold a URL the browser follows or loads. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "srcset", "ping", "manifest"]);
/** Elements a page of ours never has; from a seed they would be live content. */
const FORBIDDEN_ELEMENTS = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"]);
/**
 * A tag in text (a JSON string, a feed's plain-text element, decoded once), which a reader that
 * trusts it as HTML would make live. Text that is still escaped (`&lt;iframe`) is shown as text.
 */
const TAG_IN_TEXT = /<\s*\/?\s*(script|img|svg|iframe|body|style|object|embed|a\s|b>|i>|link|meta|form|input|video|audio|math)/i;
const BAD_SCHEME = /^\s*(javascript|vbscript|livescript|data)\s*:/i;

/** The text of every text file of a site (pagefind's gzipped index decompressed), by path. */
export function readSiteTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const path of listFiles(dir)) {
    const bytes = readFileSync(join(dir, path));
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) texts.set(path, gunzipSync(bytes).toString("utf8"));
    else if (TEXT.test(path)) texts.set(path, bytes.toString("utf8"));
  }
  return texts;
}

/** Everything unsafe found in a built site, as `path: what` lines (empty when the site is clean). */
export function scanSite(dir: string): string[] {
  const findings: string[] = [];
  for (const [path, text] of readSiteTexts(dir)) {
    // Pagefind's own scripts and index are vendor code and binary data, not pages.
    if (path.startsWith("pagefind/")) continue;
    const found = path.endsWith(".html")
      ? scanHtml(text)
      : path.endsWith(".json")
        ? scanJson(text)
        : /\.(xml|svg|xsl)$/.test(path)
          ? scanXml(text)
          : path.endsWith(".css")
            ? scanCss(text)
            : path.endsWith(".js")
              ? []
              : scanText(text);
    findings.push(...found.map((f) => `${path}: ${f}`));
  }
  return findings;
}

/**
 * HTML parsed as a browser would: elements, attributes, scripts, URLs. A whole page must also
 * carry the CSP and keep its referrer from outside sites; a fragment (a feed's content) need not.
 */
export function scanHtml(html: string, kind: "page" | "fragment" = "page"): string[] {
  const findings: string[] = [];
  let inScript: { json: boolean; text: string } | null = null;
  let csp = false;
  const page = kind === "page";
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        findings.push(...checkElement(name, attributes));
        if (name === "meta" && /^content-security-policy$/i.test(attributes["http-equiv"] ?? "")) csp = /script-src 'self'(?![^;]*'unsafe-inline')/.test(attributes.content ?? "");
        if (name === "script") {
          if (!page || (attributes.type !== "application/ld+json" && attributes.src === undefined)) findings.push("inline <script>");
          inScript = { json: attributes.type === "application/ld+json" && attributes.src === undefined, text: "" };
        }
        if (!page) return;
        if (name === "img" && isExternal(attributes.src ?? "") && attributes.referrerpolicy !== "no-referrer") findings.push(`outside picture without referrerpolicy: ${attributes.src}`);
        if (name === "a" && isExternal(attributes.href ?? "") && !/\bnoreferrer\b/.test(attributes.rel ?? "") && attributes.referrerpolicy !== "no-referrer") {
          findings.push(`outgoing link without noreferrer: ${attributes.href}`);
        }
      },
      ontext(text) {
        if (inScript) inScript.text += text;
      },
      onclosetag(name) {
        if (name !== "script" || !inScript) return;
        // JSON-LD is data, never run; it must still be JSON, so a seed cannot break out of it.
        if (inScript.json) {
          try {
            findings.push(...scanValue(JSON.parse(inScript.text), "json-ld"));
          } catch {
            findings.push("JSON-LD that is not JSON");
          }
        }
        inScript = null;
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (page && !csp) findings.push("no Content-Security-Policy meta tag that forbids inline script");
  return findings;
}

/** What no element of ours ever has, in a page, a feed's HTML or an SVG. */
function checkElement(name: string, attributes: Record<string, string>): string[] {
  const findings: string[] = [];
  if (FORBIDDEN_ELEMENTS.has(name)) findings.push(`<${name}> element`);
  if (name === "style") findings.push("<style> element");
  if (name === "meta" && /^refresh$/i.test(attributes["http-equiv"] ?? "")) findings.push("meta refresh");
  if (name === "script" && attributes.src !== undefined && isExternal(attributes.src)) findings.push(`third-party script ${attributes.src}`);
  if (name === "link" && /stylesheet|preload|preconnect|dns-prefetch|modulepreload|import/i.test(attributes.rel ?? "") && isExternal(attributes.href ?? "")) {
    findings.push(`third-party ${attributes.rel} ${attributes.href}`);
  }
  for (const [attribute, value] of Object.entries(attributes)) {
    if (/^on/i.test(attribute)) findings.push(`event handler ${attribute}="${value}" on <${name}>`);
    if (attribute === "style") findings.push(`inline style on <${name}>`);
    if (URL_ATTRIBUTES.has(attribute)) findings.push(...checkUrl(name, attribute, value));
  }
  return findings;
}

/** Feeds, sitemaps, SVG: XML elements and attributes; `type="html"` text is scanned as HTML. */
export function scanXml(xml: string): string[] {
  const findings: string[] = [];
  const stack: { name: string; html: boolean; text: string }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        findings.push(...checkElement(name.toLowerCase(), attributes));
        stack.push({ name, html: attributes.type === "html" || attributes.type === "xhtml", text: "" });
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top) top.text += text;
      },
      oncdatastart() {},
      onclosetag() {
        const element = stack.pop();
        if (!element) return;
        if (element.html) findings.push(...scanHtml(element.text, "fragment"));
        else findings.push(...scanText(element.text));
        if (/^(loc|uri|icon|logo)$/i.test(element.name) && /^[a-z][a-z0-9+.-]*:/i.test(element.text.trim())) findings.push(...checkUrl(element.name, "text", element.text.trim()));
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(xml);
  parser.end();
  return findings;
}

/** JSON (API files, JSON Feed, search data): every string checked by what its key says it is. */
export function scanJson(text: string): string[] {
  try {
    return scanValue(JSON.parse(text), "");
  } catch {
    return ["not valid JSON"];
  }
}

function scanValue(value: unknown, key: string): string[] {
  if (typeof value === "string") {
    if (/html$/i.test(key)) return scanHtml(value, "fragment");
    if (/(^|_)(url|href|src|image|icon|favicon|logo|link)s?$|^@id$|Url$/i.test(key)) return checkUrl("json", key, value);
    return scanText(value);
  }
  if (Array.isArray(value)) return value.flatMap((item) => scanValue(item, key));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => scanValue(v, k));
  return [];
}

/** Plain text (a title in a feed, robots.txt, a JSON string): no tag may hide in it. */
export function scanText(text: string): string[] {
  const tag = TAG_IN_TEXT.exec(text);
  return tag ? [`markup in text: …${text.slice(Math.max(0, tag.index - 40), tag.index + 60)}…`] : [];
}

/** Stylesheets: nothing loaded from another site (fonts, imports, pictures). */
export function scanCss(css: string): string[] {
  const findings: string[] = [];
  for (const match of css.matchAll(/@import\s+[^;]+;|url\(\s*['"]?([^'")]+)/gi)) {
    const url = match[1] ?? match[0];
    if (match[0].startsWith("@import") || isExternal(url) || BAD_SCHEME.test(url)) findings.push(`stylesheet loads ${url}`);
  }
  return findings;
}

function checkUrl(element: string, attribute: string, value: string): string[] {
  const urls = attribute === "srcset" ? value.split(",").map((part) => part.trim().split(/\s+/)[0] ?? "") : [value];
  return urls.flatMap((url) => {
    const trimmed = url.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
    if (scheme === undefined || scheme === "http" || scheme === "https") return [];
    return [`${attribute}="${url}" on <${element}> has the scheme ${scheme}:`];
  });
}

/** True for a URL that leaves the site: absolute http(s) or protocol-relative. */
export function isExternal(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim());
}
