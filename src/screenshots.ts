/**
 * `npm run screenshots [-- --site=DIR] [--out=DIR]`: phone and desktop screenshots of the home, a
 * story and a topic page, in light and dark, for a reviewer to look at. Without `--site`, the
 * fixture corpus is built first. Pictures are stand-ins (see chromium.ts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, standInPictures } from "./chromium.ts";
import { argument, buildSample, samplePages } from "./sample.ts";
import { serveStatic } from "./serve.ts";

/** The two widths a reviewer looks at. */
export const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 900 },
} as const;

async function main(): Promise<void> {
  const out = argument(process.argv, "out") ?? "/tmp/broadsheet-screenshots";
  const site = argument(process.argv, "site") ?? buildSample();
  mkdirSync(out, { recursive: true });
  const pages = samplePages(site);
  const server = await serveStatic(site);
  const chromium = await launchChromium();
  const written: string[] = [];
  try {
    await standInPictures(chromium.context, server.origin);
    const page = await chromium.context.newPage();
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        for (const [kind, path] of Object.entries(pages)) {
          if (path === null || kind === "article") continue;
          await page.goto(new URL(path.slice(1), server.url).href, { waitUntil: "load" });
          const file = join(out, `${kind}-${device}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(file);
        }
      }
    }
  } finally {
    await chromium.close();
    await server.close();
  }
  console.log(`${written.length} screenshots in ${out}:\n${written.map((f) => `  ${f}`).join("\n")}`);
}

await main();
