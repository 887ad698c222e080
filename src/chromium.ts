/**
 * Chromium: Debian's Chromium driven through playwright-core, for the screenshot script and the
 * browser tests. Pictures in seeds live on publishers' servers, which a build machine may not
 * reach: `standInPictures` answers every request that leaves 127.0.0.1 with a plain stand-in
 * picture, so pages render as readers see them and no request fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where Debian installs Chromium; CHROME_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";

/** Flags for a quiet, headless Chromium that never talks to Google's services. */
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A launched browser: one context on a fresh profile folder, removed on close. */
export interface LaunchedBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Launches Chromium on a fresh profile folder. Playwright refuses `--user-data-dir` among the
 * flags and takes the folder as the persistent context's first argument instead.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "broadsheet-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A calm grey-green picture with the seed's proportions unknown: a 16:9 gradient. */
export const STAND_IN_PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#9fb3ad"/><stop offset="1" stop-color="#50635e"/></linearGradient></defs><rect width="160" height="90" fill="url(#g)"/><circle cx="118" cy="28" r="12" fill="#e9e4d8" opacity=".8"/><path d="M0 90 L48 46 L78 72 L104 52 L160 90Z" fill="#2f3d3a" opacity=".75"/></svg>`;

/** Answers every request to another host than the local server with the stand-in picture. */
export async function standInPictures(context: BrowserContext, localOrigin: string): Promise<void> {
  await context.route(
    (url) => url.origin !== localOrigin,
    (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: STAND_IN_PICTURE }),
  );
}
