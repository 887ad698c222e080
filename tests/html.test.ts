/**
 * Every generated HTML page passes the Nu Html Checker (vnu-jar, run on the system's Java).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite, type BuiltSite } from "./helpers/site.ts";

const vnuJar = String(createRequire(import.meta.url)("vnu-jar"));

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/** Runs the checker on a folder; returns its messages. */
function checkFolder(dir: string): VnuMessage[] {
  const result = spawnSync("java", ["-Xss4m", "-jar", vnuJar, "--format", "json", "--skip-non-html", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return (JSON.parse(result.stderr || "{\"messages\":[]}") as { messages: VnuMessage[] }).messages;
}

const readable = (m: VnuMessage) => `${m.url?.replace(/^file:.*?broadsheet-site-[^/]+\//, "")}:${m.lastLine} ${m.message}${m.extract ? ` (${m.extract.trim()})` : ""}`;

describe.each([
  ["the fixture site", "tests/fixtures/site", {}],
  ["a preview build of the five real seeds", "seeds", { UNPUBLISHED: "1" }],
])("the Nu Html Checker on %s", (_, seeds, env) => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(seeds, env as Record<string, string>);
  });

  it("finds no errors in any page", () => {
    const messages = checkFolder(site.dir);
    const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal" || m.type === "non-document-error");
    expect(errors.map(readable)).toEqual([]);
    expect(site.files.filter((f) => f.endsWith(".html")).length).toBeGreaterThan(10);
  });
});
