/**
 * Progress of long builds: each stage's line as it ends and, while pages render, one line that
 * counts them in place, on a terminal only; quiet with --quiet, QUIET or in CI. On a terminal a
 * build prints its own progress instead of Eleventy's line per written file.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTimings, median, showsProgress, StageClock, terminalProgress, type Progress } from "../src/timings.ts";

/** A clock at `time` ms, and what it printed. */
function recordingClock(): { clock: StageClock; at: (ms: number) => void; printed: string[] } {
  let time = 0;
  const printed: string[] = [];
  const progress: Progress = { line: (text) => printed.push(`line ${text}`), update: (text) => printed.push(`update ${text}`) };
  return { clock: new StageClock(() => time, progress), at: (ms) => (time = ms), printed };
}

describe("StageClock", () => {
  it("records each stage's time and count and prints a line as it ends", () => {
    const { clock, at, printed } = recordingClock();
    at(400);
    clock.mark("load", 10_000);
    at(1_650);
    clock.mark("parse");
    expect(clock.stages).toEqual([{ stage: "load", ms: 400, count: 10_000 }, { stage: "parse", ms: 1_250 }]);
    expect(printed).toEqual(["line [broadsheet] load done (10,000) · 0.4 s", "line [broadsheet] parse done · 1.6 s"]);
    expect(formatTimings(clock.stages)).toBe("load 400 ms · parse 1,250 ms");
  });

  it("counts the running stage's items in place, at most every quarter of a second, from 1 again after each stage", () => {
    const { clock, at, printed } = recordingClock();
    at(1_000);
    clock.tick("render", "page");
    at(1_100);
    clock.tick("render", "page");
    at(1_249);
    clock.tick("render", "page");
    at(1_250);
    clock.tick("render", "page");
    at(2_000);
    clock.mark("render", 4);
    clock.tick("write", "file");
    expect(printed).toEqual([
      "update [broadsheet] render 1 page · 1.0 s",
      "update [broadsheet] render 4 pages · 1.3 s",
      "line [broadsheet] render done (4) · 2.0 s",
      "update [broadsheet] write 1 file · 2.0 s",
    ]);
  });

  it("counts silently without a terminal", () => {
    const clock = new StageClock(() => 0, null);
    clock.tick("render", "page");
    clock.mark("render", 1);
    expect(clock.stages).toEqual([{ stage: "render", ms: 0, count: 1 }]);
  });
});

describe("progress on a terminal", () => {
  it("is shown on a terminal unless quiet", () => {
    expect(showsProgress({ quiet: false }, { isTTY: true })).toBe(true);
    expect(showsProgress({ quiet: true }, { isTTY: true })).toBe(false);
    expect(showsProgress({ quiet: false }, { isTTY: false })).toBe(false);
    expect(showsProgress({ quiet: false }, {})).toBe(false);
  });

  it("rewrites a count in place, cleared to the line's end, and ends it with a whole line", () => {
    let written = "";
    const progress = terminalProgress({ write: (text: string) => (written += text) });
    progress.update("[broadsheet] render 10 pages · 1.0 s");
    progress.update("[broadsheet] render 9 pages · 1.2 s");
    progress.line("[broadsheet] render done (12) · 1.5 s");
    expect(written).toBe("\r[broadsheet] render 10 pages · 1.0 s\x1b[K\r[broadsheet] render 9 pages · 1.2 s\x1b[K\r[broadsheet] render done (12) · 1.5 s\x1b[K\n");
  });
});

describe("npm run build's output", () => {
  const seeds = "tests/fixtures/site";
  /** `npm run build` of the fixture seeds, on a pseudo-terminal (util-linux `script`) or not: all it printed, uncoloured. */
  const build = (terminal: boolean, env: Record<string, string>, flags = ""): string => {
    const output = mkdtempSync(join(tmpdir(), "broadsheet-progress-"));
    const command = `npm run --silent build -- --output=${join(output, "site")}${flags}`;
    const environment: NodeJS.ProcessEnv = { ...process.env };
    delete environment.CI;
    delete environment.QUIET;
    Object.assign(environment, { CACHE: "off", SEEDS_DIR: seeds, BUILD_REPORT: join(output, "report.json"), ...env });
    const result = terminal
      ? spawnSync("script", ["--quiet", "--return", "--command", command, "/dev/null"], { env: environment, encoding: "utf8" })
      : spawnSync("sh", ["-c", command], { env: environment, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    // Without the colours Eleventy gives its lines on a terminal.
    return `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  };

  it("on a terminal: each stage as it ends and the pages counted as they render, without Eleventy's line per file", () => {
    const printed = build(true, {});
    for (const stage of ["load", "parse", "link", "index", "plan", "render", "write", "search index"]) expect(printed).toContain(`[broadsheet] ${stage} done`);
    expect(printed).toMatch(/\r\[broadsheet\] render 1 page · \d+\.\d s\x1b\[K/);
    expect(printed).not.toContain("[11ty] Writing");
    expect(printed).toContain("[broadsheet] 36 seeds:");
  });

  it("on a terminal in CI: the summary lines only", () => {
    const printed = build(true, { CI: "true" });
    expect(printed).toContain("[broadsheet] 36 seeds:");
    expect(printed).not.toContain(" done (");
    expect(printed).not.toContain("[broadsheet] render ");
    expect(printed).not.toContain("[11ty] Writing");
  });

  it("on a terminal with --quiet: the summary lines only, as in CI", () => {
    const printed = build(true, {}, " --quiet");
    expect(printed).toContain("[broadsheet] 36 seeds:");
    expect(printed).not.toContain(" done (");
    expect(printed).not.toContain("[broadsheet] render ");
    expect(printed).not.toContain("repair(s)");
    expect(printed).not.toContain("SITE_URL is not set");
    expect(printed).not.toContain("[11ty] Writing");
  });

  it("without a terminal: no progress lines, and Eleventy's own line per file", () => {
    const printed = build(false, {});
    expect(printed).not.toContain(" done (");
    expect(printed).not.toContain("[broadsheet] render ");
    expect(printed).toContain("[11ty] Writing");
  });
});

describe("median (the benchmarks' summaries)", () => {
  it("is the middle value, the mean of the two middle ones for an even count, whatever the order", () => {
    expect(median([21.23, 16.2, 18.79])).toBe(18.79);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});
