/**
 * Stage timings and progress for long builds: each stage reports its duration and counts; on a
 * terminal a line is printed as each stage ends, and while pages render one line counts them in
 * place. In CI or with --quiet nothing but the summary.
 */

import { plural } from "./filters.ts";

/** One finished stage. */
export interface StageTiming {
  stage: string;
  ms: number;
  count?: number;
}

/** Where progress goes: whole lines, and a line rewritten in place until the next one. */
export interface Progress {
  line(text: string): void;
  update(text: string): void;
}

/** How often a count in place is rewritten at most. */
const UPDATE_EVERY_MS = 250;

/** Collects stage timings of one build and prints progress when asked to. */
export class StageClock {
  readonly stages: StageTiming[] = [];
  private readonly started: number;
  private last: number;
  /** Items of the running stage counted by `tick`, and when the count was last shown. */
  private ticks = 0;
  private shown = -Infinity;

  constructor(private readonly now: () => number, private readonly progress: Progress | null) {
    this.started = now();
    this.last = this.started;
  }

  /** Ends the current stage: records its time since the previous mark, prints progress. */
  mark(stage: string, count?: number): void {
    const at = this.now();
    this.stages.push({ stage, ms: Math.round(at - this.last), ...(count === undefined ? {} : { count }) });
    this.last = at;
    this.ticks = 0;
    this.shown = -Infinity;
    this.progress?.line(`[broadsheet] ${stage} done${count === undefined ? "" : ` (${count.toLocaleString("en-US")})`} · ${this.elapsed(at)}`);
  }

  /**
   * Counts one more item of the running stage (`what`: "page"); on a terminal, shows the count in
   * place, at most every quarter of a second.
   */
  tick(stage: string, what: string): void {
    this.ticks++;
    if (!this.progress) return;
    const at = this.now();
    if (at - this.shown < UPDATE_EVERY_MS) return;
    this.shown = at;
    this.progress.update(`[broadsheet] ${stage} ${plural(this.ticks, what)} · ${this.elapsed(at)}`);
  }

  /** Restarts the stage clock without recording (after a pause the next stage should not count). */
  reset(): void {
    this.last = this.now();
  }

  private elapsed(at: number): string {
    return `${((at - this.started) / 1000).toFixed(1)} s`;
  }
}

/** The middle value of timings (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `load 120 ms · parse 1,400 ms · …`: one line for logs. */
export function formatTimings(stages: readonly StageTiming[]): string {
  return stages.map((s) => `${s.stage} ${s.ms.toLocaleString("en-US")} ms`).join(" · ");
}

/** Whether a build prints its progress: on a terminal, unless quiet (`--quiet`, `QUIET`, `CI`). */
export function showsProgress(options: { quiet: boolean }, stream: { isTTY?: boolean } = process.stderr): boolean {
  return !options.quiet && stream.isTTY === true;
}

/** Progress on a terminal: a line rewritten in place is cleared to its end, and a whole line replaces it. */
export function terminalProgress(stream: { write(text: string): unknown }): Progress {
  return {
    line: (text) => void stream.write(`\r${text}\x1b[K\n`),
    update: (text) => void stream.write(`\r${text}\x1b[K`),
  };
}

/** A clock for one build: progress on a terminal unless quiet (or in CI). */
export function startClock(options: { quiet: boolean }): StageClock {
  return new StageClock(() => performance.now(), showsProgress(options) ? terminalProgress(process.stderr) : null);
}
