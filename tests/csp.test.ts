/**
 * Safe pages: every page carries a Content-Security-Policy that forbids inline script, and every
 * page still works under it in Chromium (no violation, no console error), search included, whose
 * Pagefind runs WebAssembly. Outgoing links and pictures keep the reader's address to
 * themselves (`referrerpolicy`, `rel="noreferrer"`), and nothing is loaded from another site but
 * the seeds' own pictures: no third-party script, stylesheet or font.
 */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSiteInto } from "./helpers/hostile.ts";
import { openSite, type OpenSite } from "./helpers/browser.ts";
import { isExternal, scanCss, scanHtml } from "./helpers/output-scan.ts";
import { listFiles } from "./helpers/site.ts";

/** The policy, as base.njk writes it. */
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https: http:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

let site: string;
let pages: string[];

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), "broadsheet-csp-"));
  const seeds = join(parent, "seeds");
  cpSync("seeds", seeds, { recursive: true });
  for (const name of ["script-in-every-field.txt", "data-and-vbscript-urls.txt", "template-syntax.txt", "rtl-and-cjk.txt", "self-link-and-cycle-a.txt", "self-link-and-cycle-b.txt"]) {
    cpSync(join("tests/fixtures/hostile", name), join(seeds, name));
  }
  site = join(parent, "site");
  await buildSiteInto(seeds, site, { SITE_URL: "https://news.example.org", BUILD_REPORT: join(parent, "report.json") }, "/news/");
  pages = listFiles(site).filter((path) => path.endsWith(".html"));
});

describe("the Content-Security-Policy", () => {
  it("is on every page, first in <head>, and forbids inline script", () => {
    expect(pages.length).toBeGreaterThan(10);
    for (const path of pages) {
      const html = readFileSync(join(site, path), "utf8");
      expect(html, path).toContain(`<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${POLICY}">`);
    }
    expect(POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  });

  it("pages hold no inline script, inline style, event handler, third-party script or unsafe link", () => {
    const findings = pages.flatMap((path) => scanHtml(readFileSync(join(site, path), "utf8")).map((f) => `${path}: ${f}`));
    expect(findings).toEqual([]);
  });

  it("stylesheets load nothing from another site (no web fonts, no imports)", () => {
    const css = listFiles(site).filter((path) => path.endsWith(".css") && !path.startsWith("pagefind/"));
    expect(css.length).toBeGreaterThan(0);
    expect(css.flatMap((path) => scanCss(readFileSync(join(site, path), "utf8")))).toEqual([]);
  });
});

describe("every page in Chromium under the policy", () => {
  let browser: OpenSite;
  const violations: string[] = [];
  const offSite: string[] = [];

  beforeAll(async () => {
    browser = await openSite(site, "/news/");
    await browser.page.exposeFunction("__reportViolation", (text: string) => violations.push(text));
    await browser.page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
    });
    browser.page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== browser.server.origin && !/^(data|blob):/.test(url.protocol) && request.resourceType() !== "image") offSite.push(`${request.resourceType()} ${request.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads every page with no CSP violation and no console error", async () => {
    const problems: string[] = [];
    for (const path of pages) {
      violations.length = 0;
      expect(await browser.visit(`/${path.replace(/index\.html$/, "")}`), path).toBe(200);
      problems.push(...violations.map((v) => `${path}: ${v}`), ...browser.problems.map((p) => `${path}: ${p}`));
    }
    expect(problems).toEqual([]);
    expect(offSite).toEqual([]);
  });

  it("is enforced: an inline script added to a page is blocked and reported", async () => {
    violations.length = 0;
    await browser.visit("/");
    const ran = await browser.page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    await browser.page.waitForTimeout(100);
    expect(ran).toBe(false);
    expect(violations.join("\n")).toContain("script-src-elem blocked inline");
  });

  it("runs search (Pagefind's WebAssembly) under the policy", async () => {
    violations.length = 0;
    await browser.visit("/search/?q=facial");
    await browser.page.waitForFunction(() => /found|No articles/.test(document.getElementById("search-status")?.textContent ?? ""), undefined, { timeout: 20_000 });
    expect(await browser.page.locator("#search-results li").count()).toBeGreaterThan(0);
    expect([...violations, ...browser.problems]).toEqual([]);
  });

  it("sends no referrer to outside sites from links or pictures", async () => {
    await browser.visit("/");
    const leaky = await browser.page.evaluate(() => {
      const outside = (url: string) => /^https?:/.test(url) && new URL(url).origin !== location.origin;
      const links = [...document.querySelectorAll("a[href]")].filter((a) => outside((a as HTMLAnchorElement).href) && !/noreferrer/.test(a.getAttribute("rel") ?? "") && (a as HTMLAnchorElement).referrerPolicy !== "no-referrer");
      const pictures = [...document.querySelectorAll("img[src]")].filter((img) => outside((img as HTMLImageElement).src) && (img as HTMLImageElement).referrerPolicy !== "no-referrer");
      return [...links, ...pictures].map((el) => el.outerHTML.slice(0, 120));
    });
    expect(leaky).toEqual([]);
    expect(isExternal("https://example.com/")).toBe(true);
  });
});
