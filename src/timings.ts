/**
 * Stage timings and progress for long builds: each stage reports its duration and counts;
 * on a terminal a progress line is printed, in CI or with --quiet nothing but the summary.
 */

/** One finished stage. */
export interface StageTiming {
  stage: string;
  ms: number;
  count?: number;
}

/** Collects stage timings of one build and prints progress when asked to. */
export class StageClock {
  readonly stages: StageTiming[] = [];
  private readonly started: number;
  private last: number;

  constructor(private readonly now: () => number, private readonly progress: ((line: string) => void) | null) {
    this.started = now();
    this.last = this.started;
  }

  /** Ends the current stage: records its time since the previous mark, prints progress. */
  mark(stage: string, count?: number): void {
    const at = this.now();
    this.stages.push({ stage, ms: Math.round(at - this.last), ...(count === undefined ? {} : { count }) });
    this.last = at;
    this.progress?.(`[broadsheet] ${stage} done${count === undefined ? "" : ` (${count.toLocaleString("en-US")})`} · ${((at - this.started) / 1000).toFixed(1)} s`);
  }

  /** Restarts the stage clock without recording (after a pause the next stage should not count). */
  reset(): void {
    this.last = this.now();
  }
}

/** `load 120 ms · parse 1,400 ms · …`: one line for logs. */
export function formatTimings(stages: readonly StageTiming[]): string {
  return stages.map((s) => `${s.stage} ${s.ms.toLocaleString("en-US")} ms`).join(" · ");
}

/** A clock for one build: progress lines on a terminal unless quiet (or in CI). */
export function startClock(options: { quiet: boolean }): StageClock {
  const progress = !options.quiet && process.stderr.isTTY ? (line: string) => process.stderr.write(`${line}\n`) : null;
  return new StageClock(() => performance.now(), progress);
}
