/**
 * Test helper: a built site served on 127.0.0.1 (under a path prefix if asked) and opened in
 * Debian's Chromium through playwright-core. `visit` loads a page and collects what a reader
 * would never want to see: console errors, uncaught exceptions, failed requests.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { launchChromium, standInPictures, type LaunchedBrowser } from "../../src/chromium.ts";
import { serveStatic, type StaticServer } from "../../src/serve.ts";

/** A served site and a browser looking at it. */
export interface OpenSite {
  server: StaticServer;
  chromium: LaunchedBrowser;
  page: Page;
  /** Problems seen since the last visit. */
  problems: string[];
  /** Loads a site-relative path (`/topics/`) under the prefix; returns the HTTP status. */
  visit: (path: string, options?: { notFound?: boolean }) => Promise<number>;
  close: () => Promise<void>;
}

/** Serves `dir` under `prefix` and opens one Chromium page on it, with stand-in pictures. */
export async function openSite(dir: string, prefix = "/"): Promise<OpenSite> {
  const server = await serveStatic(dir, prefix);
  const chromium = await launchChromium();
  await standInPictures(chromium.context, server.origin);
  const page = await chromium.context.newPage();
  const problems: string[] = [];
  // A 404 page is answered with status 404 on purpose; Chromium logs that as a console error.
  let expectedNotFound = false;
  page.on("console", (message) => {
    if (expectedNotFound && message.text().includes("status of 404")) return;
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Leaving a page cancels the pictures it was still loading; that is not a failure.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    const expected = expectedNotFound && response.request().isNavigationRequest() && response.status() === 404;
    if (response.status() >= 400 && !expected) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    server,
    chromium,
    page,
    problems,
    visit: async (path, options = {}) => {
      expectedNotFound = options.notFound ?? false;
      problems.length = 0;
      const response = await page.goto(new URL(path.replace(/^\//, ""), server.url).href, { waitUntil: "load" });
      return response?.status() ?? 0;
    },
    close: async () => {
      await chromium.close();
      await server.close();
    },
  };
}

/** Runs axe-core on the page and returns its violations as readable lines (empty when none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")} ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`));
}
