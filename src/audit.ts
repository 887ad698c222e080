/**
 * `npm run audit [-- --site=DIR] [--min=SCORE]`: Lighthouse's four category scores (performance,
 * accessibility, best practices, SEO) for a home, a story, a topic and an article page, served
 * locally and audited in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
 *
 * Without `--site`, the fixture corpus is built first, with SITE_URL set to the local server. Pictures live on publishers' servers that a
 * build machine may not reach, so requests that leave 127.0.0.1 are blocked (Lighthouse does not
 * count blocked requests as console errors); the scores are those of our HTML and CSS.
 */
import { spawn } from "node:child_process";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.ts";
import { argument, buildSample, sampleFolder, samplePages } from "./sample.ts";
import { serveStatic } from "./serve.ts";

/** The categories audited, in the order printed. */
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

/** One audited page, its scores (0–100; null when Lighthouse could not score it) and what cost points. */
export interface AuditRow {
  page: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  failed: string[];
}

interface LighthouseReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; title: string }>;
}

/** Runs the Lighthouse CLI on one URL and returns its category scores and failed audits. */
export async function auditUrl(url: string): Promise<Pick<AuditRow, "scores" | "failed">> {
  const args = [url, "--output=json", "--output-path=stdout", "--quiet", `--only-categories=${CATEGORIES.join(",")}`, `--chrome-flags=${CHROMIUM_FLAGS.join(" ")}`, "--blocked-url-patterns=https://*"];
  const json = await new Promise<string>((resolve, reject) => {
    const child = spawn("node_modules/.bin/lighthouse", args, { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`Lighthouse exited with ${code} on ${url}.`))));
  });
  const report = JSON.parse(json) as LighthouseReport;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, report.categories[c]?.score == null ? null : Math.round(report.categories[c]!.score! * 100)])) as AuditRow["scores"];
  const failed = CATEGORIES.flatMap((c) =>
    (report.categories[c]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 1).map((ref) => `${c}: ${report.audits[ref.id]!.title}`),
  );
  return { scores, failed };
}

/** The rows as a Markdown table, ready for the README. */
export function formatTable(rows: readonly AuditRow[]): string {
  const head = `| page | ${CATEGORIES.join(" | ")} |\n| --- | ${CATEGORIES.map(() => "---:").join(" | ")} |`;
  return [head, ...rows.map((r) => `| ${r.page} (\`${r.path}\`) | ${CATEGORIES.map((c) => r.scores[c] ?? "–").join(" | ")} |`)].join("\n");
}

// The fixture is built with SITE_URL set to the local server, as a real deployment sets it, so
// canonical links are absolute.
async function main(): Promise<void> {
  const given = argument(process.argv, "site");
  const site = given ?? sampleFolder();
  const min = Number(argument(process.argv, "min") ?? 0);
  const server = await serveStatic(site);
  if (given === undefined) buildSample(undefined, site, { SITE_URL: server.url });
  const rows: AuditRow[] = [];
  try {
    for (const [page, path] of Object.entries(samplePages(site))) {
      if (path === null) continue;
      rows.push({ page, path, ...(await auditUrl(new URL(path.slice(1), server.url).href)) });
    }
  } finally {
    await server.close();
  }
  console.log(formatTable(rows));
  for (const row of rows) for (const line of row.failed) console.log(`  ${row.page}: ${line}`);
  const low = rows.filter((r) => CATEGORIES.some((c) => (r.scores[c] ?? 0) < min));
  if (low.length > 0) {
    console.error(`${low.length} page(s) score below ${min}: ${low.map((r) => r.page).join(", ")}.`);
    process.exitCode = 1;
  }
}

await main();
